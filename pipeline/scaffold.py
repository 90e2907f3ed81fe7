"""`skillplan init`: a new client folder with a commented starter plan.yaml."""
from __future__ import annotations

from pathlib import Path

from .errors import UsageError

STARTER = Path(__file__).resolve().parent / "starter" / "plan.yaml"
MARK = "待填写"  # every value the consultant must replace; check reports each one still there


def init_client(directory: Path) -> Path:
    """Create directory/plan.yaml from the starter; never overwrite an existing plan."""
    target = Path(directory) / "plan.yaml"
    if target.exists():
        raise UsageError(f"{target} 已存在，不会覆盖")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as e:
        raise UsageError(f"无法创建 {target}：{e.strerror}") from e
    return target

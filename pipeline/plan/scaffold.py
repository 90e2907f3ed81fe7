"""`skillplan init`: a new client folder with a commented starter plan.yaml and its editor schema."""
from __future__ import annotations

import json
from pathlib import Path

from ..core import resources
from ..core.errors import UsageError, os_reason

MARK = "待填写"  # every value the consultant must replace; check reports each one still there
SCHEMA_FILE = "plan.schema.json"
# read by the YAML extension of VS Code (and other editors using yaml-language-server)
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"


def schema_text(name: str = "plan") -> str:
    """The JSON Schema an editor reads for completion, as text."""
    from .editor_schema import json_schema

    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


# `init --shape`: the starter for each client shape (docs/architecture.md, "Client shapes"), each checking clean once filled
SHAPES = {"example": "plan", "group": "group", "grading-only": "grading-only", "exam-only": "exam-only",
          "service": "service"}


def init_client(directory: Path | str, shape: str = "example") -> Path:
    """Create directory/plan.yaml from the shape's starter, with plan.schema.json beside it for the
    editor; never overwrite an existing plan."""
    if shape not in SHAPES:
        raise UsageError(f"没有“{shape}”这种形态；可选：{'、'.join(SHAPES)}。")
    if not str(directory).strip():  # init "$CLIENT" with the variable unset would take the current folder
        raise UsageError("客户文件夹名不能为空。")
    if Path(directory).exists() and not Path(directory).is_dir():
        raise UsageError(f"{directory} 是一个文件，不是文件夹：请给客户一个新的文件夹名。")
    target = Path(directory) / "plan.yaml"
    if target.exists():
        raise UsageError(f"{target} 已存在，不会覆盖。")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
        target.write_text(MODELINE + resources.starter(SHAPES[shape]).read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as e:
        raise UsageError(f"无法创建 {target}：{os_reason(e)}。") from e
    return target

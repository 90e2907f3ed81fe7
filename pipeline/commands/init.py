"""`skillplan init` and `skillplan schema`: a new client folder with a commented plan.yaml of the
chosen shape, and the JSON Schema editors complete plan.yaml (or a cycle file) from."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import UsageError, os_reason


def init(directory: str, shape: str = "example") -> Path:
    """DIRECTORY/plan.yaml of the shape (example, group, grading-only, exam-only, service), and the
    schema beside it; returns the plan's path."""
    from ..plan.scaffold import init_client

    return init_client(directory, shape)


def schema(kind: str = "plan", output: Path | None = None) -> str:
    """The JSON Schema of a plan or cycle file: as text, or written to output (its path said back)."""
    from ..plan.scaffold import schema_text

    text = schema_text(kind)
    if output is None:
        return text
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as e:
        raise UsageError(f"无法写入 {output}：{os_reason(e)}。") from e
    return f"已生成 {output}"

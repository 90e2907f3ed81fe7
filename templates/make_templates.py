"""Write the built-in templates (templates/*.docx) from the code in templates/src/.

Run `python templates/make_templates.py` after changing templates/src; tests/test_templates.py
fails while the committed .docx files differ from what this script writes.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

import ooxml  # noqa: E402
import plan  # noqa: E402

TEMPLATES = {
    "plan.docx": (plan.body, "企业职业技能等级认定工作方案"),
}


def main(out_dir: Path = HERE) -> list[Path]:
    written = []
    for name, (body, title) in TEMPLATES.items():
        path = out_dir / name
        ooxml.package(body(), title, str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)

"""Write the built-in templates (templates/*.docx) from the code in templates/src/.

Run `python templates/make_templates.py` after changing templates/src; tests/test_templates.py
fails while the committed .docx files differ from what this script writes.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

import annexes  # noqa: E402
import announcement  # noqa: E402
import certificate  # noqa: E402
import exam_day  # noqa: E402
import notice  # noqa: E402
import ooxml  # noqa: E402
import plan  # noqa: E402
import yaml  # noqa: E402


def _annex5() -> str:
    with open(HERE / "src" / "annex5.yaml", encoding="utf-8") as f:
        return annexes.annex5_body(yaml.safe_load(f)["blocks"])


TEMPLATES = {
    "plan.docx": (plan.body, "企业职业技能等级认定工作方案"),
    "annex1.docx": (annexes.annex1_body, "企业职业（岗位）技能等级定级评价表"),
    "annex2.docx": (annexes.articles_body, "题库开发和运行管理工作规范"),
    "annex3.docx": (annexes.articles_body, "考评人员管理及工作规范"),
    "annex4.docx": (annexes.articles_body, "内部质量督导人员管理及工作规范"),
    "annex5.docx": (_annex5, "广东省职业技能等级证书编码规则实施方案（企业2021版）"),
    "annex6.docx": (annexes.articles_body, "职业技能等级证书管理办法"),
    "annex7.docx": (annexes.sections_body, "职业技能等级认定实施流程"),
    "announcement.docx": (announcement.body, "职业技能等级认定公告"),
    "results_notice.docx": (notice.body, "职业技能等级认定结果公示"),
    "qualification.docx": (exam_day.qualification_body, "职业技能等级认定资格审核表"),
    "seating.docx": (exam_day.seating_body, "职业技能等级认定考场安排"),
    "ticket.docx": (exam_day.ticket_body, "职业技能等级认定准考证"),
    "signin.docx": (exam_day.signin_body, "职业技能等级认定签到表"),
    "badge.docx": (exam_day.badge_body, "职业技能等级认定考生证"),
    "incident.docx": (exam_day.incident_body, "考场异常情况记录表"),
    "certificate.docx": (certificate.body, "职业技能等级证书"),
    "certificate_overlay.docx": (certificate.overlay_body, "职业技能等级证书（套打）"),
    "staffing.docx": (exam_day.staffing_body, "职业技能等级认定考评人员安排"),
    "staff_badge.docx": (exam_day.staff_badge_body, "职业技能等级认定工作证"),
}
# the page each template needs when it is not the GB/T 9704 portrait page
SECTIONS = {"certificate.docx": ooxml.PLAIN_SECTION, "certificate_overlay.docx": ooxml.PLAIN_SECTION,
            "qualification.docx": ooxml.LANDSCAPE_SECTION}  # ten columns of facts and conditions


def main(out_dir: Path = HERE) -> list[Path]:
    written = []
    for name, (body, title) in TEMPLATES.items():
        path = out_dir / name
        ooxml.package(body(), title, str(path), SECTIONS.get(name, ooxml.SECTION))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)

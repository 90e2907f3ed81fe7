"""The shared vocabulary of filings and cycles: method and basis names, the raters of the 定级评价表,
how an occupation row is named, and which text a Word document can hold.

Both flows need these words; keeping them here (not in rules or derive) is what lets validate,
rules and derive import one another in one direction only."""
from __future__ import annotations

import re

from . import codes

GRADING = "定级评价"
PROMOTION = "晋级评价"
NATIONAL = "国家职业技能标准"
ENTERPRISE = "行业企业评价规范"
RATERS = ("班组长", "车间主管", "主管部门", "人力资源部门")
QUALIFIED, UNQUALIFIED, PENDING = "符合", "不符合", "待审核"  # 资格审核 verdicts (cycle/admission.py)

UNFILLED = "待填写"  # the mark `skillplan init` leaves on every value the consultant must replace
UNFILLED_MESSAGE = "尚未填写：请把“待填写”换成实际内容"

# Characters XML 1.0 cannot hold: refused with a message instead of silently dropped.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def trade_of(occupation: dict) -> str:
    """The name a site or cycle uses to refer to an occupation row: its 工种, else its 职业名称."""
    return occupation.get("trade") or occupation.get("name", "")


def display_name(occupation: dict) -> str:
    """电工, or 焊工（电焊工） when the row names a 工种."""
    trade = occupation.get("trade")
    return f"{occupation['name']}（{trade}）" if trade else occupation["name"]


def levels_text(levels: list[int]) -> str:
    """[5, 3] → 5级、3级: levels as a rule's message names them."""
    return "、".join(f"{lv}级" for lv in sorted(levels, reverse=True))


def level_range(levels: list[int]) -> str:
    """[5, 4, 3] → 五级至三级; gaps are listed: [5, 3] → 五级、三级."""
    ordered = sorted(levels, reverse=True)
    if len(ordered) > 1 and ordered[0] - ordered[-1] == len(ordered) - 1:
        return f"{codes.LEVEL_SHORT[ordered[0]]}至{codes.LEVEL_SHORT[ordered[-1]]}"
    return "、".join(codes.LEVEL_SHORT[lv] for lv in ordered)


def illegal_character(text: str) -> str | None:
    """Why text cannot go into a .docx (a control character, U+FFFE …), or None when it can."""
    m = XML_ILLEGAL.search(text)
    return f"含有 Word 文档无法容纳的字符 U+{ord(m.group()):04X}（控制字符等），请删除" if m else None

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


# Characters a document holds but nobody sees: copied from web pages and chats, they make two equal-looking
# addresses differ, or turn the rest of a paragraph around (U+202E)
INVISIBLE = {"\u00ad": "软连字符", "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200e": "从左到右标记",
             "\u200f": "从右到左标记", "\u202a": "方向控制符", "\u202b": "方向控制符", "\u202c": "方向控制符",
             "\u202d": "方向控制符", "\u202e": "从右到左覆盖（其后的文字会倒过来显示）", "\u2060": "零宽不换行",
             "\u2066": "方向控制符", "\u2067": "方向控制符", "\u2068": "方向控制符", "\u2069": "方向控制符",
             "\ufeff": "零宽不换行空格（BOM）"}
_INVISIBLE = re.compile(f"[{''.join(INVISIBLE)}]")


def invisible_character(text: str) -> str | None:
    """Why text holds a character nobody would see in the document, or None."""
    m = _INVISIBLE.search(text)
    return (f"第 {m.start() + 1} 个字符是看不见的 U+{ord(m.group()):04X}（{INVISIBLE[m.group()]}），"
            "多半是从网页或聊天中复制来的：请删除") if m else None


def illegal_character(text: str) -> str | None:
    """Why text cannot go into a .docx (a control character, U+FFFE …), or None when it can."""
    m = XML_ILLEGAL.search(text)
    return f"含有 Word 文档无法容纳的字符 U+{ord(m.group()):04X}（控制字符等），请删除" if m else None


def place_mm(at: str) -> tuple[float, float]:
    """A 套打 place, "横,纵" in millimetres from the page's top left corner (certificate.overlay)."""
    x, y = at.split(",")
    return float(x), float(y)

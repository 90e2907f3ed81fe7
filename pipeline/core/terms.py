"""The shared vocabulary of filings and cycles: method and basis names, the raters of the 定级评价表,
how an occupation row is named, and which text a Word document can hold.

Both flows need these words; keeping them here (not in rules or derive) is what lets validate,
rules and derive import one another in one direction only."""
from __future__ import annotations

import re
import unicodedata

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


# ---- where a name may break across lines -------------------------------------------------------

def text_units(text: str) -> float:
    """A text's width in half characters: a Chinese character (or full-width mark) takes 2, a digit or
    Latin letter 1, and half more where Chinese meets Latin (Word and LibreOffice space them apart:
    路21号 is wider than its characters)."""
    wide = [ord(c) > 0x2E80 for c in text]
    return sum(2 if w else 1 for w in wide) + sum(a != b for a, b in zip(wide, wide[1:])) / 2


# A company's or a unit's name breaks where a reader pauses: after its place (省, 市, 区, 县), after 集团
# or a 公司 (a branch's name goes on after its company's), before its legal form (有限公司 …) and
# before a bracket ((子公司)); a rater's title after a unit (部门, 资源) and before a post (负责人, 主管).
_AFTER = ("省", "市", "自治区", "区", "县", "镇", "集团", "公司", "资源", "部门", "班组", "项目", "车间")
_BEFORE = ("股份有限公司", "有限责任公司", "有限公司", "集团", "（", "(", "负责人", "主管", "经理", "领导", "部门", "签字")
# 市 and 区 that begin a word (广州市市政工程…, 区域配送), and 街 inside one (大良街道)
_NOT_AFTER = ("市政", "市场", "区域", "县域", "街道")


def _after(text: str, words: tuple[str, ...]) -> set[int]:
    """The places just after one of words (a place: 市, 区 …), unless that word's last character begins
    another word (市政, 区域, 街道)."""
    return {i for i in range(1, len(text)) if text[:i].endswith(words) and not text[i - 1:].startswith(_NOT_AFTER)}


def _brackets(text: str) -> set[int]:
    """The places just before a bracket inside a text: 焊工 / （电焊工）, …实施方案 / （企业2021版）."""
    return {i for i, c in enumerate(text) if c == "（" and i}


def _name_breaks(name: str) -> set[int]:
    """The places inside a name where a line may end (counted in characters)."""
    return _after(name, _AFTER) | {i for i in range(1, len(name)) if name[i:].startswith(_BEFORE)}


def wrapped(text: str, per_line: int, breaks: set[int] | None = None) -> str:
    """text broken into lines ("\\n") of at most per_line Chinese characters each: at the fewest places
    outside breaks (the word boundaries; every place when None), then in the fewest lines, then with the
    longest line as short as may be (…管理 / 有限公司 is not left alone on a line). Unchanged when it fits."""
    return "\n".join(_wrap(text, per_line, breaks)[0])


def _wrap(text: str, per_line: int, breaks: set[int] | None, preferred: set[int] | None = None) -> tuple[list[str], int]:
    """wrapped()'s lines, and how many of its breaks fall inside a word. Among equally good ways, the one
    with the most breaks in preferred (a list's separators), then the later cut (earlier lines fuller)."""
    room = 2 * per_line
    if text_units(text) <= room:
        return [text], 0
    allowed = set(range(1, len(text))) if breaks is None else breaks
    preferred = allowed if preferred is None else preferred
    best: list[tuple | None] = [(0, 0, 0, 0, ())] + [None] * len(text)  # cost of text[:i] in lines, and its cuts
    for end in range(1, len(text) + 1):
        for start in range(end):
            line = text_units(text[start:end])
            if best[start] is None or (line > room and end - start > 1):
                continue
            bad, lines, other, longest, cuts = best[start]
            # a break inside a word, or a character left alone on a line, is a bad one
            cost = (bad + (0 < start and start not in allowed) + (end - start == 1), lines + 1,
                    other + (0 < start and start not in preferred), max(longest, line), (*cuts, start) if start else cuts)
            if best[end] is None or cost[:4] <= best[end][:4]:
                best[end] = cost
    bad, *_, cuts = best[-1]
    edges = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:])], bad


def name_lines(name: str, per_line: int) -> str:
    """A company's, a unit's or a rater's name in lines of at most per_line characters, broken between
    its words (广东省建工物流控股集团 / 有限公司), never inside one unless a word is longer than a line."""
    return wrapped(name, per_line, _name_breaks(name))


# an address breaks after its place or its road (广州市越秀区 / 东风中路318号) or before its number
# (黄埔大道西 / 638号), never inside a name or a number, nor leaving 号 alone
_ADDRESS_AFTER = ("省", "市", "自治区", "区", "县", "镇", "乡", "街道", "大道", "路", "街", "巷", "村", "工业园", "园区")


def address_lines(address: str, per_line: int) -> str:
    """An address (地址：广州市天河区黄埔大道西638号) in lines of at most per_line characters, broken
    between its parts."""
    numbers = {i for i in range(1, len(address)) if address[i].isdigit() and not address[i - 1].isdigit()}
    return wrapped(address, per_line, _after(address, _ADDRESS_AFTER) | numbers)


def label_lines(label: str, most: int = 2) -> str:
    """A short label (a rater's title in a column's head) in at most `most` lines as narrow as its words
    allow: 人力资源 / 部门, 项目 / 负责人, 生产 / 技术部 (a title's words are mostly of two characters), 班组长."""
    known = _name_breaks(label)
    for per_line in range(1, len(label) + 1):
        for breaks in (known, known | set(range(2, len(label), 2))):  # a known word's end first
            lines, bad = _wrap(label, per_line, breaks)
            if not bad and len(lines) <= most:
                return "\n".join(lines)
    return label


_ROLE_ENDS = ("工", "员", "师")  # an occupation's name ends with the word for its person: 装接工, 操作员, 烹调师


def _word_breaks(word: str) -> set[int]:
    """Where an occupation's or a trade's name longer than its cell may break: before its bracket
    (焊工 / （电焊工）) or before the word for its person (电子设备 / 装接工, 工业机器人系统 / 操作员)."""
    found = _brackets(word)
    head = word.split("（")[0]
    if len(head) > 4 and head.endswith(_ROLE_ENDS):
        found.add(len(head) - 3)
    return found


def bracket_lines(text: str, per_line: int) -> str:
    """A title in lines, broken only before a bracket where it must break (…编码规则实施方案 / （企业2021版））."""
    return wrapped(text, per_line, _brackets(text))


def occupation_lines(name: str, per_line: int) -> str:
    """An occupation's or a trade's name in a narrow cell: whole when it fits, else broken as _word_breaks says."""
    return wrapped(name, per_line, _word_breaks(name))


def list_lines(words: list[str], per_line: int, sep: str = "、") -> str:
    """Words joined by sep (砌筑工、钢筋工、电工) in lines of at most per_line characters, each line
    ending after a separator; a word longer than a line breaks before its bracket, before the word for its
    person or after a range's 至 (钢筋工 / （五级至 / 三级）、, 电子设备 / 装接工), never elsewhere inside it."""
    text = sep.join(words)
    ends, inside, at = set(), set(), 0
    for word in words:
        inside |= {at + i for i in _word_breaks(word)} | {at + i + 1 for i, c in enumerate(word[:-1]) if c == "至"}
        at += len(word) + len(sep)
        ends.add(at)
    lines, bad = _wrap(text, per_line, ends)
    return "\n".join(lines if not bad else _wrap(text, per_line, ends | inside, preferred=ends)[0])


def full_sentence(text: str) -> str:
    """A paragraph a plan writes (a fee rule, an incentive) ended as a sentence: 。 added where it ends with
    no punctuation at all (认定费用由公司承担 printed without one, beside sentences that have it). The text
    itself stays exactly as written."""
    end = text.rstrip()[-1:]
    return text if not end or unicodedata.category(end).startswith("P") else text.rstrip() + "。"

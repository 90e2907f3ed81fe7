"""Codes and numbering used by Guangdong filings (docs/architecture.md, "Codes"): check characters, city codes, levels."""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from decimal import Decimal

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# 评价机构（站点）所在地代码，附件5 表5
CITY_CODES = {
    "省本级": "00", "广州市": "01", "韶关市": "02", "深圳市": "03", "珠海市": "04", "汕头市": "05",
    "佛山市": "06", "江门市": "07", "湛江市": "08", "茂名市": "09", "肇庆市": "12", "惠州市": "13",
    "梅州市": "14", "汕尾市": "15", "河源市": "16", "阳江市": "17", "清远市": "18", "东莞市": "19",
    "中山市": "20", "潮州市": "51", "揭阳市": "52", "云浮市": "53",
}
# 统一社会信用代码第3-6位是登记管理机关的行政区划码（GB/T 2260）: 44 广东 + 地市, the same two digits as above
CITY_OF_AREA = {f"44{code}": city for city, code in CITY_CODES.items() if code != "00"}


def registration_area(credit_code: str) -> tuple[str, str | None]:
    """Characters 3–6 of a credit code and the Guangdong city they name (None: the province or elsewhere)."""
    area = credit_code[2:6]
    return area, CITY_OF_AREA.get(area)


OWNERSHIP_CODES = {"国有企业": "1", "非国有企业": "2", "其他": "3"}

# 职业分类大典 (2022): an occupation's code is 大类-中类-小类-细类, X-XX-XX-XX, of 8 大类 (1–8)
OCCUPATION_CODE = re.compile(r"(\d)-\d{2}-\d{2}-\d{2}")
MAJOR_GROUPS = range(1, 9)
# The few occupations whose code and name this repository relies on (the example clients of config/,
# the starters of `skillplan init`, the generated shapes of the tests): not the 大典, which has some
# 1,600. A plan naming one of these codes with another name is warned of; any other code is only
# checked for its form and its 大类.
OCCUPATION_NAMES = {
    "6-31-01-03": "电工", "6-18-01-01": "车工", "6-18-02-04": "焊工", "6-25-04-07": "电子设备装接工",
    "6-31-03-01": "化学检验员", "4-02-06-01": "仓储管理员", "4-03-02-01": "中式烹调师", "4-03-02-02": "中式面点师",
    "4-10-01-05": "养老护理员", "4-10-01-03": "保育师", "4-10-01-06": "家政服务员", "4-12-01-01": "汽车维修工",
    "6-29-01-01": "砌筑工", "6-29-01-03": "混凝土工", "6-29-01-04": "钢筋工",
}


def occupation_code_problem(code: str) -> str | None:
    """Why a well-formed occupation code cannot be one of the 大典 (its 大类 outside 1–8), else None."""
    m = OCCUPATION_CODE.fullmatch(code)
    if m and int(m.group(1)) not in MAJOR_GROUPS:
        return f"职业分类大典只有8个大类，编码第1位应为1–8，实际为“{m.group(1)}”"
    return None

LEVEL_NAMES = {1: "一级/高级技师", 2: "二级/技师", 3: "三级/高级工", 4: "四级/中级工", 5: "五级/初级工"}
LEVEL_SHORT = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
GRADING_LEVELS = (5, 4, 3)  # 定级评价 only covers 五至三级 (filing rule 1)

_DIGITS = "零一二三四五六七八九"


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is invalid (GB 32100-2015), or None when it is valid."""
    if len(code) != 18:
        return f"应为18位，实际为{len(code)}位"
    bad = [c for c in code if c not in CREDIT_CHARS]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（只能是数字和除 I、O、Z、S、V 外的大写字母）"
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS))
    expected = CREDIT_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"校验位错误：第18位应为“{expected}”，实际为“{code[17]}”"
    return None


def with_credit_check(first17: str) -> str:
    """Complete 17 characters with their check character (used to make valid example codes)."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_CHARS[(31 - total % 31) % 31]


def masked_id(number: str) -> str:
    """What a public list may show of any ID document's number: 18 characters (居民身份证, 居住证, new
    永居证) keep the first 6 and last 4 (440104********123X); the old 15-character 永居证 the first 3
    and last 4; shorter numbers (通行证, 台胞证, 护照) the first and last 2 (H1*****78). At least
    half of every number is hidden, birth dates always."""
    keep = {18: (6, 4), 15: (3, 4)}.get(len(number), (2, 2) if len(number) >= 8 else (1, 1))
    return number[:keep[0]] + "*" * (len(number) - sum(keep)) + number[-keep[1]:]


def id_number_problem(number: str) -> str | None:
    """Why a 居民身份证号码 is invalid (GB 11643-1999), or None when it is valid."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "应为18位：17位数字加1位数字或大写 X"
    return _check_18(number)


def _check_18(number: str) -> str | None:
    """The birth date in digits 7-14 and the ISO 7064 MOD 11-2 check character of an 18-character number."""
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"第7-14位“{number[6:14]}”不是真实的出生日期"
    expected = ID_CHECK[sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS)) % 11]
    if number[17] != expected:
        return f"校验位错误：第18位应为“{expected}”，实际为“{number[17]}”"
    return None


def residence_permit_problem(number: str) -> str | None:
    """港澳台居民居住证: 18 characters like a 居民身份证, the region 810000 (香港), 820000 (澳门) or 830000 (台湾)."""
    if problem := id_number_problem(number):
        return problem
    if number[:6] not in ("810000", "820000", "830000"):
        return f"前6位应为810000（香港）、820000（澳门）或830000（台湾），实际为“{number[:6]}”"
    return None


def hk_macao_permit_problem(number: str) -> str | None:
    """港澳居民来往内地通行证 (回乡证): H (香港) or M (澳门) and 8 digits, or 10 digits on the older cards.
    The card prints no check character, so the format is all there is to check."""
    if re.fullmatch(r"[HM](\d{8}|\d{10})", number):
        return None
    return "应为 H 或 M 加8位或10位数字，如 H12345678"


def taiwan_permit_problem(number: str) -> str | None:
    """台湾居民来往大陆通行证 (台胞证): 8 digits since 2015, with no check character."""
    return None if re.fullmatch(r"\d{8}", number) else "应为8位数字"


def foreign_permit_problem(number: str) -> str | None:
    """外国人永久居留身份证: since 2023 18 characters starting with 9, checked like a 居民身份证
    (国家移民管理局); the 2017 card 3 letters (nationality) and 12 digits."""
    if re.fullmatch(r"[A-Z]{3}\d{12}", number):
        return None
    if re.fullmatch(r"9\d{16}[0-9X]", number):
        return _check_18(number)
    return "应为以9开头的18位（2023年版）或3位字母加12位数字（2017年版）"


def passport_problem(number: str) -> str | None:
    """护照: letters and digits, 5 to 17 of them (ICAO 9303 gives the number 9 characters and lets a
    country extend it); no check character is printed on the data page."""
    return None if re.fullmatch(r"[A-Z0-9]{5,17}", number) else "应为5至17位字母或数字"


RESIDENT_ID = "居民身份证"
# 证件类型 → (its validator, whether digits 7-14 are the birth date and digit 17 the gender)
ID_TYPES = {
    RESIDENT_ID: (id_number_problem, True),
    "港澳台居民居住证": (residence_permit_problem, True),
    "港澳居民来往内地通行证": (hk_macao_permit_problem, False),
    "台湾居民来往大陆通行证": (taiwan_permit_problem, False),
    "外国人永久居留身份证": (foreign_permit_problem, False),
    "护照": (passport_problem, False),
}
# what rosters write for them in short (HR's 身份证 is the 居民身份证): read as the full name
ID_TYPE_SHORT = {"身份证": RESIDENT_ID, "二代身份证": RESIDENT_ID, "港澳通行证": "港澳居民来往内地通行证",
                 "台胞证": "台湾居民来往大陆通行证", "永居证": "外国人永久居留身份证", "外国人永久居留证": "外国人永久居留身份证"}
# the short label a form prints beside the number
ID_LABELS = {RESIDENT_ID: "身份证号", "港澳台居民居住证": "居住证号", "港澳居民来往内地通行证": "港澳通行证号",
             "台湾居民来往大陆通行证": "台胞证号", "外国人永久居留身份证": "永居证号", "护照": "护照号码"}


def id_document_problem(kind: str, number: str) -> str | None:
    """Why a number is not a valid number of this kind of ID document, or None when it is."""
    return ID_TYPES[kind][0](number)


def birth_in_number(kind: str, number: str) -> dt.date | None:
    """The birth date an ID number carries (居民身份证, 居住证, the 2023 永居证), else None."""
    if ID_TYPES[kind][1] or (kind == "外国人永久居留身份证" and len(number) == 18):
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return None


# scores are added, weighted and printed exactly (docs/architecture.md, "The cycle"): Decimal's default 28
# digits rounded a total of 59.999…9 (27 nines) up to 60. Every digit is kept: sums, products and the
# division by 100 of decimal numbers are exact, and an inexact result would raise (decimal.Inexact).
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                        traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


@functools.lru_cache(maxsize=4096, typed=True)  # 10,000 forms print the same few weighted scores
def exact_score(value) -> str:
    """A score as results print it: two decimals (88.80), or every decimal it has (59.995) — a total
    is never rounded into a pass it did not reach."""
    text = f"{value:.2f}"
    if Decimal(text) == value:
        return text
    with decimal.localcontext(EXACT):
        return f"{value.normalize():f}"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五: the numbering of 第N条 and 一、."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _DIGITS[n // 100] + "百" + tail


def chinese_date(day: dt.date) -> str:
    """2026-11-20 → 2026年11月20日 (GB/T 9704-2012 dates use Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"

"""Codes and numbering used by Guangdong filings (DESIGN §8): check characters, city codes, levels."""
from __future__ import annotations

import datetime as dt

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
    """440104********123X: the first 6 and last 4 characters, what a public list may show."""
    return number[:6] + "*" * 8 + number[-4:]


def id_number_problem(number: str) -> str | None:
    """Why a 居民身份证号码 is invalid (GB 11643-1999), or None when it is valid."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "应为18位：17位数字加1位数字或大写 X"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"第7-14位“{number[6:14]}”不是真实的出生日期"
    expected = ID_CHECK[sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS)) % 11]
    if number[17] != expected:
        return f"校验位错误：第18位应为“{expected}”，实际为“{number[17]}”"
    return None


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

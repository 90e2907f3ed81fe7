"""Write the roster fixtures of tests/test_rosters.py into tests/data/rosters/: one roster holding every
ID document type (as UTF-8, GB18030 and .xlsx), its full-marks scores, a Big5 roster, formula-like
names and a bad number of each type. Deterministic: run it again and the files come out the same.

    python tests/data/make_rosters.py
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "rosters"
sys.path.insert(0, str(ROOT))

from skillplan.core.codes import ID_CHECK, ID_WEIGHTS  # noqa: E402

HEADER = ["姓名", "性别", "出生年月", "证件类型", "证件号码", "文化程度", "工作岗位", "部门", "申报职业", "工种",
          "申报等级", "本单位工作年限", "本职业工龄", "已有证书"]


def checked18(first17: str) -> str:
    return first17 + ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


# (姓名, 性别, 出生年月, 证件类型, 证件号码, 申报职业, 工种, 申报等级, 已有证书): one row per document type;
# the names keep a 少数民族 middle dot, a character outside the BMP (𠀀, GB18030 only) and Latin letters
PEOPLE = [
    ("陈志强", "男", "1988-09", "", checked18("44011219880921001"), "电工", "", "４级",
     "电工/五级/Y000044012027245000123/2024-12-20"),
    ("阿依古丽·买买提", "女", "1990-03", "居民身份证", checked18("65010219900315002"), "电工", "", "5级", ""),
    ("𠀀丽华", "女", "1992-07", "港澳台居民居住证", checked18("81000019920704004"), "车工", "", "5级", ""),
    ("Chan Tai Man", "男", "1985-01", "港澳居民来往内地通行证", "H12345678", "车工", "", "4级", ""),
    ("Ho Ka Wai", "男", "1987-11", "港澳居民来往内地通行证", "M1234567890", "电工", "", "3级", ""),
    ("林志明", "男", "1991-05", "台湾居民来往大陆通行证", "01234567", "焊工", "电焊工", "4级", ""),
    ("John SMITH", "男", "1980-02", "外国人永久居留身份证", checked18("94484019800214001"), "电工", "", "5级", ""),
    ("Maria DA SILVA", "女", "1983-06", "外国人永久居留身份证", "BRA440083061101", "仓储管理员", "", "5级", ""),
    ("Nguyen Van An", "男", "1993-08", "护照", "C1234567", "仓储管理员", "", "4级", ""),
]


def roster_rows() -> list[list[str]]:
    rows = [HEADER]
    for n, (name, gender, birth, kind, number, occupation, trade, level, held) in enumerate(PEOPLE):
        rows.append([name, gender, birth, kind, number, "高中", "操作工", f"生产{n % 3 + 1}部", occupation, trade,
                     level, "１０", "8", held])
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)  # as Excel writes it
    path.write_bytes(text.getvalue().encode(encoding))


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cell in book.active["E"]:
        cell.number_format = "@"  # the number column kept as text, as HR is told to
    book.save(path)
    _fix_dates(path)


def _fix_dates(path: Path) -> None:
    """openpyxl stamps the save time: fix it, so the fixture only changes when its content does."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            info.date_time = (2000, 1, 1, 0, 0, 0)
            z.writestr(info, data)


def full_marks(rows: list[list[str]]) -> list[list[str]]:
    """Every candidate of the roster with full marks from every rater who has a weight (or 100 per subject)."""
    from skillplan import api
    from skillplan.cycle.roster import read_roster
    from skillplan.plan.appraisal import EXAM, appraisal_sections, exam_parts, occupation_of, raters

    _, plan = api.checked(ROOT / "config" / "example" / "plan.yaml", strict=False)
    cycle = next(c for c in plan["cycles"] if c["id"] == "2026-1")
    candidates, problems = read_roster(OUT / "every_id.csv", plan, cycle)
    assert not problems, problems
    sections = {c.occupation: appraisal_sections(plan, occupation_of(plan, c)) for c in candidates
                if c.method == "定级评价"}
    items = list(dict.fromkeys(i["name"] for s in sum(sections.values(), []) for i in s.items))
    header = ["证件类型", "证件号码", "姓名", "评价主体", *items, "理论知识", "操作技能"]
    out = [header]
    for c in candidates:
        if c.method != "定级评价":
            marks = {p: "100" for p in exam_parts(c.level)}
            out.append([c.id_type, c.id_number, c.name, EXAM] + [marks.get(h, "") for h in header[4:]])
            continue
        for rater in raters(plan, occupation_of(plan, c)):
            marks = {i["name"]: str(i["points"]) for s in sections[c.occupation] if s.weights.get(rater) for i in s.items}
            out.append([c.id_type, c.id_number, c.name, rater] + [marks.get(h, "") for h in header[4:]])
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rows = roster_rows()
    write_csv(OUT / "every_id.csv", rows, "utf-8-sig")
    write_csv(OUT / "every_id_gb18030.csv", rows, "gb18030")
    write_xlsx(OUT / "every_id.xlsx", rows)
    write_csv(OUT / "every_id_scores.csv", full_marks(rows), "utf-8-sig")
    # Big5 from a Taiwanese office: traditional headings and cells
    big5 = [[h.replace("别", "別").replace("证件号码", "證件號碼").replace("岗", "崗").replace("报", "報")
             .replace("职业", "職業").replace("种", "種").replace("级", "級").replace("单", "單").replace("龄", "齡")
             .replace("证件类型", "證件類型").replace("门", "門").replace("证书", "證書") for h in HEADER],
            ["林志明", "男", "1991-05", "", checked18("83000019910512003"), "高中", "操作工", "生產部", "電工", "",
             "四級", "10", "8", ""]]
    big5[1][3] = "港澳台居民居住證"
    write_csv(OUT / "big5.csv", big5, "cp950")
    formulas = [HEADER] + [[name] + rows[1][1:] for name in
                           ['=HYPERLINK("http://example.com","点我")', "+1+1", "@SUM(A1:A2)", "=cmd|' /C calc'!A0",
                            "#N/A", "-陈志强", "陈\t志强", "陈\u200b志强"]]
    for n, row in enumerate(formulas[1:]):  # distinct people, so only the names are wrong
        row[4] = checked18(f"440112198809210{2 * n + 1:02d}")
    write_csv(OUT / "formula_names.csv", formulas, "utf-8-sig")
    bad = [HEADER] + [list(r) for r in rows[1:]]
    bad[1][4] = bad[1][4][:17] + ("1" if bad[1][4][17] != "1" else "2")      # 居民身份证: check character
    bad[3][4] = checked18("44011219920704004")                               # 居住证 from outside HK/MO/TW
    bad[4][4] = "H1234567"                                                   # 通行证: 7 digits
    bad[6][4] = "0123456A"                                                   # 台胞证: a letter
    bad[7][4] = bad[7][4][:17] + ("1" if bad[7][4][17] != "1" else "2")      # 永居证: check character
    bad[8][4] = "BR440083061101"                                             # old 永居证: 2 letters
    bad[9][4] = "C123"                                                       # 护照: too short
    bad[2][3] = "身份证"                                                      # not a type we know
    write_csv(OUT / "bad_ids.csv", bad, "utf-8-sig")


if __name__ == "__main__":
    main()

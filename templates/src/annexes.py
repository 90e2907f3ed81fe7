"""Bodies of the annexes. Each starts with its 附件N label, so a standalone annex and the same annex
inside the complete filing document look alike. Clause texts come from the context (clause library
plus the client's overrides), already numbered by the tool."""
import re

from ooxml import (
    TAIL_AND_NEXT,
    TEXT_WIDTH,
    cell,
    data_row,
    each,
    header_row,
    p,
    row,
    row_tag,
    run,
    tab_run,
    table,
    when,
)


def _head() -> str:
    # the label only inside the filing: a 定级评价表 printed for a candidate is not an annex
    return when("annex_no", p("附件{{ annex_no }}", "AnnexLabel")) + p("{{ title }}", "AnnexTitle")


def articles_body() -> str:
    """Annexes 2, 3, 4 and 6: chapters (第一章 …) of articles (第一条 …) with items （一）…."""
    return _head() + each(
        "chapter in chapters",
        when("chapter.heading", p("{{ chapter.heading }}", "Chapter")),
        each("article in chapter.articles",
             p(runs=run("{{ article.label }}", "ArticleLabel") + run("　{{ article.text }}")),
             each("item in article.subitems", p("{{ item }}"))))


def sections_body() -> str:
    """Annex 7: numbered steps 一、二、… each with paragraphs and items."""
    return _head() + each(
        "section in sections",
        p("{{ section.heading }}", "Heading1"),
        each("para in section.paragraphs", p("{{ para }}")),
        each("item in section.subitems", p("{{ item }}")))


# 表1 (twips, 8844): labels of four characters a line (w[0], w[4]), 工作单位 (w[1:4]) a name of 14 characters a
# line (plan/appraisal.py EMPLOYER_CHARACTERS), 本职业（工种）工龄 (w[3:5]) its 9, 申报等级 (w[5]) 五级/初级工 (about
# 1570); the photo's column last
INFO_W = [1150, 1350, 900, 1350, 1150, 1600, 1344]
assert sum(INFO_W) == TEXT_WIDTH
# 表2: 评价内容, 评价标准, 配分, the raters, 加权平均分: each form gives its widths (plan/appraisal.py: each
# rater's column as wide as the title's longest line, 评价标准 what the others leave)
SIGN_W = [2840, 6004]  # 人力资源部门负责人签字 on one line


def _label(text: str, width: int | str, span: int | str = 1, keep: bool | str = False) -> str:
    return cell(text, width, style="TableHead", span=span, keep=keep)


def _value(text: str, width: int | str, span: int | str = 1, keep: bool | str = False) -> str:
    return cell(text, width, span=span, keep=keep)


def _caption(text: str, number: str, break_if: str | None = None) -> str:
    return p(runs=run(text) + tab_run() + run(number), style="TableCaption", jc="left", right_tab=True,
             break_if=break_if)


def _raters(each_cell) -> str:
    """A cell for each rater of the form (a Jinja loop over form.raters: c is the rater's column)."""
    return "{% for c in form.raters %}" + each_cell("c") + "{% endfor %}"


def _info_table() -> str:
    """表1: who is rated, where they work, what they apply for (filled in by hand on a blank form)."""
    w = INFO_W
    photo = "照片"

    def label(text: str, width: int, span: int = 1, keep: bool = True) -> str:  # 表1 is never split
        return _label(text, width, span, keep)

    def value(text: str, width: int, span: int = 1, keep: bool = True) -> str:
        return _value(text, width, span, keep)

    more = cell("", w[6], vmerge="continue", keep=True)
    return table(
        w,
        row(label("姓名", w[0]), value("{{ form.candidate.name }}", w[1]), label("性别", w[2]),
            value("{{ form.candidate.gender }}", w[3]), label("出生年月", w[4]),
            value("{{ form.candidate.birth }}", w[5]), cell(photo, w[6], vmerge="restart", keep=True), height=560),
        row(label("{{ form.candidate.id_label }}", w[0]), value("{{ form.candidate.id_number }}", sum(w[1:4]), span=3),
            label("文化程度", w[4]), value("{{ form.candidate.education }}", w[5]), more, height=560),
        row(label("工作单位", w[0]), value("{{ form.candidate.employer }}", sum(w[1:4]), span=3),
            label("工作岗位", w[4]), value("{{ form.candidate.post }}", w[5]), more, height=560),
        row(label("申报职业\n（工种）", w[0]), value("{{ form.occupation }}", sum(w[1:4]), span=3),
            label("申报等级", w[4]), value("{{ form.applied }}", w[5]), more, height=560),
        row(_label("在本单位\n工作年限", w[0]), _value("{{ form.candidate.years_here }}", sum(w[1:3]), span=2),
            _label("本职业（工种）工龄", sum(w[3:5]), span=2), _value("{{ form.candidate.years_trade }}",
                                                                 sum(w[5:7]), span=2), height=560),
    )


def _score_table() -> str:
    """表2: the items and, in a column each, the raters who weigh in on this occupation (no one else)."""
    w = {k: f"{{{{ form.widths.{k} }}}}" for k in ("content", "standard", "points", "weighted", "occupation",
                                                   "levels", "levels_span", "total")}
    grid = [w["content"], w["standard"], w["points"],
            '{% for c in form.raters %}<w:gridCol w:w="{{ c.width }}"/>{% endfor %}', w["weighted"]]
    width = "{{ form.raters[loop.index0].width }}"  # inside a loop over a row's cells, its rater's column
    return table(
        grid,
        # both top rows repeat on every page (a repeated header must start at the table's first row)
        row(cell("职业（工种）：{{ form.occupation }}", w["occupation"], style="TableTextLeft", span=2, keep=True),
            cell("技能等级：{{ form.level }}", w["levels"], style="TableTextLeft", span=w["levels_span"], keep=True),
            header=True),
        # in 五号, as dense tables are: the raters' titles take less of the width 评价标准 needs
        row(*(cell(text, width, style="SmallHead", keep=True) for text, width in [
            ("评价内容", w["content"]), ("评价标准", w["standard"]), ("配分", w["points"])]),
            _raters(lambda c: cell(f"{{{{ {c}.label }}}}", f"{{{{ {c}.width }}}}", style="SmallHead", keep=True)),
            cell("加权\n平均分", w["weighted"], style="SmallHead", keep=True), header=True),
        row_tag("for r in form.rows", 5),
        # the last two items stay with 总得分: it never starts a page under the repeated header alone
        row(cell("{{ r.label }}", w["content"], style="TableHead", vmerge="r.merge_first", keep=TAIL_AND_NEXT),
            cell("{{ r.standard }}", w["standard"], style="{{ r.style }}", keep=TAIL_AND_NEXT),
            _value("{{ r.points }}", w["points"], keep=TAIL_AND_NEXT),
            # the rows' loop kept as `item`: inside the loop over the cells, `loop` is the cells'
            "{% set item = loop %}{% for score in r.cells %}"
            + _value("{{ score }}", width, keep=TAIL_AND_NEXT.replace("loop.", "item.")) + "{% endfor %}",
            _value("{{ r.weighted }}", w["weighted"], keep=TAIL_AND_NEXT)),
        row_tag("endfor", 5),
        row(_label("总得分", w["total"], span=2), _value("100", w["points"]),
            _raters(lambda c: _value("", f"{{{{ {c}.width }}}}")), _value("{{ form.total }}", w["weighted"])),
        total=TEXT_WIDTH)


def _sign_table() -> str:
    """表3, signed as one sheet: every row but the last keeps with the next (every cell of it), so the
    table never leaves a lone row on the next page. A row for each rater of 表2, by the same title."""
    keep = "TableHeadKeep"
    return table(
        SIGN_W,
        row_tag("for signer in form.signers", 2),
        row(cell("{{ signer }}", SIGN_W[0], style=keep), _value("", SIGN_W[1], keep=True), height=700),
        row_tag("endfor", 2),
        row(cell("考评员签字", SIGN_W[0], style=keep), _value("", SIGN_W[1], keep=True), height=700),
        row(cell("内督员签字", SIGN_W[0], style=keep),
            cell("注：内督员须对定级评价过程、评价结果公示接受全员监督情况、岗位等级聘用与等级对应的薪酬待遇的真实性"
                 "开展内部督导并签署意见。", SIGN_W[1], style="TableNote", valign="top", keep=True), height=1200),
        row(cell("定级结果", SIGN_W[0], style=keep), _value("{{ form.result }}", SIGN_W[1], keep=True), height=700),
        row(_label("企业审核意见", SIGN_W[0]),
            cell(p("") + p("单位（盖章）：　　　　　年　　月　　日", "TableText", jc="right"), SIGN_W[1], raw=True,
                 valign="bottom"), height=1500),
    )


def annex1_body() -> str:
    """附件1 定级评价表: for each 定级 occupation and level, the seed's three tables."""
    return _head() + each(
        "form in forms",
        _caption("一、定级评价人员基本信息表", "表1", break_if="not loop.first"), _info_table(), p(""),
        _caption("二、定级评价内容表", "表2"), _score_table(),
        p("评分方法：各评价主体在配分范围内独立评分；每项的加权平均分为各评价主体评分与其权重乘积之和，总得分为各项加权"
          "平均分之和，满分100分，达到{{ pass_mark }}分及以上为通过。", "TableNote"),
        p(""),
        _caption("三、定级评价结果及签字确认表", "表3"), _sign_table())


def _ranges(text: str) -> str:
    """第17-22位, 0001-9999: the hyphen of a range of digits never ends a line (U+2011, core/render.py)."""
    return re.sub(r"(?<=\d)-(?=\d)", "\u2011", text)


def annex5_body(blocks: list[dict]) -> str:
    """附件5: the province's coding rules (static text from annex5.yaml) and this enterprise's example."""
    out = [_head()]
    for b in blocks:
        if "heading1" in b:
            out.append(p(_ranges(b["heading1"]), "Heading1"))
        elif "heading2" in b:
            out.append(p(_ranges(b["heading2"]), "Heading2"))
        elif "heading3" in b:
            out.append(p(_ranges(b["heading3"]), "Heading3"))
        elif "para" in b:
            out.append(p(_ranges(b["para"])))
        elif "table" in b:
            t = b["table"]
            widths = t.get("widths") or _even(len(t["header"]))
            out.append(p(t["caption"], "TableCaption"))
            out.append(table(widths, header_row(widths, t["header"]),
                             *(data_row(widths, [_ranges(str(c)) for c in r]) for r in t["rows"])))
            out.append(p(""))
        elif "table1" in b:
            out.extend(_structure_table())
        elif "example" in b:
            out.extend(_example())
    return "".join(out)


def _even(n: int) -> list[int]:
    from ooxml import TEXT_WIDTH

    base = TEXT_WIDTH // n
    return [base] * (n - 1) + [TEXT_WIDTH - base * (n - 1)]


def _structure_table() -> list[str]:
    """表1 证书编码构成: the seed's 22 one-digit columns do not fit a portrait page at a legible size,
    so each of the seven parts gets one column headed by its positions; the rows are the seed's."""
    first = 1100
    parts = [("第1位", "评价机构类别代码"), ("第2-5位", "评价机构代码"), ("第6-7位", "评价机构（站点）所在地省级代码"),
             ("第8-13位", "评价机构（站点）序列码"), ("第14-15位", "证书核发年份代码"), ("第16位", "职业技能等级代码"),
             ("第17-22位", "证书序列码")]
    widths = [first] + [1106] * 6 + [8844 - first - 1106 * 6]
    # three rows read as one: never parted by a page
    positions = row(_label("位置", first, keep=True), *(_label(_ranges(pos), w, keep=True) for (pos, _), w in zip(parts, widths[1:])),
                    header=True)
    meaning = row(_label("说明", first, keep=True), *(_value(name, w, keep=True) for (_, name), w in zip(parts, widths[1:])))
    source = row(_label("来源", first), _value("人力资源社会保障部门确定", sum(widths[1:5]), span=4),
                 _value("评价机构确定", sum(widths[5:]), span=3))
    return [p("表1　证书编码构成", "TableCaption"), table(widths, positions, meaning, source), p("")]


def _example() -> list[str]:
    return [
        p("三、本企业证书编码示例", "Heading1"),
        p("本企业为用人单位，{{ coding.filed_with }}，{{ coding.location }}，{{ coding.ownership }}，"
          "{{ coding.serial_from }}赋予的评价机构（站点）流水序列码为{{ coding.site_serial }}。本企业证书编码的前13位固定为"
          "{{ coding.prefix }}，第14\u201122位由本企业按核发年份、职业技能等级和证书序列依次赋码。"),
        p("示例：{{ coding.example_spaced }}", keep=True),
        # a line for each part of the number, never split by a page; the last three go together, so the
        # annex never ends with a page of one line
        each("line in coding.explanation", p("{{ line }}", keep="loop.revindex in (2, 3)", whole=True)),
    ]

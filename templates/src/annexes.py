"""Bodies of the annexes. Each starts with its 附件N label, so a standalone annex and the same annex
inside the complete filing document look alike. Clause texts come from the context (clause library
plus the client's overrides), already numbered by the tool."""
from ooxml import TAIL_AND_NEXT, cell, data_row, each, header_row, p, row, row_tag, run, tab_run, table, when


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


INFO_W = [1300, 1300, 1100, 1000, 1200, 1600, 1344]  # sums to 8844; 五级/初级工 (about 1570) on one line
SCORE_W = [1290, 3080, 800, 700, 700, 700, 834, 740]  # "（10分）" and "100%" each on one line
SIGN_W = [2200, 6644]


def _label(text: str, width: int, span: int = 1, keep: bool | str = False) -> str:
    return cell(text, width, style="TableHead", span=span, keep=keep)


def _value(text: str, width: int, span: int = 1, keep: bool | str = False) -> str:
    return cell(text, width, span=span, keep=keep)


def _caption(text: str, number: str, break_if: str | None = None) -> str:
    return p(runs=run(text) + tab_run() + run(number), style="TableCaption", jc="left", right_tab=True,
             break_if=break_if)


def annex1_body() -> str:
    """附件1 定级评价表: for each 定级 occupation and level, the seed's three tables."""
    w = INFO_W
    photo = "照片"

    def label(text: str, width: int, span: int = 1, keep: bool = True) -> str:  # 表1 is never split
        return _label(text, width, span, keep)

    def value(text: str, width: int, span: int = 1, keep: bool = True) -> str:
        return _value(text, width, span, keep)

    more = cell("", w[6], vmerge="continue", keep=True)
    info = table(
        w,
        row(label("姓名", w[0]), value("{{ form.candidate.name }}", w[1]), label("性别", w[2]),
            value("{{ form.candidate.gender }}", w[3]), label("出生年月", w[4]),
            value("{{ form.candidate.birth }}", w[5]), cell(photo, w[6], vmerge="restart", keep=True), height=560),
        row(label("{{ form.candidate.id_label }}", w[0]), value("{{ form.candidate.id_number }}", sum(w[1:4]), span=3),
            label("文化程度", w[4]), value("{{ form.candidate.education }}", w[5]), more, height=560),
        row(label("工作单位", w[0]), value("{{ form.candidate.employer }}", sum(w[1:4]), span=3),
            label("工作岗位", w[4]), value("{{ form.candidate.post }}", w[5]), more, height=560),
        row(label("申报职业（工种）", w[0]), value("{{ form.occupation }}", sum(w[1:4]), span=3),
            label("申报等级", w[4]), value("{{ form.level }}", w[5]), more, height=560),
        row(_label("在本单位工作年限", w[0]), _value("{{ form.candidate.years_here }}", sum(w[1:3]), span=2),
            _label("本职业（工种）工龄", sum(w[3:5]), span=2), _value("{{ form.candidate.years_trade }}",
                                                                    sum(w[5:7]), span=2), height=560),
    )
    s = SCORE_W
    scores = table(
        s,
        # both top rows repeat on every page (a repeated header must start at the table's first row)
        row(cell("职业（工种）：{{ form.occupation }}", sum(s[:3]), style="TableTextLeft", span=3, keep=True),
            cell("技能等级：{{ form.level }}", sum(s[3:]), style="TableTextLeft", span=5, keep=True), header=True),
        header_row(s, ["评价内容", "评价标准", "配分"] + [f"{{{{ raters[{i}] }}}}" for i in range(4)] + ["加权平均分"]),
        row_tag("for r in form.rows", 8),
        # the last two items stay with 总得分: it never starts a page under the repeated header alone
        row(cell("{{ r.label }}", s[0], style="TableHead", vmerge="r.merge_first", keep=TAIL_AND_NEXT),
            cell("{{ r.standard }}", s[1], style="{{ r.style }}", keep=TAIL_AND_NEXT),
            _value("{{ r.points }}", s[2], keep=TAIL_AND_NEXT),
            *(_value(f"{{{{ r.cells[{i}] }}}}", s[3 + i], keep=TAIL_AND_NEXT) for i in range(4)),
            _value("{{ r.weighted }}", s[7], keep=TAIL_AND_NEXT)),
        row_tag("endfor", 8),
        row(_label("总得分", s[0] + s[1], span=2), _value("100", s[2]),
            *(_value("", x) for x in s[3:7]), _value("{{ form.total }}", s[7])),
    )
    # 表3 is signed as one sheet: every row but the last keeps with the next (every cell of it), so the
    # table never leaves a lone row on the next page
    keep = "TableHeadKeep"
    sign = table(
        SIGN_W,
        *(row(cell(t, SIGN_W[0], style=keep), _value("", SIGN_W[1], keep=True), height=700) for t in
          ["班组评审人员签字", "{{ raters[1] }}签字", "主管部门负责人签字", "人力资源部门负责人签字", "考评员签字"]),
        row(cell("内督员签字", SIGN_W[0], style=keep),
            cell("注：内督员须对定级评价过程、评价结果公示接受全员监督情况、岗位等级聘用与等级对应的薪酬待遇的真实性"
                 "开展内部督导并签署意见。", SIGN_W[1], style="TableNote", valign="top", keep=True), height=1200),
        row(cell("定级结果", SIGN_W[0], style=keep), _value("{{ form.result }}", SIGN_W[1], keep=True), height=700),
        row(_label("企业审核意见", SIGN_W[0]),
            cell(p("") + p("单位（盖章）：　　　　　年　　月　　日", "TableText", jc="right"), SIGN_W[1], raw=True,
                 valign="bottom"), height=1500),
    )
    return _head() + each(
        "form in forms",
        _caption("一、定级评价人员基本信息表", "表1", break_if="not loop.first"), info, p(""),
        _caption("二、定级评价内容表", "表2"), scores,
        p("评分方法：各评价主体在配分范围内独立评分；每项的加权平均分为各评价主体评分与其权重乘积之和，总得分为各项加权"
          "平均分之和，满分100分，达到{{ pass_mark }}分及以上为通过。", "TableNote"),
        p(""),
        _caption("三、定级评价结果及签字确认表", "表3"), sign)


def annex5_body(blocks: list[dict]) -> str:
    """附件5: the province's coding rules (static text from annex5.yaml) and this enterprise's example."""
    out = [_head()]
    for b in blocks:
        if "heading1" in b:
            out.append(p(b["heading1"], "Heading1"))
        elif "heading2" in b:
            out.append(p(b["heading2"], "Heading2"))
        elif "heading3" in b:
            out.append(p(b["heading3"], "Heading3"))
        elif "para" in b:
            out.append(p(b["para"]))
        elif "table" in b:
            t = b["table"]
            widths = t.get("widths") or _even(len(t["header"]))
            out.append(p(t["caption"], "TableCaption"))
            out.append(table(widths, header_row(widths, t["header"]),
                             *(data_row(widths, [str(c) for c in r]) for r in t["rows"])))
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
    positions = row(_label("位置", first, keep=True), *(_label(pos, w, keep=True) for (pos, _), w in zip(parts, widths[1:])),
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
          "{{ coding.prefix }}，第14-22位由本企业按核发年份、职业技能等级和证书序列依次赋码。"),
        p("示例：{{ coding.example_spaced }}"),
        p("{{ coding.explanation }}"),
    ]

"""Bodies of the exam-day pack (`skillplan prepare`): 资格审核表, 考场安排, 准考证, 签到表, 证卡 and
考场异常情况记录表. Every value comes from the context; the tool numbers, seats and masks."""
from ooxml import (
    LANDSCAPE_WIDTH,
    TAIL_AND_NEXT,
    cell,
    closing_row,
    each,
    header_row,
    list_table,
    p,
    row,
    row_tag,
    table,
    when,
)

# 资格审核表 in 五号: a name of 7 characters (阿依古丽·买买提) on one line, the ID ending in X, 焊工（电焊工）
# and then its level, each certificate held and then its date (（2015-06-30）) on lines of their own,
# headers of four characters a line; the verdict takes the rest
REVIEW_W = [600, 1850, 2150, 1700, 850, 850, 1050, 1750, 1956]
KINDS_W = [2600, 10156]  # the conditions of each occupation and level applied for, once
assert sum(REVIEW_W) == sum(KINDS_W) == LANDSCAPE_WIDTH
SEAT_W = [900, 1500, 1850, 2744, 1850]  # a name of 7 characters and 一级/高级技师 on one line
TICKET_W = [1700, 1900, 1200, 2544, 1500]
SCHEDULE_W = [2750, 2250, 1550, 1294, 1000]  # 操作技能（现场操作） and 2026年12月16日 on one line
SIGNIN_W = [800, 1250, 1800, 2150, 1650, 1194]  # in 五号: Rahma bin Ismail, the masked ID, 一级/高级技师, room to sign
BADGE_W = [4422, 4422]
INCIDENT_W = [700, 1100, 1600, 1300, 4144]


def _signatures(*who: str) -> str:
    return p("　　".join(f"{w}签字：　　　　　　" for w in who), "TableTextLeft")


def _caption() -> str:
    """The line above a register's title: the company and the batch (2026年第二批), as on every paper of the day."""
    return "{{ company }}{{ year }}年第{{ batch }}批职业技能等级认定"


def qualification_body() -> str:
    """资格审核表: the conditions of each occupation and level applied for, once; then one row per
    applicant, the facts the conditions ask about beside the verdict; the signatures never alone."""
    return "".join([
        p(_caption(), "TableCaption"),
        p("资格审核表", "Title"),
        p("共{{ total }}人申报，其中符合申报条件{{ qualified }}人，不符合{{ unqualified }}人，待审核{{ pending }}人。"
          "符合条件的人员发放准考证；不符合和待审核的人员不安排考场，待审核人员经人工审核确认符合申报条件后方可参加认定。",
          "TableNote"),
        list_table(KINDS_W, ["申报职业（等级）", "申报条件"], "k in kinds", ["{{ k.application }}", "{{ k.conditions }}"],
                   ["SmallText", "SmallTextLeft"], head="SmallHead"),
        p("", keep=True),
        list_table(REVIEW_W, ["序号", "姓名", "证件号码", "申报职业\n（等级）", "本职业\n工龄", "本单位\n年限", "文化程度",
                              "已有证书", "审核结论"], "r in rows",
                   ["{{ r.no }}", "{{ r.name }}", "{{ r.id }}", "{{ r.application }}", "{{ r.years_trade }}",
                    "{{ r.years_here }}", "{{ r.education }}", "{{ r.held }}", "{{ r.verdict }}"],
                   ["SmallText"] * 8 + ["SmallTextLeft"], keep=TAIL_AND_NEXT, head="SmallHead",
                   closing=closing_row(REVIEW_W, p(""), _signatures("审核人", "复核人"), p("{{ date }}", "Signature"))),
    ])


def seating_body() -> str:
    """考场安排: each session with its rooms, and each room's seat list."""
    return "".join([
        p(_caption(), "TableCaption"),
        p("考场安排", "Title"),
        each("s in sessions",
             p("场次{{ s.number }}：{{ s.title }}", "Heading2"),
             p("时间：{{ s.when }}；地点：{{ s.place }}；共{{ s.count }}人{% if s.opened %}"
               "（原定考场已满，增设{{ s.opened }}，请落实场地）{% endif %}。", keep=True),  # with its first room
             each("r in s.rooms",
                  p("{{ r.name }}（{{ r.seats|length }}人）", "TableCaption"),
                  list_table(SEAT_W, ["座位号", "准考证号", "姓名", "申报职业（工种）", "申报等级"], "c in r.seats",
                             ["{{ c.seat }}", "{{ c.ticket }}", "{{ c.name }}", "{{ c.occupation }}", "{{ c.level }}"]),
                  p(""))),
    ])


def ticket_body() -> str:
    """准考证: one A4 page per admitted candidate with every session's time, room and seat."""
    w = TICKET_W
    info = table(
        w,
        row(cell("准考证号", w[0], style="TableHead"), cell("{{ t.ticket }}", w[1]),
            cell("姓名", w[2], style="TableHead"), cell("{{ t.name }}", w[3]),
            cell("照片", w[4], vmerge="restart"), height=700),
        row(cell("证件类型", w[0], style="TableHead"), cell("{{ t.id_type }}", w[1]),
            cell("证件号码", w[2], style="TableHead"), cell("{{ t.id }}", w[3]),
            cell("", w[4], vmerge="continue"), height=700),
        row(cell("职业（工种）", w[0], style="TableHead"), cell("{{ t.occupation }}", w[1]),
            cell("申报等级", w[2], style="TableHead"), cell("{{ t.level }}", w[3]),
            cell("", w[4], vmerge="continue"), height=700),
        row(cell("认定方式", w[0], style="TableHead"), cell("{{ t.method }}", w[1] + w[2] + w[3], span=3),
            cell("", w[4], vmerge="continue"), height=700),
    )
    return each(
        "t in tickets",
        p(_caption(), "TableCaption", break_if="not loop.first"),
        p("准　考　证", "Title"),
        info, p(""),
        list_table(SCHEDULE_W, ["科目", "日期", "时间", "考场", "座位号"], "s in t.sessions",
                   ["{{ s.subject }}", "{{ s.date }}", "{{ s.time }}", "{{ s.room }}", "{{ s.seat }}"]),
        p("认定地点：{{ t.place }}", "TableNote"),
        p(""),
        p("{{ t.heading }}", "TableCaption"),
        each("rule in t.rules", p("{{ rule }}", "TableNote")),
        p(""),
        p("{{ company }}（盖章）", "Signature"),
    )


def signin_body() -> str:
    """签到表: one page per session and room, in seat order, with a column for the signature."""
    return each(
        "r in rooms",
        p(_caption(), "TableCaption", break_if="not loop.first"),
        p("签到表", "Title"),
        p("场次{{ r.session }}：{{ r.title }}；时间：{{ r.when }}；地点：{{ r.place }}；考场：{{ r.room }}", "TableNote"),
        table(SIGNIN_W, header_row(SIGNIN_W, ["座位号", "准考证号", "姓名", "证件号码", "申报等级", "签名"], "SmallHead"),
              row_tag("for c in r.seats", 6),
              row(*(cell(v, w, style="SmallText", keep=TAIL_AND_NEXT)
                    for v, w in zip(["{{ c.seat }}", "{{ c.ticket }}", "{{ c.name }}", "{{ c.id }}", "{{ c.level }}", ""],
                                    SIGNIN_W)), height=620),
              row_tag("endfor", 6),
              closing_row(SIGNIN_W, p("应到{{ r.seats|length }}人，实到　　人，缺考　　人。", "TableNote"),
                          _signatures("考务人员", "督导人员"))),
    )


def _badge_sheet(caption: str, lines: list[tuple[str, str]]) -> str:
    """Badges two across, 3400 twips tall: each a cell of (text, style) lines, where {b} stands for
    the badge's variable (pair[0] or pair[1]); an odd count leaves the last right-hand cell empty."""
    def badge(side: int) -> str:
        content = "".join(p(text.replace("{b}", f"pair[{side}]"), style) for text, style in lines)
        # the empty badge's cell keeps one empty paragraph, as a cell must
        return cell(when(f"pair[{side}].name", content) + p(""), BADGE_W[side], raw=True)

    return "".join([
        p(caption, "TableCaption"),
        table(BADGE_W, row_tag("for pair in pairs", 2), row(badge(0), badge(1), height=3400), row_tag("endfor", 2)),
    ])


def badge_body() -> str:
    """证卡: two badges across, each the candidate's name, 准考证号, occupation, room and seat."""
    return _badge_sheet("{{ company }}{{ year }}年第{{ batch }}批职业技能等级认定考生证", [
        ("{{ {b}.company }}", "TableText"), ("职业技能等级认定　考生证", "TableHead"), ("{{ {b}.name }}", "Title"),
        ("准考证号：{{ {b}.ticket }}", "TableText"), ("{{ {b}.occupation }}　{{ {b}.level }}", "TableText"),
        ("{{ {b}.room }}　第{{ {b}.seat }}座", "TableText")])


def incident_body() -> str:
    """考场异常情况记录表: one page per session and room, blank rows for what happened and how it was handled."""
    return each(
        "r in rooms",
        p(_caption(), "TableCaption", break_if="not loop.first"),
        p("考场异常情况记录表", "Title"),
        p("场次{{ r.session }}：{{ r.title }}；时间：{{ r.when }}；地点：{{ r.place }}；考场：{{ r.room }}；"
          "应考{{ r.count }}人，实考　　人，缺考　　人。", "TableNote"),
        table(INCIDENT_W, header_row(INCIDENT_W, ["序号", "时间", "准考证号", "姓名", "异常情况及处理结果"]),
              *[row(*(cell(str(n) if i == 0 else "", w) for i, w in enumerate(INCIDENT_W)), height=900)
                for n in range(1, 9)]),
        p("注：违纪、作弊、设备故障、突发疾病等情况均应当场记录，由当事考生确认；考生拒绝签字的，由两名以上考评人员"
          "注明。", "TableNote"),
        _signatures("考评人员", "督导人员", "考务人员"),
        when("r.opened", p("（本考场为原定考场额满后增设。）", "TableNote")),
    )


STAFFING_W = [1250, 1200, 1700, 1100, 2150, 1444]  # 佛山分公司生产部 on one line
PEOPLE_W = [1100, 2150, 2650, 2944]
assert sum(STAFFING_W) == sum(PEOPLE_W) == sum(SEAT_W)


def staffing_body() -> str:
    """考评人员安排: per session the people on duty room by room, then each person's duties."""
    return "".join([
        p(_caption(), "TableCaption"),
        p("考评人员安排", "Title"),
        p("考评人员须在开考前到达考场，佩戴工作证上岗；考评员只承担本人可考评职业（工种）和等级范围内的考评工作，"
          "与考生同一部门的考评员、督导人员实行回避。", "TableNote"),
        each("s in sessions",
             p("场次{{ s.number }}：{{ s.title }}", "Heading2"),
             p("时间：{{ s.when }}；地点：{{ s.place }}。", "TableNote", keep=True),
             list_table(STAFFING_W, ["考场", "考生人数", "职责", "姓名", "部门", "签到"], "r in s.rows",
                        ["{{ r.room }}", "{{ r.count }}", "{{ r.duty }}", "{{ r.name }}", "{{ r.department }}", ""]),
             p("")),
        p("人员汇总（共{{ total }}人）", "TableCaption"),
        list_table(PEOPLE_W, ["姓名", "部门", "角色", "工作安排"], "m in people",
                   ["{{ m.name }}", "{{ m.department }}", "{{ m.roles }}", "{{ m.duties }}"],
                   ["TableText", "TableText", "TableText", "TableTextLeft"], keep=TAIL_AND_NEXT,
                   closing=closing_row(PEOPLE_W, p(""), _signatures("编制", "审核"))),
    ])


def staff_badge_body() -> str:
    """工作证, two across: name, role, department, sessions and the assessment period."""
    return _badge_sheet("{{ company }}{{ year }}年第{{ batch }}批职业技能等级认定工作证", [
        ("{{ {b}.company }}", "TableText"), ("职业技能等级认定　工作证", "TableHead"), ("{{ {b}.name }}", "Title"),
        ("{{ {b}.role }}", "TableHead"), ("{% if {b}.department %}部门：{{ {b}.department }}{% endif %}", "TableText"),
        ("{{ {b}.sessions }}", "TableText"), ("有效期：{{ {b}.period }}", "TableText")])

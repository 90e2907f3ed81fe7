"""Body of a cycle's announcement (认定公告): what is assessed, who may apply, when, where and how."""
from ooxml import cell, data_row, each, header_row, list_table, p, row, row_tag, table
from plan import conditions

# codes (1370 twips), levels (五级至三级, 1370), 认定方式 and dates (2026年12月14日, about 2100 twips with
# the space Word and LibreOffice put between Chinese and digits) never wrap; a 职业名称 of 5 characters (1370),
# a 工种名称 of 5; 认定依据 breaks between its two words (国家职业｜技能标准, 行业企业｜评价规范)
OCC_W = [650, 1400, 1600, 1394, 1400, 1150, 1250]
# 四's table: each place (a unit's full name and address) on a row of its own across the table, its
# sessions below it, so neither the place nor 职业（工种） is squeezed into a narrow column
SESSION_W = [700, 2600, 1800, 2244, 1500]
assert sum(OCC_W) == sum(SESSION_W) == 8844


def _sessions() -> str:
    w = SESSION_W
    return table(
        w, header_row(w, ["序号", "职业（工种）", "等级", "认定时间", "认定方式"]),
        row_tag("for place in places", len(w)),
        row(cell("认定地点：{{ place.place }}", sum(w), style="TableTextLeft", span=len(w), keep=True)),  # never alone
        row_tag("for s in place.sessions", len(w)),
        data_row(w, ["{{ s.no }}", "{{ s.name }}", "{{ s.levels }}", "{{ s.date }}", "{{ s.method }}"]),
        row_tag("endfor", len(w)), row_tag("endfor", len(w)))


def body() -> str:
    return "".join([
        # the title breaks after the company's name, never inside a word (…第一｜批, 职｜业)
        p("{{ names.title }}\n{{ year }}年第{{ batch }}批职业技能等级认定公告", "Title"),
        p("根据《{{ company }}职业技能等级认定工作方案》，经本企业职业技能等级认定评价工作委员会研究，决定开展{{ year }}年"
          "第{{ batch }}批职业技能等级认定工作。现将有关事项公告如下："),

        p("一、认定职业（工种）及等级", "Heading1"),
        list_table(OCC_W, ["序号", "职业编码", "职业名称", "工种名称", "等级", "认定方式", "认定依据"], "o in occupations",
                   ["{{ o.no }}", "{{ o.code }}", "{{ o.occupation }}", "{{ o.trade }}", "{{ o.levels }}",
                    "{{ o.method }}", "{{ o.basis }}"]),
        p(""),

        p("二、申报对象及条件", "Heading1"),
        p("（一）申报对象", "Heading2"),
        p("本企业在岗职工（社保参保地或就业地在广东省）和主营业务一线岗位上的劳务派遣人员"
          "{% if unit_kinds %}，含参与本企业认定工作的{{ unit_kinds }}员工{% endif %}。"),
        p("（二）申报条件", "Heading2"),
        conditions(),

        p("三、报名时间、方式与所需材料", "Heading1"),
        p("（一）报名时间：{{ registration.period }}。"),
        p("（二）报名方式：{{ registration.method }}。"),
        p("（三）所需材料："),
        each("m in registration.materials", p("{{ loop.index }}. {{ m }}")),

        p("四、认定时间、地点与方式", "Heading1"),
        p("本批认定工作于{{ assessment.period }}进行，具体安排如下：", "KeepWithNext"),
        _sessions(),
        p("{{ candidates }}须凭准考证和有效身份证件参加认定，具体考场安排另行通知。"),

        p("五、收费", "Heading1"),
        p("{{ fee }}"),

        p("六、联系方式与投诉监督", "Heading1"),
        p("报名咨询：{{ contact.person }}，电话{{ contact.phone }}。"),
        # the last lines of the text, 特此公告 and the 落款 stay on one page: the 落款 never stands alone
        p("监督投诉：{{ quality.complaint_department }}，电话{{ quality.complaint_phone }}，电子邮箱"
          "{{ quality.complaint_email }}。", keep=True),
        p("特此公告。", keep=True),
        p("", keep=True),
        p("", keep=True),
        p("{{ names.signature }}", "SignatureName"),  # the signing unit never parts from its date
        p("{{ announce_date }}", "Signature"),
    ])

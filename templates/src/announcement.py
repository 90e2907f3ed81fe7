"""Body of a cycle's announcement (认定公告): what is assessed, who may apply, when, where and how."""
from ooxml import each, list_table, p
from plan import conditions

# codes, levels (五级至三级) and dates (2026年12月14日, about 2100 twips with the space Word and
# LibreOffice put between Chinese and digits) never wrap
OCC_W = [700, 1450, 2244, 1650, 1300, 1500]
SESSION_W = [700, 1600, 1500, 2200, 1644, 1200]


def body() -> str:
    return "".join([
        p("{{ company }}{{ year }}年第{{ batch }}批职业技能等级认定公告", "Title"),
        p("根据《{{ company }}职业技能等级认定工作方案》，经本企业职业技能等级认定评价工作委员会研究，决定开展{{ year }}年"
          "第{{ batch }}批职业技能等级认定工作。现将有关事项公告如下："),

        p("一、认定职业（工种）及等级", "Heading1"),
        list_table(OCC_W, ["序号", "职业编码", "职业（工种）", "认定等级", "认定方式", "认定依据"], "o in occupations",
                   ["{{ o.no }}", "{{ o.code }}", "{{ o.name }}", "{{ o.levels }}", "{{ o.method }}",
                   "{{ o.basis }}"]),
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
        list_table(SESSION_W, ["序号", "职业（工种）", "等级", "认定时间", "认定地点", "认定方式"], "s in sessions",
                   ["{{ s.no }}", "{{ s.name }}", "{{ s.levels }}", "{{ s.date }}", "{{ s.place }}",
                   "{{ s.method }}"],
                   ["TableText", "TableText", "TableText", "TableText", "TableTextLeft", "TableText"]),
        p("考生须凭准考证和有效身份证件参加认定，具体考场安排另行通知。"),

        p("五、收费", "Heading1"),
        p("{{ fee }}"),

        p("六、联系方式与投诉监督", "Heading1"),
        p("报名咨询：{{ contact.person }}，电话{{ contact.phone }}。"),
        p("监督投诉：{{ quality.complaint_department }}，电话{{ quality.complaint_phone }}，电子邮箱"
          "{{ quality.complaint_email }}。"),
        p("特此公告。"),
        p(""),
        p(""),
        p("{{ company }}", "SignatureName"),  # the signing unit never parts from its date
        p("{{ announce_date }}", "Signature"),
    ])

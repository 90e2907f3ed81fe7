"""Body of the work plan (工作方案): the seed's five sections with its guidance notes removed,
its numbering repaired and every blank turned into a fact from the derived context."""
from ooxml import each, list_table, p, run, tab_run, tag, when

# Widths (twips, summing to the 8844 of the text) that keep codes, levels and dates on one line at 小四:
# a 职业编码 needs about 1300, 五级至三级 about 1400, an 18-character credit code about 2700; a 职业名称 of 5
# characters, and 认定依据 four a line, so it breaks between its words (国家职业｜技能标准, 行业企业｜评价规范)
OCC_WIDTHS = [650, 1450, 1500, 1394, 1450, 1250, 1150]
# a unit's name of 14 characters a line (plan/facts.py UNIT_CHARACTERS: a longer one breaks between its words),
# a branch's own part on the next; 工种 seven characters a line (电子设备装接工), broken after a 、; the credit code
SITE_WIDTHS = [650, 3744, 1900, 1400, 1150]
BRANCH_WIDTHS = [650, 3800, 2750, 1644]
assert sum(OCC_WIDTHS) == sum(SITE_WIDTHS) == sum(BRANCH_WIDTHS) == 8844


def conditions() -> str:
    """申报条件: the national-standard sentence, then each enterprise specification's per-level conditions.
    Shared by the work plan and the announcements, which print the same conditions."""
    return "".join([
        when("conditions.national",
             p("{{ conditions.national }}的申报条件，严格按照国家职业技能标准规定的申报条件执行。")),
        each("spec in conditions.enterprise",
             p("{{ spec.name }}的申报条件，按照经人力资源社会保障部门备案的行业企业评价规范执行，具体如下："),
             each("level in spec.levels",
                  p("{{ level.heading }}", "Heading3"),
                  p("{{ level.lead }}，可申报{{ level.name }}："),
                  each("item in level.conditions", p("（{{ loop.index }}）{{ item }}")))),
    ])


def body() -> str:
    return "".join([
        p("{{ names.title }}\n职业技能等级认定工作方案", "Title"),  # broken after the name, never inside a word
        p("为加快本企业技能人才队伍建设，健全以职业能力为导向、以工作业绩为重点的技能人才评价体系，根据国家和广东省"
          "关于开展企业职业技能等级认定工作的有关规定，结合本企业实际，制定本工作方案。"),

        p("一、基本情况", "Heading1"),
        p("（一）企业性质和业务范围", "Heading2"),
        p("{{ company.name }}（以下简称“{{ company.short_name }}”）是{{ company.founded_year }}年在"
          "{{ company.registered_in }}注册成立的{{ company.legal_form }}，注册资本{{ company.registered_capital }}万元，"
          "占地面积{{ company.floor_area }}万平方米。"),
        p("公司主要从事{{ company.products }}{{ company.business }}，主营业务范围是：{{ company.business_scope }}。"),
        p("（二）企业人员构成情况及人才分布情况", "Heading2"),
        p("截至{{ staff.as_of }}，公司现有员工{{ staff.total }}人，其中专业技术人员{{ staff.professional }}人，"
          "技能人员{{ staff.skilled }}人，管理人员{{ staff.management }}人，大学本科及以上学历"
          "{{ staff.bachelor_or_above }}人，技能人才占比{{ staff.skilled_ratio }}%。"),
        p("（三）企业开展技能等级认定工作的组织架构", "Heading2"),
        p("为做好企业职业技能等级认定工作，特成立{{ company.short_name }}职业技能等级认定评价工作委员会，负责跟进评价"
          "各环节工作，履行委员会相应职责。"),
        p("委员会主任：{{ committee.director }}"),
        p("委员会副主任：{{ committee.deputies }}"),
        p("委员会成员：{{ committee.members }}"),
        p("委员会主要职责如下："),
        each("duty in committee.duties", p("（{{ loop.index }}）{{ duty }}")),

        p("二、认定范围", "Heading1"),
        p("（一）认定的对象范围", "Heading2"),
        p("本企业开展职业技能等级认定的对象是：本企业{% if unit_tables and not group_filing %}（含下属分公司）{% endif %}"
          "在岗职工（社保参保地或就业地在广东省）和主营业务一线岗位上的劳务派遣人员。"),
        # a group filing: the sentence, then one table per kind of unit (分公司, then 子公司), each named as what it is
        each("t in unit_tables",
             p("{% if loop.first and group_filing %}本企业以集团公司名义申请备案，下属{{ unit_kinds }}员工一并参与本企业的"
               "职业技能等级认定工作。{% endif %}参与认定的{{ t.kind }}如下：", "KeepWithNext"),
             list_table(BRANCH_WIDTHS, ["序号", "{{ t.kind }}名称", "统一社会信用代码", "地址"], "b in t.rows",
                        ["{{ b.no }}", "{{ b.name }}", "{{ b.credit_code }}", "{{ b.address }}"],
                        ["TableText", "TableTextLeft", "TableText", "TableTextLeft"]),
             p("")),
        p("（二）认定的职业（工种）范围", "Heading2"),
        list_table(OCC_WIDTHS, ["序号", "职业编码", "职业名称", "工种名称", "等级范围", "认定依据", "认定方式"], "o in occupations",
                   ["{{ o.no }}", "{{ o.code }}", "{{ o.name }}", "{{ o.trade }}", "{{ o.levels }}",
                   "{{ o.basis }}", "{{ o.method }}"]),
        p(""),
        p("（三）认定方式", "Heading2"),
        when("modes.grading and modes.promotion",
             p("本企业采用定级评价（{{ modes.grading_levels }}）和晋级评价（{{ modes.promotion_levels }}）相结合的方式，"
               "开展职业技能等级认定工作。")),
        when("modes.grading and not modes.promotion",
             p("本企业全部采用定级评价（{{ modes.grading_levels }}）的方式，开展职业技能等级认定工作。")),
        when("modes.promotion and not modes.grading",
             p("本企业全部采用晋级评价（{{ modes.promotion_levels }}）的方式，开展职业技能等级认定工作。")),
        when("modes.grading",
             p("采用定级评价方式开展认定的职业（工种）为：{{ modes.grading }}，对应的《企业职业（岗位）技能等级定级评价表》"
               "见附件{{ annex.grading_form }}。定级评价由"
               "{% if modes.raters|length == 1 %}{{ modes.raters[0].raters }}按评价表的内容和权重分别评分"
               "{% else %}评价主体按评价表的内容和权重分别评分（{% for g in modes.raters %}{{ g.names }}由{{ g.raters }}评分"
               "{% if not loop.last %}；{% endif %}{% endfor %}）{% endif %}"
               "，加权汇总后得分达到{{ pass_mark }}分及以上的，确定为相应等级。")),
        when("modes.promotion",
             p("采用晋级评价方式开展认定的职业（工种）为：{{ modes.promotion }}。晋级评价将按照企业{{ practice }}和技能人员情况，"
               "科学灵活地采用理论知识考试、技能操作考核、工作业绩评审、{{ process_check }}、模拟操作考核、竞赛选拔等多种评价"
               "方式进行。")),
        p("（四）认定职业（工种）申报条件", "Heading2"),
        conditions(),

        p("三、工作规范", "Heading1"),
        p("为做好本企业职业技能等级认定工作，按照本企业实际，制定以下工作规范。"),
        tag("set h = counter()"),
        when("has_question_bank",
             p("{{ h.next() }}题库开发和运行管理工作规范", "Heading2"),
             p("本企业依据{{ bank_bases }}要求，参照国家题库开发技术规程，开发认定题库（卷库），"
               "并对认定过程中试卷的提取、使用、印刷、传递等程序建立相关制度规范，具体见附件{{ annex.question_bank }}"
               "《题库开发和运行管理工作规范》。")),
        p("{{ h.next() }}考评人员管理及工作规范", "Heading2"),
        p("本企业通过培训考核、直接认定或外聘专家等形式建立本企业内部考评人员队伍。{{ examiner_categories }}"
          "考评人员的培养、使用、管理及工作规范见附件{{ annex.examiners }}"
          "《考评人员管理及工作规范》。"),
        p("{{ h.next() }}内部质量督导人员管理及工作规范", "Heading2"),
        p("本企业通过培训考核或直接认定的形式建立本企业内部质量督导人员队伍，开展职业技能等级认定质量督导工作，负责对"
          "本企业的培训评价工作进行监督和检查。质量督导人员按照亲友回避和定期轮换的原则进行委派，委派前明确双方的责任、"
          "权利和义务。内部质量督导人员的培养、使用、管理及工作规范见附件{{ annex.supervisors }}"
          "《内部质量督导人员管理及工作规范》。"),
        p("{{ h.next() }}职业技能等级证书管理办法", "Heading2"),
        p("本企业依据职业技能等级认定结果，按照《广东省职业技能等级证书编码规则实施方案（企业2021版）》"
          "（附件{{ annex.coding }}）和《转发关于进一步规范职业技能等级证书样式及有关工作的通知》（粤技服〔2021〕5号）"
          "要求，制作并颁发职业技能等级证书。本企业证书编号前13位为{{ certificate_prefix }}，具体证书管理办法见附件"
          "{{ annex.certificates }}《职业技能等级证书管理办法》。"),
        p("{{ h.next() }}质量内控管理措施", "Heading2"),
        p("1. 信息公开和公示制度", "Heading3"),
        p("本企业职业技能等级认定工作方案、管理制度、认定职业（工种）及等级、申报条件、认定计划和认定结果等信息，通过"
          "企业内部网站、宣传栏等渠道向全体员工公开。管理制度和工作方案公示期不少于{{ quality.disclosure_days }}个"
          "工作日，认定结果公示期不少于{{ quality.result_notice_days }}个工作日，公示期间接受全体员工监督。"),
        p("2. 质量投诉举报方式和受理办理做法", "Heading3"),
        p("本企业设立并公布监督举报电话{{ quality.complaint_phone }}和电子邮箱{{ quality.complaint_email }}，由"
          "{{ quality.complaint_department }}负责受理。对收到的投诉举报逐件登记，5个工作日内组织调查核实，"
          "15个工作日内将处理结果告知投诉举报人；涉及认定结果的，经复核确有错误的予以更正，并向委员会报告。"),
        p("3. 风险防控做法", "Heading3"),
        p("本企业针对认定过程中可能出现的风险，采取以下防控措施："),
        each("risk in risks", p("（{{ loop.index }}）{{ risk.risk }}。{{ risk.control }}")),

        p("四、组织实施", "Heading1"),
        p("（一）认定考场地址", "Heading2"),
        p("本企业将在以下地点开展认定工作：", "KeepWithNext"),  # never left alone at the foot of a page
        list_table(SITE_WIDTHS, ["序号", "考场地址", "工种名称", "认定级别", "认定方式"], "s in sites",
                   ["{{ s.no }}", "{{ s.unit }}\n{{ s.address }}", "{{ s.trades }}", "{{ s.levels }}",
                   "{{ s.method }}"],
                   ["TableText", "TableTextLeft", "TableText", "TableText", "TableText"]),
        p(""),
        p("（二）职业技能等级认定实施流程", "Heading2"),
        p("本企业认定工作的实施流程包括：发布认定公告（含认定对象、申报条件、时间、地点、方式等）；组织申报；考场准备；"
          "考务、考评和督导人员安排；认定的具体实施；{{ scoring_step }}；认定结果的公示、确认与提交。具体见附件{{ annex.flow }}"
          "《职业技能等级认定实施流程》。"),

        p("五、激励制度", "Heading1"),
        # the last words of the text go with the annex list and the signature: their page is never
        # without body text (GB/T 9704)
        each("incentive in incentives", p("{{ incentive }}", keep="loop.last")),

        p("", "KeepWithNext"),
        each("a in annexes",
             p(runs="{% if loop.first %}" + run("附件：") + "{% endif %}" + run("{{ a.no }}.") + tab_run() + run("{{ a.title }}"),
               style="{% if loop.first %}AnnexListFirst{% else %}AnnexList{% endif %}")),
        # the annex list, the blank lines and the signature stay together (GB/T 9704: no page of a
        # signature alone)
        p("", "KeepWithNext"),
        p("", "KeepWithNext"),
        p("{{ names.signature }}", "SignatureName"),  # the signing unit never parts from its date
        p("{{ signing_date }}", "Signature"),
    ])

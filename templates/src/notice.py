"""Body of a cycle's results notice (认定结果公示): who passed, with ID numbers masked, the notice
period and where to object."""
from ooxml import list_table, p, when

# 序号 up to 10000, a name of 6 characters, the masked ID ending in X, 焊工（电焊工） and 一级/高级技师
# each on one line
LIST_W = [820, 1800, 2450, 1950, 1824]
# with the plan's quality.notice_scores the list is set in 五号: each subject's score (理论知识 100.00)
# on a line of its own beside a name of 5 characters, the masked ID, 焊工（电焊工） and 一级/高级技师
SCORED_W = [600, 1300, 2150, 1444, 1650, 1700]
assert sum(LIST_W) == sum(SCORED_W) == 8844
TITLES = ["序号", "姓名", "证件号码", "职业（工种）", "认定等级"]
VALUES = ["{{ r.no }}", "{{ r.name }}", "{{ r.id }}", "{{ r.occupation }}", "{{ r.level }}"]


def body() -> str:
    return "".join([
        p("{{ names.title }}\n{{ year }}年第{{ batch }}批职业技能等级认定结果公示", "Title"),  # broken after the name
        p("根据《{{ company }}职业技能等级认定工作方案》，本企业于{{ assessment_period }}组织开展了{{ year }}年第"
          "{{ batch }}批职业技能等级认定工作。经考核评价，共有{{ passed|length }}人达到相应职业技能等级要求，现将"
          "拟认定合格人员名单予以公示："),
        # no rule asks for scores in the 公示: the 成绩 column only when the plan says so, numbers only; no
        # row depends on its place in the list (10,000 names are filled into a stencil of one row)
        when("scores", list_table(SCORED_W, [*TITLES, "成绩"], "r in passed", [*VALUES, "{{ r.score }}"],
                                  ["SmallText"] * 6, keep=False, head="SmallHead")),
        when("not scores", list_table(LIST_W, TITLES, "r in passed", VALUES, keep=False)),
        p(""),
        p("公示期为{{ period }}（共{{ days }}个工作日）。公示期间，如对公示人员有异议，请向{{ quality.complaint_department }}"
          "反映：电话{{ quality.complaint_phone }}，电子邮箱{{ quality.complaint_email }}；对成绩有疑问的，可在公示期内"
          "申请复核。反映情况须实事求是，以真实姓名反映的，我们将予以保密。"),
        # the last sentence, 特此公示 and the 落款 stay on one page
        p("公示期满无异议的，按规定上报认定结果并颁发职业技能等级证书。", keep=True),
        p("特此公示。", keep=True),
        p("", keep=True),
        p("", keep=True),
        p("{{ names.signature }}", "SignatureName"),
        p("{{ date }}", "Signature"),
    ])

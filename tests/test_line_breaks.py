"""Where a name breaks across lines (core/terms.py): a company's name in a title, a 落款 or a narrow cell
breaks between its words (after its place, after 集团 or a 公司, before its legal form), never inside
one when its words fit a line; a list of 工种 after a 、. Stated as rules over generated names."""
from hypothesis import given, settings
from hypothesis import strategies as st
from skillplan.core.terms import address_lines, label_lines, list_lines, name_lines, occupation_lines

PLACES = [["广东省"], ["广州市"], ["佛山市", "顺德区"], ["珠海横琴粤澳深度合作区"], ["广东省", "深圳市"], []]
# 字号 and 行业: characters that mark no word's end of their own (no 省, 市, 区, 集团, 公司 …)
MIDDLE = st.text("华粤精密机械海韵国际旅游度假酒店建工物流安颐健康养老服务禅源水电供应新材料装备", min_size=2, max_size=12)
FORMS = [["有限公司"], ["股份有限公司"], ["集团", "有限公司"], ["有限责任公司"]]


def _breaks(lines: str) -> list[int]:
    ends, at = [], 0
    for line in lines.split("\n")[:-1]:
        at += len(line)
        ends.append(at)
    return ends


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(PLACES), MIDDLE, st.sampled_from(FORMS), st.integers(6, 22))
def test_a_name_breaks_only_between_its_words_when_they_fit_a_line(place, middle, form, per_line):
    words = [*place, middle, *form]
    name = "".join(words)
    lines = name_lines(name, per_line)
    assert lines.replace("\n", "") == name
    if len(name) <= per_line:
        assert lines == name  # a name that fits is never broken
    elif max(map(len, words)) <= per_line:
        ends = {sum(map(len, words[:i])) for i in range(1, len(words))}
        assert set(_breaks(lines)) <= ends, lines
        assert all(len(line) <= per_line for line in lines.split("\n")), lines


def test_the_hostile_testers_names_break_where_a_reader_pauses():
    long_name = "珠海横琴粤澳深度合作区海韵国际旅游度假酒店管理有限公司"
    assert name_lines(long_name, 19) == name_lines(long_name, 22) == "珠海横琴粤澳深度合作区\n海韵国际旅游度假酒店管理有限公司"
    assert name_lines("广东省建工物流控股集团有限公司", 15) == "广东省建工物流控股集团有限公司"
    assert name_lines("广东安颐健康养老服务有限公司", 13) == "广东安颐健康养老服务\n有限公司"
    assert list_lines(["砌筑工", "钢筋工", "电工"], 6) == "砌筑工、\n钢筋工、电工"
    # an occupation's name longer than its cell: before the word for its person, or before its bracket
    assert [occupation_lines(n, 5) for n in ("电子设备装接工", "焊工（电焊工）", "养老护理员")] == [
        "电子设备\n装接工", "焊工\n（电焊工）", "养老护理员"]
    assert list_lines(["电子设备装接工", "电工"], 7) == "电子设备\n装接工、电工"
    # an address after its place or road, or before its number: never …318 / 号, never 大良街 / 道
    assert address_lines("地址：广州市越秀区东风中路318号", 15) == "地址：广州市越秀区\n东风中路318号"
    assert address_lines("地址：佛山市顺德区大良街道五沙工业园兴业路18号", 15) == "地址：佛山市顺德区大良街道\n五沙工业园兴业路18号"
    assert address_lines("地址：广州市天河区黄埔大道西638号", 15) == "地址：广州市天河区\n黄埔大道西638号"
    # a trade with its own levels is longer than the site table's cell: it breaks before its bracket or after 至
    assert list_lines(["钢筋工（五级至三级）", "电工（五级至二级）"], 6) == "钢筋工\n（五级至\n三级）、\n电工（五级至\n二级）"
    assert [label_lines(t) for t in ("班组长", "项目负责人", "人力资源部门", "主管部门", "生产技术部", "值长")] == [
        "班组长", "项目\n负责人", "人力资源\n部门", "主管\n部门", "生产\n技术部", "值长"]


@given(st.lists(st.sampled_from(["电工", "钢筋工", "砌筑工", "混凝土工", "仓储管理员", "中式面点师", "焊工（电焊工）"]),
                min_size=1, max_size=5, unique=True), st.integers(7, 12))
@settings(max_examples=100, deadline=None, derandomize=True, database=None)
def test_a_list_breaks_only_after_a_separator(words, per_line):
    """When every word with its 、 fits a line."""
    per_line = max(per_line, *(len(w) + 1 for w in words))
    lines = list_lines(words, per_line)
    assert lines.replace("\n", "") == "、".join(words)
    assert all(line.endswith("、") for line in lines.split("\n")[:-1])
    assert all(len(line) <= per_line for line in lines.split("\n"))

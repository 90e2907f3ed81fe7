"""What `check` says of plans a hostile tester wrote: each fact that disagrees with another is refused
(or warned of) in one message naming both, a mistyped value is the one message about it, and the
filing never prints a level, a clause or a code the plan cannot stand behind."""
import shutil

from helpers import EXAMPLE, MINIMAL, ROOT
from skillplan.api import check

CONFIG = ROOT / "config"


def client(tmp_path, base=EXAMPLE, *edits: tuple[str, str], name: str = "plan.yaml"):
    """A copy of the client base with each (old, new) of edits made once in its file name."""
    folder = tmp_path / base.name
    if not folder.exists():
        shutil.copytree(base, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return folder


def said(folder) -> list[str]:
    """Every problem as `key path  message` (警告： before a warning's message)."""
    [result] = check([folder])
    return [str(p).split("  ", 1)[1] for p in result.problems]


# ---- F: a mistyped value is the one message about it -------------------------------------------

def test_did_you_mean_prefers_a_name_holding_the_word_or_held_by_it():
    from skillplan.core.errors import did_you_mean

    assert did_you_mean("焊工", ["车工", "电工", "不锈钢薄板氩弧焊工"]) == "，是否想写“不锈钢薄板氩弧焊工”？"
    assert did_you_mean("钳工", ["电工", "车工", "装配钳工"]) == "，是否想写“装配钳工”？"
    assert did_you_mean("钳工", ["电工", "车工"]) == "，是否想写“电工”？"  # no such name: the nearest typo
    assert did_you_mean("工", ["电工", "车工"]) == "，是否想写“电工”？"  # one character holds nothing


def test_values_holding_a_comma_of_their_own_are_told_apart(tmp_path):
    folder = client(tmp_path, MINIMAL, ("  city: 深圳市\n", "  city: 深圳市\n  sector: 制造\n"))
    [message] = said(folder)
    assert message.startswith("company.sector  应为以下之一：“农、林、牧、渔业”“采矿业”“制造业”“电力、热力、燃气及水生产和供应业”")
    assert message.endswith("“国际组织”“服务业”；实际为“制造”，是否想写“制造业”？")


def test_a_yes_no_value_says_what_is_accepted(tmp_path):
    folder = client(tmp_path, MINIMAL, ("  city: 深圳市\n", "  city: 深圳市\n  group_filing: 对\n"))
    assert said(folder) == ["company.group_filing  应为 true 或 false（也可写“是”或“否”），实际为“对”"]
    for word in ("是", "否", "yes", "no", "True"):
        assert said(client(tmp_path / word, MINIMAL, ("  city: 深圳市\n", f"  city: 深圳市\n  group_filing: {word}\n"
                                                      "branches: [{name: 深圳市安康养老服务有限公司福田分公司, "
                                                      "credit_code: 91440300MA5G2CFT13, address: 福田路1号}]\n"))) == []

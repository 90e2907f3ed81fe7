"""The documents as the province and an HR office read them (issue 38): what leaves the company never
speaks of the tool, levels are written one way, and the rules the documents rest on are cited together."""
import re

from helpers import ROOT


def test_certificate_style_is_cited_with_the_national_notice_and_the_provinces_forwarding():
    """人社鉴发〔2021〕1号 is the national notice, 粤技服〔2021〕5号 the province's forwarding of it:
    wherever the guide names one, it names the other in the same paragraph."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    cited = 0
    for page in pages:
        for paragraph in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            national, province = "人社鉴发〔2021〕1号" in paragraph, "粤技服〔2021〕5号" in paragraph
            assert national == province, (page.name, paragraph[:80])
            cited += national
    assert "人社鉴发〔2021〕1号" in (ROOT / "README.md").read_text(encoding="utf-8") and cited >= 3

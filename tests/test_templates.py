"""The committed templates are exactly what templates/make_templates.py writes."""
import importlib.util

from helpers import ROOT


def test_committed_templates_match_the_generator(tmp_path):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "templates" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert written
    for path in written:
        committed = ROOT / "templates" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} 已过期：请运行 make templates"
    assert sorted(p.name for p in (ROOT / "templates").glob("*.docx")) == sorted(p.name for p in written)


def test_no_table_is_wider_than_the_text_block():
    """GB/T 9704: 156 mm of text per line (8844 twips); a wider table runs into the margin. A landscape
    page (the 资格审核表) has its margins turned with it: 12756 twips."""
    import re
    import zipfile

    for path in sorted((ROOT / "templates").glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode()
        limit = 12756 if 'w:orient="landscape"' in xml else 8844
        for grid in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", xml):
            width = sum(int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', grid))
            assert width <= limit, f"{path.name}: 表格宽 {width}"


def test_every_template_keeps_a_paragraphs_first_and_last_lines_with_the_rest():
    """Widow and orphan control (w:widowControl) on for the text: no page begins with a paragraph's last
    line alone or ends with its first (a page of one line at the end of 附件5, before); the lines keep
    GB/T 9704's fixed 28.9 pt grid."""
    import re
    import zipfile

    for path in sorted((ROOT / "templates").glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            styles = z.read("word/styles.xml").decode()
        defaults = re.search(r"<w:pPrDefault><w:pPr>(.*?)</w:pPr></w:pPrDefault>", styles).group(1)
        assert "<w:widowControl/>" in defaults, path.name
        assert '<w:spacing w:line="578" w:lineRule="exact"/>' in defaults, path.name
        assert 'w:widowControl w:val="0"' not in styles and 'w:widowControl w:val="false"' not in styles, path.name

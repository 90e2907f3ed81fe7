"""The package every skillplan template shares: GB/T 9704 page, styles and page-number footers,
plus a tiny vocabulary (p, table, row, cell …) for writing template bodies with Jinja tags.

Nothing here is used at run time: make_templates.py writes the .docx files in templates/, and a
test proves the committed files are exactly what this code writes.
"""
from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEXT_WIDTH = 11906 - 1588 - 1474  # A4 width less the 28 mm / 26 mm margins, in twips
CHAR = 320  # one 三号 character in twips: indents are counted in characters
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
LATIN = "Times New Roman"


def _fonts(east_asia: str) -> str:
    return f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{east_asia}" w:cs="{LATIN}"/>'


def _style(style_id: str, name: str, *, font: str = FANGSONG, size: int = 32, bold: bool = False,
           jc: str | None = None, indent: str = "", spacing: str = '<w:spacing w:line="578" w:lineRule="exact"/>',
           keep_next: bool = False, page_break: bool = False, outline: int | None = None) -> str:
    ppr = ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "")
    ppr += spacing + indent + (f'<w:jc w:val="{jc}"/>' if jc else "")
    ppr += f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    rpr = _fonts(font) + ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
BODY_SPACING = '<w:spacing w:line="578" w:lineRule="exact"/>'
# the annex list (GB/T 9704 7.3.5.1): 附件： two characters in, each number five in, and a title that runs
# onto another line lines up under its first character, not under the number (1. and a tab)
ANNEX_NUMBER = 480  # "7." and the room after it: one and a half characters
ANNEX_TEXT = 5 * CHAR + ANNEX_NUMBER
ANNEX_TAB = f'<w:tabs><w:tab w:val="left" w:pos="{ANNEX_TEXT}"/></w:tabs>'
TABLE_SPACING = '<w:spacing w:before="40" w:after="40" w:line="300" w:lineRule="exact"/>'
# 五号 (10.5 pt) for the dense lists: a register of ten columns, a 公示 with every subject's score
SMALL_SPACING = '<w:spacing w:before="30" w:after="30" w:line="264" w:lineRule="exact"/>'

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:line="578" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
<w:pPr><w:spacing w:line="578" w:lineRule="exact"/><w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="FormTable"><w:name w:val="Form Table"/><w:basedOn w:val="TableNormal"/>
<w:tblPr><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>
{_style("Title", "Title", font=XIAOBIAOSONG, size=44, jc="center", indent=NO_INDENT, spacing='<w:spacing w:after="578" w:line="700" w:lineRule="exact"/>', outline=0)}
{_style("Heading1", "heading 1", font=HEITI, keep_next=True, outline=1)}
{_style("Heading2", "heading 2", font=KAITI, keep_next=True, outline=2)}
{_style("Heading3", "heading 3", bold=True, keep_next=True, outline=3)}
{_style("AnnexLabel", "Annex Label", font=HEITI, indent=NO_INDENT, jc="left", keep_next=True)}
{_style("AnnexTitle", "Annex Title", font=XIAOBIAOSONG, size=44, jc="center", indent=NO_INDENT, spacing='<w:spacing w:before="290" w:after="578" w:line="700" w:lineRule="exact"/>', outline=0)}
{_style("Chapter", "Chapter", font=HEITI, jc="center", indent=NO_INDENT, keep_next=True, outline=1)}
{_style("AnnexList", "Annex List", jc="left", keep_next=True, spacing=ANNEX_TAB + BODY_SPACING,
        indent=f'<w:ind w:left="{ANNEX_TEXT}" w:hanging="{ANNEX_NUMBER}" w:hangingChars="{ANNEX_NUMBER * 100 // CHAR}"/>')}
{_style("AnnexListFirst", "Annex List First", jc="left", keep_next=True, spacing=ANNEX_TAB + BODY_SPACING,
        indent=f'<w:ind w:left="{ANNEX_TEXT}" w:hanging="{ANNEX_TEXT - 2 * CHAR}" w:hangingChars="{(ANNEX_TEXT - 2 * CHAR) * 100 // CHAR}"/>')}
{_style("Signature", "Signature", jc="right", indent=f'<w:ind w:right="{4 * CHAR}" w:firstLine="0" w:firstLineChars="0"/>')}
{_style("SignatureName", "Signature Name", jc="right", keep_next=True, indent=f'<w:ind w:right="{4 * CHAR}" w:firstLine="0" w:firstLineChars="0"/>')}
{_style("KeepWithNext", "Keep With Next", keep_next=True)}
{_style("TableCaption", "Table Caption", font=HEITI, size=28, jc="center", indent=NO_INDENT, keep_next=True)}
{_style("TableText", "Table Text", size=24, jc="center", indent=NO_INDENT, spacing=TABLE_SPACING)}
{_style("TableTextLeft", "Table Text Left", size=24, jc="left", indent=NO_INDENT, spacing=TABLE_SPACING)}
{_style("TableHead", "Table Head", font=HEITI, size=24, jc="center", indent=NO_INDENT, spacing=TABLE_SPACING)}
{_style("TableHeadKeep", "Table Head Keep", font=HEITI, size=24, jc="center", indent=NO_INDENT, spacing=TABLE_SPACING, keep_next=True)}
{_style("TableNote", "Table Note", size=24, indent=NO_INDENT, spacing=TABLE_SPACING)}
{_style("SmallText", "Small Table Text", size=21, jc="center", indent=NO_INDENT, spacing=SMALL_SPACING)}
{_style("SmallTextLeft", "Small Table Text Left", size=21, jc="left", indent=NO_INDENT, spacing=SMALL_SPACING)}
{_style("SmallHead", "Small Table Head", font=HEITI, size=21, jc="center", indent=NO_INDENT, spacing=SMALL_SPACING)}
<w:style w:type="character" w:customStyle="1" w:styleId="ArticleLabel"><w:name w:val="Article Label"/><w:rPr>{_fonts(HEITI)}</w:rPr></w:style>
{_style("Footer", "footer", font=SONGTI, size=28, indent=NO_INDENT, spacing='<w:spacing w:line="240" w:lineRule="auto"/>')}
</w:styles>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="640"/><w:evenAndOddHeaders/>
<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""


def _footer(jc: str) -> str:
    # "— 1 —": 四号宋体 page number, odd pages right and even pages left, one character in (GB/T 9704 §7.5)
    ind = f'<w:ind w:{"right" if jc == "right" else "left"}="280" w:firstLine="0" w:firstLineChars="0"/>'
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr>'
            f'<w:pStyle w:val="Footer"/>{ind}<w:jc w:val="{jc}"/></w:pPr>{run.format("— ")}'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            f'{run.format(" —")}</w:p></w:ftr>')


SECTION = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
           '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
           '<w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1247" w:gutter="0"/>'
           '<w:cols w:space="425"/></w:sectPr>')

# 资格审核表 and other wide registers: A4 landscape, the portrait margins turned with the page
LANDSCAPE_WIDTH = 16838 - 2098 - 1984
LANDSCAPE_SECTION = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
                     '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
                     '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
                     '<w:pgMar w:top="1588" w:right="1984" w:bottom="1474" w:left="2098" w:header="851" w:footer="850" '
                     'w:gutter="0"/><w:cols w:space="425"/></w:sectPr>')

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>"""

# A fixed core part: python-docx would otherwise invent one stamped with the current time (and name
# itself the author). The documents go out under the enterprise's name: no author or application is
# named in their properties, as none is in their text (docs/architecture.md, outward documents).
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy><cp:revision>1</cp:revision>
</cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"></Properties>"""


# A certificate: A4 portrait, 20 mm margins, no page numbers (each page is a document of its own).
PLAIN_SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
                 '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" '
                 'w:gutter="0"/><w:cols w:space="425"/></w:sectPr>')


def package(body: str, title: str, path: str, section: str = SECTION) -> None:
    """Write a template .docx: fixed member order and timestamps, so the bytes depend on the body only."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{section}</w:body></w:document>')
    members = [
        ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document), ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES), ("word/settings.xml", SETTINGS),
        ("word/footer1.xml", _footer("right")), ("word/footer2.xml", _footer("left")),
        ("docProps/core.xml", CORE.format(title=escape(title))), ("docProps/app.xml", APP),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in members:
            z.writestr(zipfile.ZipInfo(name, FIXED_DATE), xml.encode("utf-8"), zipfile.ZIP_DEFLATED)


# ---- the vocabulary for template bodies -------------------------------------------------------

def _text(text: str) -> str:
    """Escape literal template text for XML while leaving Jinja tags intact."""
    out, rest = [], text
    while rest:
        start = min((i for i in (rest.find("{{"), rest.find("{%")) if i >= 0), default=-1)
        if start < 0:
            out.append(escape(rest))
            break
        end = rest.index("}}" if rest[start + 1] == "{" else "%}", start) + 2
        out.append(escape(rest[:start]) + rest[start:end])
        rest = rest[end:]
    return "".join(out)


def run(text: str, style: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def tab_run() -> str:
    return "<w:r><w:tab/></w:r>"


def _keep(keep: bool | str) -> str:
    """<w:keepNext/>: always (True), never (False), or under a Jinja condition (a table's last rows)."""
    if isinstance(keep, str):
        return f"{{% if {keep} %}}<w:keepNext/>{{% endif %}}"
    return "<w:keepNext/>" if keep else ""


def p(text: str = "", style: str | None = None, *, runs: str | None = None, page_break: bool = False,
      jc: str | None = None, right_tab: bool = False, break_if: str | None = None, keep: bool | str = False,
      whole: bool = False) -> str:
    """A paragraph: literal text with {{ }} expressions, in one run so docxtpl never has to stitch tags.
    break_if is a Jinja condition under which the paragraph starts a new page; keep keeps it on the
    page of the next one (True, or a Jinja condition); whole keeps its lines on one page. A \n in the
    text is a line break."""
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + _keep(keep) + ("<w:keepLines/>" if whole else "")
    ppr += "<w:pageBreakBefore/>" if page_break else ""
    ppr += f"{{% if {break_if} %}}<w:pageBreakBefore/>{{% endif %}}" if break_if else ""
    ppr += f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>' if right_tab else ""
    ppr += f'<w:jc w:val="{jc}"/>' if jc else ""
    content = runs if runs is not None else "<w:r><w:br/></w:r>".join(run(line) for line in text.split("\n") if text)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{content}</w:p>"


def tag(statement: str) -> str:
    """A Jinja block statement that docxtpl turns into a paragraph-less tag ({%p … %})."""
    return p(f"{{%p {statement} %}}")


def block(statement: str, *body: str, end: str) -> str:
    return tag(statement) + "".join(body) + tag(end)


def each(loop: str, *body: str) -> str:
    return block(f"for {loop}", *body, end="endfor")


def when(condition: str, *body: str) -> str:
    return block(f"if {condition}", *body, end="endif")


def cell(content: str, width: int | str, *, style: str = "TableText", span: int | str = 1, vmerge: str | None = None,
         valign: str = "center", raw: bool = False, keep: bool | str = False) -> str:
    """A table cell; content is paragraph text, or XML when raw; width and span may be Jinja expressions
    ("{{ … }}") where they depend on the data. vmerge is restart/continue or a Jinja test;
    keep: the row stays on the page of the next (True or a Jinja condition: every cell of the row says so)."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span != 1 else "")
    if vmerge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        tcpr += "<w:vMerge/>"
    elif vmerge:  # a Jinja condition that is true on the first row of the merged run
        tcpr += f'{{% if {vmerge} %}}<w:vMerge w:val="restart"/>{{% else %}}<w:vMerge/>{{% endif %}}'
    tcpr += f'<w:vAlign w:val="{valign}"/>'
    body = content if raw else p(content, style, keep=keep)
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"


def row(*cells: str, header: bool = False, height: int | None = None) -> str:
    trpr = "<w:cantSplit/>" + (f'<w:trHeight w:val="{height}"/>' if height else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def row_tag(statement: str, columns: int) -> str:
    """A row holding only a {%tr … %} tag: docxtpl replaces the whole row with the statement."""
    return f"<w:tr>{cell(f'{{%tr {statement} %}}', TEXT_WIDTH, span=columns)}</w:tr>"


def table(widths: list[int | str], *rows: str, total: int | None = None) -> str:
    """A table of fixed columns; a width may be a Jinja expression, or a Jinja loop of gridCol elements
    (columns that depend on the data), and then total gives the table's width."""
    grid = "".join(w if str(w).startswith("{%") else f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="FormTable"/><w:tblW w:w="{total or sum(widths)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'{"".join(rows)}</w:tbl>')


def header_row(widths: list[int], titles: list[str], style: str = "TableHead") -> str:
    """The title row: repeated on every page the table runs onto, and never left without its first row
    at the foot of a page."""
    return row(*(cell(t, w, style=style, keep=True) for w, t in zip(widths, titles)), header=True)


def data_row(widths: list[int], values: list[str], styles: list[str] | None = None, keep: bool | str = False) -> str:
    styles = styles or ["TableText"] * len(widths)
    return row(*(cell(v, w, style=s, keep=keep) for v, w, s in zip(values, widths, styles)))


# a list's last rows stay together, so its end never leaves a row (or a 总得分) alone on a page (no "<" in
# a condition: the template is XML)
TAIL = "loop.revindex in (2, 3)"
# ... and its last rows stay with what follows the table (a signature, a note)
TAIL_AND_NEXT = "loop.revindex in (1, 2)"


def closing_row(widths: list[int], *paragraphs: str) -> str:
    """A last row across the table, without side or bottom borders, for what must stay on the page of
    the table's last rows (a count, the signatures): LibreOffice keeps rows together, but not a table
    with the paragraph after it. paragraphs: XML (p(…))."""
    borders = '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
    tcpr = f'<w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{len(widths)}"/>{borders}<w:vAlign w:val="top"/>'
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(paragraphs)}</w:tc></w:tr>"


def list_table(widths: list[int], titles: list[str], loop: str, values: list[str],
               styles: list[str] | None = None, keep: bool | str = TAIL, head: str = "TableHead",
               closing: str = "") -> str:
    """A table with a title row and one row per item of a Jinja loop ("o in occupations"); keep: which
    rows stay on the page of the next (a Jinja condition on the loop), its last three by default;
    False where every row must be alike (a list filled into a stencil of one row). closing: a last
    row (closing_row) the last rows keep with."""
    return table(widths, header_row(widths, titles, head), row_tag(f"for {loop}", len(widths)),
                 data_row(widths, values, styles, keep), row_tag("endfor", len(widths)), closing)

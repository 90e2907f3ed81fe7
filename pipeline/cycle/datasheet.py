"""The spreadsheets a cycle produces: the certificate data sheet the authority asks for (证书数据)
and the score entry sheet HR fills in (评分录入表). Written with openpyxl, every cell as text (an
ID number must never become a number), and with fixed document dates so equal input gives equal
bytes."""
from __future__ import annotations

import io
import re
import zipfile

from ..core.archive import stable_zip

DATA_COLUMNS = ["证书编号", "姓名", "身份证号", "职业（工种）", "认定级别", "认定日期"]
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def workbook_bytes(sheets: list[tuple[str, list[str], list[list[str]]]]) -> bytes:
    """An .xlsx of (sheet title, header, rows of text), columns sized to their content."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # streams rows: thousands of candidates stay fast
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        for c, values in enumerate(zip(*[header, *rows]), 1):
            width = max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(v or "")) for v in values) + 2
            sheet.column_dimensions[get_column_letter(c)].width = min(width, 60)
        sheet.freeze_panes = "A2"
        titles = []
        for value in header:
            cell = WriteOnlyCell(sheet, value)
            cell.font = bold
            titles.append(cell)
        sheet.append(titles)
        for values in rows:  # every value is a str, so an ID number stays text and keeps its digits
            sheet.append(values)
    raw = io.BytesIO()
    book.save(raw)
    with zipfile.ZipFile(raw) as z:  # the save time is the only thing that varies: fix it
        return stable_zip((i.filename, _fixed(i.filename, z.read(i))) for i in z.infolist())


# the order the SpreadsheetML schema requires inside <font>; openpyxl writes name/family first
_FONT_ORDER = ["b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme"]


def _fixed(name: str, data: bytes) -> bytes:
    if name == "docProps/core.xml":
        return _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
    if name == "xl/styles.xml":
        from lxml import etree

        root = etree.fromstring(data)
        for font in root.iter("{*}font"):
            font[:] = sorted(font, key=lambda e: _FONT_ORDER.index(etree.QName(e).localname))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data

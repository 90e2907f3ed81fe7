"""Spreadsheets in and out.

In: the tables HR departments keep (rosters, scores): .xlsx, or .csv as Excel saves it (UTF-8 with
or without BOM, or GBK). Every cell comes back as text, located by row and column, so problems are
reported as `file:row:column  列名  message` like every other problem.
Out: .xlsx files of text cells (an ID number must never become a number), with fixed document dates
so equal input gives equal bytes."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .archive import stable_zip
from .errors import InvalidInput, Problem, did_you_mean

MAX_ROWS = 100_000


@dataclass
class Row:
    """One spreadsheet row: its number as Excel shows it and its cells by column name."""

    number: int  # the spreadsheet's row number (1 is the header)
    cells: dict[str, str]


@dataclass
class Table:
    """A spreadsheet read as text, able to locate a problem by row and column."""

    file: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # (row, column) of cells Excel stored as numbers: a long ID typed as a number has lost its last digits
    numbers: set[tuple[int, str]] = field(default_factory=set)

    def problem(self, row: int, column: str, message: str, severity: str = "error") -> Problem:
        col = self.columns.index(column) + 1 if column in self.columns else 0
        return Problem(self.file, row, col, column, message, severity)


def read_table(path: Path, required: list[str]) -> Table:
    """The first sheet (or the CSV) with its header row; the required columns must all be there."""
    name = str(path)
    numeric: set[tuple[int, int]] = set()
    if path.suffix.lower() == ".xlsx":
        grid, numeric = _xlsx_rows(path)
    elif path.suffix.lower() == ".csv":
        grid = list(csv.reader(io.StringIO(_csv_text(path))))
    else:
        raise InvalidInput([Problem(name, 0, 0, "", "只支持 .xlsx 和 .csv 文件")])
    grid = [[c.strip() for c in r] for r in grid]
    header_at = next((i for i, r in enumerate(grid) if any(r)), None)
    if header_at is None:
        raise InvalidInput([Problem(name, 0, 0, "", "表格是空的")])
    columns = grid[header_at]
    table = Table(name, columns, numbers={(r + 1, columns[c]) for r, c in numeric if c < len(columns)})
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput([Problem(name, header_at + 1, 0, c, f"缺少“{c}”列" + did_you_mean(c, [x for x in columns if x]))
                            for c in missing])
    for n, values in enumerate(grid[header_at + 1:], header_at + 2):
        if any(values):
            table.rows.append(Row(n, {c: (values[i] if i < len(values) else "") for i, c in enumerate(columns) if c}))
    if len(table.rows) > MAX_ROWS:
        raise InvalidInput([Problem(name, 0, 0, "", f"行数过多（{len(table.rows):,} 行），上限 {MAX_ROWS:,} 行")])
    return table


def _csv_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on a Chinese Windows saves CSV as GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput([Problem(str(path), 0, 0, "", "文件既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为“CSV UTF-8”")])


def _xlsx_rows(path: Path) -> tuple[list[list[str]], set[tuple[int, int]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise InvalidInput([Problem(str(path), 0, 0, "", f"无法作为 Excel 文件打开：{e}")]) from e
    try:
        grid, numeric = [], set()
        for r, row in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            grid.append([_cell_text(v) for v in row])
            numeric |= {(r, c) for c, v in enumerate(row) if isinstance(v, (int, float)) and not isinstance(v, bool)}
        return grid, numeric
    finally:
        book.close()


def _cell_text(value) -> str:
    """A cell as the text a person sees; numbers Excel has stored stay distinguishable (see id checks)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")



def _text_cell(sheet, value):
    """A value that looks like a formula (=HYPERLINK(…)) is kept as text: data never becomes code."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


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
            sheet.append([_text_cell(sheet, v) for v in values])
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

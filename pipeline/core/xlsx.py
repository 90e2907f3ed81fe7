"""Writing .xlsx: sheets of text cells, written as SpreadsheetML directly.

Every workbook skillplan writes is the same simple thing: a bold header row, then rows of text
(an ID number stays text, never a number; =HYPERLINK(…) never a formula; #N/A never an error),
the same bytes for the same rows (no dates inside), columns sized to their content,
the header frozen, and for the score sheet a protection that leaves open only the cells to fill in.
openpyxl spent 15 µs a cell on it (a 10,000-person score sheet: 10 s and 170 MB, more than all
its forms); these few parts cost a microsecond a cell and nothing kept. Reading stays with
calamine (core/tables.py); the tests read every sheet back with openpyxl and check it in Calc.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .archive import Pieces, pack, stable_zip

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEADER, OPEN, GREY = 1, 2, 3  # cell styles (cellXfs): bold; unlocked; grey fill (and locked)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00D9D9D9"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


@dataclass
class Sheet:
    """One sheet to write: a bold header row and rows of text (None or "": no cell at all).

    With `fill_in` (per row, the column indexes a person is to fill in) the sheet is protected:
    the header and the values written here are locked, the cells to fill in are open, and every
    other empty cell is shaded grey, so typing where nothing belongs is hard to do by mistake."""

    title: str
    header: list[str]
    rows: Iterable[list[str | None]]  # a list, or anything that can be iterated twice (rows made as they go)
    fill_in: Iterable[frozenset[int] | set[int]] | None = None


class Again:
    """Rows made anew each time they are iterated: a Sheet reads its rows twice (the column widths,
    then the cells), and 10,000 people's rows are never all held at once."""

    def __init__(self, make: Callable[[], Iterable]):
        self.make = make

    def __iter__(self) -> Iterator:
        return iter(self.make())


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """An .xlsx of the sheets, columns sized to their content, every value an explicit text cell."""
    n = len(sheets)
    sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for k in range(1, n + 1))
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
             f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheet_types}</Types>')
    package_rels = (f'<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
                    'Target="xl/workbook.xml"/></Relationships>')
    book = (f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(f'<sheet name="{_text(s.title)}" sheetId="{k}" r:id="rId{k}"/>' for k, s in enumerate(sheets, 1))
            + "</sheets></workbook>")
    book_rels = (f'<Relationships xmlns="{_PACKAGE_REL}">'
                 + "".join(f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                           for k in range(1, n + 1))
                 + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    parts = [("[Content_Types].xml", types), ("_rels/.rels", package_rels), ("xl/workbook.xml", book),
             ("xl/_rels/workbook.xml.rels", book_rels), ("xl/styles.xml", _STYLES)]
    members = [(name, (_HEAD + xml).encode("utf-8")) for name, xml in parts]
    # each sheet deflated as its rows are written: a 40,000-row sheet is never one string in memory
    return stable_zip([*members, *(pack(f"xl/worksheets/sheet{k}.xml",
                                        Pieces(piece.encode() for piece in itertools.chain([_HEAD], _sheet_xml(s))))
                                   for k, s in enumerate(sheets, 1))])


def _sheet_xml(spec: Sheet) -> Iterator[str]:
    fill_in = spec.fill_in
    fillable = set() if fill_in is None else _fillable(fill_in)
    columns = [column_name(c) for c in range(len(spec.header))]
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{width}" customWidth="1"'
                   + (f' style="{OPEN}"' if c in fillable else "") + "/>"  # an empty cell of the column is open …
                   for c, width in enumerate(_widths(spec)))
    yield (f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
           f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')
    yield _row(1, columns, spec.header, dict.fromkeys(range(len(spec.header)), HEADER))
    for r, (values, open_here) in enumerate(zip(spec.rows, itertools.repeat(None) if fill_in is None else fill_in), 2):
        if fill_in is None:
            yield _row(r, columns, values, {})
            continue
        shut = {c for c in fillable - open_here if values[c] is None}
        if len(shut) > len(open_here):  # … unless its row is grey: then only the open cells are written
            yield _row(r, columns, values, dict.fromkeys(open_here, OPEN), row_style=GREY)
        else:
            yield _row(r, columns, values, dict.fromkeys(shut, GREY))
    yield "</sheetData>"
    if fill_in is not None:  # no password: a deliberate change stays possible, a slip does not
        yield '<sheetProtection sheet="1" formatColumns="0"/>'  # widening a column is harmless
    yield "</worksheet>"


def _fillable(fill_in: Iterable[frozenset[int] | set[int]]) -> set[int]:
    """Every column some row fills in (rows share their sets: each distinct one is looked at once)."""
    seen: dict[int, frozenset[int] | set[int]] = {}
    for cells in fill_in:
        seen.setdefault(id(cells), cells)
    return set().union(*seen.values())


def _row(r: int, columns: list[str], values: list[str | None], looks: dict[int, int], row_style: int = 0) -> str:
    """A row's cells: each value as inline text, each empty cell with a look as a styled empty cell."""
    for value in values:
        if value is not None and not isinstance(value, str):
            raise TypeError(f"only text goes into a sheet, not {type(value).__name__}")  # an ID is never a number
    if not looks and not row_style:  # a plain row (every sheet but the score sheet): its filled cells only
        values = values[:len(columns)]
        filled = list(filter(None, values))
        # one search of the whole row (a tab, itself plain, keeps a pattern from spanning two cells):
        # nearly every row needs no escaping, and is then one format of the row's shape
        if _SPECIAL.search("\t".join(filled)):
            filled = list(map(_text, filled))
        return _plain_row(tuple(itertools.compress(columns, values))).format(r, *filled)
    cells = []
    for c, value in enumerate(values):
        style = looks.get(c)
        look = f' s="{style}"' if style else ""
        if value:  # "" is an empty cell, as a person leaves it
            cells.append(_text_cell(f"{columns[c]}{r}", look, value))
        elif style:
            cells.append(f'<c r="{columns[c]}{r}"{look}/>')
    grey = f' s="{row_style}" customFormat="1"' if row_style else ""
    return f'<row r="{r}"{grey}>{"".join(cells)}</row>'


_TEXT_CELL = '<c r="{}"{} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>'


@functools.lru_cache(maxsize=256)  # a sheet's rows have a few shapes (which of their cells are filled)
def _plain_row(filled_columns: tuple[str, ...]) -> str:
    """The format of a plain row with cells in these columns: {0} is the row's number, then each text."""
    cells = "".join(_TEXT_CELL.format(f"{column}{{0}}", "", f"{{{i}}}") for i, column in enumerate(filled_columns, 1))
    return f'<row r="{{0}}">{cells}</row>'


def _text_cell(ref: str, look: str, value: str) -> str:
    return _TEXT_CELL.format(ref, look, _text(value))


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _widths(spec: Sheet) -> list[int]:
    """Each column as wide as its longest text (CJK characters count twice), at most 60: one pass
    over the rows, none of them kept. An ASCII text (an ID, a number) is as wide as it is long."""
    widest = [0] * len(spec.header)
    rows = iter(_with_header(spec))
    while block := list(itertools.islice(rows, 1024)):  # a column of a thousand rows at a time
        for c, column in enumerate(itertools.islice(itertools.zip_longest(*block), len(widest))):
            texts = [v for v in column if v]
            longest = max(map(len, texts), default=0)
            if longest * 2 <= widest[c]:  # no text here can be wider (a character counts at most twice)
                continue
            # a column of IDs and numbers is as wide as its longest text
            widest[c] = max(widest[c], longest if "".join(texts).isascii() else max(map(_cell_width, texts)))
    return [min(w + 2, 60) for w in widest]


def _cell_width(text: str) -> int:
    return len(text) if text.isascii() else _text_width(text)


@functools.lru_cache(maxsize=4096)  # most of a column repeats (居民身份证, 班组长, 电工)
def _text_width(text: str) -> int:
    return len(text) + sum(ord(ch) > 0x2E7F for ch in text)


def _with_header(spec: Sheet) -> Iterator[list[str | None]]:
    yield spec.header
    yield from spec.rows


_SPECIAL = re.compile("[&<>\"\r]|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|_x[0-9A-Fa-f]{4}_")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}  # a CR as such, not a newline


def _text(value: str) -> str:
    """Text as XML keeps it exactly: a character XML cannot hold as _xHHHH_ (which Excel reads back),
    and a literal _xHHHH_ protected by an escaped underscore."""
    if not _SPECIAL.search(value):
        return value
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group()) or ("_x005F" + m.group() if len(m.group()) == 7
                                                               else f"_x{ord(m.group()):04X}_"), value)

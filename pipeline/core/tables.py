"""Spreadsheets in (writing them is core/xlsx.py).

In: the tables HR departments keep (rosters, scores): .xlsx, or .csv as Excel saves it. A CSV's
encoding is proven, not guessed: each of UTF-8 (with or without BOM), GB18030 (a superset of GBK)
and Big5 is tried, and the one whose header row reads as the expected column names wins — Big5
bytes decode as GB18030 without error, so only the header tells them apart. Every cell comes back
as text, located by row and column, so problems are reported as `file:row:column  列名  message`."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import gc
import operator
import os
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from .errors import InvalidInput, Problem, closest, os_reason

P, R = ParamSpec("P"), TypeVar("R")

MAX_ROWS = 100_000
# (codec, the name a user knows it by), in the order they are tried
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030（含 GBK）"), ("cp950", "Big5"), ("big5hkscs", "Big5-HKSCS"))
# Traditional forms of the characters in the column names and the 证件类型 words: a Big5 file from a
# Taiwanese or Hong Kong office is headed 性別, 證件號碼, 申報職業 … and may write 護照; every other
# cell is data and is kept as written.
_SIMPLIFIED = str.maketrans("別證號碼崗報職業種級單齡類門書評價體論識綜審態溝規產團結劃務質創來內灣臺陸國護",
                            "别证号码岗报职业种级单龄类门书评价体论识综审态沟规产团结划务质创来内湾台陆国护")


@dataclass(slots=True)
class Row:
    """One spreadsheet row: its number as Excel shows it and its cells by column name."""

    number: int  # the spreadsheet's row number (1 is the header)
    cells: Cells


class Cells(Mapping):
    """A row's cells by column name, "" for an empty or absent one: a view over the row's values
    and the column index every row of the table shares (40,000 rows of a score sheet as 40,000
    small lists, not 40,000 dictionaries). Iterating gives the filled cells only."""

    __slots__ = ("_columns", "_values")

    def __init__(self, columns: Columns, values: list[str]):
        self._columns, self._values = columns, values

    def __getitem__(self, column: str) -> str:
        return self.get(column)

    @property
    def values(self) -> list[str]:
        """The row's cells by place (Table.places says which column is where), as read."""
        return self._values

    def get(self, column: str, default: str = "") -> str:
        """The cell, or default when it is empty: the one lookup (Mapping.get would go through a
        KeyError per call; half a million calls for 10,000 people)."""
        i = self._columns.index.get(column)
        return (self._values[i] if i is not None and i < len(self._values) else "") or default

    def filled(self) -> dict[str, str]:
        """The filled cells as a dictionary, for a row looked at many times over (a roster row's
        thirty lookups, each a dictionary's, not a call here)."""
        return {column: value for column, value in zip(self._columns.names, self._values) if value and column}

    def items(self) -> list[tuple[str, str]]:
        """(column, text) of the filled cells, in column order: the check of every cell of 40,000 rows."""
        return [(column, value) for column, value in zip(self._columns.names, self._values) if value and column]

    def __contains__(self, column: object) -> bool:
        return isinstance(column, str) and bool(self[column])

    def __iter__(self) -> Iterator[str]:
        return (column for column, _ in self.items())

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Columns:
    """A table's columns, shared by all its rows: name → place, and the name at each place (None
    where no column counts: an empty heading, or the first of a name written twice)."""

    __slots__ = ("index", "names")

    def __init__(self, index: dict[str, int]):
        self.index = index
        self.names: list[str | None] = [None] * (max(index.values(), default=-1) + 1)
        for name, i in index.items():
            self.names[i] = name


@dataclass
class Table:
    """A spreadsheet read as text, able to locate a problem by row and column.

    Cells are keyed by the column's expected name; `headers` keeps the name as the file writes it
    (身份证号 for 证件号码, 性別 for 性别), which is what a problem names."""

    file: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # (row, column) of cells Excel stored as numbers: a long ID typed as a number has lost its last digits
    numbers: set[tuple[int, str]] = field(default_factory=set)
    headers: dict[str, str] = field(default_factory=dict)
    places: Columns | None = None  # where each column is in a row's values (once the rows are opened)
    formulas: dict[tuple[int, int], str] | None = None  # a workbook's formulas without a value, read when first asked

    def formula_at(self, row: int, column: str) -> str | None:
        """What a cell read as empty holds in a workbook (calamine reads these as empty): an Excel error
        value (#DIV/0! …), "" for a formula saved without its result, EMPTY_RESULT for one whose result
        is empty; None for a cell simply left empty."""
        if self.formulas is None:
            self.formulas = blank_formulas(Path(self.file)) if self.file.lower().endswith(".xlsx") else {}
        index = self.places.index.get(column) if self.places is not None else None
        return self.formulas.get((row, index)) if index is not None else None

    def blank_reason(self, row: int, column: str, what: str, fill: str) -> str | None:
        """Why a cell read as empty is not (its formula, as HR would look for it: what it is not, and what
        to fill in instead); None when it is simply empty."""
        found = self.formula_at(row, column)
        if found is None:
            return None
        if found == EMPTY_RESULT:
            return f"单元格的公式计算结果为空，不是{what}：请改正公式或直接填写{fill}"
        if found:
            return f"单元格是公式错误值 {found}，不是{what}：请改正公式或直接填写{fill}"
        return f"单元格的公式没有计算结果（保存时未计算）：请在 Excel 中重新计算并保存，或直接填写{fill}"

    def problem(self, row: int, column: str, message: str, severity: str = "error") -> Problem:
        """A problem at a row and column of the table, as the user counts them."""
        written = self.headers.get(column, column)
        col = self.columns.index(written) + 1 if written in self.columns else 0
        return Problem(self.file, row, col, written, message, severity)


def picker(places: list[int]) -> Callable[[list], tuple]:
    """The values at these places of a list, as a tuple, in one call (itemgetter gives a bare value
    for one place, and needs at least one)."""
    return operator.itemgetter(*places) if len(places) > 1 else lambda values: tuple(values[i] for i in places)


def plain(text: str) -> str:
    """A value typed in full width (４级, ８５, Ｈ１２３４５６７８) read as the ASCII a program expects.

    NFKC only folds compatibility forms: Arabic-Indic ٨٥ stays what it is, and is refused where a
    number is expected. Names are never folded: they are kept exactly as written."""
    return unicodedata.normalize("NFKC", text).strip()


def simplified(text: str) -> str:
    """A heading or a fixed word (证件类型) written in traditional characters, in the simplified form
    the tool expects: 港澳台居民居住證 → 港澳台居民居住证. Only for words from a fixed list, never for names."""
    return text.translate(_SIMPLIFIED)


def bulk(reader: Callable[P, R]) -> Callable[P, R]:
    """For a reader that builds a million plain objects and no cycles (rows, cells, outcomes of
    10,000 people): the cyclic collector is paused meanwhile, or it rescans the growing heap again
    and again (a third of reading a score sheet)."""

    @functools.wraps(reader)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was = gc.isenabled()
        gc.disable()
        try:
            return reader(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return paused


def read_table(path: Path, required: list[str], optional: tuple[str, ...] = (),
               aliases: dict[str, tuple[str, ...]] | None = None) -> Table:
    """The first sheet (or the CSV) with its header row; the required columns must all be there.

    aliases name other headings accepted for a column (证件号码 may be headed 身份证号)."""
    table, rows = open_table(path, required, optional, aliases)
    table.rows.extend(rows)
    return table


def open_table(path: Path, required: list[str], optional: tuple[str, ...] = (),
               aliases: dict[str, tuple[str, ...]] | None = None) -> tuple[Table, Iterator[Row]]:
    """The table with its header checked (as read_table) but no rows yet, and its rows as they are
    read: a 40,000-row score sheet need never be in memory at once. Cells Excel stored as numbers
    are added to table.numbers as their rows come."""
    name = str(path)
    names = _Names(required, optional, aliases or {})
    if path.suffix.lower() == ".xlsx":
        source = _xlsx_rows(path)
    elif path.suffix.lower() == ".csv":
        source = _csv_rows(path, names)
    else:
        raise InvalidInput([Problem(name, 0, 0, "", "只支持 .xlsx 和 .csv 文件" + (
            "：旧版 Excel（.xls）文件请在 Excel 中另存为“Excel 工作簿(*.xlsx)”" if path.suffix.lower() == ".xls" else ""))])
    columns, header_row = _header(source, names)
    if columns is None:
        raise InvalidInput([Problem(name, 0, 0, "", "表格是空的" + _other_sheets(path))])
    table = Table(name, columns, headers=names.match(columns))
    twice = names.twice(columns)
    if twice:
        raise InvalidInput([table.problem(header_row, c, f"“{c}”列出现了不止一次：请只保留一列") for c in twice])
    missing = [c for c in required if c not in table.headers]
    if missing:  # the first names the header as read: a list headed 编号 is missing its 证书编号 column
        found = [x for x in columns if x]
        heading = f"；读到的表头（第 {header_row} 行）为：{'、'.join(found[:10])}{f' 等 {len(found)} 列' if len(found) > 10 else ''}"
        problems = []
        for n, c in enumerate(missing):
            near = closest(c, [x for x in found if x not in table.headers])  # a column headed 编号 where 证书编号 belongs
            rename = f"；“{near}”列如就是“{c}”，请把表头改为“{c}”" if near is not None else ""
            problems.append(Problem(name, header_row, columns.index(near) + 1 if near is not None else 0, c,
                                    f"缺少“{c}”列" + (heading if n == 0 else "") + rename + _other_sheets(path)))
        raise InvalidInput(problems)
    # a name written twice: the last counts
    table.places = Columns({names.key(c): i for i, c in enumerate(columns) if c})
    return table, _rows(table, source, header_row + 1, table.places, names)


def _header(source: Iterator[tuple[list[str], list[int]]], names: _Names) -> tuple[list[str] | None, int]:
    """The header row and its number: the first row with anything in it, but a title above it. A
    table whose every row is one cell (a one-column list headed 编号) is headed by its first row when
    columns are required: it is missing them, not empty."""
    first = None
    for n, (values, _) in enumerate(source, 1):
        if any(values):
            if not names.title(values):
                return values, n
            first = first or (values, n)
    return first if first and names.required else (None, 0)


def _rows(table: Table, source: Iterator[tuple[list[str], list[int]]], first: int, shared: Columns,
          names: _Names) -> Iterator[Row]:
    count = 0
    for n, (values, numeric) in enumerate(source, first):
        table.numbers.update((n, names.key(table.columns[c])) for c in numeric if c < len(table.columns))
        if any(values):
            count += 1
            if count > MAX_ROWS:
                raise InvalidInput([Problem(table.file, 0, 0, "", f"行数过多：超过上限 {MAX_ROWS:,} 行")])
            yield Row(n, Cells(shared, values))


class _Names:
    """Which header cell is which expected column: exact, through an alias, or in traditional characters."""

    def __init__(self, required: list[str], optional: tuple[str, ...], aliases: dict[str, tuple[str, ...]]):
        self.known = {c: c for c in [*required, *optional]}
        self.known.update({alt: c for c, alts in aliases.items() for alt in alts})
        self.required = required

    def key(self, header: str) -> str:
        """The expected name of a header cell, or the cell itself for a column nobody expects."""
        return self.known.get(simplified(header).strip(), header)

    def match(self, columns: list[str]) -> dict[str, str]:
        """Expected name → the header as written, for every expected column found (the first wins)."""
        found: dict[str, str] = {}
        for c in columns:
            if c and self.key(c) in self.known.values():
                found.setdefault(self.key(c), c)
        return found

    def twice(self, columns: list[str]) -> list[str]:
        """Expected columns headed more than once (身份证号 and 证件号码 both): which one counts is a guess."""
        keys = [self.key(c) for c in columns if c and self.key(c) in self.known.values()]
        return sorted({k for k in keys if keys.count(k) > 1})

    def score(self, grid: list[list[str]]) -> int:
        """How many required columns the header row names: the proof of an encoding."""
        header = next((row for row in grid if any(row) and not self.title(row)), None)
        return 0 if header is None else sum(c in self.required for c in self.match(header))

    def title(self, row: list[str]) -> bool:
        """A title above the table (2026年第1批报名名册, one cell, often merged across): one cell
        filled, and it is none of the expected columns."""
        filled = [c for c in row if c]
        return len(filled) == 1 and self.key(filled[0]) not in self.known.values()


def _stripped(row: Iterable[str]) -> list[str]:
    """The row's cells stripped, one string per distinct text (interned): a score sheet repeats its
    ID numbers, raters and scores, a roster its occupations and levels, so 10,000 people's cells
    take a fraction of the memory."""
    return list(map(sys.intern, map(str.strip, row)))


def _lines(data: str | bytes, start: int = 0) -> Iterator[str | bytes]:
    """The lines of text or of UTF-8 bytes from start, each with its \n (as a file opened with
    newline="" gives them to csv), one at a time: no second copy of the file (io.StringIO would
    hold one at four bytes a character). A \n byte is never part of another character in UTF-8."""
    newline = "\n" if isinstance(data, str) else b"\n"
    while end := data.find(newline, start) + 1:
        yield data[start:end]
        start = end
    if start < len(data):
        yield data[start:]


def _csv_rows(path: Path, names: _Names) -> Iterator[tuple[list[str], list[int]]]:
    """The CSV's rows, decoded with the encoding whose header row names the most expected columns:
    UTF-8 (the encoding whenever the bytes decode as UTF-8) read as it goes, the others in full."""
    raw = path.read_bytes()
    if _is_utf8(raw):  # bytes that decode as UTF-8 are UTF-8: a wrong header is then a wrong header
        return _utf8_rows(path, raw)
    best, best_score = None, 0
    for codec, _ in ENCODINGS[1:]:
        try:
            text = raw.decode(codec)
            grid = [_stripped(row) for row in csv.reader(_lines(text))]
        except (UnicodeDecodeError, csv.Error):  # csv.Error: a NUL or a bare CR, i.e. not this encoding
            continue
        if (score := names.score(grid)) > best_score:
            best, best_score = grid, score
        if score == len(names.required):
            break  # a header naming every column proves the encoding
    if best is not None:
        return ((row, []) for row in best)
    tried = "、".join(label for _, label in ENCODINGS)
    expected = "、".join(f"“{c}”" for c in names.required[:3])
    raise InvalidInput([Problem(str(path), 0, 0, "", f"无法识别文件编码：按 {tried} 读取，表头都不是预期的列名"
                                f"（{expected}等）；请在 Excel 中另存为“CSV UTF-8”或 .xlsx")])


def _is_utf8(raw: bytes) -> bool:
    """Whether the bytes are UTF-8, checked a piece at a time (decoding them whole would hold a
    second, larger copy of a 40,000-row file)."""
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(raw)
    try:
        for start in range(0, len(raw), 1 << 16):
            decoder.decode(view[start:start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_rows(path: Path, raw: bytes) -> Iterator[tuple[list[str], list[int]]]:
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    reader = csv.reader(line.decode() for line in _lines(raw, bom))
    try:
        for row in reader:
            yield _stripped(row), []
    except csv.Error as e:
        why = "单元格中有不在引号内的回车符" if "new-line" in str(e) else "格式不是 CSV"
        raise InvalidInput([Problem(str(path), reader.line_num, 0, "", f"无法按 CSV 读取：{why}；请在 Excel 中另存为"
                                    "“CSV UTF-8”或 .xlsx")]) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[list[str], list[int]]]:
    """The first sheet's rows as text, each with the columns where Excel stored a number. Read with
    calamine (Rust), row by row: a 40,000-row score sheet takes half a second, not openpyxl's nine."""
    from python_calamine import CalamineError

    try:
        sheet = _first_sheet(path)
        # rows come from row 1, as Excel numbers them, but cells from the first column used
        lead = [""] * (sheet.start[1] if sheet.start else 0)
        for row in sheet.iter_rows():  # nearly every cell is text: only the others are converted
            yield (_stripped(lead + [v if type(v) is str else _cell_text(v) for v in row]),
                   [len(lead) + c for c, v in enumerate(row) if type(v) in _NUMBERS])
    except (CalamineError, ValueError, OSError, IndexError) as e:
        raise InvalidInput([Problem(str(path), 0, 0, "", f"无法作为 Excel 文件打开：{_unreadable(path, e)}")]) from e


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format, and a workbook Excel encrypted with a password


def _unreadable(path: Path, error: Exception) -> str:
    """Why a .xlsx cannot be read, as the consultant can act on it (calamine says it in English)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as e:
        return os_reason(e)
    if isinstance(error, OSError):
        return os_reason(error)
    if not head:
        return "文件是空的（0 字节）"
    if head.startswith(_OLE):
        return "这是旧版 Excel（.xls）文件或设了打开密码的工作簿：请在 Excel 中取消密码，另存为“Excel 工作簿(*.xlsx)”"
    if not head.startswith(b"PK"):
        return ("不是 Excel 工作簿，而是改了扩展名的文本文件：若是 CSV，请把扩展名改回 .csv" if b"\0" not in head
                else "文件已损坏，或不是 Excel 工作簿")
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            is_workbook = "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return "文件已损坏（压缩包不完整，可能没有下载或复制完）：请重新获取这份文件"
    if not is_workbook:
        return "是压缩包，但不是 Excel 工作簿（.docx 等文件改了扩展名？）"
    return "工作簿已损坏：请在 Excel 中打开后另存一份再试"


def _other_sheets(path: Path) -> str:
    """For a workbook of several sheets, which one was read: a roster on the second sheet is not
    "missing its columns" but elsewhere."""
    if path.suffix.lower() != ".xlsx":
        return ""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = book.sheet_names
    except (CalamineError, ValueError, OSError):
        return ""
    return (f"（读取的是第一个工作表“{sheets[0]}”，本工作簿共 {len(sheets)} 个工作表：请把表格放在第一个工作表）"
            if len(sheets) > 1 else "")


_PREREAD: dict[str, tuple[tuple[int, int] | None, Future]] = {}  # path → (its size and time then, its sheet)


def preread(path: Path) -> None:
    """Start parsing a workbook's first sheet on another thread (calamine lets go of the interpreter
    meanwhile): certificates checks the plan while the province's 10,000-row list is parsed. Any
    error waits for the reading itself."""
    if str(path).lower().endswith(".xlsx"):
        future: Future = Future()
        _PREREAD[str(path)] = (_signature(path), future)  # one per path: a later preread replaces it

        def parse() -> None:
            try:
                future.set_result(_parsed(path))
            except BaseException as e:  # noqa: BLE001 — handed to the reader, as if it had parsed the file itself
                future.set_exception(e)

        threading.Thread(target=parse, daemon=True).start()


def _first_sheet(path: Path):
    """The sheet parsed ahead, if it was this very file (a run that stopped before reading it may
    leave one behind, and the file may have been saved again since); else parsed now."""
    signature, future = _PREREAD.pop(str(path), (None, None))
    if future is not None and signature is not None and signature == _signature(path):
        return future.result()
    return _parsed(path)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _parsed(path: Path):
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_index(0)


def blank_formulas(path: Path) -> dict[tuple[int, int], str]:
    """The cells of a workbook's first sheet that read as empty but hold something: an Excel error
    value (#DIV/0!, #N/A, #VALUE! …), a formula saved without its result ("") or one whose result is
    empty text (EMPTY_RESULT), by (row as Excel numbers it, column from 0). calamine gives all of them
    as empty cells; this reads the sheet's XML itself, only when a cell that must be filled is empty.
    {} when the workbook cannot be read so."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            with z.open(_first_sheet_member(z)) as sheet:
                return _blank_formulas(etree.iterparse(sheet, events=("end",), tag="{*}c", resolve_entities=False,
                                                       no_network=True, load_dtd=False, huge_tree=True))
    except (OSError, KeyError, ValueError, IndexError, zipfile.BadZipFile, etree.LxmlError):
        return {}


def _first_sheet_member(z) -> str:
    """The zip member of a workbook's first sheet, through workbook.xml and its relationships."""
    from lxml import etree

    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    first = etree.fromstring(z.read("xl/workbook.xml"), safe).find("{*}sheets")[0]
    rid = next(value for key, value in first.attrib.items() if key.endswith("}id"))
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), safe)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else os.path.normpath(f"xl/{target}").replace(os.sep, "/")


EMPTY_RESULT = "="


def _blank_formulas(cells) -> dict[tuple[int, int], str]:
    """(row, column) → the error value, "" for a formula saved without a result, EMPTY_RESULT for one
    whose result is empty text (=IF(…,"",…))."""
    found = {}
    for _, cell in cells:
        value, formula = cell.find("{*}v"), cell.find("{*}f")
        text = value.text if value is not None else None
        if cell.get("t") == "e" or (formula is not None and not text):
            ref = cell.get("r", "")
            letters = ref.rstrip("0123456789")
            if letters and ref[len(letters):]:  # B12: row 12, column 1
                column = functools.reduce(lambda n, ch: n * 26 + ord(ch) - 64, letters.upper(), 0) - 1
                found[int(ref[len(letters):]), column] = ((text or "") if cell.get("t") == "e" else
                                                          EMPTY_RESULT if cell.get("t") == "str" and value is not None else "")
        cell.clear()
    return found


_NUMBERS = (int, float)  # what Excel stored as a number (a bool is neither: its type is bool)


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

"""Spreadsheets in (writing them is core/xlsx.py).

In: the tables HR departments keep (rosters, scores): .xlsx, or .csv as Excel saves it. A CSV's
encoding is proven, not guessed: each of UTF-8 (with or without BOM), GB18030 (a superset of GBK)
and Big5 is tried, and the one whose header row reads as the expected column names wins — Big5
bytes decode as GB18030 without error, so only the header tells them apart. Every cell comes back
as text, located by row and column, so problems are reported as `file:row:column  列名  message`."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from .errors import InvalidInput, Problem, did_you_mean

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
        i = self._columns.index.get(column)
        return self._values[i] if i is not None and i < len(self._values) else ""

    def get(self, column: str, default: str = "") -> str:
        """The cell, or default when it is empty (Mapping.get would go through a KeyError per call)."""
        return self[column] or default

    def texts(self, columns: Iterable[str]) -> list[str]:
        """The cells of many columns at once, in their order ("" for an empty or absent one)."""
        values, n = self._values, len(self._values)
        return [values[i] if i is not None and i < n else "" for i in map(self._columns.index.get, columns)]

    def items(self) -> Iterator[tuple[str, str]]:
        """(column, text) of the filled cells, in column order: the check of every cell of 40,000 rows."""
        return ((column, value) for column, value in zip(self._columns.names, self._values) if value and column)

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

    def problem(self, row: int, column: str, message: str, severity: str = "error") -> Problem:
        written = self.headers.get(column, column)
        col = self.columns.index(written) + 1 if written in self.columns else 0
        return Problem(self.file, row, col, written, message, severity)


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
    name = str(path)
    numeric: set[tuple[int, int]] = set()
    names = _Names(required, optional, aliases or {})
    if path.suffix.lower() == ".xlsx":
        grid, numeric = _xlsx_rows(path)
    elif path.suffix.lower() == ".csv":
        grid = _csv_grid(path, names)
    else:
        raise InvalidInput([Problem(name, 0, 0, "", "只支持 .xlsx 和 .csv 文件")])
    header_at = _header_at(grid)
    if header_at is None:
        raise InvalidInput([Problem(name, 0, 0, "", "表格是空的")])
    columns = grid[header_at]
    headers = names.match(columns)
    table = Table(name, columns, numbers={(r + 1, names.key(columns[c])) for r, c in numeric if c < len(columns)},
                  headers=headers)
    twice = names.twice(columns)
    if twice:
        raise InvalidInput([table.problem(header_at + 1, c, f"“{c}”列出现了不止一次：请只保留一列") for c in twice])
    missing = [c for c in required if c not in headers]
    if missing:
        raise InvalidInput([Problem(name, header_at + 1, 0, c, f"缺少“{c}”列" + did_you_mean(c, [x for x in columns if x]))
                            for c in missing])
    # a name written twice: the last counts
    shared = Columns({names.key(c): i for i, c in enumerate(columns) if c})
    for n in range(header_at + 1, len(grid)):
        values, grid[n] = grid[n], None  # each row of the grid becomes a Row as it goes
        if any(values):
            table.rows.append(Row(n + 1, Cells(shared, values)))
    if len(table.rows) > MAX_ROWS:
        raise InvalidInput([Problem(name, 0, 0, "", f"行数过多（{len(table.rows):,} 行），上限 {MAX_ROWS:,} 行")])
    return table


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
        """How many required columns the first non-empty row names: the proof of an encoding."""
        at = _header_at(grid)
        return 0 if at is None else sum(c in self.required for c in self.match(grid[at]))


def _header_at(grid: list[list[str]]) -> int | None:
    return next((i for i, r in enumerate(grid) if any(r)), None)


def _stripped(rows: Iterable[Iterable[str]]) -> list[list[str]]:
    """Each cell stripped, and one string per distinct text: a score sheet repeats its ID numbers,
    raters and scores, a roster its occupations and levels, so 10,000 people's cells take a
    fraction of the memory (made row by row: no second copy of the sheet is ever held)."""
    shared: dict[str, str] = {}
    return [[shared.setdefault(c, c) for c in map(str.strip, row)] for row in rows]


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its \n (as a file opened with newline="" gives them to csv),
    one at a time: io.StringIO would hold a second, four-bytes-a-character copy of the file."""
    start = 0
    while end := text.find("\n", start) + 1:
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]


def _csv_grid(path: Path, names: _Names) -> list[list[str]]:
    """The CSV decoded with the encoding whose header row names the most expected columns."""
    raw = path.read_bytes()
    best, best_score = None, 0
    for codec, _ in ENCODINGS:
        try:
            grid = _stripped(csv.reader(_lines(raw.decode(codec))))
        except (UnicodeDecodeError, csv.Error):  # csv.Error: a NUL or a bare CR, i.e. not this encoding
            continue
        if codec == "utf-8-sig":
            return grid  # bytes that decode as UTF-8 are UTF-8: a wrong header is then a wrong header
        if (score := names.score(grid)) > best_score:
            best, best_score = grid, score
        if score == len(names.required):
            break  # a header naming every column proves the encoding
    if best is not None:
        return best
    tried = "、".join(label for _, label in ENCODINGS)
    expected = "、".join(f"“{c}”" for c in names.required[:3])
    raise InvalidInput([Problem(str(path), 0, 0, "", f"无法识别文件编码：按 {tried} 读取，表头都不是预期的列名"
                                f"（{expected}等）；请在 Excel 中另存为“CSV UTF-8”或 .xlsx")])


def _xlsx_rows(path: Path) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """The first sheet's cells as text, and where Excel stored a number. Read with calamine (Rust):
    a 40,000-row score sheet takes half a second, not the nine openpyxl needs."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheet = book.get_sheet_by_index(0)
            # rows come from row 1, as Excel numbers them, but cells from the first column used
            lead = [""] * (sheet.start[1] if sheet.start else 0)
            numeric: set[tuple[int, int]] = set()

            def texts() -> Iterator[list[str]]:
                for r, row in enumerate(sheet.iter_rows()):
                    numeric.update((r, len(lead) + c) for c, v in enumerate(row)
                                   if isinstance(v, (int, float)) and not isinstance(v, bool))
                    yield lead + [_cell_text(v) for v in row]

            return _stripped(texts()), numeric
    except (CalamineError, ValueError, OSError, IndexError) as e:
        raise InvalidInput([Problem(str(path), 0, 0, "", f"无法作为 Excel 文件打开：{e}")]) from e


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

"""Rows of data for batches: CSV (UTF-8, with or without Excel's BOM), XLSX, JSON, JSON Lines, YAML.

CSV, XLSX and JSON Lines are read as streams, one row at a time, so a file far larger than memory
can feed a batch. A column named with dots ("co_quan.ten", "noi_nhan.0") fills a nested field;
an empty cell is a missing value. A row that cannot be read becomes a :class:`BadRow`, which the
batch reports without stopping.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban.data_files import DataFileError, read_data
from vanban.errors import VanBanError

FORMATS = (".csv", ".xlsx", ".json", ".jsonl", ".ndjson", ".yaml", ".yml")


class RowsError(VanBanError, ValueError):
    """A data file that cannot be read at all (unknown format, not a list of rows)."""


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: where and why."""

    reason: str
    field: str = ""


class Rows(Iterator[dict[str, Any] | BadRow]):
    """The rows of a data file, as a stream; ``columns`` is the header of a CSV or XLSX file."""

    def __init__(
        self, rows: Iterator[dict[str, Any] | BadRow], columns: tuple[str, ...] | None = None
    ) -> None:
        self._rows = rows
        self.columns = columns

    def __next__(self) -> dict[str, Any] | BadRow:
        return next(self._rows)

    def __iter__(self) -> Rows:
        return self

    @property
    def fields(self) -> frozenset[str] | None:
        """The top-level field names the header gives (``co_quan`` for ``co_quan.ten``)."""
        if self.columns is None:
            return None
        return frozenset(c.split(".")[0].strip() for c in self.columns if c)


def read_rows(path: str | os.PathLike[str]) -> Rows:
    """The rows of a data file, in order.

    A CSV or XLSX file's header is read (and checked) now, and a CSV file is checked to be UTF-8
    from end to end, so a file that cannot be read fails here, before any row is used.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix in (".jsonl", ".ndjson"):
        return Rows(_jsonl(path))
    if suffix in (".json", ".yaml", ".yml"):
        return Rows(_document(path))
    raise RowsError(f"{path}: unknown data format {suffix!r}; vanban reads {', '.join(FORMATS)}")


def nest(row: Mapping[str, Any]) -> dict[str, Any]:
    """Expand dotted keys into nested mappings and lists: {"a.b": 1, "l.0": "x"} -> {"a": {"b": 1},
    "l": ["x"]}. Empty strings and None are dropped (an empty cell is a missing value)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is None or value == "" or key is None:
            continue
        parts = str(key).strip().split(".")
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ValueError(f"column {key!r} nests inside a value")
        target[parts[-1]] = value
    nested: dict[str, Any] = _lists(out)
    return nested


def overlay(chung: Mapping[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` laid over the data every row shares: a row's value replaces the shared one.

    Mappings merge key by key at every depth ({"co_quan": {"ten": …}} in a row keeps the shared
    ``co_quan.ten_chu_quan``); any other value, a list included, replaces the shared value whole
    (a row's ``kinh_moi`` is that guest alone, not the shared list with the guest added).
    """
    out = dict(chung)
    for key, value in row.items():
        shared = out.get(key)
        if isinstance(shared, Mapping) and isinstance(value, Mapping):
            out[key] = overlay(shared, value)
        else:
            out[key] = value
    return out


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        converted = {k: _lists(v) for k, v in value.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    return value


EXCEL_UTF8 = "in Excel, choose Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'"


def _check_utf8(path: Path) -> None:
    """Refuse a CSV that is not UTF-8 (Excel's plain "CSV" is cp1258 or cp1252), naming the line.

    The whole file is checked before any row is used, so nothing is made from a half-readable file.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk.count(b"\n", 0, error.start)
                bad = chunk[error.start : error.start + 1]
                raise RowsError(
                    f"{path} is not UTF-8 (line {line}: byte 0x{bad.hex()}); it looks saved by "
                    f"Excel as plain 'CSV' (Windows-1258/1252): {EXCEL_UTF8}"
                ) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise RowsError(
                f"{path} is not UTF-8 (it ends inside a character): {EXCEL_UTF8}"
            ) from None


def _check_columns(path: Path, columns: Sequence[str]) -> None:
    """Refuse a header with a repeated column or a column that starts with a number."""
    seen: dict[str, int] = {}
    for position, name in enumerate(columns, start=1):
        if not name:
            continue
        if name in seen:
            raise RowsError(
                f"{path}: column {name!r} appears twice (columns {seen[name]} and {position}); "
                "each column needs its own name"
            )
        seen[name] = position
        if name.split(".")[0].strip().isdigit():
            raise RowsError(
                f"{path}: column {position} is named {name!r}; a column needs a field name "
                "(numbers only number the items of a list inside a field: 'noi_nhan.0')"
            )


def _csv(path: Path) -> Rows:
    _check_utf8(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle), [])
        except csv.Error as error:
            raise RowsError(f"{path}: the header cannot be read: {error}") from None
    columns = tuple(name.strip() for name in header)
    _check_columns(path, columns)
    return Rows(_csv_rows(path), columns)


def _csv_rows(path: Path) -> Iterator[dict[str, Any] | BadRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            for row in reader:
                if None in row:
                    yield BadRow(f"line {reader.line_num}: more cells than the header has columns")
                    continue
                yield _nested(row, f"line {reader.line_num}")
        except (csv.Error, UnicodeDecodeError) as error:
            yield BadRow(f"line {reader.line_num}: {error}; the rest of the file is not read")


def _xlsx(path: Path) -> Rows:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except Exception as error:  # openpyxl raises zipfile, KeyError, lxml... for a broken file
        raise RowsError(
            f"{path}: not a readable Excel workbook (.xlsx): {type(error).__name__}: {error}"
        ) from None
    if header is None:
        workbook.close()
        return Rows(iter(()), ())
    columns = tuple(str(h).strip() if h is not None else "" for h in header)
    try:
        _check_columns(path, columns)
    except RowsError:
        workbook.close()
        raise
    return Rows(_xlsx_rows(path, workbook, rows, columns), columns)


def _xlsx_rows(
    path: Path, workbook: Any, rows: Iterator[tuple[Any, ...]], columns: tuple[str, ...]
) -> Iterator[dict[str, Any] | BadRow]:
    number = 1
    try:
        for number, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            yield _nested(dict(zip(columns, values, strict=False)), f"row {number}")
    except Exception as error:  # a sheet broken after its header
        yield BadRow(f"{path}: row {number + 1}: cannot be read ({error}); the rest is not read")
    finally:
        workbook.close()


def _jsonl(path: Path) -> Iterator[dict[str, Any] | BadRow]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line, object_pairs_hook=_unique_keys)
            except json.JSONDecodeError as error:
                yield BadRow(f"line {number}: not JSON: {error.msg}")
                continue
            except _DuplicateKey as error:
                yield BadRow(f"line {number}: key {error.key!r} appears twice", error.key)
                continue
            yield value if isinstance(value, dict) else BadRow(f"line {number}: not a JSON object")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (json would keep the last of a repeated key)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _document(path: Path) -> Iterator[dict[str, Any] | BadRow]:
    try:
        data = read_data(path)
    except DataFileError as error:
        raise RowsError(str(error)) from None
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list):
        raise RowsError(f"{path}: expected a list of rows (or {{rows: [...]}})")
    for number, item in enumerate(data, start=1):
        yield item if isinstance(item, dict) else BadRow(f"item {number} is not a mapping")


def _nested(row: Mapping[str, Any], where: str) -> dict[str, Any] | BadRow:
    try:
        return nest(row)
    except ValueError as error:
        return BadRow(f"{where}: {error}")

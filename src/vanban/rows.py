"""Rows of data for batches: CSV (UTF-8, with or without Excel's BOM), XLSX, JSON, JSON Lines, YAML.

CSV, XLSX and JSON Lines are read as streams, one row at a time, so a file far larger than memory
can feed a batch. A column named with dots ("co_quan.ten", "noi_nhan.0") fills a nested field;
an empty cell is a missing value. A row that cannot be read becomes a :class:`BadRow`, which the
batch reports without stopping.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
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


def read_rows(path: str | os.PathLike[str]) -> Iterator[dict[str, Any] | BadRow]:
    """The rows of a data file, in order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl(path)
    if suffix in (".json", ".yaml", ".yml"):
        return _document(path)
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


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        converted = {k: _lists(v) for k, v in value.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    return value


def _csv(path: Path) -> Iterator[dict[str, Any] | BadRow]:
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


def _xlsx(path: Path) -> Iterator[dict[str, Any] | BadRow]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        names = [str(h).strip() if h is not None else "" for h in header]
        for number, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            yield _nested(dict(zip(names, values, strict=False)), f"row {number}")
    finally:
        workbook.close()


def _jsonl(path: Path) -> Iterator[dict[str, Any] | BadRow]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield BadRow(f"line {number}: not JSON: {error.msg}")
                continue
            yield value if isinstance(value, dict) else BadRow(f"line {number}: not a JSON object")


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

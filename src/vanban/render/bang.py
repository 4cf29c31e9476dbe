"""The ``bang_xml`` filter: a body table's data (plain context) as WordprocessingML.

A template's body loop emits paragraphs; a table needs a ``w:tbl`` where the loop stands. The
template writes ``{{p doan.bang | bang_xml }}`` in a paragraph of its own (docxtpl's ``{{p``
replaces that paragraph by what the tag renders) and this filter builds the table from the data
:meth:`vanban.models.bang.Bang.context` produces. It is vanban's code, not the template's: every
text is escaped here (:func:`markupsafe.escape`), every number checked to be an integer, every
keyword one of a fixed set, so neither the data nor a template can put raw XML into the document
through it; a value of another shape is refused (:class:`vanban.errors.FilterError`).

Rows (typesetting practice, NĐ 30/2020 being silent on tables): header rows repeat on every page
(``w:tblHeader``), no row splits over two pages (``w:cantSplit``); single borders; the header
cells bold and centred (style "Bang dau"), the body cells in style "Bang o", aligned as their
column asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

_ALIGN = {"trai": "left", "giua": "center", "phai": "right"}
_VMERGE = {"": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
MAX_TWIPS = 31680  # 22 inches, the widest page Word accepts
DEPTH = 6
"""How many elements deep a table of :func:`bang_xml` nests, counted from where it is placed
(``w:tbl`` > ``w:tr`` > ``w:tc`` > ``w:p`` > ``w:pPr`` > ``w:pStyle``, and ``w:r`` > ``w:t``):
its output is balanced and never deeper, whatever the data (tests measure it on generated
tables); :mod:`vanban.render.depth` counts on it."""


def _int(value: Any, what: str, low: int = 1, high: int = MAX_TWIPS) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"{what}: {value!r} is not a whole number from {low} to {high}")
    return value


def _text(value: Any, what: str) -> Markup:
    if not isinstance(value, str):
        raise TypeError(f"{what}: {value!r} is not text")
    return escape(value)


def _seq(value: Any, what: str) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{what}: {type(value).__name__} is not a list")
    return value


def _map(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what}: {type(value).__name__} is not a mapping")
    return value


def _cell(width: int, text: Markup, style: str, jc: str, span: int, vmerge: str) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{_VMERGE[vmerge]}'
        '<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{jc}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    )


def bang_xml(value: Any) -> Markup:
    """The ``w:tbl`` of a table's context (``{"rong": [...], "dau": [...], "dong": [...]}``).

    Cells are checked as :func:`_checked` checks them, without building the name of each cell
    for a message it will not need; at the first fault the table is made again by
    :func:`_checked`, which raises naming it (tests compare the two on generated tables).
    """
    try:
        return _fast(value)
    except _Fault:
        return _checked(value)


class _Fault(Exception):
    """A check of :func:`_fast` failed: :func:`_checked` names it."""


def _fast(value: Any) -> Markup:
    if not isinstance(value, Mapping):
        raise _Fault
    table = value
    widths = _seq(table.get("rong"), "bang.rong")
    for w in widths:
        if type(w) is not int or not 1 <= w <= MAX_TWIPS:
            raise _Fault
    if not widths:
        raise _Fault
    n = len(widths)
    rows: list[str] = []
    for kind in ("dau", "dong"):
        head = kind == "dau"
        for row in _seq(table.get(kind, []), f"bang.{kind}"):
            if isinstance(row, str | bytes) or not isinstance(row, Sequence):
                raise _Fault
            cells: list[str] = []
            col = 0
            for data in row:
                if not isinstance(data, Mapping):
                    raise _Fault
                text = data.get("o")
                if not isinstance(text, str):
                    raise _Fault
                span = data.get("gop_cot", 1)
                if type(span) is not int or not 1 <= span <= n - col:
                    raise _Fault
                width = sum(widths[col : col + span])
                if head:
                    vmerge = data.get("vmerge", "")
                    if vmerge not in _VMERGE:
                        raise _Fault
                    cells.append(_cell(width, escape(text), "Bangdau", "center", span, vmerge))
                else:
                    can = data.get("can", "trai")
                    if can not in _ALIGN:
                        raise _Fault
                    cells.append(_cell(width, escape(text), "Bango", _ALIGN[can], span, ""))
                col += span
            if col != n:
                raise _Fault
            rows.append(_row(cells, head))
    return _table(widths, rows)


def _checked(value: Any) -> Markup:
    """The table, every value checked with the message that names it: :func:`bang_xml`'s slow
    path, which it takes when its own checks find a fault, so that the message is this one."""
    table = _map(value, "bang")
    widths = [_int(w, "bang.rong") for w in _seq(table.get("rong"), "bang.rong")]
    if not widths:
        raise ValueError("bang.rong: a table has at least one column")
    n = len(widths)
    rows: list[str] = []
    for kind, key in (("dau", "dau"), ("dong", "dong")):
        for r, row in enumerate(_seq(table.get(key, []), f"bang.{key}")):
            cells: list[str] = []
            col = 0
            for c, cell in enumerate(_seq(row, f"bang.{key}[{r}]")):
                where = f"bang.{key}[{r}][{c}]"
                data = _map(cell, where)
                text = _text(data.get("o"), f"{where}.o")
                span = _int(data.get("gop_cot", 1), f"{where}.gop_cot", 1, n - col)
                width = sum(widths[col : col + span])
                if kind == "dau":
                    vmerge = data.get("vmerge", "")
                    if vmerge not in _VMERGE:
                        raise ValueError(f"{where}.vmerge: {vmerge!r} is not restart or continue")
                    cells.append(_cell(width, text, "Bangdau", "center", span, vmerge))
                else:
                    can = data.get("can", "trai")
                    if can not in _ALIGN:
                        raise ValueError(f"{where}.can: {can!r} is not trai, giua or phai")
                    cells.append(_cell(width, text, "Bango", _ALIGN[can], span, ""))
                col += span
            if col != n:
                raise ValueError(f"bang.{key}[{r}]: {col} columns filled of {n}")
            rows.append(_row(cells, kind == "dau"))
    return _table(widths, rows)


def _row(cells: list[str], head: bool) -> str:
    """A row that never splits across pages; a header row repeats on every page."""
    header = "<w:tblHeader/>" if head else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>"


def _table(widths: Sequence[int], rows: list[str]) -> Markup:
    """The table around its ``rows``: fixed column ``widths`` (twips), centred, bordered."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return Markup(
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )

"""Tables in the body (bảng): header rows, body rows, column widths, merged header cells.

NĐ 30/2020 sets no layout for a table inside a document's text; a Báo cáo's figures are tables
all the same. vanban lays them out as a văn thư does in Word, each rule a typesetting practice:

- the header rows repeat at the head of every page the table runs onto (``w:tblHeader``), and no
  row is split over two pages (``w:cantSplit``);
- the columns fit the text area (Phụ lục I, mục I.3: the margins; :data:`TEXT_WIDTH_MM`): a width
  in millimetres (``"30mm"``) is kept, a plain number is a share of what the millimetre columns
  leave; columns without a width share it equally;
- a header cell may span columns (``gop_cot``, Word's ``gridSpan``) and rows (``gop_dong``,
  ``vMerge``); a cell a span from above covers is left out of the rows below, as in HTML;
- cell text is data: one paragraph, printed exactly as given; a column with ``can: phai`` has its
  body cells right-aligned (figures);
- the optional title (``bang``) is printed above the table, bold and centred, kept with it.

In data a table is a mapping with ``dong`` (its body rows) and optionally ``bang`` (the title),
``cot`` and ``dau`` (header rows). Numbers are written as the document prints them: an integer
(``12``) or a string (``"1.234,5"``); a YAML float (``1.5``) is refused, since its printed form
(dot or comma, trailing zeros) would not be the one given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from vanban.models.base import Model, StringShorthand, Text
from vanban.text.chars import clean_text
from vanban.typeset.page import TEXT_WIDTH_MM

TWIPS_PER_MM = 1440 / 25.4
"""Word measures widths in twentieths of a point (twips): 1440 an inch, 25.4 mm."""

_MM = re.compile(r"\s*(?P<mm>\d+(?:[.,]\d+)?)\s*mm\s*", re.IGNORECASE)


def _cell_text(value: Any) -> Any:
    """A cell's text: a string (cleaned, one paragraph, may be empty) or an integer as written."""
    if isinstance(value, bool | float):
        raise ValueError(
            f"{value!r}: write a cell's number as an integer (12) or as a string printed as it "
            "should read ('1,5', '1.234'); a decimal number loses its written form"
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = clean_text(value.replace("\r\n", "\n").replace("\r", "\n"))
        if "\n\n" in text.strip():
            raise ValueError(f"{text[:40]!r}: a cell holds one paragraph (no blank line)")
        return " ".join(text.split())
    return value


CellText = Annotated[
    str,
    BeforeValidator(_cell_text),
    WithJsonSchema({"type": ["string", "integer"], "description": "Chữ trong ô, hoặc số nguyên."}),
]
"""The text of a cell: one paragraph, possibly empty; an integer is read as its digits."""


class OTieuDe(StringShorthand):
    """A header cell: its text, and how many columns and rows it spans."""

    o: CellText = Field(title="Ô tiêu đề", description="Chữ trong ô tiêu đề.")
    gop_cot: int = Field(default=1, ge=1, title="Gộp cột", description="Số cột ô chiếm.")
    gop_dong: int = Field(default=1, ge=1, title="Gộp dòng", description="Số dòng tiêu đề ô chiếm.")
    _positional = ("o",)
    _shorthand = "o"
    _schema_title = "Ô tiêu đề"
    _schema_description = "Một ô của dòng tiêu đề; viết gọn là một chuỗi."
    if TYPE_CHECKING:

        def __init__(self, o: str, *, gop_cot: int = 1, gop_dong: int = 1) -> None: ...


class Cot(Model):
    """A column: its width ("30mm", or a share as a number) and the alignment of its cells."""

    rong: str | int | None = Field(
        default=None,
        title="Độ rộng",
        description="'30mm' (milimét) hoặc một số (phần chia của chỗ còn lại); bỏ trống: chia đều.",
    )
    can: Literal["trai", "giua", "phai"] = Field(
        default="trai",
        title="Canh lề",
        description="Canh chữ trong ô của cột: trai, giua, phai (số liệu: phai).",
    )
    _positional = ("rong", "can")  # vb.Cot("15mm", "giua"), as the signature below says
    _schema_title = "Cột"
    _schema_description = "Độ rộng và canh lề của một cột."
    if TYPE_CHECKING:

        def __init__(
            self, rong: str | int | None = None, can: Literal["trai", "giua", "phai"] = "trai"
        ) -> None: ...

    @model_validator(mode="after")
    def _width(self) -> Self:
        if isinstance(self.rong, str) and not _MM.fullmatch(self.rong):
            raise ValueError(
                f"rong: {self.rong!r} — a width is millimetres ('30mm') or a share (a number)"
            )
        if isinstance(self.rong, int) and self.rong < 1:
            raise ValueError(f"rong: {self.rong!r} — a share is a whole number of at least 1")
        return self

    def mm(self) -> float | None:
        """The width in millimetres when given so, else None."""
        if isinstance(self.rong, str):
            match = _MM.fullmatch(self.rong)
            assert match is not None  # checked by _width
            return float(match["mm"].replace(",", "."))
        return None


class Bang(Model):
    """A table of the body: optional title, columns, header rows and body rows."""

    bang: Text | None = Field(
        default=None, title="Tên bảng", description="Tên bảng, in đậm, canh giữa trên bảng."
    )
    cot: list[Cot] = Field(
        default_factory=list,
        title="Các cột",
        description="Độ rộng và canh lề từng cột; bỏ trống: các cột rộng bằng nhau.",
    )
    dau: list[list[OTieuDe]] = Field(
        default_factory=list,
        title="Dòng tiêu đề",
        description="Các dòng tiêu đề, lặp lại ở đầu mỗi trang; ô gộp dòng không viết lại ở dòng dưới.",
    )
    dong: list[list[CellText]] = Field(
        min_length=1, title="Các dòng", description="Các dòng số liệu, mỗi dòng một danh sách ô."
    )
    _positional = ("bang",)
    _schema_title = "Bảng"
    _schema_description = (
        "Một bảng trong nội dung: dòng tiêu đề lặp lại mỗi trang, dòng không tách qua trang."
    )
    if TYPE_CHECKING:

        def __init__(
            self,
            bang: str | None = None,
            *,
            dong: Sequence[Sequence[str | int]],
            dau: Sequence[Sequence[OTieuDe | str]] = (),
            cot: Sequence[Cot] = (),
        ) -> None: ...

    @property
    def so_cot(self) -> int:
        """The number of grid columns."""
        return len(self.cot) if self.cot else len(self.dong[0])

    @model_validator(mode="after")
    def _shape(self) -> Self:
        n = self.so_cot
        for i, row in enumerate(self.dong):
            if len(row) != n:
                raise ValueError(
                    f"dong[{i}]: {len(row)} cells, but the table has {n} columns "
                    f"({'cot' if self.cot else 'dong[0]'}); write an empty string for an empty cell"
                )
        self._header_grid()  # raises on a header that does not fill the columns
        self._widths_mm()
        return self

    def _header_grid(self) -> list[list[dict[str, Any]]]:
        """The header rows as Word lays them out: every row fills the grid, a cell covered from
        above by a ``gop_dong`` span present with ``vmerge: continue``."""
        n = self.so_cot
        covered: dict[tuple[int, int], OTieuDe] = {}
        rows: list[list[dict[str, Any]]] = []
        for r, row in enumerate(self.dau):
            cells = iter(row)
            out: list[dict[str, Any]] = []
            col = 0
            while col < n:
                above = covered.get((r, col))
                if above is not None:
                    out.append({"o": "", "gop_cot": above.gop_cot, "vmerge": "continue"})
                    col += above.gop_cot
                    continue
                cell = next(cells, None)
                if cell is None:
                    raise ValueError(
                        f"dau[{r}]: the header row covers {col} of the {n} columns; add cells "
                        "or widen one with gop_cot"
                    )
                if col + cell.gop_cot > n:
                    raise ValueError(
                        f"dau[{r}]: {cell.o!r} spans columns {col + 1}–{col + cell.gop_cot}, "
                        f"past the table's {n} columns"
                    )
                if r + cell.gop_dong > len(self.dau):
                    raise ValueError(
                        f"dau[{r}]: {cell.o!r} spans {cell.gop_dong} rows, past the "
                        f"{len(self.dau)} header rows"
                    )
                for below in range(r + 1, r + cell.gop_dong):
                    covered[(below, col)] = cell
                vmerge = "restart" if cell.gop_dong > 1 else ""
                out.append({"o": cell.o, "gop_cot": cell.gop_cot, "vmerge": vmerge})
                col += cell.gop_cot
            extra = next(cells, None)
            if extra is not None:
                raise ValueError(
                    f"dau[{r}]: {extra.o!r} is past the table's {n} columns (a cell spanned "
                    "from the row above is not written again)"
                )
            rows.append(out)
        return rows

    def _widths_mm(self) -> list[float]:
        """Each column's width in millimetres, the whole fitting the text area."""
        n = self.so_cot
        cols = self.cot or [Cot()] * n
        fixed = sum(c.mm() or 0.0 for c in cols)
        if fixed > TEXT_WIDTH_MM + 1e-9:
            raise ValueError(
                f"cot: the columns in millimetres add up to {fixed:g} mm, wider than the text "
                f"area of {TEXT_WIDTH_MM:g} mm (A4 less the margins, NĐ 30/2020, Phụ lục I, "
                "mục I.3)"
            )
        shares = [
            0 if c.mm() is not None else (c.rong if isinstance(c.rong, int) else 1) for c in cols
        ]
        rest = TEXT_WIDTH_MM - fixed
        if sum(shares) and rest < 1:
            raise ValueError(
                f"cot: the columns in millimetres take the whole text area ({TEXT_WIDTH_MM:g} "
                "mm); no room is left for the columns given as shares"
            )
        total = sum(shares) or 1
        return [c.mm() or rest * s / total for c, s in zip(cols, shares, strict=True)]

    def context(self) -> dict[str, Any]:
        """The table as plain data for a template's ``bang_xml`` filter: widths in twips,
        the header grid, and each body cell with its column's alignment."""
        twips = [round(w * TWIPS_PER_MM) for w in self._widths_mm()]
        align = [c.can for c in self.cot] if self.cot else ["trai"] * self.so_cot
        return {
            "tieu_de": self.bang or "",
            "rong": twips,
            "dau": self._header_grid(),
            "dong": [
                [{"o": text, "can": can} for text, can in zip(row, align, strict=True)]
                for row in self.dong
            ],
        }

"""Tên cơ quan ban hành: the issuing body at ô 2 (NĐ 30/2020, Phụ lục I, mục II.2).

Where a name breaks (mục II.2.b: "Trường hợp tên cơ quan, tổ chức ban hành văn bản, tên cơ quan, tổ
chức chủ quản trực tiếp dài có thể trình bày thành nhiều dòng"): a name that fits the header column
stays on one line; a longer one breaks before the level word of the administrative unit the body
belongs to, so the place stays whole with its level ("ỦY BAN NHÂN DÂN / XÃ GIA LƯƠNG", "SỞ NỘI VỤ /
TỈNH HẢI DƯƠNG"). The level words are those mục II.2.a lists for local bodies (tỉnh, thành phố
trực thuộc trung ương; huyện, quận, thị xã, thành phố thuộc tỉnh; xã, phường, thị trấn) and the
đặc khu of the 2025 reform (Luật Tổ chức chính quyền địa phương 2025, Điều 2). A name with no level
word followed by a place, or a part still too long, breaks where its lines are most even.
``ten_dong`` / ``chu_quan_dong`` override the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Self

from pydantic import Field, model_validator

from vanban.models.base import Model, Text
from vanban.models.so_ky_hieu import Abbreviation
from vanban.text.case import viet_hoa
from vanban.typeset import page
from vanban.typeset.metrics import text_width_pt


class CoQuan(Model):
    """The issuing body: its name (printed in capitals, bold, possibly over several lines), its
    abbreviation for codes, an optional parent body (cơ quan chủ quản trực tiếp) printed above it,
    and the place name (địa danh) of its date line.

    Rules: NĐ 30/2020, Phụ lục I, mục II.2 (name and parent, in capitals, 12–13 pt; the name bold
    with a short rule under it) and mục II.4.a (the place is the administrative unit where the body
    sits; since the 2025 reform a commune's body has no district line above it).
    """

    ten: Text = Field(
        title="Tên cơ quan ban hành",
        description=(
            "Tên chính thức, đầy đủ, viết như câu thường: 'Ủy ban nhân dân xã Gia Lương'; "
            "vanban in hoa (mục II.2)."
        ),
    )
    ten_dong: list[Text] | None = Field(
        default=None,
        title="Các dòng của tên",
        description=(
            "Tên ngắt thành các dòng, ghép lại phải đúng bằng ten; bỏ trống thì tên dài ngắt "
            "trước cấp hành chính: 'Ủy ban nhân dân' / 'xã Gia Lương'."
        ),
        json_schema_extra={"minItems": 1},
    )
    viet_tat: Abbreviation = Field(
        title="Chữ viết tắt",
        description=(
            "Chữ viết tắt tên cơ quan trong ký hiệu văn bản, in hoa, không dấu cách: 'UBND' "
            "(mục II.3.b)."
        ),
    )
    chu_quan: Text | None = Field(
        default=None,
        title="Cơ quan chủ quản",
        description=(
            "Tên cơ quan, tổ chức chủ quản trực tiếp, in trên tên cơ quan ban hành (nếu có): "
            "'UBND tỉnh Hải Dương' (mục II.2.a)."
        ),
    )
    chu_quan_dong: list[Text] | None = Field(
        default=None,
        title="Các dòng của tên cơ quan chủ quản",
        description="Tên cơ quan chủ quản ngắt thành các dòng, ghép lại phải đúng bằng chu_quan.",
        json_schema_extra={"minItems": 1},
    )
    dia_danh: Text = Field(
        title="Địa danh",
        description=(
            "Địa danh ở dòng ngày tháng: tên đơn vị hành chính nơi cơ quan đóng trụ sở, "
            "'Gia Lương', 'Phường 12' (mục II.4.a)."
        ),
    )

    _schema_title = "Cơ quan ban hành"
    _schema_description = (
        "Tên cơ quan, tổ chức ban hành văn bản, cơ quan chủ quản và địa danh (ô 2, ô 4; "
        "NĐ 30/2020, Phụ lục I, mục II.2, II.4)."
    )

    @model_validator(mode="after")
    def _lines_join(self) -> Self:
        for field, whole, lines in (
            ("ten_dong", self.ten, self.ten_dong),
            ("chu_quan_dong", self.chu_quan, self.chu_quan_dong),
        ):
            if lines is None:
                continue
            if whole is None:
                raise ValueError(f"{field}: given without the name it breaks")
            if " ".join(lines).split() != whole.split():
                raise ValueError(
                    f"{field}: the lines {lines!r} do not join to the name {whole!r}; "
                    "they only say where the name breaks"
                )
        return self

    @property
    def dong(self) -> list[str]:
        """The name's header lines in capitals: ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"].

        From ``ten_dong``, or else broken by the rule of this module's notes for the header
        column of NĐ 30/2020's layout (bold, as the name is printed).
        """
        lines = self.ten_dong or break_lines(self.ten, _header_width(bold=True))
        return [viet_hoa(line) for line in lines]

    @property
    def chu_quan_in_hoa(self) -> list[str]:
        """The parent body's header lines in capitals, or [] when there is none."""
        if self.chu_quan is None:
            return []
        lines = self.chu_quan_dong or break_lines(self.chu_quan, _header_width(bold=False))
        return [viet_hoa(line) for line in lines]


# The level words of Vietnamese administrative units (NĐ 30/2020, Phụ lục I, mục II.2.a; the đặc
# khu of the 2025 reform), two-word ones first so "thị xã" is not read as "xã".
_LEVEL_WORDS = (
    ("thành", "phố"),
    ("thị", "xã"),
    ("thị", "trấn"),
    ("đặc", "khu"),
    ("tỉnh",),
    ("huyện",),
    ("quận",),
    ("xã",),
    ("phường",),
)


def level_word_at(words: Sequence[str]) -> int | None:
    """Where the first level word followed by a place name begins ("xã" of "... xã Gia Lương").

    A place name starts with a capital or a digit ("phường 12"), so a level word used as a common
    noun ("các xã trong huyện") is not taken. A level word opening the name is not a break.
    """
    folded = [word.casefold() for word in words]
    for start in range(1, len(words)):
        for level in _LEVEL_WORDS:
            end = start + len(level)
            if tuple(folded[start:end]) == level and end < len(words):
                first = words[end][0]
                if first.isupper() or first.isdigit():
                    return start
    return None


def break_lines(name: str, width: Callable[[str], float], column: float | None = None) -> list[str]:
    """Break ``name`` into header lines no wider than ``column`` (see this module's notes).

    ``width`` measures a line as printed; ``column`` defaults to the header column of the built-in
    layout. The lines always join back to the name: ``" ".join(lines).split() == name.split()``.
    """
    if column is None:
        column = _header_column()
    return _break(name.split(), width, column)


def _break(words: list[str], width: Callable[[str], float], column: float) -> list[str]:
    if len(words) < 2 or width(" ".join(words)) <= column:
        return [" ".join(words)]
    at = level_word_at(words)
    if at is not None:
        return _even(words[:at], width, column) + _even(words[at:], width, column)
    return _even(words, width, column)


def _even(words: list[str], width: Callable[[str], float], column: float) -> list[str]:
    """The fewest lines that fit ``column`` (a word wider than it stands alone), and of those the
    most even: the break whose widest line is the narrowest."""
    n = len(words)
    span = {(i, j): width(" ".join(words[i:j])) for i in range(n) for j in range(i + 1, n + 1)}
    # best[j] for the current line count: (widest line, breaks) of words[:j], or None.
    best: list[tuple[float, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0.0, ())
    for _ in range(n):
        nxt: list[tuple[float, tuple[int, ...]] | None] = [None] * (n + 1)
        for j in range(1, n + 1):
            for i in range(j):
                before = best[i]
                if before is None or (span[i, j] > column and j - i > 1):
                    continue
                option = (max(before[0], span[i, j]), (*before[1], i))
                current = nxt[j]
                if current is None or option[0] < current[0]:
                    nxt[j] = option
        best = nxt
        found = best[n]
        if found is not None:
            starts = [*found[1][1:], n]
            return [" ".join(words[a:b]) for a, b in zip(found[1], starts, strict=True)]
    return [" ".join(words)]  # not reached: n lines of one word each always fit


def _header_width(*, bold: bool) -> Callable[[str], float]:
    return lambda line: text_width_pt(viet_hoa(line), page.SIZE_CO_QUAN, bold=bold)


def _header_column() -> float:
    return page.mm_to_pt(page.HEADER_LEFT_MM - 2 * page.CELL_MARGIN_MM)

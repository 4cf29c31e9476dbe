"""Tên cơ quan ban hành: the issuing body at ô 2 (NĐ 30/2020, Phụ lục I, mục II.2)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from vanban.models.base import Model, Text
from vanban.models.so_ky_hieu import Abbreviation
from vanban.text.case import viet_hoa


class CoQuan(Model):
    """The issuing body: its name (printed in capitals, bold, possibly over several lines), its
    abbreviation for codes, an optional parent body (cơ quan chủ quản trực tiếp) printed above it,
    and the place name (địa danh) of its date line.

    Rules: NĐ 30/2020, Phụ lục I, mục II.2 (name and parent, in capitals, 12–13 pt; the name bold
    with a short rule under it) and mục II.4.a (the place is the administrative unit where the body
    sits; since the 2025 reform a commune's body has no district line above it).
    """

    ten: Text = Field(
        description="Full official name, sentence case: 'Ủy ban nhân dân xã Gia Lương'."
    )
    ten_dong: list[Text] | None = Field(
        default=None,
        description="How the name breaks over header lines; the lines must join to `ten`.",
    )
    viet_tat: Abbreviation = Field(description="Abbreviation used in codes: 'UBND'.")
    chu_quan: Text | None = Field(
        default=None, description="Parent body line above the name (cơ quan chủ quản), if any."
    )
    chu_quan_dong: list[Text] | None = Field(
        default=None, description="How the parent body's name breaks over lines."
    )
    dia_danh: Text = Field(description="Place name of the date line: 'Gia Lương', 'Phường 12'.")

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
        """The name's header lines in capitals: ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"]."""
        return [viet_hoa(line) for line in (self.ten_dong or [self.ten])]

    @property
    def chu_quan_in_hoa(self) -> list[str]:
        """The parent body's header lines in capitals, or [] when there is none."""
        if self.chu_quan is None:
            return []
        return [viet_hoa(line) for line in (self.chu_quan_dong or [self.chu_quan])]

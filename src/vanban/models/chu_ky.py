"""Chức vụ, họ tên người ký: the signature block at ô 7a/7b (NĐ 30/2020, Phụ lục I, mục II.7; Điều 13).

Authority prefixes (mục II.7.b):
- "TM." before a collective body when signing on its behalf ("TM. ỦY BAN NHÂN DÂN");
- "KT." before the head's title when a deputy signs for the head ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH");
- "TL." (thừa lệnh) and "TUQ." (thừa ủy quyền) before the head's title;
- "Q." before the head's title when an acting head signs ("Q. GIÁM ĐỐC").
A deputy of a collective body signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
Authority and titles are in capitals, bold (mục II.7.đ); the name is bold, without academic titles
or honours before it (mục II.7.c).
"""

from __future__ import annotations

import re
from typing import Any, Literal, Self

from pydantic import Field, field_validator, model_validator

from vanban.models.base import Model, Text
from vanban.text.case import viet_hoa

QuyenHan = Literal["KT", "TL", "TUQ", "Q"]
"""Authority of a signer who is not the head signing in person (Phụ lục I, mục II.7.b)."""

_CITE = "NĐ 30/2020, Phụ lục I, mục II.7"
# Academic titles and degrees that ND30 keeps out of the signature (mục II.7.c).
_TITLES = re.compile(
    r"^(GS|PGS|TS|TSKH|ThS|KS|BS|CN|NGND|NGƯT|TTND|TTƯT)\.?\s*(TS|TSKH|ThS)?\.?\s+",
    re.IGNORECASE,
)


def _with_dots(schema: dict[str, Any]) -> None:
    # vanban reads "KT." as "KT" (and lower case); the schema admits the written forms too.
    for option in schema.get("anyOf", []):
        if "enum" in option:
            option["enum"] = [*option["enum"], *(f"{value}." for value in option["enum"])]


class ChuKy(Model):
    """The signature block. ``dong`` gives its capitalised lines, ``ho_ten`` the name.

    >>> ChuKy.thay_mat("Ủy ban nhân dân", chuc_vu="Chủ tịch", ho_ten="Đoàn Thanh Bình").dong
    ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']
    """

    tap_the: Text | None = Field(
        default=None,
        title="Tập thể",
        description="Tập thể mà người ký thay mặt, sau 'TM.': 'Ủy ban nhân dân' (mục II.7.b).",
    )
    quyen_han: QuyenHan | None = Field(
        default=None,
        title="Quyền hạn",
        description=(
            "KT (ký thay người đứng đầu), TL (thừa lệnh), TUQ (thừa ủy quyền) hoặc Q (quyền); "
            "bỏ trống khi người đứng đầu ký (mục II.7.b)."
        ),
        json_schema_extra=_with_dots,
    )
    chuc_vu_thu_truong: Text | None = Field(
        default=None,
        title="Chức vụ người đứng đầu",
        description="Chức vụ của người đứng đầu, sau KT./TL./TUQ.: 'Chủ tịch' (mục II.7.b).",
    )
    chuc_vu: Text = Field(
        title="Chức vụ người ký", description="Chức vụ của người ký: 'Phó Chủ tịch'."
    )
    ho_ten: Text = Field(
        title="Họ và tên",
        description="Họ và tên người ký, không ghi học hàm, học vị trước tên (mục II.7.c).",
    )
    ghi_hoc_ham: bool = Field(
        default=False,
        title="Ghi học hàm, học vị",
        description=(
            "Cho phép ghi quân hàm, học hàm, học vị trước họ tên, nơi người đứng đầu cơ quan "
            "quản lý ngành quy định (quân đội, giáo dục, y tế, khoa học; mục II.7.c)."
        ),
    )

    _schema_title = "Chức vụ, họ tên người ký"
    _schema_description = (
        "Quyền hạn, chức vụ và họ tên người ký (ô 7a, 7b; NĐ 30/2020, Điều 13; Phụ lục I, "
        "mục II.7)."
    )

    @field_validator("quyen_han", mode="before")
    @classmethod
    def _strip_dot(cls, value: Any) -> Any:
        return value.strip().rstrip(".").upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _authority(self) -> Self:
        if not self.ghi_hoc_ham and _TITLES.match(self.ho_ten):
            raise ValueError(
                f"ho_ten: {self.ho_ten!r} — no academic title or degree before the signer's name "
                f"({_CITE}.c); set ghi_hoc_ham where the managing body allows it"
            )
        needs_head = self.quyen_han in ("KT", "TL", "TUQ")
        if needs_head and self.chuc_vu_thu_truong is None:
            raise ValueError(
                f"chuc_vu_thu_truong: {self.quyen_han}. is written before the head's title "
                f"('{self.quyen_han}. CHỦ TỊCH'), so the head's title is required ({_CITE}.b)"
            )
        if not needs_head and self.chuc_vu_thu_truong is not None:
            raise ValueError(
                "chuc_vu_thu_truong: only used with quyen_han KT, TL or TUQ "
                f"(Q. stands before the signer's own title; {_CITE}.b)"
            )
        return self

    @property
    def dong(self) -> list[str]:
        """The authority and title lines in capitals (ô 7a/7b), without the name."""
        lines = []
        if self.tap_the is not None:
            lines.append(f"TM. {viet_hoa(self.tap_the)}")
        if self.quyen_han == "Q":
            lines.append(f"Q. {viet_hoa(self.chuc_vu)}")
            return lines
        if self.quyen_han is not None and self.chuc_vu_thu_truong is not None:
            lines.append(f"{self.quyen_han}. {viet_hoa(self.chuc_vu_thu_truong)}")
        lines.append(viet_hoa(self.chuc_vu))
        return lines

    @classmethod
    def truc_tiep(cls, chuc_vu: str, ho_ten: str) -> Self:
        """The head signs in person: "CHỦ TỊCH"."""
        return cls(chuc_vu=chuc_vu, ho_ten=ho_ten)

    @classmethod
    def thay_mat(
        cls, tap_the: str, *, chuc_vu: str, ho_ten: str, chuc_vu_thu_truong: str | None = None
    ) -> Self:
        """TM. a collective body: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH".

        With ``chuc_vu_thu_truong`` (the head's title) a deputy signs for the head of the
        collective body: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
        """
        if chuc_vu_thu_truong is None:
            return cls(tap_the=tap_the, chuc_vu=chuc_vu, ho_ten=ho_ten)
        return cls(
            tap_the=tap_the,
            quyen_han="KT",
            chuc_vu_thu_truong=chuc_vu_thu_truong,
            chuc_vu=chuc_vu,
            ho_ten=ho_ten,
        )

    @classmethod
    def ky_thay(cls, chuc_vu_thu_truong: str, *, chuc_vu: str, ho_ten: str) -> Self:
        """KT.: a deputy signs for the head: "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"."""
        return cls(
            quyen_han="KT", chuc_vu_thu_truong=chuc_vu_thu_truong, chuc_vu=chuc_vu, ho_ten=ho_ten
        )

    @classmethod
    def thua_lenh(cls, chuc_vu_thu_truong: str, *, chuc_vu: str, ho_ten: str) -> Self:
        """TL.: "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG"."""
        return cls(
            quyen_han="TL", chuc_vu_thu_truong=chuc_vu_thu_truong, chuc_vu=chuc_vu, ho_ten=ho_ten
        )

    @classmethod
    def thua_uy_quyen(cls, chuc_vu_thu_truong: str, *, chuc_vu: str, ho_ten: str) -> Self:
        """TUQ.: "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ NỘI VỤ"."""
        return cls(
            quyen_han="TUQ", chuc_vu_thu_truong=chuc_vu_thu_truong, chuc_vu=chuc_vu, ho_ten=ho_ten
        )

    @classmethod
    def quyen(cls, chuc_vu: str, *, ho_ten: str) -> Self:
        """Q.: an acting head signs: "Q. GIÁM ĐỐC"."""
        return cls(quyen_han="Q", chuc_vu=chuc_vu, ho_ten=ho_ten)

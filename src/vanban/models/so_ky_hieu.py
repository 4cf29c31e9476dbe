"""Số và ký hiệu: the document's number and code, "49/KH-UBND" (NĐ 30/2020, Điều 15; Phụ lục I, mục II.3).

- The number (số) is the document's place in the agency's yearly sequence, from 01 on 1 January;
  numbers below 10 take a leading zero ("05"), larger ones are written as they are (mục II.3.a, c).
- The code (ký hiệu) is the kind's abbreviation and the agency's, joined by "-": "KH-UBND". A Công văn
  has no kind abbreviation; its code is the agency's and the drafting unit's or field's: "UBND-VX"
  (mục II.3.b). Agency and unit abbreviations are written in capitals (mục II.3.c); the kinds' mixed
  case (QyĐ, CTr, TTr) is official and kept.
- "/" stands between number and code, "-" between the groups of the code, with no spaces (mục II.3.c).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from vanban.errors import CodeError, ValidationError
from vanban.loai import LoaiVanBan
from vanban.models.base import Model, SchemaKeywords

_CITE = "NĐ 30/2020, Phụ lục I, mục II.3"
_GROUP = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ&]+$")


def _abbreviation(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if not _GROUP.match(value):
        raise ValueError(
            f"{value!r} — an abbreviation is letters and digits only, without spaces, "
            f"'/' or '-' ({_CITE}.c)"
        )
    if value != value.upper():
        raise ValueError(
            f"{value!r} — ký hiệu is written in capitals: {value.upper()!r} ({_CITE}.c)"
        )
    return value


SO_KY_HIEU_PATTERN = r"^\s*(?:[Ss]ố\s*:?\s*)?[0-9]+\s*/\s*\S"
"""What a written số ký hiệu starts with ("49/KH-UBND", "Số: 49 /KH - UBND"), for JSON Schema; the
lenient reading and its checks are :meth:`SoKyHieu.parse_with_fixes`'s."""


def _upper_letters() -> str:
    # The capital letters of Vietnamese: A-Z, Đ, and the vowels with their tone and shape marks.
    marks = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
    vowels = [
        chr(code)
        for code in range(0xC0, 0x1EFA)
        if chr(code).isupper()
        and unicodedata.normalize("NFD", chr(code))[0] in "AEIOUY"
        and set(unicodedata.normalize("NFD", chr(code))[1:]) <= marks
    ]
    return "A-ZĐ" + "".join(vowels)


ABBREVIATION_PATTERN = f"^[0-9{_upper_letters()}&]+$"
"""An abbreviation in JSON Schema: capitals and digits, no spaces, '/' or '-' (mục II.3.c)."""

Abbreviation = Annotated[
    str, AfterValidator(_abbreviation), SchemaKeywords(pattern=ABBREVIATION_PATTERN)
]
"""An agency's or unit's abbreviation in a code: capitals and digits, e.g. "UBND", "VP"."""


def format_so(so: int) -> str:
    """The number as ND30 writes it: a leading zero below 10 ("05"), else unchanged ("123")."""
    return f"{so:02d}"


class SoKyHieu(Model):
    """A document's number and code; ``str(x)`` is "49/KH-UBND" (Công văn: "12/UBND-VX").

    >>> str(SoKyHieu(so=5, loai=LoaiVanBan.KE_HOACH, co_quan="UBND"))
    '05/KH-UBND'
    """

    so: int = Field(
        title="Số",
        description="Số văn bản: thứ tự trong năm của cơ quan, từ 1 (mục II.3.a).",
        json_schema_extra={"minimum": 1},
    )
    loai: LoaiVanBan = Field(
        title="Loại văn bản",
        description="Loại văn bản; công văn không có chữ viết tắt tên loại trong ký hiệu.",
    )
    co_quan: Abbreviation = Field(
        title="Chữ viết tắt tên cơ quan",
        description="Chữ viết tắt tên cơ quan ban hành, in hoa, không dấu cách: 'UBND'.",
    )
    don_vi: Abbreviation | None = Field(
        default=None,
        title="Đơn vị soạn thảo hoặc lĩnh vực",
        description=(
            "Chữ viết tắt đơn vị soạn thảo hoặc lĩnh vực (bắt buộc với công văn): 'VX' "
            "(mục II.3.b)."
        ),
    )

    _schema_title = "Số, ký hiệu văn bản"
    _schema_description = "Số và ký hiệu của văn bản: '49/KH-UBND' (NĐ 30/2020, Điều 15)."

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if self.so < 1:
            raise ValueError(f"so: {self.so} — số văn bản bắt đầu từ 01 ({_CITE}.a)")
        if self.loai.viet_tat is None and self.loai is not LoaiVanBan.CONG_VAN:
            raise ValueError(f"loai: {self.loai.ten} has no abbreviation for a số ký hiệu")
        if self.loai is LoaiVanBan.CONG_VAN and self.don_vi is None:
            raise ValueError(
                "don_vi: a Công văn's code is <agency>-<unit>, so the drafting unit or field "
                f"is required ({_CITE}.b)"
            )
        return self

    @property
    def ky_hieu(self) -> str:
        """The code alone: "KH-UBND"."""
        groups = [self.co_quan]
        if self.loai.viet_tat is not None:
            groups.insert(0, self.loai.viet_tat)
        if self.don_vi is not None:
            groups.append(self.don_vi)
        return "-".join(groups)

    def __str__(self) -> str:
        return f"{format_so(self.so)}/{self.ky_hieu}"

    @classmethod
    def parse(cls, text: str, *, strict: bool = False) -> Self:
        """Read a written code back: "49/KH-UBND", "Số: 05/UBND-VX".

        Lenient by default: spaces around "/" and "-", a missing leading zero, dashes other than
        "-", lower-case groups are all mended. With ``strict=True`` anything that needed mending
        raises :class:`vanban.CodeError` naming each rule broken. :meth:`parse_with_fixes` also
        tells what was mended.
        """
        value, fixes = cls.parse_with_fixes(text)
        if strict and fixes:
            raise CodeError(f"{text!r} is not a well-formed số ký hiệu: " + "; ".join(fixes))
        return value

    @classmethod
    def parse_with_fixes(cls, text: str) -> tuple[Self, list[str]]:
        """Parse leniently; return the code and the list of what had to be mended (empty if none)."""
        fixes: list[str] = []
        s = unicodedata.normalize("NFC", text).strip()
        s = re.sub(r"^số\s*:?\s*", "", s, flags=re.IGNORECASE)
        if re.search(r"[\u2010-\u2015\u2212]", s):
            s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
            fixes.append(f"replaced a dash with '-' ({_CITE}.c)")
        if re.search(r"\s", s):
            s = re.sub(r"\s+", "", s)
            fixes.append(f"removed spaces: ký hiệu has no spaces around '/' or '-' ({_CITE}.c)")
        parts = s.split("/")
        if len(parts) == 3 and parts[1].isdigit():
            raise CodeError(
                f"{text!r} carries a year: it is the code of a legal normative document "
                "(văn bản quy phạm pháp luật), which NĐ 30/2020 does not govern"
            )
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise CodeError(
                f"{text!r} is not a số ký hiệu: expected <số>/<ký hiệu>, e.g. 49/KH-UBND"
            )
        number, code = parts
        if not number.isdigit():
            raise CodeError(f"{text!r}: số {number!r} is not a number written in Arabic digits")
        so = int(number)
        if number != format_so(so):
            fixes.append(
                f"wrote số {number!r} as {format_so(so)!r} (zero only below 10; {_CITE}.c)"
            )
        groups = code.split("-")
        if any(not g for g in groups):
            raise CodeError(f"{text!r}: ký hiệu {code!r} has an empty group between '-'")
        loai = _kind(groups[0], fixes)
        if loai is not None:
            rest = groups[1:]
        else:
            loai, rest = LoaiVanBan.CONG_VAN, groups
        if not rest:
            raise CodeError(f"{text!r}: ký hiệu {code!r} lacks the agency's abbreviation")
        agency, *unit = (_upper(g, fixes) for g in rest)
        try:
            value = cls(so=so, loai=loai, co_quan=agency, don_vi="-".join(unit) or None)
        except ValidationError as error:
            raise CodeError(f"{text!r}: " + "; ".join(map(str, error.problems))) from None
        return value, fixes


def _kind(group: str, fixes: list[str]) -> LoaiVanBan | None:
    for loai in LoaiVanBan:
        if loai.viet_tat == group:
            return loai
    for loai in LoaiVanBan:
        if loai.viet_tat is not None and loai.viet_tat.casefold() == group.casefold():
            fixes.append(f"wrote {group!r} as the official abbreviation {loai.viet_tat!r}")
            return loai
    return None


def _upper(group: str, fixes: list[str]) -> str:
    if group != group.upper():
        fixes.append(f"wrote {group!r} in capitals ({_CITE}.c)")
    return group.upper()

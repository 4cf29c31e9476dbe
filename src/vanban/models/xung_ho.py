"""How a document names a person: "Ông", "Bà", or the samples' "Ông (bà)" when it is not said.

The samples of NĐ 30/2020, Phụ lục III write "ông (bà)" where the office writes one of the two:
Mẫu 1.8 (Giấy giới thiệu: "Ông (bà) …", "để ông (bà) có tên ở trên …") and Mẫu 1.10 (Giấy nghỉ
phép: "của ông (bà) …", "Ông (bà): …"). ``gioi_tinh`` says which; without it the sample's words
are kept. vanban writes the word itself, so a name typed with it is refused.
"""

from __future__ import annotations

import re

from vanban.models.thanh_phan import _Dau

__all__ = ["ONG_BA", "GioiTinh", "danh_xung", "typed_danh_xung"]

ONG_BA = "Ông (bà)"
"""The samples' words when the person's gender is not given."""


class GioiTinh(_Dau):
    """Whom "Ông (bà)" names: ``nam`` prints "Ông", ``nu`` "Bà" (Mẫu 1.8, 1.10); data may write
    the slug or "Nam" / "Nữ"."""

    NAM = ("nam", "Ông")
    NU = ("nu", "Bà")


# "Ông (bà)", "Ông/bà", "Ông:" or "Bà:" typed before a name (a name may begin with the family
# name Ông, so "Ông" alone followed by a name is not refused).
_TYPED = re.compile(
    r"^\s*(?:(?:ông|bà)\s*(?:\(\s*(?:ông|bà)\s*\)|/\s*(?:ông|bà))\s*:?|(?:ông|bà)\s*:)\s*",
    re.IGNORECASE,
)


def danh_xung(gioi_tinh: GioiTinh | None) -> str:
    """The word before the name, capitalised: "Ông", "Bà", or "Ông (bà)"."""
    return ONG_BA if gioi_tinh is None else gioi_tinh.nhan


def typed_danh_xung(name: str) -> str | None:
    """The name without "Ông (bà)", "Ông:", "Bà:" … when it was typed with one (None if not)."""
    typed = _TYPED.match(name)
    return None if typed is None else name[typed.end() :]

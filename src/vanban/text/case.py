"""Vietnamese letter case."""

from __future__ import annotations

import unicodedata


def viet_hoa(text: str) -> str:
    """Upper-case Vietnamese text for headers: ``"Ủy ban nhân dân"`` -> ``"ỦY BAN NHÂN DÂN"``.

    The text is NFC-normalised first, so every precomposed letter (ơ, ư, đ with any tone) maps to its
    precomposed capital (Ơ, Ư, Đ). ND30 writes tên cơ quan, tên loại, mục titles and the signer's
    authority in capitals (NĐ 30/2020, Phụ lục I, mục II.2.b, II.5.b, II.6.đ, II.7.đ).
    """
    return unicodedata.normalize("NFC", text).upper()

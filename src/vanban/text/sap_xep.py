"""Vietnamese alphabetical order, for sorting Nơi nhận or lists of names.

The order is CLDR's Vietnamese collation (the one ICU uses): letters a ă â b c d đ e ê g h i k l m n
o ô ơ p q r s t u ư v x y (f j w z in their Latin places); the tone is compared only when the letters
are equal, in the order no tone, huyền, hỏi, ngã, sắc, nặng; case last.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _parts(ch: str) -> tuple[int, int, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = next((_TONE_RANK[m] for m in decomposed if m in _TONE_RANK), 0)
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONE_RANK))
    lower = base.lower()
    if lower in _RANK:
        primary = 1000 + _RANK[lower]
    elif lower.isalpha():
        primary = 2000 + ord(lower)
    else:
        primary = ord(lower)  # spaces, punctuation and digits sort before letters
    return primary, tone, 0 if base == lower else 1


def khoa_sap_xep(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key for ``sorted(..., key=khoa_sap_xep)`` in Vietnamese order: đ after d, ă â after a,
    tones compared after the letters (``["Đào", "Dũng", "Ánh", "An"]`` -> An, Ánh, Dũng, Đào)."""
    parts = [_parts(ch) for ch in unicodedata.normalize("NFC", text)]
    return (
        tuple(p[0] for p in parts),
        tuple(p[1] for p in parts),
        tuple(p[2] for p in parts),
    )

"""Tone-mark placement (vị trí dấu thanh): one consistent style for every syllable.

Vietnamese writes a tone on one vowel of the syllable. Two placements are in use, and they differ on
one case only: an open syllable (no final consonant) whose vowels are "oa", "oe" or "uy".

- ``"moi"`` (vanban's default, the placement of NĐ 30/2020's own samples: "CỘNG HÒA", "Ủy ban"):
  the tone sits on the first of those vowels: hòa, hòe, thủy, ủy.
- ``"cu"``: on the second: hoà, hoè, thuỷ, uỷ (the reference plan writes "Huyện uỷ", "UỶ BAN").

Everything else is common to both (rules of Vietnamese orthography):

1. "qu" and "gi" (before another vowel) are initial consonants: quý, giá, not qúy, gía.
2. A vowel with a hat, breve or horn (â ă ê ô ơ ư) takes the tone; in "ươ" the ơ: thước, người.
3. Otherwise a syllable with a final consonant has the tone on its last vowel: hoàn, toán, huýt.
4. Otherwise two vowels have it on the first (mái, múa, kìa) and three on the middle one (ngoái).

Text is NFC-normalised on the way; a syllable carrying two tone marks, or one that is not a
Vietnamese syllable (a foreign word, an abbreviation), is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

KieuDau = Literal["moi", "cu"]

TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
VOWELS = frozenset("aăâeêioôơuưy")
SPECIAL = frozenset("ăâêôơư")
_INITIALS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
)  # fmt: skip
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")  # letters, and marks NFC could not attach


def _split_tone(syllable: str) -> tuple[str, list[str]]:
    """The syllable without tone marks (NFC), and the tone marks it carried."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in TONES]
    bare = "".join(ch for ch in decomposed if ch not in TONES)
    return unicodedata.normalize("NFC", bare), tones


def _tone_index(bare: str, kieu: KieuDau) -> int | None:
    """Where the tone goes in a toneless syllable, or None when it is not a Vietnamese syllable."""
    lower = bare.lower()
    if len(lower) != len(bare):
        return None
    initial = next((i for i in _INITIALS if lower.startswith(i)), "")
    if initial == "gi" and (len(lower) == 2 or lower[2] not in VOWELS):
        initial = "g"  # gì, gìn: the i is the vowel
    if initial == "qu" and (len(lower) == 2 or lower[2] not in VOWELS):
        return None  # "qu" alone is no syllable
    start = len(initial)
    end = start
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    vowels, final = lower[start:end], lower[end:]
    if not vowels or final not in _FINALS:
        return None
    if "ươ" in vowels:
        return start + vowels.index("ươ") + 1
    specials = [i for i, ch in enumerate(vowels) if ch in SPECIAL]
    if specials:
        return start + specials[0]
    if final:
        return end - 1
    if len(vowels) == 1:
        return start
    if len(vowels) == 2:
        second = vowels in ("oa", "oe", "uy") and kieu == "cu"
        return start + (1 if second else 0)
    return start + 1


def _place(syllable: str, kieu: KieuDau) -> str:
    bare, tones = _split_tone(syllable)
    if len(tones) != 1:
        return unicodedata.normalize("NFC", syllable)
    index = _tone_index(bare, kieu)
    if index is None:
        return unicodedata.normalize("NFC", syllable)
    letter = unicodedata.normalize("NFD", bare[index]) + tones[0]
    return unicodedata.normalize("NFC", bare[:index] + letter + bare[index + 1 :])


def chuan_dau(text: str, kieu: KieuDau = "moi") -> str:
    """Put every tone mark of ``text`` where one placement style wants it; the result is NFC.

    ``chuan_dau("Huyện uỷ, hoà giải")`` -> ``"Huyện ủy, hòa giải"``; with ``kieu="cu"`` the other
    way. Only the position of tone marks changes: every letter, mark and character stays.
    """
    if kieu not in ("moi", "cu"):
        raise ValueError(
            f"chuan_dau: kieu={kieu!r}; valid styles: 'moi' (hòa, thủy), 'cu' (hoà, thuỷ)"
        )
    normalized = unicodedata.normalize("NFC", text)
    placed = _WORD.sub(lambda m: _place(m.group(), kieu), normalized)
    return unicodedata.normalize("NFC", placed)


def bo_dau(text: str) -> str:
    """``text`` without tone marks (hats, breves, horns and đ kept): "Ủy ban" -> "Uy ban"."""
    return _split_tone(text)[0]

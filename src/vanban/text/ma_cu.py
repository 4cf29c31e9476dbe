"""Vietnamese typed in the legacy 8-bit encodings, read back to Unicode.

Before Unicode (TCVN 6909:2001, which NĐ 30/2020, Phụ lục I, mục I.4 requires), Vietnamese was
typed in fonts that draw Vietnamese letters in the places of Latin-1 letters:

- **TCVN3** (bảng mã VN3 of TCVN 5712:1993, the "ABC" fonts ``.VnTime``, ``.VnArial`` …): one
  byte per letter. It holds every small letter with its tone but only the bare capitals Ă Â Ê Ô
  Ơ Ư Đ; capitals with a tone are typed in the capitals fonts (``.VnTimeH``, ``.VnArialH`` …),
  which draw every letter, ASCII included, as a capital: so text in such a font is read as the
  small letters and put in capitals (``upper_font=True``).
- **VNI** (the VNI fonts ``VNI-Times``, ``VNI-Helve`` …, "VNI Windows"): a vowel and a second
  byte for its hat, breve and tone ("aù" á, "aâ" â, "aá" ấ); đ, ơ, ư, and i with a tone, are one
  byte of their own ("ñ", "ô", "ö", "í").

Word and LibreOffice store each byte as the Unicode character of the same number (Latin-1, the
same as Windows-1252 for every byte these tables use), so a paragraph typed in ``.VnTime`` reads
"Céng hoµ x· héi" and one in ``VNI-Times`` "Coäng hoøa xaõ hoäi" unless shown in its font.

The tables below are the published ones, written as data: TCVN3 from TCVN 5712:1993 (bảng VN3,
bytes 0xA1-0xFE), VNI from the VNI Windows code table of VNI Software (as the keyboard drivers
Unikey and xvnkb implement it). Each table's inverse is here too (``unicode_to_tcvn3``,
``unicode_to_vni``), for tests and for making such documents.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from vanban.text.dau import TONES

Encoding = Literal["tcvn3", "vni"]
"""A legacy encoding: ``"tcvn3"`` (TCVN 5712:1993 VN3, ABC) or ``"vni"`` (VNI Windows)."""

# TCVN3 (TCVN 5712:1993, VN3). Each letter of the first string is the byte, written as the
# Latin-1 character Word stores, at the same place of the second. Rows: a ă â e ê i o ô ơ u ư y,
# each with its tones in the table's order (huyền, hỏi, ngã, sắc, nặng) after the bare letter
# where that letter is not ASCII; then đ and the seven capitals.
_TCVN3_LETTERS = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđĂÂÊÔƠƯĐ"
_TCVN3_BYTES = (
    "\xb5\xb6\xb7\xb8\xb9"
    "\xa8\xbb\xbc\xbd\xbe\xc6"
    "\xa9\xc7\xc8\xc9\xca\xcb"
    "\xcc\xce\xcf\xd0\xd1"
    "\xaa\xd2\xd3\xd4\xd5\xd6"
    "\xd7\xd8\xdc\xdd\xde"
    "\xdf\xe1\xe2\xe3\xe4"
    "\xab\xe5\xe6\xe7\xe8\xe9"
    "\xac\xea\xeb\xec\xed\xee"
    "\xef\xf1\xf2\xf3\xf4"
    "\xad\xf5\xf6\xf7\xf8\xf9"
    "\xfa\xfb\xfc\xfd\xfe"
    "\xae"
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7"
)

# VNI Windows: each small letter (bare, huyền, hỏi, ngã, sắc, nặng) and what is typed for it.
# The capitals are the same sequences in capitals ("AÙ" Á, "Ñ" Đ, "Ö" Ư).
_VNI_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aàảãáạ", ("a", "aø", "aû", "aõ", "aù", "aï")),
    ("ăằẳẵắặ", ("aê", "aè", "aú", "aü", "aé", "aë")),
    ("âầẩẫấậ", ("aâ", "aà", "aå", "aã", "aá", "aä")),
    ("eèẻẽéẹ", ("e", "eø", "eû", "eõ", "eù", "eï")),
    ("êềểễếệ", ("eâ", "eà", "eå", "eã", "eá", "eä")),
    ("iìỉĩíị", ("i", "ì", "æ", "ó", "í", "ò")),
    ("oòỏõóọ", ("o", "oø", "oû", "oõ", "où", "oï")),
    ("ôồổỗốộ", ("oâ", "oà", "oå", "oã", "oá", "oä")),
    ("ơờởỡớợ", ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï")),
    ("uùủũúụ", ("u", "uø", "uû", "uõ", "uù", "uï")),
    ("ưừửữứự", ("ö", "öø", "öû", "öõ", "öù", "öï")),
    ("yỳỷỹýỵ", ("y", "yø", "yû", "yõ", "yù", "î")),
    ("đ", ("ñ",)),
)

_FROM_TCVN3 = str.maketrans(_TCVN3_BYTES, _TCVN3_LETTERS)
_TO_TCVN3 = str.maketrans(_TCVN3_LETTERS, _TCVN3_BYTES)


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(what is typed -> letter, letter -> what is typed), capitals included. A mark typed in
    the other case than its vowel ("Aù") is read by the vowel's case, as the fonts draw it."""
    read: dict[str, str] = {}
    typed: dict[str, str] = {}
    for letters, sequences in _VNI_ROWS:
        for letter, sequence in zip(letters, sequences, strict=True):
            for case_letter, case_sequence in (
                (letter, sequence),
                (letter.upper(), sequence.upper()),
            ):
                if case_sequence != case_letter:
                    typed[case_letter] = case_sequence
                    read[case_sequence] = case_letter
                    if len(case_sequence) == 2:
                        read.setdefault(case_sequence[0] + case_sequence[1].swapcase(), case_letter)
    return read, typed


_FROM_VNI, _TO_VNI = _vni_tables()
_VNI_READ = re.compile("|".join(sorted(map(re.escape, _FROM_VNI), key=len, reverse=True)))


def tcvn3_to_unicode(text: str, upper_font: bool = False) -> str:
    """``text`` typed in a TCVN3 font, in Unicode (NFC): ``"Céng hoµ"`` -> ``"Cộng hoà"``.

    ``upper_font``: the text is in a capitals font (``.VnTimeH`` …), which shows every letter as a
    capital: ``tcvn3_to_unicode("uû ban", upper_font=True)`` -> ``"ỦY BAN"``. Characters the table
    does not hold (ASCII, punctuation) stay as they are.
    """
    converted = text.translate(_FROM_TCVN3)
    return converted.upper() if upper_font else converted


def unicode_to_tcvn3(text: str) -> str:
    """The inverse of :func:`tcvn3_to_unicode` for the letters TCVN3 holds (capitals with a tone
    are not in it: put them in small letters and use a capitals font)."""
    return unicodedata.normalize("NFC", text).translate(_TO_TCVN3)


def vni_to_unicode(text: str) -> str:
    """``text`` typed in a VNI font, in Unicode (NFC): ``"Coäng hoøa"`` -> ``"Cộng hòa"``."""
    return _VNI_READ.sub(lambda m: _FROM_VNI[m.group()], text)


def unicode_to_vni(text: str) -> str:
    """The inverse of :func:`vni_to_unicode`: ``"Việt"`` -> ``"Vieät"``."""
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def to_unicode(text: str, encoding: Encoding, *, upper_font: bool = False) -> str:
    """``text`` typed in ``encoding``, in Unicode."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, upper_font)
    return vni_to_unicode(text)


# Knowing them: by the font -----------------------------------------------------------------------


def font_encoding(font: str | None) -> tuple[Encoding, bool] | None:
    """The legacy encoding a font's name says, and whether it is a capitals font; None for a
    Unicode font. TCVN3 fonts are named ".Vn…" (".VnTime", ".VnArial", and the capitals fonts
    ".VnTimeH", ".VnArialH" …: an "H" at the end); VNI fonts "VNI-…" ("VNI-Times")."""
    if font is None:
        return None
    name = font.strip()
    if name[:3].lower() == ".vn":
        return "tcvn3", name.endswith("H")
    if name[:4].lower() == "vni-":
        return "vni", False
    return None


# … and by the text's shape ------------------------------------------------------------------------

_VIETNAMESE = frozenset(
    _TCVN3_LETTERS + _TCVN3_LETTERS.upper() + "".join(row for row, _ in _VNI_ROWS)
)
_FOREIGN = frozenset(
    ch
    for ch in _TCVN3_BYTES + "".join("".join(s) for _, s in _VNI_ROWS)
    for ch in (ch, ch.upper())
    if len(ch) == 1 and 0x80 <= ord(ch) < 0x100 and ch not in _VIETNAMESE
)
"""Characters of the two tables that no Vietnamese word in Unicode holds ("µ", "·", "ä", "ø")."""
_HAS_FOREIGN = re.compile("[" + re.escape("".join(sorted(_FOREIGN))) + "]")
_EDGES = "\"'“”‘’()[]{}.,;:!?…-–—/"


_NUCLEI = "|".join(
    (
        "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
        "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    )
)  # fmt: skip
"""The vowels of a Vietnamese syllable (its nucleus and glides), longest first."""
_SYLLABLE = re.compile(
    f"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?(?:{_NUCLEI})(?:ch|ng|nh|[cmnpt])?"
)
"""A Vietnamese syllable without its tone: initial consonant, vowels, final consonant."""


def _syllable(word: str) -> bool:
    """Whether ``word`` reads as one Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in TONES for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def text_encoding(text: str) -> Encoding | None:
    """The legacy encoding ``text`` looks typed in, whatever its font, or None.

    A word holding a character no Vietnamese word in Unicode holds ("hoµ", "Vieät") is read in
    each encoding; the encoding that makes more such words Vietnamese syllables wins, when it
    makes at least two of them, and two thirds of them, syllables. Unicode Vietnamese text holds
    no such character and is never taken for legacy text.
    """
    if _HAS_FOREIGN.search(text) is None:
        return None
    words = [w.strip(_EDGES) for w in text.split()]
    # a word of signs alone ("×" in "210 × 297 mm") is no word; "ë" (TCVN3 "ở") is one
    odd = [w for w in words if _HAS_FOREIGN.search(w) and any(ch.isalpha() for ch in w)]
    best: Encoding | None = None
    best_score = 0
    encodings: tuple[Encoding, ...] = ("tcvn3", "vni")
    for encoding in encodings:
        score = sum(_syllable(to_unicode(w, encoding)) for w in odd)
        if score > best_score:
            best, best_score = encoding, score
    if best_score >= 2 and 3 * best_score >= 2 * len(odd):
        return best
    return None

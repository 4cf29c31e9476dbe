"""Typing residue over the whole text: what an input method or a hurried hand leaves behind —
Telex/VNI keys inside words ("huyênj", "vie65t"), syllables run together in lower case
("bànxã"), stray single letters ("ngân sách h xã"), a space before a punctuation mark ("đơn vị ,"),
a hyphen spaced on one side only ("kinh tế- xã hội").

None of these is a rule of NĐ 30/2020: they are typing mistakes, and their citation says so
(:data:`~vanban.kiem_tra.rules.base.TYPING`). A syllable is told from two by its shape
(:mod:`vanban.text.am_tiet`), never by a dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from vanban.kiem_tra.components import Components
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.rules.base import TYPING, Hit, replace_text, rule
from vanban.text.am_tiet import la_am_tiet, tach_hai_am_tiet
from vanban.text.dau import chuan_dau

_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: "vie65t"


def _paragraphs(doc: Docx) -> Iterator[tuple[Paragraph, str]]:
    """Paragraphs with text, and their text in NFC (the form the rules read)."""
    for p in doc.paragraphs:
        if p.text.strip():
            yield p, nfc(p.text)


# Telex and VNI residue --------------------------------------------------------------------------

_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_LETTERS = (
    ("dd", "đ"), ("aa", "â"), ("ee", "ê"), ("oo", "ô"), ("aw", "ă"), ("ow", "ơ"), ("uw", "ư"),
    ("w", "ư"),
)  # fmt: skip
_VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_VNI_LETTERS = {"6": "\u0302", "7": "\u031b", "8": "\u0306"}  # â ê ô; ơ ư; ă
_VOWELS = "aăâeêioôơuưy"


def _with_tone(word: str, tone: str) -> str:
    """``word`` with ``tone`` placed by the usual rule (:func:`vanban.text.dau.chuan_dau`)."""
    last = max((i for i, ch in enumerate(word) if ch in _VOWELS), default=-1)
    if last < 0:
        return word
    marked = word[: last + 1] + tone + word[last + 1 :]
    return chuan_dau(unicodedata.normalize("NFC", marked))


def telex(word: str) -> str | None:
    """What ``word`` (lower case) was meant to be when Telex keys were left in it, or None.

    Only a word that is not a syllable and becomes one is read as Telex: "huyênj" → "huyện",
    "ddaau" → "đâu"; "zoom", "web" stay foreign words.
    """
    if la_am_tiet(word) or not re.search(r"[sfrxj]$|w|dd|aa|ee|oo", word):
        return None
    bare = word
    tone = ""
    if bare[-1] in _TELEX_TONES and len(bare) > 1:
        tone = _TELEX_TONES[bare[-1]]
        bare = bare[:-1]
    for keys, letter in _TELEX_LETTERS:
        bare = bare.replace(keys, letter)
    meant = _with_tone(bare, tone) if tone else bare
    if meant != word and la_am_tiet(meant):
        return meant
    if len(word) > 2 and word[-1] == word[-2] and word[-1] in "aeo" and la_am_tiet(word[:-1]):
        return meant  # "nhaa": the hat key typed, the rest of the word not yet
    return None


def vni(token: str) -> str | None:
    """What ``token`` (lower case, letters and digits) was meant to be when VNI keys (digits)
    were left in it ("vie65t" → "việt"), or None when it is not a syllable once read so."""
    if not re.fullmatch(r"[a-zđ]{2,}[1-9][a-zđ1-9]*", token):
        return None
    letters = ""
    tone = ""
    for ch in token:
        if ch in _VNI_TONES:
            tone = _VNI_TONES[ch]
        elif ch in _VNI_LETTERS:
            letters = unicodedata.normalize("NFC", letters + _VNI_LETTERS[ch])
        elif ch == "9":
            letters = letters[:-1] + "đ" if letters.endswith("d") else letters + ch
        else:
            letters += ch
    meant = _with_tone(letters, tone) if tone else letters
    return meant if la_am_tiet(meant) else None


def _foreign(text: str) -> bool:
    """Whether ``text`` is mostly a foreign language: more words in ASCII that are no Vietnamese
    syllable ("Department", "Affairs") than words with a Vietnamese letter."""
    words = _WORD.findall(text)
    foreign = sum(1 for w in words if w.isascii() and not la_am_tiet(w))
    vietnamese = sum(1 for w in words if not w.isascii())
    return foreign > vietnamese


@rule(
    "van_ban.telex",
    "Phím gõ dấu của bộ gõ (Telex, VNI) còn sót trong chữ (“huyênj”, “ddaau”, “vie65t”)",
    TYPING,
    "canh_bao",
    "van_ban",
    "suggest",
    "theo chỉ đạo của huyênj → theo chỉ đạo của huyện",
)
def _telex(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        if _foreign(text):
            continue  # "Department of Home Affairs": "of" is no Telex "ò"
        for match in _TOKEN.finditer(text):
            token = match.group()
            lower = token[0].lower() + token[1:]
            if not lower.islower():
                continue  # capitals inside: an abbreviation or a code ("H5N1")
            meant = vni(lower) if any(ch.isdigit() for ch in lower) else telex(lower)
            if meant is not None:
                meant = meant[0].upper() + meant[1:] if token[0].isupper() else meant
                edits = replace_text(p, match.start(), match.end(), meant)
                yield Hit(p, token, meant, at=match.start(), edits=edits)


# Syllables run together ---------------------------------------------------------------------------

LOANWORDS = frozenset({"video", "taxi", "radio", "audio", "karaoke", "ozon", "ôxy", "oxy", "logo"})
"""Foreign words written in lower case whose letters also cut into two syllables."""


@rule(
    "van_ban.dinh_am_tiet",
    "Hai âm tiết chữ thường gõ dính liền (“bànxã”): chữ có dấu tiếng Việt không phải một âm "
    "tiết, tách được đúng một cách thành hai âm tiết",
    TYPING,
    "canh_bao",
    "van_ban",
    "suggest",
    "trên địa bànxã → trên địa bàn xã",
)
def _dinh_am_tiet(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for match in _WORD.finditer(text):
            word = match.group()
            lower = word[0].lower() + word[1:]
            if word.isascii() or not lower.islower() or lower in LOANWORDS:
                continue  # foreign words ("Title"); capitals inside: van_ban.dinh_lien
            if telex(lower) is not None:
                continue  # van_ban.telex
            cut = tach_hai_am_tiet(lower)
            if cut is not None:
                first, second = word[: len(cut[0])], word[len(cut[0]) :]
                at = match.start() + len(first)
                edits = replace_text(p, at, at, " ")
                yield Hit(p, word, f"{first} {second}", at=match.start(), edits=edits)


# Stray single letters -----------------------------------------------------------------------------

_STRAY = re.compile(r"(?<=[^\W\d_] )([bcdđghklmnpqrstvxfjwz])(?= [^\W\d_])")
POINTERS = frozenset({"điểm", "mục", "tiết", "khoản", "phần", "phụ", "lục", "ô", "số", "loại"})
"""Words after which a letter names something ("điểm b khoản 1", "ô 5b"): not stray."""


@rule(
    "van_ban.chu_le",
    "Một phụ âm đứng lẻ giữa hai chữ (“ngân sách h xã”), gõ thừa",
    TYPING,
    "canh_bao",
    "van_ban",
    "suggest",
    "ngân sách h xã → ngân sách xã",
)
def _chu_le(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for match in _STRAY.finditer(text):
            before = text[: match.start()].split()
            if before and before[-1].casefold() in POINTERS:
                continue
            left = _WORD.findall(before[-1])[-1]
            right = _WORD.match(text, match.end() + 1)
            shown = f"{left} {match.group()} {right.group() if right else ''}".rstrip()
            edits = replace_text(p, match.start(), match.end() + 1, "")
            yield Hit(
                p, shown, shown.replace(f" {match.group()} ", " "), at=match.start(), edits=edits
            )


# Spaces around punctuation ------------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r"(?<=[^\s,;:.])( +)([,;:.!?])(?![.…])")


@rule(
    "van_ban.cach_truoc_dau",
    "Không có khoảng trắng trước dấu phẩy, dấu chấm, dấu chấm phẩy, dấu hai chấm",
    TYPING,
    "trinh_bay",
    "van_ban",
    "safe",
    "các đơn vị , địa phương → các đơn vị, địa phương",
)
def _cach_truoc_dau(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for match in _SPACE_BEFORE.finditer(text):
            if text[match.start() - 1] in ".…":
                continue  # dotted leaders of a form: ". . . ."
            word = (text[: match.start()].split() or [""])[-1]
            edits = replace_text(p, match.start(1), match.end(1), "")
            yield Hit(
                p,
                f"{word}{match.group()}",
                f"{word}{match[2]}",
                at=match.start(),
                edits=edits,
            )


_ONE_SIDED_DASH = re.compile(r"(?<=[^\W\d_])(?:(-) (?=[^\W\d_])| (-)(?=[^\W\d_]))")


@rule(
    "van_ban.gach_noi",
    "Gạch nối giữa hai chữ cách đều hai bên (“kinh tế - xã hội”) hoặc liền cả hai bên, không "
    "cách một bên",
    TYPING,
    "trinh_bay",
    "van_ban",
    "safe",
    "kinh tế- xã hội → kinh tế - xã hội",
)
def _gach_noi(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for match in _ONE_SIDED_DASH.finditer(text):
            left = text[: match.start()].split()[-1]
            right = text[match.end() :].split()[0] if text[match.end() :].split() else ""
            if "/" in left or re.search(r"\d", left):
                continue  # inside a code ("108/2020/NĐ- CP"): trich_dan.ky_hieu reports it
            if match[1] is not None:  # "tế- xã"
                edits = replace_text(p, match.start(), match.start(), " ")
            else:  # "tế -xã"
                edits = replace_text(p, match.end(), match.end(), " ")
            yield Hit(
                p,
                f"{left}{match.group()}{right}",
                f"{left} - {right}",
                at=match.start(),
                edits=edits,
            )

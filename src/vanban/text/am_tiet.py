"""The shape of a Vietnamese syllable (âm tiết): onset + rhyme + tone, as the writing system spells
it, to tell a word from two syllables typed without a space ("bànxã" is "bàn" + "xã") and from
the residue of an input method ("huyênj": Telex's "j" left after "huyên").

A syllable is an optional onset (âm đầu: b, c, ch, d, đ, g, gh, gi, h, k, kh, l, m, n, ng, ngh,
nh, p, ph, qu, r, s, t, th, tr, v, x), a rhyme (vần: an optional glide o/u, a vowel nucleus, an
optional final: c, ch, m, n, ng, nh, p, t or the semivowels i, y, o, u) and at most one tone mark
(huyền, sắc, hỏi, ngã, nặng); a syllable closed by c, ch, p or t takes only sắc or nặng. The
rhymes are listed as Vietnamese orthography writes them (Hoàng Phê, Từ điển chính tả; the rhyme
table of the Vietnamese school primer), generous rather than strict: a rare rhyme accepted costs
nothing, a real word refused would be reported as a mistake.

This knows spelling, not vocabulary: "xãn" has the shape of a syllable and is accepted.
"""

from __future__ import annotations

import unicodedata

from vanban.text.dau import TONES

ONSETS = frozenset(
    {
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
        "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    }
)  # fmt: skip
"""Initial consonants (âm đầu), "" for a syllable opening on a vowel."""

_RHYMES_TEXT = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet
uân uâng uât uây uê uêch uên uênh uêt uơ
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
"""
RHYMES = frozenset(_RHYMES_TEXT.split())
"""Rhymes (vần) without tone, as written after a consonant onset or alone."""

_AFTER_QU = frozenset(r for r in RHYMES if not r.startswith(("o", "u"))) | {
    "y", "ya", "ych", "ynh", "yp", "yt"
}  # fmt: skip
"""Rhymes after "qu", whose u is the glide: qua, quân, quê, quy, quyết, quốc ("cuốc" written
with q in "quốc")."""

_AFTER_GI = frozenset({r[1:] for r in RHYMES if r.startswith("iê")} | {"êc"}) | RHYMES
"""Rhymes after "gi": giêng, giếng (iê written ê after gi), and every other rhyme."""

_CHECKED = ("c", "ch", "p", "t")
_SAC_NANG = frozenset({"\u0301", "\u0323"})


def tach_dau(syllable: str) -> tuple[str, str | None]:
    """``syllable`` without its tone mark (NFC, lower case) and the tone mark (a combining
    character of :data:`vanban.text.dau.TONES`), or None when it carries none. Two tone marks
    give ("", None): no syllable has two."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = [ch for ch in decomposed if ch in TONES]
    if len(tones) > 1:
        return "", None
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    return bare, tones[0] if tones else None


def la_am_tiet(word: str) -> bool:
    """Whether ``word`` (any case, NFC or NFD) has the shape of one Vietnamese syllable.

    >>> [la_am_tiet(w) for w in ("bàn", "xã", "huyện", "quốc", "giếng", "bànxã", "huyênj")]
    [True, True, True, True, True, False, False]
    """
    bare, tone = tach_dau(word)
    if not bare or not bare.isalpha():
        return False
    for onset in sorted(ONSETS, key=len, reverse=True):
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        if onset == "qu":
            allowed = _AFTER_QU
        elif onset == "gi":
            allowed = _AFTER_GI | {""}  # "gì": g + i, read as gi + nothing
        else:
            allowed = RHYMES
        if rhyme in allowed and _tone_fits(rhyme, tone):
            return True
    return False


def _tone_fits(rhyme: str, tone: str | None) -> bool:
    """A rhyme closed by c, ch, p, t takes sắc or nặng only (or no mark: "ac" in loanwords)."""
    if tone is None or not rhyme.endswith(_CHECKED):
        return True
    return tone in _SAC_NANG


def tach_hai_am_tiet(word: str) -> tuple[str, str] | None:
    """Where ``word`` is two syllables typed without a space: the two, when ``word`` is not one
    syllable and exactly one cut gives two syllables ("bànxã" → ("bàn", "xã")); None otherwise
    (one syllable, no cut, or several possible cuts: a person decides).

    >>> tach_hai_am_tiet("bànxã"), tach_hai_am_tiet("huyện"), tach_hai_am_tiet("online")
    (('bàn', 'xã'), None, None)
    """
    text = unicodedata.normalize("NFC", word)
    if la_am_tiet(text):
        return None
    cuts = [
        (text[:i], text[i:])
        for i in range(1, len(text))
        if la_am_tiet(text[:i]) and la_am_tiet(text[i:])
    ]
    return cuts[0] if len(cuts) == 1 else None


__all__ = ["ONSETS", "RHYMES", "la_am_tiet", "tach_dau", "tach_hai_am_tiet"]

"""The shape of a Vietnamese syllable (vanban.text.am_tiet): every syllable the grammar spells
is accepted, words of real text are, and two syllables typed together are cut where they meet."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from vanban.text.am_tiet import ONSETS, RHYMES, la_am_tiet, tach_dau, tach_hai_am_tiet
from vanban.text.dau import TONES

from .conftest import EXAMPLES

_CHECKED = ("c", "ch", "p", "t")


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A syllable as the grammar spells it: onset, rhyme, a tone a closed rhyme may take."""
    onset = draw(st.sampled_from(sorted(ONSETS - {"qu", "gi"})))
    rhyme = draw(st.sampled_from(sorted(RHYMES)))
    tones = ["", "\u0301", "\u0323"] if rhyme.endswith(_CHECKED) else ["", *TONES]
    tone = draw(st.sampled_from(tones))
    # the tone goes on the rhyme's first vowel with a mark, else its last vowel
    vowels = [i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy"]
    marked = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    at = (marked or vowels)[0 if marked else -1]
    spelled = rhyme[: at + 1] + tone + rhyme[at + 1 :]
    return unicodedata.normalize("NFC", onset + spelled)


@given(syllables())
def test_every_syllable_the_grammar_spells_is_accepted(syllable: str) -> None:
    assert la_am_tiet(syllable)
    assert la_am_tiet(syllable.upper())
    assert la_am_tiet(unicodedata.normalize("NFD", syllable))


@given(syllables(), syllables())
def test_two_syllables_typed_together_are_cut_where_they_meet(a: str, b: str) -> None:
    cut = tach_hai_am_tiet(a + b)
    if la_am_tiet(a + b):
        assert cut is None  # one syllable ("ba" + "n" is "ban"): nothing to cut
    elif cut is not None:
        assert "".join(cut) == a + b and all(la_am_tiet(x) for x in cut)
    cuts = [i for i in range(1, len(a + b)) if la_am_tiet((a + b)[:i]) and la_am_tiet((a + b)[i:])]
    if not la_am_tiet(a + b) and cuts == [len(a)]:
        assert cut == (a, b)


@pytest.mark.parametrize(
    "word",
    [
        "bàn", "xã", "huyện", "quốc", "quyết", "quýt", "quỳnh", "giếng", "gì", "gìn", "thuở",
        "khuya", "người", "nghiệp", "Việt", "ủy", "uỷ", "hoá", "ngoài", "tuyết", "xoong", "được",
        "khuỷu", "oái", "yêu", "nguyễn", "Đảng", "ĐỒNG", "giữa", "quê", "xãn",
    ],
)  # fmt: skip
def test_syllables(word: str) -> None:
    assert la_am_tiet(word)


@pytest.mark.parametrize(
    "word",
    ["bànxã", "huyênj", "ddaau", "nhaa", "vie65t", "UBND", "online", "zoom", "hóá", "bácc", "bàt"],
)
def test_not_syllables(word: str) -> None:
    assert not la_am_tiet(word)


@pytest.mark.parametrize(
    ("word", "cut"),
    [
        ("bànxã", ("bàn", "xã")),
        ("quảxã", ("quả", "xã")),
        ("xâydựng", ("xây", "dựng")),
        ("thànhphố", ("thành", "phố")),
        ("huyện", None),  # one syllable
        ("huyênj", None),  # "j" is no syllable
        ("online", None),
        ("nhàanh", ("nhà", "anh")),
        ("xãhội", ("xã", "hội")),
        ("tínhiệu", None),  # "tí nhiệu", "tín hiệu", "tính iệu": a person decides
    ],
)
def test_the_cut(word: str, cut: tuple[str, str] | None) -> None:
    assert tach_hai_am_tiet(word) == cut


def test_the_tone_is_read_apart() -> None:
    assert tach_dau("Huyện") == ("huyên", "\u0323")
    assert tach_dau("xã") == ("xa", "\u0303")
    assert tach_dau("ba") == ("ba", None)
    assert tach_dau("bá\u0300") == ("", None)  # two tone marks: no syllable


def _example_words() -> set[str]:
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            words.update(re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", value)))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in EXAMPLES.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


def test_every_vietnamese_word_of_the_examples_is_a_syllable() -> None:
    # every word with a Vietnamese letter outside ASCII, in every example's data: real text
    words = {w for w in _example_words() if not w.isascii() and not any(c.isupper() for c in w[1:])}
    assert len(words) > 500
    assert sorted(w for w in words if not la_am_tiet(w)) == []

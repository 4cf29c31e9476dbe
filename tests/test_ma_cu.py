"""Legacy Vietnamese encodings (issue 14): TCVN3 and VNI read back to Unicode over the whole
alphabet with every tone, and the checker's rule ``ma_cu.unicode`` finding them by font and by
the text's shape, with the converted text as its suggestion and the edits that make it so."""

from __future__ import annotations

import io
import unicodedata

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.kiem_tra import check
from vanban.kiem_tra.edits import ReplaceText, SetRun
from vanban.kiem_tra.rules import RULES
from vanban.text.ma_cu import (
    font_encoding,
    tcvn3_to_unicode,
    text_encoding,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

BASES = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
SMALL = sorted(
    {unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES} | set("bcdđghklmnpqrstvx")
)
"""Every small letter of the Vietnamese alphabet, the vowels with every tone: 12 x 6 + 17."""
CAPITALS = sorted({ch.upper() for ch in SMALL})
OTHER = list(" ,.;:-()0123456789/\n")


def test_the_alphabet_is_whole() -> None:
    assert len(SMALL) == 12 * 6 + 17 == len(CAPITALS)


def test_every_letter_in_both_tables() -> None:
    for letter in SMALL:
        assert tcvn3_to_unicode(unicode_to_tcvn3(letter)) == letter
        assert vni_to_unicode(unicode_to_vni(letter)) == letter
        assert unicode_to_tcvn3(letter).isascii() == letter.isascii()
    for letter in CAPITALS:
        assert vni_to_unicode(unicode_to_vni(letter)) == letter


@pytest.mark.parametrize(
    ("unicode", "tcvn3", "vni"),
    [
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Céng hßa x· héi chñ nghÜa ViÖt Nam",
         "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
        ("Độc lập - Tự do - Hạnh phúc", "§éc lËp - Tù do - H¹nh phóc",
         "Ñoäc laäp - Töï do - Haïnh phuùc"),
        ("người được ưu tiên", "ng­êi ®­îc ­u tiªn", "ngöôøi ñöôïc öu tieân"),
        ("ỵ ỷ ỹ ằ ẳ ẵ ặ", "þ û ü » ¼ ½ Æ", "î yû yõ aè aú aü aë"),
    ],
)  # fmt: skip
def test_known_words(unicode: str, tcvn3: str, vni: str) -> None:
    assert tcvn3_to_unicode(tcvn3) == unicode
    assert unicode_to_tcvn3(unicode) == tcvn3
    assert vni_to_unicode(vni) == unicode
    assert unicode_to_vni(unicode) == vni


def test_the_capitals_fonts_show_every_letter_as_a_capital() -> None:
    # .VnTimeH: the small letters' bytes, drawn as capitals
    assert tcvn3_to_unicode("uû ban nh©n d©n", upper_font=True) == "UỶ BAN NHÂN DÂN"
    assert tcvn3_to_unicode("ñy ban nh©n d©n", upper_font=True) == "ỦY BAN NHÂN DÂN"
    # the bare capitals TCVN3 holds itself
    assert tcvn3_to_unicode("¡ ¢ £ ¤ ¥ ¦ §") == "Ă Â Ê Ô Ơ Ư Đ"


def test_a_vni_mark_in_the_other_case_is_read_by_the_vowels_case() -> None:
    assert vni_to_unicode("AÙ Aù aÙ") == "Á Á á"


_SMALL_TEXT = st.text(alphabet=st.sampled_from(SMALL + OTHER), max_size=60)
_ANY_TEXT = st.text(alphabet=st.sampled_from(SMALL + CAPITALS + OTHER), max_size=60)
_TCVN3_CAPITALS = [c for c in CAPITALS if unicode_to_tcvn3(c) != c or c.isascii()]


@given(_ANY_TEXT)
def test_vni_round_trip(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == text


@given(st.text(alphabet=st.sampled_from(SMALL + _TCVN3_CAPITALS + OTHER), max_size=60))
def test_tcvn3_round_trip(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


@given(_SMALL_TEXT)
def test_tcvn3_capitals_font_round_trip(text: str) -> None:
    # what shows as capitals in .VnTimeH is typed as the small letters
    assert tcvn3_to_unicode(unicode_to_tcvn3(text), upper_font=True) == text.upper()


def test_tcvn3_holds_no_capital_with_a_tone() -> None:
    assert sorted(c for c in CAPITALS if not c.isascii() and unicode_to_tcvn3(c) != c) == sorted(
        "ĂÂÊÔƠƯĐ"
    )


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial", ("tcvn3", False)),
        (".VnArialH", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_fonts(font: str | None, expected: tuple[str, bool] | None) -> None:
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"),
        ("Thöïc hieän caùc nhieäm vuï cuûa UÛy ban", "vni"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),
        ("Herr Müller und Frau Schröder", None),
        ("5 µm", None),
        ("A4: 210 × 297 mm; A5: 148 × 210 mm", None),  # "×" is TCVN3's "ì", but no word here
        ("ë nhµ", "tcvn3"),  # "ở nhà": a word of one legacy letter is a word
        ("hoµ", None),  # one word tells too little: the font must say it
    ],
)
def test_text_shape(text: str, expected: str | None) -> None:
    assert text_encoding(text) == expected


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(SMALL + CAPITALS + OTHER), max_size=30),
        max_size=8,
    )
)
def test_unicode_text_is_never_taken_for_legacy_text(words: list[str]) -> None:
    assert text_encoding(" ".join(words)) is None


# The rule -------------------------------------------------------------------------------------


def _document(*runs: tuple[str, str | None]) -> bytes:
    """A one-paragraph-per-run document: each (text, font)."""
    made = docx.Document()
    made.styles["Normal"].font.name = "Times New Roman"
    for text, font in runs:
        run = made.add_paragraph().add_run(text)
        if font is not None:
            run.font.name = font
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def _findings(data: bytes) -> list[tuple[int | None, str, str]]:
    report = check(data)
    return [
        (f.paragraph, f.found, f.expected) for f in report.findings if f.rule == "ma_cu.unicode"
    ]


def test_the_rule_is_registered_after_the_typing_rules() -> None:
    ids = [r.id for r in RULES]
    assert ids.index("ma_cu.unicode") > max(
        i for i, r in enumerate(RULES) if r.id.startswith("van_ban.")
    )
    rule = RULES[ids.index("ma_cu.unicode")]
    assert rule.citation == "NĐ 30/2020, Phụ lục I, mục I.4 (bộ mã Unicode TCVN 6909:2001)"
    assert (rule.severity, rule.fix) == ("loi", "guarded")


def test_legacy_fonts_and_shapes_are_found_and_converted() -> None:
    data = _document(
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", ".VnTime"),
        ("ñy ban nh©n d©n", ".VnTimeH"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI-Times"),
        ("Gia Luong", ".VnTime"),  # only ASCII: still a legacy font
        ("Céng hßa x· héi chñ nghÜa", None),  # TCVN3 bytes in Times New Roman: by its shape
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),
    )
    assert _findings(data) == [
        (0, "Céng hßa x· héi chñ nghÜa ViÖt Nam (.VnTime)",
         "Cộng hòa xã hội chủ nghĩa Việt Nam (Times New Roman)"),
        (1, "ñy ban nh©n d©n (.VnTimeH)", "ỦY BAN NHÂN DÂN (Times New Roman)"),
        (2, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam (VNI-Times)",
         "Cộng hòa xã hội chủ nghĩa Việt Nam (Times New Roman)"),
        (3, "Gia Luong (.VnTime)", "Gia Luong (Times New Roman)"),
        (4, "Céng hßa x· héi chñ nghÜa (bảng mã TCVN3)", "Cộng hòa xã hội chủ nghĩa"),
    ]  # fmt: skip


def test_the_edits_replace_each_run_and_set_its_font() -> None:
    made = docx.Document()
    paragraph = made.add_paragraph()
    paragraph.add_run("Céng hßa ").font.name = ".VnTime"
    bold = paragraph.add_run("x· héi")
    bold.font.name, bold.bold = ".VnTime", True
    paragraph.add_run(" 2022").font.name = ".VnTime"
    buffer = io.BytesIO()
    made.save(buffer)
    from vanban.kiem_tra.components import find_components
    from vanban.kiem_tra.docx import read_docx
    from vanban.kiem_tra.rules.ma_cu import legacy_hits

    doc = read_docx(buffer.getvalue())
    hits = list(legacy_hits.evaluate(doc, find_components(doc)))
    assert [h.found for h in hits] == ["Céng hßa x· héi 2022 (.VnTime)"]
    assert hits[0].edits == (
        ReplaceText(0, 0, 9, "Cộng hòa "),
        SetRun(0, 0, 9, "font", "Times New Roman"),
        ReplaceText(0, 9, 15, "xã hội"),
        SetRun(0, 9, 15, "font", "Times New Roman"),
        SetRun(0, 15, 20, "font", "Times New Roman"),
    )

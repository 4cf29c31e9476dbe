"""The body's numbering and headings (NĐ 30/2020, Phụ lục I, mục II.6.đ): phần and mục numbered
in Roman numerals ("I.", "II."), khoản in Arabic numerals followed by a full stop ("1."), điểm in
the letters of the Vietnamese alphabet followed by ")" ("a)", … "đ)", … "y)": no f, j, w, z),
each sequence without gaps or repeats; the headings of phần and mục in capitals and bold, a
khoản's title on its own line in bold.

Numbers are read from the text as typed ("II. CÁC CHỈ TIÊU", "8.Tiếp tục", "g)"). Numbers Word
draws itself (``w:numPr`` with a numbering format) are not in the text: a body numbered so is not
evaluated; Word's bullets ("bullet") are no numbers and do not stop it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from vanban.kiem_tra.components import Components
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.edits import Edit, ReplaceText, SetRun
from vanban.kiem_tra.report import Severity
from vanban.kiem_tra.rules.base import ND30, CannotEvaluate, Hit, NotApplicable, rule
from vanban.text.numbering import DIEM_LETTERS, so_la_ma

CITATION = f"{ND30}, mục II.6.đ"
_ROMAN = re.compile(r"^(?P<n>[IVXL]+)\.(?P<space>\s*)(?=\S)")
_ARABIC = re.compile(r"^(?P<n>\d{1,2})\.(?!\d)(?P<space>\s*)(?=\S)")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\)(?P<space>\s*)(?=\S)")
_PART = re.compile(r"^(?:phần|chương)\s+[IVXLC\d]+\b", re.IGNORECASE)
_DIEU = re.compile(r"^Điều\s+(?P<n>\d{1,3})\.(?P<space>\s*)(?=\S)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class Marker:
    """A number typed at the start of a body paragraph."""

    paragraph: Paragraph
    level: str
    """"phan" (I.), "dieu" (Điều 1.), "khoan" (1.), "diem" (a)); "phan_lon" for a line
    "Phần …" or "Chương …", under which the numbers start again."""
    written: str
    value: int
    """1-based; 0 for a letter outside the alphabet (f, j, w, z)."""
    mark: str
    """The number as typed, with its "." or ")": "8.", "a)", "Điều 1."."""
    space: str
    title: str
    """The text after the number."""


def _roman(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def markers(doc: Docx, parts: Components) -> list[Marker]:
    """The numbers typed at the start of the body's paragraphs, in order."""
    found = []
    for index in parts.body:
        p = doc.paragraphs[index]
        text = nfc(p.text).strip()
        if _PART.match(text):  # "Phần II", "Chương I": the numbers below start again
            found.append(Marker(p, "phan_lon", "", 0, "", "", text))
            continue
        levels = (("phan", _ROMAN), ("dieu", _DIEU), ("khoan", _ARABIC), ("diem", _LETTER))
        for level, pattern in levels:
            match = pattern.match(text)
            if match is None:
                continue
            n = match["n"]
            if level == "phan":
                value = _roman(n)
            elif level in ("khoan", "dieu"):
                value = int(n)
            else:
                value = DIEM_LETTERS.index(n) + 1 if n in DIEM_LETTERS else 0
            title = text[match.end() :]
            mark = text[: match.start("space")]
            found.append(Marker(p, level, n, value, mark, match["space"], title))
            break
    return found


def _shown(marker: Marker, value: int | None = None) -> str:
    if value is None:
        return marker.mark
    if marker.level == "phan":
        return f"{so_la_ma(value) if value else marker.written}."
    if marker.level == "khoan":
        return f"{value if value else marker.written}."
    if marker.level == "dieu":
        return f"Điều {value if value else marker.written}."
    return f"{DIEM_LETTERS[value - 1] if value else marker.written})"


def _auto_numbered(doc: Docx, parts: Components) -> None:
    """Word's own numbers (not its bullets) in the body: the numbering cannot be read."""
    formats = {doc.paragraphs[i].numbering for i in parts.body}
    if formats - {None, "bullet", "none"}:
        raise CannotEvaluate(
            "nội dung đánh số tự động của Word (w:numPr): số thứ tự không nằm trong chữ"
        )


@rule(
    "than.so_thu_tu",
    "Số thứ tự liên tiếp, không nhảy, không lặp: phần, mục “I.”, “II.”; khoản “1.”, “2.”; điểm "
    "“a)”, “b)”, … “đ)” theo bảng chữ cái tiếng Việt (không có f, j, w, z); sau số thứ tự "
    "một khoảng trắng",
    CITATION,
    "loi",
    "noi_dung",
    "guarded",
    "a) … c) → a) … b); 8.Tiếp tục → 8. Tiếp tục",
)
def _so_thu_tu(doc: Docx, parts: Components) -> Iterator[Hit]:
    _auto_numbered(doc, parts)
    found = markers(doc, parts)
    if not found:
        raise NotApplicable("nội dung không đánh số thứ tự")
    last = {"phan": 0, "dieu": 0, "khoan": 0, "diem": 0}
    for marker in found:
        p = marker.paragraph
        if marker.level == "phan_lon":
            last = dict.fromkeys(last, 0)
            continue
        expected = last[marker.level] + 1
        if marker.level == "diem" and expected > len(DIEM_LETTERS):
            expected = len(DIEM_LETTERS)
        start = len(p.text) - len(p.text.lstrip())
        if marker.value != expected:
            right = _shown(marker, expected)
            edits: tuple[ReplaceText, ...] = ()
            if p.text == nfc(p.text):
                edits = (ReplaceText(p.index, start, start + len(marker.mark), right),)
            yield Hit(p, f"{_shown(marker)} (sau {_previous(marker, last)})", right, at=start,
                      edits=edits)  # fmt: skip
        elif marker.space not in (" ", "\u00a0"):  # a no-break space is a space
            at = start + len(marker.mark)
            head = marker.title.split()[0] if marker.title.split() else ""
            edits = (ReplaceText(p.index, at, at + len(marker.space), " "),)
            yield Hit(p, f"{_shown(marker)}{marker.space}{head}", f"{_shown(marker)} {head}",
                      at=start, edits=edits)  # fmt: skip
        last[marker.level] = marker.value if marker.value else expected
        if marker.level in ("phan", "dieu"):
            last["khoan"] = last["diem"] = 0
        elif marker.level == "khoan":
            last["diem"] = 0


def _previous(marker: Marker, last: dict[str, int]) -> str:
    """The number before ``marker`` at its level, as written ("đầu": none yet)."""
    value = last[marker.level]
    return _shown(marker, value) if value else "đầu"


_TITLE_WORDS = 12


@rule(
    "than.tieu_de",
    "Tiêu đề của phần, mục (“I. MỤC ĐÍCH, YÊU CẦU”) in hoa, đậm; khoản có tiêu đề (“1. Mục "
    "đích”) trình bày trên một dòng riêng, in đậm",
    CITATION,
    "loi",
    "noi_dung",
    "guarded",
    "I. Mục đích, yêu cầu (chữ thường, không đậm) → I. MỤC ĐÍCH, YÊU CẦU (đậm)",
)
def _tieu_de(doc: Docx, parts: Components) -> Iterator[Hit]:
    _auto_numbered(doc, parts)
    found = [m for m in markers(doc, parts) if m.level in ("phan", "khoan")]
    if not found:
        raise NotApplicable("nội dung không có phần, mục, khoản đánh số")
    for marker in found:
        p = marker.paragraph
        title = marker.title.strip()
        if marker.level == "khoan":
            is_title = (
                0 < len(title.split()) <= _TITLE_WORDS
                and not title.endswith((".", ":", ";", ","))
                and "\n" not in title
            )
            if not is_title:
                continue
        letters = [ch for ch in title if ch.isalpha()]
        problems = []
        if marker.level == "phan" and letters and not all(ch.isupper() for ch in letters):
            problems.append("chữ thường")
        if not p.bold:
            problems.append("không đậm")
        if problems:
            edits: list[Edit] = []
            if not p.bold:
                edits.append(SetRun(p.index, 0, len(p.text), "bold", True))
            if "chữ thường" in problems and p.text == nfc(p.text):
                at = p.text.index(title)
                edits.append(ReplaceText(p.index, at, at + len(title), title.upper()))
            shown = f"{_shown(marker)} {title}"
            want = shown.upper() if marker.level == "phan" else shown
            # a khoản's title is told from a short sentence by its shape only: a warning
            severity: Severity | None = "canh_bao" if marker.level == "khoan" else None
            yield Hit(
                p,
                f"{shown} ({', '.join(problems)})",
                f"{want} (đậm)",
                severity=severity,
                edits=tuple(edits),
            )

"""Estimated printed width of Times New Roman text, for the short rules (đường kẻ) of the header.

NĐ 30/2020, Phụ lục I asks for a rule under the issuing body's name and under the trích yếu whose
length is 1/3 to 1/2 of the text line's length (mục II.2.b, II.5.b), and for a rule under the motto
as long as the motto (mục II.1.b). vanban draws these rules as runs of low-line characters ("_"), as the decree's own sample
layouts do (Phụ lục III, Mẫu 1.4), with a count that comes from the text's estimated width, so each
rule follows the text of its document.

The advance widths are those of Times Roman and Times Bold in the Adobe core-font metrics (units of
1/1000 em). Times New Roman and its metric-compatible Liberation Serif match them: measured against
Liberation Serif's own advance widths (fontTools), the estimate is within 1% on the header lines of
the examples, well inside the decree's 1/3-1/2 band when vanban aims at 2/5. A Vietnamese letter
takes the width of its base letter: tone marks, circumflex, breve and horn sit above or beside it.
"""

from __future__ import annotations

import unicodedata

_SPACE = 250  # also the no-break space
_LOW_LINE = 500  # "_" in Times Roman

_REGULAR_UPPER = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
         722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611),
        strict=True,
    )
)  # fmt: skip
_REGULAR_LOWER = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
         500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444),
        strict=True,
    )
)  # fmt: skip
_BOLD_UPPER = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
         722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667),
        strict=True,
    )
)  # fmt: skip
_BOLD_LOWER = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
         556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444),
        strict=True,
    )
)  # fmt: skip
_PUNCT = {" ": _SPACE, "\u00a0": _SPACE, ",": 250, ".": 250, ":": 278, ";": 278, "-": 333,
          "/": 278, "(": 333, ")": 333, "–": 500, "&": 778}  # fmt: skip
_DIGIT = 500
_OTHER = 500

REGULAR = {**_REGULAR_UPPER, **_REGULAR_LOWER}
BOLD = {**_BOLD_UPPER, **_BOLD_LOWER}


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Estimated width of ``text`` set in Times New Roman at ``size_pt``, in points."""
    table = BOLD if bold else REGULAR
    units = 0
    for ch in text:
        base = _base(ch)
        if base in table:
            units += table[base]
        elif base in _PUNCT:
            units += _PUNCT[base]
        elif base.isdigit():
            units += _DIGIT
        else:
            units += _OTHER
    return units * size_pt / 1000


RULE_SIZE_PT = 7.0
"""Font size of the rule paragraphs: small, so the rule sits just under the text above it."""

RULE_RATIO = 0.4
"""Aim for rules of 2/5 of the line: inside ND30's 1/3-1/2 band with room for estimation error."""


def rule(width_pt: float) -> str:
    """Low lines that, set at :data:`RULE_SIZE_PT`, make a rule ``width_pt`` long."""
    count = max(1, round(width_pt / (_LOW_LINE * RULE_SIZE_PT / 1000)))
    return "_" * count


def short_rule(lines: list[str], size_pt: float, *, bold: bool, max_width_pt: float) -> str:
    """The rule under a block of lines: 2/5 of its longest line (capped at the column's width)."""
    longest = max((text_width_pt(line, size_pt, bold=bold) for line in lines), default=0.0)
    return rule(min(longest, max_width_pt) * RULE_RATIO)


def rule_width_pt(rule_text: str) -> float:
    """The printed length of a rule made by :func:`rule`."""
    return len(rule_text) * _LOW_LINE * RULE_SIZE_PT / 1000

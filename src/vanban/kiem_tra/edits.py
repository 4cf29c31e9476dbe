"""What a fix changes, as data: the edits a rule attaches to a :class:`~vanban.kiem_tra.rules.Hit`
for ``vanban check --fix`` to apply.

An edit names its place the way the checker read it (a paragraph's index in reading order and a
span of its text, a section's index), never by XML position: the rules know the text, the fixer
knows the package. Spans count characters of :attr:`vanban.kiem_tra.docx.Paragraph.text` as read
(not normalised: NFD text keeps its combining marks), ``end`` excluded.

Which edits a run of ``--fix`` applies follows the rule's fix grade
(:data:`vanban.kiem_tra.report.Fix`): ``safe`` always, ``guarded`` only when asked, ``suggest``
and ``none`` never (a ``suggest`` rule may still attach an edit, shown as its suggestion).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RunProperty = Literal["font", "size", "bold", "italic"]
"""``font``: the typeface of every script slot (ascii, hAnsi, cs, eastAsia), a str; ``size``:
points, a float; ``bold``/``italic``: a bool."""
PageProperty = Literal["width", "height", "top", "bottom", "left", "right"]
"""The section's page size (``w:pgSz``) and margins (``w:pgMar``), in twips."""


@dataclass(frozen=True)
class ReplaceText:
    """Replace ``text[start:end]`` of paragraph ``paragraph`` with ``text`` (formatting: that of
    the run where the span starts; for an insertion, ``start == end``, that of the run ending
    there, else of the one starting there). In ``text``, "\t" is written as a tab (``w:tab``),
    "\n" as a line break (``w:br``)."""

    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SetRun:
    """Set a run property on ``text[start:end]`` of paragraph ``paragraph`` (runs are split at
    the span's ends when it does not cover them whole)."""

    paragraph: int
    start: int
    end: int
    property: RunProperty
    value: str | float | bool


@dataclass(frozen=True)
class SetAlignment:
    """Set paragraph ``paragraph``'s alignment (``w:jc``: "left", "center", "right", "both")."""

    paragraph: int
    value: str


@dataclass(frozen=True)
class SetPage:
    """Set a page property of section ``section`` (in the order of :attr:`Docx.pages`)."""

    section: int
    property: PageProperty
    twips: int


Edit = ReplaceText | SetRun | SetAlignment | SetPage
"""One change a fix makes."""

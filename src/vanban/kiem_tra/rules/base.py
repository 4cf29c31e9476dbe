"""What every rule is made of: :class:`Rule`, the :func:`rule` decorator that registers it in
:data:`RULES`, :class:`Hit` (one broken place), and the two ways a rule declines
(:class:`NotApplicable`, :class:`CannotEvaluate`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from vanban.kiem_tra.components import Components, Line
from vanban.kiem_tra.docx import Docx, Paragraph
from vanban.kiem_tra.edits import Edit, ReplaceText
from vanban.kiem_tra.report import Fix, Severity

ND30 = "NĐ 30/2020, Phụ lục I"
TYPING = "lỗi đánh máy, không phải quy định của NĐ 30/2020"
"""The citation of the typing rules: they are not the decree's, and say so."""


class NotApplicable(Exception):
    """The rule does not concern this document."""


class CannotEvaluate(Exception):
    """The rule concerns this document, which does not let it decide; the message says why."""


@dataclass(frozen=True)
class Hit:
    """One place where a rule is broken."""

    paragraph: Paragraph | None
    found: str
    expected: str
    at: int = 0
    """Where in the paragraph's text (for the context shown)."""
    severity: Severity | None = None
    """When one place is less (or more) serious than the rule's default."""
    edits: tuple[Edit, ...] = ()
    """What ``--fix`` changes to mend this place (:mod:`vanban.kiem_tra.edits`); empty when the
    rule has no fix or cannot compute one here."""


@dataclass(frozen=True)
class Rule:
    """One rule: its metadata and the function that evaluates it."""

    id: str
    title: str
    citation: str
    severity: Severity
    component: str
    fix: Fix
    example: str
    """A wrong form and the right one, for the docs ("Số: 49 /KH - UBND → Số: 49/KH-UBND")."""
    evaluate: Callable[[Docx, Components], Iterator[Hit]]


def line_span(line: Line) -> tuple[int, int]:
    """Where ``line``'s text, without the spaces around it, lies in its paragraph's text (the
    span an edit of the line names)."""
    offset = 0
    for piece in line.paragraph.text.split("\n"):
        if piece == line.text:
            start = offset + len(piece) - len(piece.lstrip())
            return start, max(start, offset + len(piece.rstrip()))
        offset += len(piece) + 1
    raise ValueError(f"{line.text!r} is not a line of paragraph {line.paragraph.index}")


def replace_text(p: Paragraph, start: int, end: int, text: str) -> tuple[Edit, ...]:
    """The edit writing ``text`` over ``start:end`` of ``p``'s text, found in its NFC form:
    none when the paragraph is stored decomposed (NFD), whose offsets differ
    (``van_ban.unicode_dung_san`` reports and mends that first)."""
    if not unicodedata.is_normalized("NFC", p.text):
        return ()
    return (ReplaceText(p.index, start, end, text),)


def replace_line(line: Line, text: str) -> tuple[Edit, ...]:
    """The edit that writes ``text`` in place of ``line`` (its formatting: that of the line's
    first run)."""
    start, end = line_span(line)
    return (ReplaceText(line.paragraph.index, start, end, text),)


RULES: list[Rule] = []
"""Every rule, in the order reports list them."""


def rule(
    id: str,
    title: str,
    citation: str,
    severity: Severity,
    component: str,
    fix: Fix,
    example: str,
) -> Callable[[Callable[[Docx, Components], Iterator[Hit]]], Rule]:
    """Register the decorated function as a rule of :data:`RULES`."""

    def register(evaluate: Callable[[Docx, Components], Iterator[Hit]]) -> Rule:
        made = Rule(id, title, citation, severity, component, fix, example, evaluate)
        if any(r.id == id for r in RULES):
            raise ValueError(f"rule {id!r} registered twice")
        RULES.append(made)
        return made

    return register

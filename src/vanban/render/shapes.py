"""A part's output checked once per shape: the rendered XML with each value replaced by one mark.

Every rendered part is checked to be well-formed XML before it is written (template.py). Most of
that check re-proves, document after document, what depends only on the template and the path the
render took through it, not on the values placed in it: a batch of 500 invitations differs in the
guest's name, not in its markup. This module lets the check run once per *shape* instead.

**Marking.** While a part renders on the fast path, each value a ``{{ }}`` outputs passes
:func:`mark_value` (the environment's ``finalize``, before autoescaping). A value that is *plain*
(below) is wrapped in :data:`OPEN` and :data:`CLOSE`; anything else is left as it is and so
becomes part of the shape. After the part is finished (docxtpl's post-processing), two strings are
made from the marked output R:

- the document, R without the marks;
- its shape S, R with each marked span replaced by :data:`STAND_IN`, the character reference
  ``&#120;``.

S is checked (expat, the same check as every part's) unless the part has already seen exactly
that S; only checked, well-formed shapes are remembered.

**Why a well-formed S proves the document well-formed.** A plain value is text that, after
autoescaping, holds only XML characters (no control characters, surrogates, U+FFFE or U+FFFF;
no tab, line feed, carriage return, bell or form feed), no ``<`` or ``>`` or ``"`` or ``'``
except as the predefined references the escape writes, no ``&`` but those references' own, no
``]``, no ``--``, does not start or end with ``-``, is not empty and is not one of the two
reserved namespace names. Where S holds ``&#120;`` and is well-formed, the reference stands in
element content, an attribute value, a comment, a processing instruction or a CDATA section:
a character reference is refused anywhere else (in a name, between attributes, outside the root
element). In each of those places a plain value is as good as the reference: in content it adds
characters and references and cannot form ``]]>``; in an attribute value it holds no ``<``, raw
``&`` or quote (and as a namespace name it is neither empty nor reserved; two names made equal by
their stand-ins would already make S's attributes collide); in a comment it cannot form ``--``
with its neighbours; in a processing instruction or CDATA section it cannot form ``?>`` or
``]]>``. A value adds no element, so the depth S nests is the document's. Post-processing matches
tabs, line feeds, ``<`` and the like, which a plain value does not hold, so it finds the same
matches with or without the marks. And a value that is not plain is in S itself.

**When the marks cannot be used.** A value holding :data:`OPEN` or :data:`CLOSE` (or any other
character XML cannot store) would confuse the spans: the render is marked *spoiled* and the part
goes to the reference path, which names the value. Output captured inside the template (macros,
``call``, ``{% set %}`` and ``{% filter %}`` blocks, template blocks, recursive loops) could be
measured or changed by a filter with its marks in it, and ``{% autoescape %}`` could leave a value
unescaped: a part using any of them is never marked (:func:`can_mark`).
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.nodes import EvalContext
from markupsafe import Markup

OPEN = "\x01"
"""Starts a marked value: a character XML cannot store, so never in a well-formed document."""
CLOSE = "\x02"
"""Ends a marked value."""
STAND_IN = "&#120;"
"""What a marked value is in the part's shape."""
SHAPES_KEPT = 16
"""Checked shapes a part remembers; past that it forgets them all and starts again."""
SHAPE_MAX_BYTES = 1 << 20
"""The largest shape a part remembers (1 MiB): a part with more in one batch (one enormous
paragraph) is checked every time, so that what a part keeps stays within 16 MiB."""

_OPEN, _CLOSE, _STAND_IN = OPEN.encode(), CLOSE.encode(), STAND_IN.encode()
_NOT_PLAIN_CHARACTER = re.compile(r"[\x00-\x1f\]\ud800-\udfff\ufffe\uffff]")
_RESERVED = "http://www.w3.org/"  # the start of both reserved namespace names (Namespaces in XML)
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CAPTURING = (
    nodes.Macro,
    nodes.CallBlock,
    nodes.AssignBlock,
    nodes.FilterBlock,
    nodes.Block,
    nodes.Extends,
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.EvalContextModifier,
)


class Marks:
    """One render's marking: whether a value could not be marked safely (``spoiled``)."""

    __slots__ = ("spoiled",)

    def __init__(self) -> None:
        self.spoiled = False


def watch(eval_ctx: EvalContext, marks: Marks) -> None:
    """Mark the values of the render that ``eval_ctx`` belongs to, noting in ``marks`` whether
    one spoiled the marking."""
    eval_ctx.vanban_marks = marks  # type: ignore[attr-defined]


@jinja2.pass_eval_context
def mark_value(eval_ctx: EvalContext, value: Any) -> Any:
    """The environment's ``finalize``: a plain value of a marked render wrapped in the marks.

    Renders that are not marked (the reference path, docxtpl) get every value as it is.
    """
    marks: Marks | None = getattr(eval_ctx, "vanban_marks", None)
    if marks is None:
        return value
    html = getattr(value, "__html__", None)
    if html is not None:  # raw markup: part of the shape, as escape would give it
        markup = value if isinstance(value, str) else Markup(html())
        if OPEN in markup or CLOSE in markup:
            marks.spoiled = True
        return markup
    text = value if type(value) is str else str(value)
    if not text:
        return text
    if (
        "]" not in text  # printable text holds no control character, surrogate, U+FFFE or U+FFFF
        and (text.isprintable() or _NOT_PLAIN_CHARACTER.search(text) is None)
        and "--" not in text
        and text[0] != "-"
        and text[-1] != "-"
        and not text.startswith(_RESERVED)
    ):
        return OPEN + text + CLOSE
    if _UNSTORABLE.search(text) is not None:
        marks.spoiled = True
    return text


def split(marked: bytes) -> tuple[bytes, bytes]:
    """The document and the shape of a marked, finished output (UTF-8: the marks are bytes 1
    and 2 there, which no other character's encoding holds)."""
    document = unmarked(marked)
    pieces = marked.split(_OPEN)
    shape = [pieces[0]]
    for piece in pieces[1:]:  # a value, its CLOSE, then the template's text up to the next OPEN
        shape.append(_STAND_IN)
        shape.append(piece[piece.index(_CLOSE) + 1 :])  # ValueError if a value hid a mark
    return document, b"".join(shape)


def unmarked(marked: bytes) -> bytes:
    """A marked output (UTF-8) without its marks: the document."""
    return marked.replace(_OPEN, b"").replace(_CLOSE, b"")


def can_mark(tree: nodes.Template) -> bool:
    """Whether a part's template may be marked: it captures no output and sets no autoescape."""
    if any(True for _ in tree.find_all(_CAPTURING)):
        return False
    return not any(loop.recursive for loop in tree.find_all(nodes.For))


class Shapes:
    """The shapes of a part already checked and found well-formed (at most :data:`SHAPES_KEPT`).

    Safe from many threads: a dict's single operations hold the interpreter lock, and a shape
    added twice or forgotten early costs only a check.
    """

    def __init__(self) -> None:
        self._seen: dict[bytes, None] = {}

    def __contains__(self, shape: bytes) -> bool:
        return shape in self._seen

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, shape: bytes) -> None:
        """Remember a checked, well-formed shape (unless it is over :data:`SHAPE_MAX_BYTES`)."""
        if len(shape) > SHAPE_MAX_BYTES:
            return
        if len(self._seen) >= SHAPES_KEPT:
            self.forget()
        self._seen[shape] = None

    def forget(self) -> None:
        """Forget every shape: the next render of each is checked."""
        self._seen.clear()

"""How deeply a template's output can nest elements, decided once, when the template is loaded.

vanban's readers parse XML with libxml2's limit of :data:`MAX_DEPTH` nested elements
(:func:`vanban.render.package.safe_parser`), and vanban never writes a document deeper than they
accept. The check of every rendered part (expat, in :mod:`vanban.render.template`) sets no such
limit, so this module proves the bound from the template's own text instead, at no cost per
render:

- the output of a part is the template's literal XML (Jinja's ``TemplateData``) along the path
  the render takes, with values placed between; an escaped value holds no ``<`` or ``>``, and
  ``bang_xml`` places a table :data:`vanban.render.bang.DEPTH` levels deep, balanced;
- so, counting ``<name`` as one level down and ``</`` and ``/>`` as one up (a self-closing element
  is one level deeper, for an instant, as libxml2 counts it), each piece of literal XML has a net
  change and a highest rise (:class:`Effect`), a branch (``if``/``else``) the widest of its
  branches, and a ``for`` loop's body must change the depth by exactly 0, else the loop could
  nest without end: such a template is refused (:class:`vanban.UnsafeTemplateError`, "a loop
  whose body opens elements it does not close"), as are macro and ``call`` bodies that do it;
- the part's bound is the depth its fixed prefix leaves open plus the highest rise;
- docxtpl's finishing step (``resolve_listing``) copies a paragraph's and a run's properties to
  where a tab, line break or page break in a value splits them: a copy is a piece of the same
  output, balanced (an element's content in well-formed XML), placed no deeper than the output
  already reached, so with it the output nests at most twice the bound: the proof asks that
  twice the bound stay within :data:`MAX_DEPTH` (the built-in templates: 9 levels).

The proof holds for a plain context (text, numbers, dates, dicts and lists of them: a model's
context, or what :func:`vanban.render.template._scan_context` finds) and a template whose values
are all escaped. Where raw XML can reach the output (``|safe``, ``urlize``, ``xmlattr``, the
application's own filters and globals, macros, ``caller()``, ``{% set %}`` blocks, recursive
loops, ``{% autoescape false %}``, comments or processing instructions in the template's text)
or twice the bound passes :data:`MAX_DEPTH`, the part is marked for a depth count on every render
instead (:attr:`Bound.per_render`), and so is any render whose context is not plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass

import jinja2.filters
from jinja2 import nodes

from vanban.render.bang import DEPTH as BANG_DEPTH

MAX_DEPTH = 256
"""Most nested elements a document vanban writes may have: libxml2's limit without its
``XML_PARSE_HUGE`` option, which vanban's readers never set (``huge_tree=False``)."""

RAW_FILTERS = frozenset({"safe", "urlize", "xmlattr"})
"""Jinja's built-in filters that can give raw XML (Markup) from a value that is not Markup. Every
other built-in filter gives Markup only from Markup, and its escaped Markup (``e``, ``tojson``)
holds no ``<`` or ``>``."""

_PLAIN_CALLS = frozenset({"range", "dict", "cycler", "namespace"})
"""Jinja's globals whose call gives no raw XML (``lipsum`` can: ``lipsum(html=True)``)."""

_MARKUP = re.compile(r"</|/>|<")
_UNCOUNTABLE = ("<!", "<?", "?>", "-->", "]]>")


@dataclass(frozen=True)
class Effect:
    """What a piece of template does to the element depth: its net change lies in
    ``[low, high]``, and it never rises more than ``rise`` above where it starts."""

    low: int
    high: int
    rise: int

    def then(self, other: Effect) -> Effect:
        """This piece followed by ``other``."""
        return Effect(
            self.low + other.low, self.high + other.high, max(self.rise, self.high + other.rise)
        )

    def either(self, other: Effect) -> Effect:
        """This piece or ``other`` (the branches of an ``if``)."""
        return Effect(
            min(self.low, other.low), max(self.high, other.high), max(self.rise, other.rise)
        )


ZERO = Effect(0, 0, 0)


@dataclass(frozen=True)
class Bound:
    """A templated part's verdict: ``depth`` is the most elements its output can nest for a
    plain context, or None when it cannot be told from the template (then ``per_render``)."""

    depth: int | None
    reason: str

    @property
    def per_render(self) -> bool:
        """Whether each render must count the depth of its output (not proven here)."""
        return self.depth is None or 2 * self.depth > MAX_DEPTH


class UnbalancedLoop(Exception):
    """A loop, macro or call block whose body changes the depth (refused at load)."""

    def __init__(self, lineno: int, what: str, effect: Effect) -> None:
        self.lineno = lineno
        self.what = what
        self.effect = effect
        super().__init__(f"line {lineno}: {what}")


class _Raw(Exception):
    """Raw XML may reach the output here: the depth cannot be told from the template."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def markup_effect(text: str) -> Effect | None:
    """The effect of a piece of the template's literal XML; None if it holds a comment, a
    processing instruction, a CDATA section or a declaration, whose ``<`` are not elements, or
    ends with a ``<`` whose meaning the value after it would decide (the template's own XML,
    checked at load, never does: a tag's name cannot start with ``{``)."""
    if any(mark in text for mark in _UNCOUNTABLE) or text.endswith("<"):
        return None
    depth = rise = low = 0
    for match in _MARKUP.finditer(text):
        if match.group() == "<":
            depth += 1
            rise = max(rise, depth)
        else:
            depth -= 1
            low = min(low, depth)
    return Effect(depth, depth, rise)


def start_depth(head: str) -> int:
    """How many elements the part's fixed beginning (its declaration and prefix) leaves open."""
    without_declaration = re.sub(r"<\?.*?\?>", "", head, flags=re.DOTALL)
    effect = markup_effect(without_declaration)
    if effect is None:
        raise ValueError("the part's prefix holds a comment or declaration")
    return effect.high


def part_bound(
    template: nodes.Template, head: str, *, filters: Set[str], globals: Set[str]
) -> Bound:
    """The bound of one part (``template`` is its parsed Jinja source, ``head`` the XML before
    it). ``filters`` and ``globals`` are the application's own names, whose output may be raw.

    Raises :class:`UnbalancedLoop` for a loop, macro or call block whose literal XML does not
    close what it opens.
    """
    analysis = _Analysis(
        plain_filters=frozenset(jinja2.filters.FILTERS) - RAW_FILTERS - filters
        | _vanban_text_filters() - filters,
        plain_calls=_PLAIN_CALLS - globals,
        raw_names=frozenset(globals),
    )
    try:
        effect = analysis.body(template.body)
    except _Raw as raw:
        analysis.check_loops(template)
        return Bound(None, raw.reason)
    try:
        depth = start_depth(head) + effect.rise
    except ValueError as error:
        return Bound(None, str(error))
    return Bound(depth, "proven from the template")


def _vanban_text_filters() -> frozenset[str]:
    from vanban.render.filters import FILTERS

    return frozenset(FILTERS) - {"bang_xml"}


@dataclass(frozen=True)
class _Analysis:
    plain_filters: frozenset[str]
    plain_calls: frozenset[str]
    raw_names: frozenset[str]  # the application's globals: any value, Markup included

    def body(self, body: Iterable[nodes.Node]) -> Effect:
        effect = ZERO
        for node in body:
            effect = effect.then(self.statement(node))
        return effect

    def statement(self, node: nodes.Node) -> Effect:
        if isinstance(node, nodes.Output):
            effect = ZERO
            for child in node.nodes:
                effect = effect.then(self.output(child))
            return effect
        if isinstance(node, nodes.For):
            self.expression(node.iter)
            if node.test is not None:
                self.expression(node.test)
            if node.recursive:
                raise _Raw(f"line {node.lineno}: a recursive loop")
            loop = self.balanced(node.body, node.lineno, "a loop")
            return loop.either(self.body(node.else_))
        if isinstance(node, nodes.If):
            self.expression(node.test)
            effect = self.body(node.body)
            for branch in node.elif_:
                effect = effect.either(self.statement(branch))
            return effect.either(self.body(node.else_))
        if isinstance(node, nodes.Assign):
            self.expression(node.node)
            return ZERO
        if isinstance(node, nodes.With):
            for value in node.values:
                self.expression(value)
            return self.body(node.body)
        if isinstance(node, nodes.Scope):
            return self.body(node.body)
        what = {
            nodes.Macro: "a macro",
            nodes.CallBlock: "a call block",
            nodes.AssignBlock: "a {% set %} block",
            nodes.FilterBlock: "a {% filter %} block",
            nodes.ScopedEvalContextModifier: "{% autoescape %}",
            nodes.EvalContextModifier: "{% autoescape %}",
            nodes.Block: "a {% block %}",
        }
        for kind, name in what.items():
            if isinstance(node, kind):
                raise _Raw(f"line {node.lineno}: {name}")
        raise _Raw(f"line {node.lineno}: {{% {type(node).__name__.lower()} %}}")

    def balanced(self, body: list[nodes.Node], lineno: int, what: str) -> Effect:
        effect = self.body(body)
        if effect.low != 0 or effect.high != 0:
            raise UnbalancedLoop(lineno, what, effect)
        return effect

    def output(self, node: nodes.Node) -> Effect:
        if isinstance(node, nodes.TemplateData):
            effect = markup_effect(node.data)
            if effect is None:
                raise _Raw(f"line {node.lineno}: a comment or processing instruction")
            return effect
        if isinstance(node, nodes.Filter) and node.name == "bang_xml":
            for child in node.iter_child_nodes():
                self.expression(child)
            return Effect(0, 0, BANG_DEPTH)
        self.expression(node)
        return ZERO

    def expression(self, node: nodes.Node) -> None:
        """Raise :class:`_Raw` if the expression's value may be raw XML (for a plain context)."""
        for child in node.find_all(nodes.Expr):
            self._check(child)
        if isinstance(node, nodes.Expr):
            self._check(node)

    def _check(self, node: nodes.Expr) -> None:
        if isinstance(node, nodes.Filter) and node.name not in self.plain_filters:
            raise _Raw(f"line {node.lineno}: the filter {node.name!r}")
        if isinstance(node, nodes.Filter) and node.name == "map" and node.args:
            # map('name') applies the filter of that name to each item
            name = node.args[0]
            if not (isinstance(name, nodes.Const) and name.value in self.plain_filters):
                raise _Raw(f"line {node.lineno}: map of a filter that may give raw XML")
        if isinstance(node, nodes.Name) and node.name in self.raw_names:
            raise _Raw(f"line {node.lineno}: the application's global {node.name!r}")
        if isinstance(node, nodes.Call):
            callee = node.node
            if isinstance(callee, nodes.Name) and callee.name not in self.plain_calls:
                raise _Raw(f"line {node.lineno}: a call of {callee.name!r}")
            if not isinstance(callee, nodes.Name | nodes.Getattr):
                raise _Raw(f"line {node.lineno}: a call of a computed value")

    def check_loops(self, template: nodes.Template) -> None:
        """Every loop, macro and call block balanced, even where raw XML makes the rest unknown."""
        kinds = ((nodes.For, "a loop"), (nodes.Macro, "a macro"), (nodes.CallBlock, "a call block"))
        for kind, what in kinds:
            for node in template.find_all(kind):
                effect = _Counter().body(getattr(node, "body", []))
                if effect is not None and (effect.low != 0 or effect.high != 0):
                    raise UnbalancedLoop(node.lineno, what, effect)


class _Counter:
    """The literal XML's effect alone (values taken as escaped), None where it cannot be told."""

    def body(self, body: Iterable[nodes.Node]) -> Effect | None:
        effect = ZERO
        for node in body:
            step = self.statement(node)
            if step is None:
                return None
            effect = effect.then(step)
        return effect

    def statement(self, node: nodes.Node) -> Effect | None:
        if isinstance(node, nodes.Output):
            effect = ZERO
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    step = markup_effect(child.data)
                    if step is None:
                        return None
                    effect = effect.then(step)
            return effect
        if isinstance(node, nodes.For):
            inner = self.body(node.body)
            rest = self.body(node.else_)
            if inner is None or rest is None:
                return None
            return Effect(0, 0, inner.rise).either(rest)
        if isinstance(node, nodes.If):
            either: Effect | None = self.body(node.body)
            for branch in [*map(self.statement, node.elif_), self.body(node.else_)]:
                if either is None or branch is None:
                    return None
                either = either.either(branch)
            return either
        if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.Assign | nodes.AssignBlock):
            return ZERO
        body = getattr(node, "body", None)
        return self.body(body) if isinstance(body, list) else ZERO

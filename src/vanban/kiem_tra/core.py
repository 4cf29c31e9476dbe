"""``check(path | bytes) -> Report``: every rule of :data:`vanban.kiem_tra.rules.RULES` on one
document."""

from __future__ import annotations

from pathlib import Path

from vanban.kiem_tra.components import Components, find_components
from vanban.kiem_tra.docx import Docx, read_docx
from vanban.kiem_tra.report import Finding, Report
from vanban.kiem_tra.rules import RULES, CannotEvaluate, Hit, NotApplicable, Rule
from vanban.render.package import DEFAULT_LIMITS, PackageLimits

CONTEXT_CHARS = 80
"""At most this many characters of a paragraph are shown around a finding."""


def check(
    source: str | Path | bytes, *, limits: PackageLimits = DEFAULT_LIMITS, name: str | None = None
) -> Report:
    """Check the .docx ``source`` (a path or its bytes) against every rule of the checker.

    >>> report = check("ke-hoach.docx")  # doctest: +SKIP
    >>> report.compliant, [f.rule for f in report.findings]  # doctest: +SKIP
    (True, [])

    A file that is not a safe, readable .docx raises :class:`vanban.PackageError` naming it.
    """
    doc = read_docx(Path(source) if isinstance(source, str) else source, limits, name=name)
    return evaluate(doc)[0]


Found = tuple[Rule, Hit, Finding]
"""A rule, one of its hits and the finding it makes (the hit carries the edits)."""


def evaluate(doc: Docx) -> tuple[Report, list[Found]]:
    """Every rule on ``doc``: the report, and each finding with the rule and hit that made it
    (``--fix`` reads the hits' edits)."""
    parts = find_components(doc)
    found: list[Found] = []
    applicable: list[str] = []
    evaluated: list[str] = []
    passed: list[str] = []
    failed: list[str] = []
    not_evaluated: dict[str, str] = {}
    for rule in RULES:
        try:
            hits = list(rule.evaluate(doc, parts))
        except NotApplicable:
            continue
        except CannotEvaluate as why:
            applicable.append(rule.id)
            not_evaluated[rule.id] = str(why)
            continue
        applicable.append(rule.id)
        evaluated.append(rule.id)
        (failed if hits else passed).append(rule.id)
        found.extend((rule, hit, _finding(rule, hit, parts)) for hit in hits)
    report = Report(
        doc.name,
        tuple(f for _, _, f in found),
        tuple(applicable),
        tuple(evaluated),
        tuple(passed),
        tuple(failed),
        not_evaluated,
    )
    return report, found


def _finding(rule: Rule, hit: Hit, parts: Components) -> Finding:
    paragraph = hit.paragraph
    component = rule.component
    context = ""
    index = None
    if paragraph is not None:
        index = paragraph.index
        if component == "van_ban":
            component = parts.component_of(index)
        context = _around(paragraph.text, hit.at)
    return Finding(
        rule.id,
        rule.title,
        rule.citation,
        hit.severity or rule.severity,
        component,
        index,
        context,
        hit.found,
        hit.expected,
        rule.fix,
    )


def _around(text: str, at: int) -> str:
    text = text.replace("\n", " ").replace("\t", " ")
    if len(text) <= CONTEXT_CHARS:
        return text
    start = max(0, min(at - CONTEXT_CHARS // 3, len(text) - CONTEXT_CHARS))
    shown = text[start : start + CONTEXT_CHARS]
    return ("…" if start else "") + shown + ("…" if start + CONTEXT_CHARS < len(text) else "")


__all__ = ["Docx", "check"]

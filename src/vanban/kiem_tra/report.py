"""What a check finds: :class:`Finding` (one broken rule at one place) and :class:`Report` (every
finding of one document, and which rules applied, were evaluated, passed and failed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["loi", "canh_bao", "trinh_bay"]
"""``loi``: the decree is broken; ``canh_bao``: very likely a mistake, a person decides;
``trinh_bay``: presentation (typing, consistency)."""
Fix = Literal["safe", "guarded", "suggest", "none"]
"""How a fix could be applied: ``safe`` (nothing but the formatting or spacing changes),
``guarded`` (a structural change a person confirms), ``suggest`` (words: shown, never applied),
``none``."""

SEVERITIES: tuple[Severity, ...] = ("loi", "canh_bao", "trinh_bay")
SEVERITY_NAMES: dict[Severity, str] = {
    "loi": "lỗi",
    "canh_bao": "cảnh báo",
    "trinh_bay": "trình bày",
}
SCHEMA_VERSION = 1
"""The version of the JSON form (:meth:`Report.to_dict`); raised when a key changes meaning or
goes away, never when one is added."""


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place of a document."""

    rule: str
    """The rule's id, stable across versions ("so_ky_hieu.dang")."""
    title: str
    """The rule in Vietnamese."""
    citation: str
    """Where the rule comes from ("NĐ 30/2020, Phụ lục I, mục II.3.c")."""
    severity: Severity
    component: str
    """The component ("so_ky_hieu", "noi_nhan", "trang", "van_ban" for the whole text …)."""
    paragraph: int | None
    """The paragraph's index in reading order (body, table cells, text boxes), None for the page
    or the whole document."""
    context: str
    """The text around the place (at most about 80 characters)."""
    found: str
    expected: str
    fix: Fix


@dataclass(frozen=True)
class Report:
    """The result of checking one document.

    ``compliant`` is true only when no applicable rule failed AND every applicable rule could be
    evaluated: a rule the checker could not evaluate (the component it reads was not found, a
    value the file does not state) is never counted as passed.
    """

    source: str
    findings: tuple[Finding, ...]
    applicable: tuple[str, ...]
    """Ids of the rules that apply to this document."""
    evaluated: tuple[str, ...]
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    not_evaluated: dict[str, str] = field(default_factory=dict)
    """Applicable rules that could not be evaluated, with the reason."""

    @property
    def compliant(self) -> bool:
        """No applicable rule failed and none was left unevaluated."""
        return not self.failed and not self.not_evaluated

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/kiem-tra.md, "JSON")."""
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source,
            "compliant": self.compliant,
            "counts": {
                "applicable": len(self.applicable),
                "evaluated": len(self.evaluated),
                "passed": len(self.passed),
                "failed": len(self.failed),
                "not_evaluated": len(self.not_evaluated),
                "findings": len(self.findings),
            },
            "rules": {
                "applicable": list(self.applicable),
                "passed": list(self.passed),
                "failed": list(self.failed),
                "not_evaluated": dict(self.not_evaluated),
            },
            "findings": [asdict(f) for f in self.findings],
        }

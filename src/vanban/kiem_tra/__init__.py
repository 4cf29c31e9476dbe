"""Kiểm tra thể thức: check any .docx against the rules of NĐ 30/2020 vanban knows
(docs/kiem-tra.md). ``vanban.check(path) -> Report``; ``vanban check FILE.docx``.

- :mod:`vanban.kiem_tra.docx` reads a package safely into paragraphs and pages;
- :mod:`vanban.kiem_tra.components` finds the components by content and position;
- :mod:`vanban.kiem_tra.rules` holds the rules, each with its id and citation (:data:`RULES`);
- :mod:`vanban.kiem_tra.report` the :class:`Finding` and :class:`Report`;
- :mod:`vanban.kiem_tra.edits` the edits a finding carries, :mod:`vanban.kiem_tra.sua` applies
  them (``vanban check FILE.docx --fix OUT.docx``);
- :mod:`vanban.kiem_tra.command` the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vanban.kiem_tra.core import check
    from vanban.kiem_tra.report import Finding, Report
    from vanban.kiem_tra.rules import RULES, Rule
    from vanban.kiem_tra.sua import FixResult, Skipped, fix

_LAZY = {
    "check": "vanban.kiem_tra.core",
    "fix": "vanban.kiem_tra.sua",
    "FixResult": "vanban.kiem_tra.sua",
    "Skipped": "vanban.kiem_tra.sua",
    "Finding": "vanban.kiem_tra.report",
    "Report": "vanban.kiem_tra.report",
    "RULES": "vanban.kiem_tra.rules",
    "Rule": "vanban.kiem_tra.rules",
}
"""Loaded when first asked for: the command line imports :mod:`vanban.kiem_tra.command` (and so
this package) at start, and every ``vanban`` command would otherwise pay for the 39 rules."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RULES", "Finding", "FixResult", "Report", "Rule", "Skipped", "check", "fix"]

"""The rules the checker evaluates, each a small function registered in :data:`RULES` with its
id, its statement in Vietnamese, its citation, its severity, its component and its fix grade.

A rule function gets the document and its components and yields :class:`Hit` (where, what was
found, what is expected, and the edits that mend it). It raises :class:`NotApplicable` when the
rule does not concern the document (a Biên bản has no date line in its header: Phụ lục III,
Mẫu 1.9) and :class:`CannotEvaluate` when it does but the document does not let it decide (the
line it reads was not found): a rule that could not be evaluated is never counted as passed.

The values compared are vanban's own (:mod:`vanban.typeset.page`, :mod:`vanban.text.dates`,
:class:`vanban.SoKyHieu`): the checker and the renderer cannot disagree on a rule.

One module per area, in the order reports list them: :mod:`.trang` (page, font), :mod:`.dau`
(header), :mod:`.cuoi` (Nơi nhận, Kính gửi, signature), :mod:`.dinh_dang` (size, weight, case and
alignment per component), :mod:`.than` (the body's numbering and headings), :mod:`.trich_dan`
(citations), :mod:`.van_ban` and :mod:`.go_chu` (typing over the whole text), :mod:`.ma_cu`
(text in a legacy encoding, TCVN3 or VNI).
"""

# isort: off
# The order of these imports is the order of RULES, so of reports.
from vanban.kiem_tra.rules import trang  # noqa: F401
from vanban.kiem_tra.rules import dau  # noqa: F401
from vanban.kiem_tra.rules import cuoi  # noqa: F401
from vanban.kiem_tra.rules import dinh_dang  # noqa: F401
from vanban.kiem_tra.rules import than  # noqa: F401
from vanban.kiem_tra.rules import trich_dan  # noqa: F401
from vanban.kiem_tra.rules import van_ban  # noqa: F401
from vanban.kiem_tra.rules import go_chu  # noqa: F401
from vanban.kiem_tra.rules import ma_cu  # noqa: F401

# isort: on
from vanban.kiem_tra.rules.base import (
    ND30,
    RULES,
    TYPING,
    CannotEvaluate,
    Hit,
    NotApplicable,
    Rule,
    rule,
)
from vanban.kiem_tra.rules.dau import kind_of_title

__all__ = [
    "ND30",
    "RULES",
    "TYPING",
    "CannotEvaluate",
    "Hit",
    "NotApplicable",
    "Rule",
    "kind_of_title",
    "rule",
]

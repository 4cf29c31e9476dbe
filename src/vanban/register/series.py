"""Series of numbers (sổ): which documents a register numbers together (NĐ 30/2020, Điều 15).

- One series for all kinds, from 01 on 1 January to 31 December, is the default (Điều 15.1;
  Phụ lục I, mục II.3.a); the head of the body may decide separate series for administrative
  documents (Điều 15.1.c), e.g. a "sổ quyết định" apart from the rest.
- Secret documents (văn bản mật) are always numbered in their own series (Điều 15.2).
- Advisory bodies (Hội đồng, Ban, Tổ) that issue documents with the body's seal number them in
  their own series (Phụ lục I, mục II.3.a).
- Copies (bản sao y, sao lục, trích sao: SY, SL, TrS) take one yearly series together (Phụ lục I,
  phần II, mục II.1.c).

A series is therefore (body, year, series name): a register is one body's, the year comes from the
issue date, the name from these rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vanban.errors import RegisterError
from vanban.loai import LoaiVanBan

CHUNG = "chung"
"""The name of the default series: every kind no other series takes (Điều 15.1)."""
MAT = "mat"
"""The name of the default series of secret documents (Điều 15.2)."""


@dataclass(frozen=True)
class SeriesRule:
    """What one series numbers.

    - ``ten``: its name as the register book prints it ("Sổ quyết định").
    - ``loai``: the kinds it takes (a separate series decided by the head of the body, Điều
      15.1.c); empty for the general series or a series selected otherwise.
    - ``mat``: the series of secret documents (Điều 15.2): every document with ``do_mat`` goes
      here, and nothing else does. Their registration also follows the law on state secrets
      (Điều 16.3), which this register does not replace.
    - ``co_quan``: the abbreviation of an advisory body (Hội đồng, Ban, Tổ) that issues with the
      body's seal (Phụ lục I, mục II.3.a): documents whose ``co_quan.viet_tat`` is this go here.
    - ``ban_sao``: the series of copies SY, SL, TrS (Phụ lục I, phần II, mục II.1.c); vanban issues
      no copies, so numbers are only reserved in it.

    A rule with none of ``loai``, ``mat``, ``co_quan``, ``ban_sao`` is a general series: it takes
    every document no other series takes. A register has at most one.
    """

    ten: str = ""
    loai: frozenset[LoaiVanBan] = field(default_factory=frozenset)
    mat: bool = False
    co_quan: str | None = None
    ban_sao: bool = False

    @property
    def chung(self) -> bool:
        """Whether this is the general series (no selector)."""
        return not (self.loai or self.mat or self.co_quan or self.ban_sao)


DEFAULT_SERIES: Mapping[str, SeriesRule] = {
    CHUNG: SeriesRule(ten="Sổ văn bản đi"),
    MAT: SeriesRule(ten="Sổ văn bản mật đi", mat=True),
}
"""One series for every kind, and the secret documents apart (Điều 15.1, 15.2)."""


def check_rules(rules: Mapping[str, SeriesRule]) -> None:
    """Refuse a series configuration that would give a document two series, or none to a secret
    one; raise :class:`RegisterError` naming the series and the rule."""
    if not rules:
        raise RegisterError("series: empty — a register numbers at least one series (Điều 15.1)")
    seen: dict[LoaiVanBan, str] = {}
    advisory: dict[str, str] = {}
    for name, rule in rules.items():
        if not name or not name.replace("_", "").replace("-", "").isalnum():
            raise RegisterError(
                f"series name {name!r} — letters, digits, '_' and '-' only, e.g. 'quyet_dinh'"
            )
        selectors = [bool(rule.loai), rule.mat, rule.co_quan is not None, rule.ban_sao]
        if sum(selectors) > 1:
            raise RegisterError(
                f"series {name!r}: one selector only (loai, mat, co_quan or ban_sao) — secret "
                "documents, advisory bodies and copies each take their own series (Điều 15.2; "
                "Phụ lục I, mục II.3.a, phần II mục II.1.c)"
            )
        for kind in rule.loai:
            if kind in seen:
                raise RegisterError(
                    f"series {name!r} and {seen[kind]!r} both number {kind.ten}: a document has "
                    "one series (Điều 15.1)"
                )
            seen[kind] = name
        if rule.co_quan is not None:
            if rule.co_quan in advisory:
                raise RegisterError(
                    f"series {name!r} and {advisory[rule.co_quan]!r} both number the advisory "
                    f"body {rule.co_quan!r}"
                )
            advisory[rule.co_quan] = name
    for flag, what in (("chung", "general"), ("mat", "secret"), ("ban_sao", "copies")):
        names = [name for name, rule in rules.items() if getattr(rule, flag)]
        if len(names) > 1:
            raise RegisterError(
                f"series {', '.join(map(repr, names))}: a register has one {what} series"
            )

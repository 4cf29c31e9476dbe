"""Căn cứ ban hành: the italic lines that ground a document (NĐ 30/2020, Phụ lục I, mục II.6.a).

Each line starts "Căn cứ …" and ends with ";", the last with "." (mục II.6.a; the samples of
Phụ lục III, Mẫu 1.1–1.4). A Quyết định's "Theo đề nghị của … ." follows them as one more
line (Mẫu 1.2, 1.3), so its căn cứ all end with ";". The data gives each line without the
final punctuation (a typed ";" or "." is dropped, not doubled).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def can_cu_field() -> Any:
    """The ``can_cu`` field every layout with căn cứ declares (Mẫu 1.1–1.4)."""
    return Field(
        default_factory=list,
        title="Căn cứ ban hành",
        description=(
            "Các dòng căn cứ, in nghiêng; vanban thêm ';' cuối mỗi dòng và '.' cuối dòng cuối "
            "(mục II.6.a)."
        ),
    )


def can_cu_lines(lines: list[str], *, last: str = ".") -> list[str]:
    """The căn cứ as printed: ``["Căn cứ A;", "Căn cứ B."]``; ``last=";"`` when a line follows.

    >>> can_cu_lines(["Căn cứ A;", "Căn cứ B"], last=";")
    ['Căn cứ A;', 'Căn cứ B;']
    """
    bare = [line.rstrip(";.") for line in lines]
    return [line + (last if i == len(bare) - 1 else ";") for i, line in enumerate(bare)]

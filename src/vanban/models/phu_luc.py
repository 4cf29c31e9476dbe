"""Phụ lục (Mẫu 2.1): an appendix attached to any document (NĐ 30/2020, Điều 8.3.a), after it.

NĐ 30/2020, Phụ lục III, Mẫu 2.1 and Phụ lục I, mục III.1:

- "Phụ lục" alone when the document has one, "Phụ lục I", "Phụ lục II" … (Roman numerals) when
  it has two or more (mục III.1.a); on a line of its own, centred, lower case ("chữ in thường"),
  14 pt, upright, bold (mục III.1.b);
- the title, if any, centred, in bold capitals, 13–14 pt (mục III.1.b);
- the italic line "(Kèm theo <Tên loại> số <số ký hiệu> ngày … tháng … năm … của <cơ quan>)"
  filled from the parent document (mục III.1.c; ``VanBan.kem_theo``: a Công văn is named
  "Công văn"; "của" the issuing body, ``co_quan.ten``, for every kind: Mẫu 2.1, note 5, "Tên
  cơ quan, tổ chức ban hành văn bản"), and a rule under it;
- the content: the body tree (paragraphs, mục, khoản …) and tables (:class:`Bang`), ending
  "./." as the sample's content does;
- its own page numbers ("Số trang của Phụ lục được đánh số riêng theo từng Phụ lục", mục
  III.1.đ): every built-in template makes each Phụ lục a section of its own, from a new page,
  numbered from 1, no number on its first page and the number at the top centre of the others
  (as the document's, mục I.7), and no ô 13 (``templates/build.py``, ``phu_luc_block``).

The field is ``VanBan.phu_luc``, on every kind. A Phụ lục points to its document by its số ký
hiệu; a draft's keeps the blanks the văn thư fills at issue (Điều 15.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from vanban.models.base import Model, Text
from vanban.models.noi_dung import NutNoiDung, check_levels, number_body
from vanban.text.case import viet_hoa
from vanban.text.numbering import so_la_ma

PHU_LUC_RULE = "NĐ 30/2020, Phụ lục III, Mẫu 2.1"


class PhuLuc(Model):
    """One Phụ lục: its title and its content (the body tree, tables included)."""

    phu_luc: Text = Field(
        title="Tên phụ lục", description="Tên phụ lục, vanban in hoa, đậm (Mẫu 2.1)."
    )
    noi_dung: list[NutNoiDung] = Field(
        title="Nội dung phụ lục",
        description="Nội dung phụ lục: đoạn, mục, khoản … và bảng (bang).",
        json_schema_extra={"minItems": 1},
    )
    _positional = ("phu_luc", "noi_dung")
    _schema_title = "Phụ lục"
    _schema_description = "Một phụ lục kèm theo văn bản (NĐ 30/2020, Phụ lục III, Mẫu 2.1)."
    if TYPE_CHECKING:

        def __init__(self, phu_luc: str, noi_dung: Sequence[Any]) -> None: ...

    @field_validator("noi_dung")
    @classmethod
    def _has_content(cls, value: list[Any]) -> list[Any]:
        if not value:
            raise ValueError(f"empty — a Phụ lục holds its content ({PHU_LUC_RULE})")
        check_levels(value)
        return value


def phu_luc_context(items: Sequence[PhuLuc], kem_theo: str) -> list[dict[str, Any]]:
    """Each Phụ lục as the template places it: ``so`` ("Phụ lục" or "Phụ lục II"), ``tieu_de``
    in capitals, ``kem_theo`` (the italic line) and ``noi_dung`` (numbered, ending "./.")."""
    several = len(items) > 1
    return [
        {
            "so": "Phụ lục" + (f" {so_la_ma(i)}" if several else ""),
            "tieu_de": viet_hoa(item.phu_luc),
            "kem_theo": kem_theo,
            "noi_dung": [p.context() for p in number_body(item.noi_dung)],
        }
        for i, item in enumerate(items, 1)
    ]

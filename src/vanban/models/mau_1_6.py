"""Mẫu 1.6, Công điện: the urgent telegram-style instruction of an office or of its head.

NĐ 30/2020, Phụ lục III, Mẫu 1.6 and its notes:

- Số ký hiệu "n/CĐ-<issuer>" (note 3; Phụ lục III, mục I: "CĐ"); header, place-and-date line
  (the sample's is the same as every layout's), Nơi nhận and signature as every layout.
- "CÔNG ĐIỆN", then the trích yếu: "trích yếu nội dung điện" (note 5), and the short rule.
- The line "<tên cơ quan, tổ chức hoặc chức danh của người đứng đầu> điện:" (note 6), centred,
  14 pt, regular, as the sample sets it: ``tham_quyen``, written as in a sentence ("Chủ tịch Ủy
  ban nhân dân xã Gia Lương"), printed in capitals as the title of an authority is (Phụ lục I,
  mục II.7.đ; "THỦ TƯỚNG CHÍNH PHỦ điện:"); without it, the issuing body's name (ô 2). vanban
  writes "điện:": a ``tham_quyen`` typed with it is refused, not mended.
- The recipients, "tên cơ quan, tổ chức nhận điện" (note 7; ``nhan_dien``), one per line under
  it, indented, each "- …;", the last ending "." (the sample's two lines "- …;" and "- … .",
  the punctuation of Phụ lục I, mục II.9.d).
- The body, "nội dung điện" (note 8): the body tree of :mod:`vanban.models.noi_dung`, ending
  "./.".
- Nơi nhận begins "- Như trên;": the recipients of the điện are the "nơi nhận để thực hiện" that
  Nơi nhận lists (Phụ lục I, mục II.9.a), named above it, as Kính gửi's are (mục II.9.b); then
  the others and the archive line "- Lưu: VT, …" (notes 9 and 10: the drafting unit, copies
  archived, ô 12).
- The marks of urgency (ô 10b: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"; Phụ lục I, mục III.2.b) are
  usual on a Công điện; they come from :class:`vanban.models.van_ban.VanBan` (``do_khan``), as on
  every layout.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import Text, problems_at
from vanban.models.noi_dung import NutNoiDung, check_body, number_body
from vanban.models.noi_nhan import (
    duplicates,
    recipient_key,
    strip_list_punctuation,
)
from vanban.models.van_ban import VanBan
from vanban.text.case import viet_hoa

__all__ = ["DIEN", "KINDS_MAU_1_6", "CongDien"]

DIEN = "điện:"
"""What follows the sender of a Công điện on its own line (Mẫu 1.6, note 6)."""

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.6"
_NOI_NHAN_RULE = (
    "NĐ 30/2020, Phụ lục I, mục II.9.a-b: Nơi nhận lists who executes the document; 'Như trên' "
    "stands for those named above it"
)
# "điện:" typed at the end of the sender (with its colon only: a name may end in "điện", as
# "Tổng cục Bưu điện" does).
_TYPED_DIEN = re.compile(r"\s*\bđiện\s*:\s*$", re.IGNORECASE)


class CongDien(VanBan):
    """A Công điện, laid out on Mẫu 1.6 of NĐ 30/2020, Phụ lục III.

    "CÔNG ĐIỆN" and the trích yếu; "<TÊN CƠ QUAN HOẶC CHỨC DANH NGƯỜI ĐỨNG ĐẦU> điện:" centred;
    the recipients one per line, indented, "- …;", the last "."; the body, "./." at its end;
    Nơi nhận begins "- Như trên;". Its code is "<số>/CĐ-<issuer>".
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.CONG_DIEN
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.CONG_DIEN,
        title="Loại văn bản",
        description="Mã loại văn bản: 'cong_dien'.",
        json_schema_extra={"const": LoaiVanBan.CONG_DIEN.value},
    )
    tham_quyen: Text | None = Field(
        default=None,
        title="Cơ quan hoặc chức danh điện",
        description=(
            "Tên cơ quan, tổ chức hoặc chức danh của người đứng đầu (Mẫu 1.6, ghi chú 6), viết "
            "như trong câu: 'Chủ tịch Ủy ban nhân dân xã Gia Lương'; vanban in hoa và thêm "
            "'điện:'. Bỏ trống: tên cơ quan ban hành."
        ),
    )
    nhan_dien: list[Text] = Field(
        title="Nơi nhận điện",
        description=(
            "Tên cơ quan, tổ chức nhận điện (Mẫu 1.6, ghi chú 7), mỗi nơi một mục, không trùng "
            "nhau; vanban in mỗi nơi một dòng '- …;', dòng cuối '.'. Nơi nhận bắt đầu bằng "
            "'Như trên'."
        ),
        json_schema_extra={"minItems": 1},
    )
    noi_dung: list[NutNoiDung] = Field(
        title="Nội dung",
        description=(
            "Nội dung điện (Mẫu 1.6, ghi chú 8): các đoạn văn, hoặc mục > khoản > điểm; vanban "
            "tự đánh số và thêm './.'."
        ),
        json_schema_extra={"minItems": 1},
    )

    _schema_title = "Công điện"
    _schema_description = (
        "Công điện, trình bày theo Mẫu 1.6, NĐ 30/2020, Phụ lục III: trích yếu, '… điện:', "
        "các nơi nhận điện, nội dung điện."
    )

    @field_validator("tham_quyen")
    @classmethod
    def _no_typed_dien(cls, value: str | None) -> str | None:
        if value is None:
            return value
        typed = _TYPED_DIEN.search(value)
        if typed is not None:
            raise ValueError(
                f"{value!r} — vanban writes {DIEN!r} after the sender of a Công điện ({_CITE}, "
                f"note 6); write it alone: {value[: typed.start()]!r}"
            )
        return value

    @field_validator("nhan_dien")
    @classmethod
    def _recipients_of_the_dien(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "missing — a Công điện names who receives it, one per line under '… điện:': "
                f"'tên cơ quan, tổ chức nhận điện' ({_CITE}, note 7)"
            )
        # list punctuation typed around a recipient ("- UBND các thôn;") is vanban's to write
        return [strip_list_punctuation(name) for name in value]

    @field_validator("noi_dung")
    @classmethod
    def _has_body(cls, value: list[Any]) -> list[Any]:
        return check_body(value)

    @model_validator(mode="after")
    def _recipients(self) -> Self:
        # Overrides VanBan._recipients (same name): "Như trên" stands for nhan_dien here, not for
        # a Kính gửi; a recipient of the điện is not repeated in Nơi nhận (mục II.9.a-b, II.9.d).
        self._check_nhan_dien()
        problems: list[tuple[int, str, str]] = []
        for first, again in duplicates(item.ten for item in self.noi_nhan):
            problems.append(
                (
                    again,
                    self.noi_nhan[again].ten,
                    f"{self.noi_nhan[again].ten!r} is already noi_nhan[{first}] "
                    f"({self.noi_nhan[first].ten!r}); each recipient is listed once (NĐ 30/2020, "
                    "Phụ lục I, mục II.9.d)",
                )
            )
        above = {recipient_key(name) for name in self.nhan_dien}
        for i, item in enumerate(self.noi_nhan):
            if recipient_key(item.ten) in above:
                problems.append(
                    (
                        i,
                        item.ten,
                        f"{item.ten!r} receives the điện (nhan_dien), which 'Như trên' already "
                        f"covers ({_NOI_NHAN_RULE}); remove it from noi_nhan",
                    )
                )
        if problems:
            raise problems_at("noi_nhan", sorted(problems, key=lambda p: p[0]))
        return self

    def _check_nhan_dien(self) -> None:
        # each recipient of the điện written, and once (mục II.9.d), at its own index
        names = self.nhan_dien
        problems: list[tuple[int, str, str]] = [
            (i, name, "holds only list punctuation; write the recipient")
            for i, name in enumerate(names)
            if not name
        ]
        problems += [
            (
                again,
                names[again],
                f"{names[again]!r} is already nhan_dien[{first}]; each recipient is listed once "
                "(NĐ 30/2020, Phụ lục I, mục II.9.d)",
            )
            for first, again in duplicates(names)
            if names[again]
        ]
        if problems:
            raise problems_at("nhan_dien", sorted(problems, key=lambda p: p[0]))

    @property
    def co_kinh_gui(self) -> bool:
        """A Công điện names its recipients above Nơi nhận, which so begins "- Như trên;"."""
        return True

    @property
    def dong_dien(self) -> str:
        """The line under the trích yếu: "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG điện:"."""
        return f"{viet_hoa(self.tham_quyen or self.co_quan.ten)} {DIEN}"

    def nhan_dien_lines(self) -> list[str]:
        """The recipients as printed: "- …;" each, the last ending "." (the sample's lines)."""
        last = len(self.nhan_dien) - 1
        return [f"- {name}{'.' if i == last else ';'}" for i, name in enumerate(self.nhan_dien)]

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.6: the shared parts, ``tham_quyen`` (in capitals),
        ``dien`` (the line "… điện:"), ``nhan_dien`` (the recipients' lines) and the body."""
        context = super().context()
        context["tham_quyen"] = viet_hoa(self.tham_quyen or self.co_quan.ten)
        context["dien"] = self.dong_dien
        context["nhan_dien"] = self.nhan_dien_lines()
        context["noi_dung"] = [p.context() for p in number_body(self.noi_dung)]
        return context


KINDS_MAU_1_6: tuple[type[VanBan], ...] = (CongDien,)
"""The kinds laid out on Mẫu 1.6: Công điện alone."""

"""Mẫu 1.2 and 1.3, Quyết định (cá biệt): NĐ 30/2020, Phụ lục III.

Mẫu 1.2, a Quyết định whose articles carry the content: "QUYẾT ĐỊNH", the trích yếu ("Về việc
…") and its rule; the authority line in bold capitals (note 6); the italic căn cứ, each ending
";"; the italic "Theo đề nghị của … ." (``theo_de_nghi``); bold centred "QUYẾT ĐỊNH:"; the
articles, "Điều 1." bold and the text in body type; "./." at the end; Nơi nhận begins "- Như Điều
N;" (the shared shape: :class:`vanban.models.van_ban_dieu.VanBanDieu`).

Mẫu 1.3, a Quyết định that issues or approves another text (trích yếu "Ban hành (Phê duyệt) …";
"Điều 1. Ban hành (Phê duyệt) kèm theo Quyết định này …"): the same, and the attached text
(``ban_hanh_kem_theo``, :class:`VanBanKemTheo`) after a page break in the same file: the header
without Số and date, its own tên loại and trích yếu, the italic "(Kèm theo Quyết định số …/QĐ-…
ngày … tháng … năm … của …)" line filled from the decision, a rule, the body in Chương / Mục /
Điều, no signature. On request the attached text is a file of its own instead (the sample's
electronic form: ``vanban.render(..., kem_theo_rieng=True)``, docs/quyet-dinh.md).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import Model, Text
from vanban.models.can_cu import can_cu_lines
from vanban.models.noi_dung import NutNoiDung, check_body, number_body
from vanban.models.van_ban import kind_from_text
from vanban.models.van_ban_dieu import VanBanDieu
from vanban.text.case import viet_hoa

KEM_THEO_RULE = (
    "NĐ 30/2020, Phụ lục III, Mẫu 1.3: the text a Quyết định issues or approves (quy chế, quy "
    "định, kế hoạch, đề án …) carries its own tên loại and trích yếu and the line '(Kèm theo "
    "Quyết định số … ngày … tháng … năm … của …)'"
)
_THEO_DE_NGHI = "Theo đề nghị của"


class VanBanKemTheo(Model):
    """The text a Quyết định issues or approves (Mẫu 1.3): its kind, trích yếu and body.

    It has no number, no date and no signature of its own: the "(Kèm theo Quyết định số …)" line
    points to the decision, whose number, date and authority fill it.
    """

    loai: LoaiVanBan = Field(
        title="Loại văn bản kèm theo",
        description="Mã loại văn bản được ban hành, phê duyệt: 'ke_hoach', 'quy_che', 'quy_dinh'.",
    )
    trich_yeu: Text = Field(
        title="Trích yếu",
        description="Trích yếu nội dung văn bản kèm theo, không có dấu chấm cuối.",
    )
    noi_dung: list[NutNoiDung] = Field(
        title="Nội dung",
        description=(
            "Nội dung văn bản kèm theo: chương > điều > khoản > điểm, hoặc mục > khoản > điểm; "
            "vanban tự đánh số và thêm './.' (Mẫu 1.3; Phụ lục I, mục II.6)."
        ),
        json_schema_extra={"minItems": 1},
    )

    _schema_title = "Văn bản kèm theo"
    _schema_description = (
        "Văn bản được ban hành, phê duyệt kèm theo Quyết định (Mẫu 1.3, NĐ 30/2020, Phụ lục III)."
    )

    @field_validator("loai", mode="before")
    @classmethod
    def _parse_kind(cls, value: Any) -> Any:
        return kind_from_text(value)

    @field_validator("loai")
    @classmethod
    def _issued_kind(cls, value: LoaiVanBan) -> LoaiVanBan:
        if "1.4" not in value.mau:
            raise ValueError(
                f"{value.value!r} — a Quyết định issues or approves a text laid out with its own "
                f"tên loại (Mẫu 1.4: quy chế, quy định, kế hoạch, đề án …), not a {value.ten} "
                f"({KEM_THEO_RULE})"
            )
        return value

    @field_validator("trich_yeu")
    @classmethod
    def _no_final_period(cls, value: str) -> str:
        return value.rstrip(".").rstrip()

    @field_validator("noi_dung")
    @classmethod
    def _has_body(cls, value: list[Any]) -> list[Any]:
        return check_body(value)


class QuyetDinh(VanBanDieu):
    """A decision (Quyết định cá biệt, "QĐ"): Mẫu 1.2, or Mẫu 1.3 with ``ban_hanh_kem_theo``.

    ``tham_quyen``, ``can_cu``, ``theo_de_nghi``, the articles ``dieu`` (at least one) and,
    optionally, ``dieu_thi_hanh`` (the article of Nơi nhận's "- Như Điều N;", default the last).
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.QUYET_DINH
    QUYET: ClassVar[str] = "QUYẾT ĐỊNH:"
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.QUYET_DINH,
        title="Loại văn bản",
        description="Mã loại văn bản: 'quyet_dinh'.",
        json_schema_extra={"const": LoaiVanBan.QUYET_DINH.value},
    )
    theo_de_nghi: Text | None = Field(
        default=None,
        title="Theo đề nghị của",
        description=(
            "Người, cơ quan đề nghị ban hành: 'Công chức Văn phòng - Thống kê xã'; vanban in "
            "nghiêng 'Theo đề nghị của … .' sau các căn cứ (Mẫu 1.2, 1.3)."
        ),
    )
    ban_hanh_kem_theo: VanBanKemTheo | None = Field(
        default=None,
        title="Văn bản ban hành kèm theo",
        description=(
            "Văn bản được Quyết định ban hành, phê duyệt (Mẫu 1.3), in sau Quyết định, sang "
            "trang mới, hoặc thành tệp riêng khi yêu cầu, với dòng '(Kèm theo Quyết định số … "
            "ngày … của …)'."
        ),
    )

    _schema_title = "Quyết định (cá biệt)"
    _schema_description = (
        "Quyết định cá biệt (QĐ), trình bày theo Mẫu 1.2, hoặc Mẫu 1.3 khi ban hành, phê duyệt "
        "văn bản kèm theo, NĐ 30/2020, Phụ lục III."
    )

    @field_validator("theo_de_nghi")
    @classmethod
    def _proposer(cls, value: str | None) -> str | None:
        # "Theo đề nghị của Trưởng Công an xã." typed whole: keep who proposes, vanban writes
        # the words and the final "." itself.
        if value is None:
            return None
        text = value.strip().rstrip(".;").strip()
        if text.casefold().startswith(_THEO_DE_NGHI.casefold()):
            text = text[len(_THEO_DE_NGHI) :].strip()
        if not text:
            raise ValueError(f"{value!r} — name who proposes the decision (Mẫu 1.2, 1.3)")
        return text

    @model_validator(mode="after")
    def _authority_in_sentence_case(self) -> Self:
        # The "(Kèm theo … của <authority>)" line writes the authority as in a sentence; it
        # cannot be recovered from capitals ("ỦY BAN NHÂN DÂN" vs "Ủy ban nhân dân").
        tham_quyen = self.tham_quyen or ""
        if self.ban_hanh_kem_theo is not None and tham_quyen == viet_hoa(tham_quyen):
            raise ValueError(
                f"tham_quyen: {tham_quyen!r} — write it as in a sentence ('Chủ tịch Ủy ban nhân "
                "dân xã Gia Lương'): vanban prints it in capitals on the authority line and as "
                f"written in the attached text's '(Kèm theo … của …)' line ({KEM_THEO_RULE})"
            )
        return self

    def can_cu_context(self) -> list[str]:
        """The căn cứ, each ending ";" when "Theo đề nghị của … ." follows (Mẫu 1.2, 1.3)."""
        return can_cu_lines(self.can_cu, last=";" if self.theo_de_nghi else ".")

    @property
    def kem_theo_dong(self) -> str:
        """The attached text's line: "(Kèm theo Quyết định số 15/QĐ-UBND ngày 20 tháng 3 năm
        2026 của Chủ tịch Ủy ban nhân dân xã Gia Lương)" (Mẫu 1.3)."""
        return self.kem_theo(str(self.tham_quyen))

    def context(self) -> dict[str, Any]:
        """Mẫu 1.2's context, with ``theo_de_nghi`` and, for Mẫu 1.3, ``kem_theo``: the attached
        text's ``ten_loai``, ``trich_yeu``, ``dong`` (the "Kèm theo" line) and ``noi_dung``."""
        context = super().context()
        if self.theo_de_nghi is not None:
            context["theo_de_nghi"] = f"{_THEO_DE_NGHI} {self.theo_de_nghi}."
        kem_theo = self.ban_hanh_kem_theo
        if kem_theo is not None:
            context["kem_theo"] = {
                "loai": kem_theo.loai.value,
                "ten_loai": kem_theo.loai.ten_in_hoa,
                "trich_yeu": kem_theo.trich_yeu,
                "dong": self.kem_theo_dong,
                "noi_dung": [p.context() for p in number_body(kem_theo.noi_dung)],
            }
        return context

"""Mẫu 3.1 and 3.2, Bản sao: the copy block a copying body adds to a document it copies.

NĐ 30/2020, Điều 25-27; Phụ lục I, phần II; Phụ lục III, Mẫu 3.1, 3.2 and their notes:

- The forms (hình thức sao, Điều 25): "SAO Y" (the whole document, from its original or main
  copy), "SAO LỤC" (printed or photocopied from a bản sao y), "TRÍCH SAO" (a part of the content,
  with the document's full formal components made again, Điều 25.3.b). Phụ lục I, phần II, mục
  II.1.a; Mẫu 3.1, note 1.
- The copying body's name (note 2; Phụ lục I, phần II, mục II.1.b), in capitals, bold, 12-13,
  with the short rule under it (II.2.c sends to Phần I, mục II.2). The sample's copy block shows
  the name alone; a parent body given in ``co_quan.chu_quan`` is printed above it in regular
  capitals, as Phần I, mục II.2 (where II.2.c sends) places it in every header.
- Số, ký hiệu bản sao (notes 3-5; mục II.1.c): the number in the body's one yearly series for
  all its copies, from 01 on 1 January to 31 December, then the copy's abbreviation (SY, SL, TrS:
  Phụ lục III, mục I) and the body's: "Số: 05/SY-UBND".
- Place and date of copying (note 6; mục II.1.d), italic, as every date line.
- Nơi nhận, ending "- Lưu: VT." (the sample's exact line), and the copier's signature block
  (note 7; mục II.1.đ): the shared :class:`vanban.ChuKy`.
- The electronic copy (Mẫu 3.2; Phụ lục I, phần II, mục I.3): no image; at the top right of page
  1 (ô 14) "<form>; <copying body>; <signing time, ISO 8601 with Vietnam's offset>", Times New
  Roman, regular, 10 pt, black: :func:`hop_ban_sao_dien_tu`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, Self

from pydantic import Field, field_validator, model_validator

from vanban.errors import Problem, ValidationError
from vanban.models.base import Model, Ngay
from vanban.models.chu_ky import ChuKy
from vanban.models.co_quan import CoQuan
from vanban.models.noi_nhan import NoiNhan, check_recipients
from vanban.models.so_ky_hieu import format_so
from vanban.text.dates import ngay_thang

__all__ = ["MUI_GIO_VIET_NAM", "BanSao", "HinhThucSao", "hop_ban_sao_dien_tu"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 3.1"
SO_TRONG = "\u00a0" * 6  # the blank of a copy not numbered yet (as VanBan's; Điều 15.3)

MUI_GIO_VIET_NAM = timezone(timedelta(hours=7))
"""Vietnam's time zone, UTC+07:00: the signing time of an electronic copy is written in it
(NĐ 30/2020, Phụ lục I, phần II, mục I.3.c: "múi giờ Việt Nam theo tiêu chuẩn ISO 8601")."""


class HinhThucSao(StrEnum):
    """The form of a copy (NĐ 30/2020, Điều 25; Phụ lục I, phần II, mục II.1.a)."""

    SAO_Y = "sao_y"
    SAO_LUC = "sao_luc"
    TRICH_SAO = "trich_sao"

    @property
    def chu(self) -> str:
        """The words printed in the copy block: "SAO Y", "SAO LỤC", "TRÍCH SAO"."""
        return _CHU[self]

    @property
    def viet_tat(self) -> str:
        """The copy's abbreviation in its number: SY, SL, TrS (Phụ lục III, mục I)."""
        return _VIET_TAT[self]

    @classmethod
    def parse(cls, value: Any) -> Any:
        """A form as data writes it: "sao_y", "sao-y", "SAO Y", "Sao y", "SY"; else unchanged
        (the field's own validation names it)."""
        if not isinstance(value, str):
            return value
        key = " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()
        for form in cls:
            if key in (form.value.replace("_", " "), form.chu.casefold(), form.viet_tat.casefold()):
                return form
        return value


_CHU = {
    HinhThucSao.SAO_Y: "SAO Y",
    HinhThucSao.SAO_LUC: "SAO LỤC",
    HinhThucSao.TRICH_SAO: "TRÍCH SAO",
}
_VIET_TAT = {HinhThucSao.SAO_Y: "SY", HinhThucSao.SAO_LUC: "SL", HinhThucSao.TRICH_SAO: "TrS"}


class BanSao(Model):
    """The copy block of a bản sao (Mẫu 3.1): who copies, how, its number, place and date,
    Nơi nhận and the copier's signature.

    >>> bs = BanSao(
    ...     hinh_thuc="sao_y",
    ...     co_quan=CoQuan(ten="Ủy ban nhân dân xã Gia Lương", viet_tat="UBND",
    ...                    dia_danh="Gia Lương"),
    ...     so=5, ngay="2022-03-10",
    ...     chu_ky=ChuKy.thay_mat("Ủy ban nhân dân", chuc_vu="Chủ tịch", ho_ten="Họ và tên"),
    ... )
    >>> bs.so_ky_hieu_in, bs.noi_nhan_dong
    ('05/SY-UBND', ['- Lưu: VT.'])
    """

    hinh_thuc: HinhThucSao = Field(
        title="Hình thức sao",
        description=(
            "sao_y (SAO Y), sao_luc (SAO LỤC: sao từ bản sao y) hoặc trich_sao (TRÍCH SAO: một "
            "phần nội dung) — NĐ 30/2020, Điều 25."
        ),
    )
    co_quan: CoQuan = Field(
        title="Cơ quan, tổ chức sao văn bản",
        description=(
            "Cơ quan, tổ chức thực hiện sao văn bản (Mẫu 3.1, ghi chú 2): tên in hoa, chữ viết "
            "tắt trong số ký hiệu bản sao, địa danh."
        ),
    )
    so: int | None = Field(
        default=None,
        title="Số bản sao",
        description=(
            "Số thứ tự đăng ký bản sao, đánh chung cho mọi bản sao của cơ quan, từ 01 mỗi năm "
            "(Phụ lục I, phần II, mục II.1.c). Bỏ trống cùng ngay: văn thư ghi khi sao."
        ),
    )
    ngay: Ngay | None = Field(
        default=None,
        title="Ngày sao",
        description="Ngày sao văn bản: '2022-03-10' hoặc '10/03/2022' (Mẫu 3.1, ghi chú 6).",
    )
    noi_nhan: list[NoiNhan] = Field(
        default_factory=list,
        title="Nơi nhận",
        description="Nơi nhận bản sao; vanban thêm dòng cuối '- Lưu: VT.' (Mẫu 3.1).",
    )
    chu_ky: ChuKy = Field(
        title="Chữ ký",
        description="Quyền hạn, chức vụ, họ tên người ký bản sao (Mẫu 3.1, ghi chú 7).",
    )

    _schema_title = "Bản sao"
    _schema_description = (
        "Thể thức bản sao sang định dạng giấy (NĐ 30/2020, Điều 25; Phụ lục I, phần II, mục II; "
        "Phụ lục III, Mẫu 3.1)."
    )

    @field_validator("hinh_thuc", mode="before")
    @classmethod
    def _form(cls, value: Any) -> Any:
        return HinhThucSao.parse(value)

    @field_validator("so")
    @classmethod
    def _number(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(
                f"{value} — copies are numbered from 01 each year (NĐ 30/2020, Phụ lục I, "
                "phần II, mục II.1.c)"
            )
        return value

    @model_validator(mode="after")
    def _numbered_when_dated(self) -> Self:
        if (self.so is None) != (self.ngay is None):
            given, missing = ("so", "ngay") if self.ngay is None else ("ngay", "so")
            raise ValueError(
                f"{given} without {missing} — a copy's number and date are written together "
                f"when it is made ({_CITE}, notes 3 and 6): write both, or leave both out"
            )
        check_recipients(self.noi_nhan, kinh_gui=[], loai="bản sao")
        return self

    @field_validator("noi_nhan", mode="before")
    @classmethod
    def _no_archive_line(cls, value: Any) -> Any:
        # before NoiNhan's own check, whose advice (write `luu`) is for documents, not copies
        for i, item in enumerate(value if isinstance(value, list) else []):
            name = item.get("ten") if isinstance(item, dict) else item
            if isinstance(name, str) and name.lstrip("-–• ").casefold().startswith("lưu"):
                raise ValueError(
                    f"[{i}] {name!r} — vanban writes the archive line '- Lưu: VT.' "
                    f"itself, last ({_CITE}); leave it out of noi_nhan"
                )
        return value

    @property
    def ky_hieu(self) -> str:
        """The copy's code without its number: "SY-UBND" (Phụ lục I, phần II, mục II.1.c)."""
        return f"{self.hinh_thuc.viet_tat}-{self.co_quan.viet_tat}"

    @property
    def so_ky_hieu_in(self) -> str:
        """The number and code as printed after "Số: ": "05/SY-UBND"; blank number unnumbered."""
        so = SO_TRONG if self.so is None else format_so(self.so)
        return f"{so}/{self.ky_hieu}"

    @property
    def dia_danh_ngay_thang(self) -> str:
        """The place and date line: "Gia Lương, ngày 10 tháng 3 năm 2022" (Phụ lục I, mục II.4)."""
        if self.ngay is None:
            when = f"ngày {SO_TRONG}tháng {SO_TRONG}năm {SO_TRONG}"
        else:
            when = ngay_thang(self.ngay)
        return f"{self.co_quan.dia_danh}, {when}"

    @property
    def noi_nhan_dong(self) -> list[str]:
        """Nơi nhận's lines, "- Lưu: VT." last, as Mẫu 3.1 writes it."""
        return [*(f"- {item.nhan};" for item in self.noi_nhan), "- Lưu: VT."]

    def context(self) -> dict[str, Any]:
        """The plain values of the copy block, as printed."""
        return {
            "hinh_thuc": self.hinh_thuc.chu,
            "co_quan": {
                "chu_quan": self.co_quan.chu_quan_in_hoa,
                "dong": self.co_quan.dong,
                "ten": self.co_quan.ten,
            },
            "so_ky_hieu": self.so_ky_hieu_in,
            "dia_danh_ngay_thang": self.dia_danh_ngay_thang,
            "noi_nhan": self.noi_nhan_dong,
            "chu_ky": {"dong": self.chu_ky.dong, "ho_ten": self.chu_ky.ho_ten},
        }

    def hop_dien_tu(self, thoi_gian_ky: datetime) -> str:
        """The electronic copy's box (Mẫu 3.2) for this copy: see :func:`hop_ban_sao_dien_tu`."""
        return hop_ban_sao_dien_tu(self.hinh_thuc, self.co_quan.ten, thoi_gian_ky)


def hop_ban_sao_dien_tu(hinh_thuc: HinhThucSao | str, co_quan: str, thoi_gian_ky: datetime) -> str:
    """The text of an electronic copy's box, ô 14 at the top right of page 1 (Mẫu 3.2):
    "SAO Y; Ủy ban nhân dân xã Gia Lương; 2022-03-10T09:15:02+07:00".

    NĐ 30/2020, Phụ lục I, phần II, mục I.3.c: the form, the copying body's name (lower case:
    "chữ in thường"), the signing time "ngày tháng năm; giờ phút giây; múi giờ Việt Nam theo tiêu
    chuẩn ISO 8601". ``thoi_gian_ky`` must carry its zone (a naive time could be any zone's): it
    is written in Vietnam's, +07:00, to the second.
    """
    form = HinhThucSao.parse(hinh_thuc)
    if not isinstance(form, HinhThucSao):
        raise _refused(
            "hinh_thuc",
            f"{hinh_thuc!r} — a copy is SAO Y, SAO LỤC or TRÍCH SAO (NĐ 30/2020, Điều 25)",
        )
    name = " ".join(co_quan.split())
    if not name:
        raise _refused("co_quan", "empty — the box names the copying body (Mẫu 3.2, note 2)")
    if thoi_gian_ky.tzinfo is None or thoi_gian_ky.utcoffset() is None:
        raise _refused(
            "thoi_gian_ky",
            f"{thoi_gian_ky.isoformat()} has no time zone — the signing time is "
            "written with Vietnam's offset (+07:00; Phụ lục I, phần II, mục I.3.c): pass an aware "
            "datetime",
        )
    moment = thoi_gian_ky.astimezone(MUI_GIO_VIET_NAM).replace(microsecond=0)
    return f"{form.chu}; {name}; {moment.isoformat()}"


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError("hop_ban_sao_dien_tu", [Problem(field, message)])

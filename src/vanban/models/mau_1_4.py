"""Mẫu 1.4, "văn bản có tên loại": the layout of 17 kinds, and one class per kind.

NĐ 30/2020, Phụ lục III, Mẫu 1.4, note 6, lists the kinds laid out on it: chỉ thị, quy chế, quy
định, thông cáo, thông báo, hướng dẫn, chương trình, kế hoạch, phương án, đề án, dự án, báo cáo, tờ
trình, giấy ủy quyền, phiếu gửi, phiếu chuyển, phiếu báo. They share one shape
(:class:`VanBanMau14`): the components of :class:`vanban.models.van_ban.VanBan`, then căn cứ lines
and the body tree (mục > khoản > điểm, đoạn and ý), and, for the kinds the decree allows, "Kính gửi"
(ô 9a). Each kind is a small class (``ToTrinh``, ``ThongBao``) naming its :class:`LoaiVanBan`, so a
user and an IDE see it; ``loai`` picks it in a data file.

Quy chế and Quy định are written in Chương / Điều in the decree's samples (Mẫu 1.3's attached
text): any Mẫu 1.4 body may be laid out in ``Chuong`` > ``Dieu`` > ``Khoan`` instead of ``Muc`` >
``Khoan`` (vanban.models.noi_dung), the article nodes Quyết định (Mẫu 1.2) will share.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, field_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import Text
from vanban.models.can_cu import can_cu_field, can_cu_lines
from vanban.models.noi_dung import NutNoiDung, check_body, number_body
from vanban.models.noi_nhan import kinh_gui_lines, kinh_gui_names
from vanban.models.van_ban import VanBan
from vanban.periods import KyBaoCao

KINH_GUI_RULE = (
    "NĐ 30/2020, Phụ lục I, mục II.9.b: only a Tờ trình, a Báo cáo sent to a superior body and "
    "a Công văn carry 'Kính gửi' (ô 9a); other kinds list every recipient under Nơi nhận "
    "(mục II.9.c)"
)


class VanBanMau14(VanBan):
    """A document laid out on Mẫu 1.4 ("văn bản có tên loại"), NĐ 30/2020, Phụ lục III.

    Use a concrete kind (``KeHoach``, ``ToTrinh``, ``ThongBao`` …). ``kinh_gui`` (ô 9a) is
    allowed where the decree gives it: Tờ trình and Báo cáo sent to a superior body (Phụ lục I,
    mục II.9.b; ``KINH_GUI``); then Nơi nhận begins "- Như trên;".
    """

    KINH_GUI: ClassVar[bool] = False
    """Whether this kind may carry "Kính gửi" (Phụ lục I, mục II.9.b)."""

    can_cu: list[Text] = can_cu_field()
    noi_dung: list[NutNoiDung] = Field(
        title="Nội dung",
        description=(
            "Nội dung văn bản: mục > khoản > điểm, hoặc chương > điều > khoản > điểm; đoạn và ý; "
            "vanban tự đánh số và thêm './.' (ô 6; mục II.6)."
        ),
        json_schema_extra={"minItems": 1},
    )
    kinh_gui: list[Text] = Field(
        default_factory=list,
        title="Kính gửi",
        description=(
            "Cơ quan cấp trên nhận văn bản (ô 9a; mục II.9.b: Tờ trình, Báo cáo gửi cấp trên), "
            "không trùng nhau; khi có, Nơi nhận bắt đầu bằng 'Như trên'."
        ),
    )

    _schema_description = "Văn bản có tên loại, trình bày theo Mẫu 1.4, NĐ 30/2020, Phụ lục III."

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        loai: LoaiVanBan | None = cls.__dict__.get("LOAI")
        if loai is not None and "_schema_title" not in cls.__dict__:
            cls._schema_title = loai.ten
            cls._schema_description = (
                f"{loai.ten} ({loai.viet_tat}), trình bày theo Mẫu 1.4, NĐ 30/2020, Phụ lục III"
                + (
                    "; gửi cấp trên thì có Kính gửi (Phụ lục I, mục II.9.b)."
                    if cls.KINH_GUI
                    else "."
                )
            )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        if not cls.KINH_GUI:  # the schema refuses what the model refuses
            schema["properties"].pop("kinh_gui", None)
        return schema

    @field_validator("noi_dung")
    @classmethod
    def _has_body(cls, value: list[Any]) -> list[Any]:
        return check_body(value)

    @field_validator("kinh_gui")
    @classmethod
    def _clean_names(cls, value: list[str]) -> list[str]:
        if value and not cls.KINH_GUI:
            name = cls.LOAI.ten if hasattr(cls, "LOAI") else cls.__name__
            raise ValueError(
                f"a {name} carries no Kính gửi ({KINH_GUI_RULE}); put {value[0]!r} in noi_nhan"
            )
        return kinh_gui_names(value)

    @property
    def co_kinh_gui(self) -> bool:
        """Whether the document carries "Kính gửi" (then Nơi nhận begins "- Như trên;")."""
        return bool(self.kinh_gui)

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.4: the shared parts, căn cứ, the body and Kính gửi.

        ``kinh_gui`` is always there (``[]`` without it), so one template serves every kind.
        """
        context = super().context()
        context["can_cu"] = can_cu_lines(self.can_cu)
        context["noi_dung"] = [p.context() for p in number_body(self.noi_dung)]
        context["kinh_gui"] = kinh_gui_lines(self.kinh_gui)
        return context


def _loai(loai: LoaiVanBan) -> Any:
    """The ``loai`` field of one kind: defaults to it, and its schema admits only its slug."""
    return Field(
        default=loai,
        title="Loại văn bản",
        description=f"Mã loại văn bản: '{loai.value}'.",
        json_schema_extra={"const": loai.value},
    )


class ChiThi(VanBanMau14):
    """A directive (Chỉ thị, "CT"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.CHI_THI
    loai: LoaiVanBan = _loai(LoaiVanBan.CHI_THI)


class QuyChe(VanBanMau14):
    """Regulations (Quy chế, "QC"), Mẫu 1.4; its body usually in ``Chuong`` / ``Dieu``."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.QUY_CHE
    loai: LoaiVanBan = _loai(LoaiVanBan.QUY_CHE)


class QuyDinh(VanBanMau14):
    """Rules (Quy định, "QyĐ"), Mẫu 1.4; its body usually in ``Chuong`` / ``Dieu``."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.QUY_DINH
    loai: LoaiVanBan = _loai(LoaiVanBan.QUY_DINH)


class ThongCao(VanBanMau14):
    """A communiqué (Thông cáo, "TC"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.THONG_CAO
    loai: LoaiVanBan = _loai(LoaiVanBan.THONG_CAO)


class ThongBao(VanBanMau14):
    """A notice (Thông báo, "TB"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.THONG_BAO
    loai: LoaiVanBan = _loai(LoaiVanBan.THONG_BAO)


class HuongDan(VanBanMau14):
    """Guidance (Hướng dẫn, "HD"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.HUONG_DAN
    loai: LoaiVanBan = _loai(LoaiVanBan.HUONG_DAN)


class ChuongTrinh(VanBanMau14):
    """A programme (Chương trình, "CTr"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.CHUONG_TRINH
    loai: LoaiVanBan = _loai(LoaiVanBan.CHUONG_TRINH)


class KeHoach(VanBanMau14):
    """A plan (Kế hoạch, "KH"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.KE_HOACH
    loai: LoaiVanBan = _loai(LoaiVanBan.KE_HOACH)


class PhuongAn(VanBanMau14):
    """A scheme of action (Phương án, "PA"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.PHUONG_AN
    loai: LoaiVanBan = _loai(LoaiVanBan.PHUONG_AN)


class DeAn(VanBanMau14):
    """A scheme (Đề án, "ĐA"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.DE_AN
    loai: LoaiVanBan = _loai(LoaiVanBan.DE_AN)


class DuAn(VanBanMau14):
    """A project (Dự án, "DA"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.DU_AN
    loai: LoaiVanBan = _loai(LoaiVanBan.DU_AN)


class BaoCao(VanBanMau14):
    """A report (Báo cáo, "BC"), Mẫu 1.4.

    A report sent to a superior body carries "Kính gửi:" (ô 9a; Phụ lục I, mục II.9.b), and then
    its Nơi nhận begins with "- Như trên;".
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.BAO_CAO
    KINH_GUI: ClassVar[bool] = True
    loai: LoaiVanBan = _loai(LoaiVanBan.BAO_CAO)
    ky_bao_cao: KyBaoCao | None = Field(
        default=None,
        title="Kỳ báo cáo",
        description=(
            "Kỳ báo cáo và thời gian chốt số liệu (NĐ 09/2019, Điều 12): "
            "{loai: quy, so: 1, nam_bao_cao: 2022}."
        ),
    )

    def context(self) -> dict[str, Any]:
        context = super().context()
        context["ky_bao_cao"] = None if self.ky_bao_cao is None else self.ky_bao_cao.context()
        return context


class ToTrinh(VanBanMau14):
    """A submission (Tờ trình, "TTr"), Mẫu 1.4.

    Sent to the superior body that decides, it carries "Kính gửi:" (ô 9a; Phụ lục I, mục
    II.9.b), and then its Nơi nhận begins with "- Như trên;".
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.TO_TRINH
    KINH_GUI: ClassVar[bool] = True
    loai: LoaiVanBan = _loai(LoaiVanBan.TO_TRINH)


class GiayUyQuyen(VanBanMau14):
    """A letter of authorisation (Giấy ủy quyền, "GUQ"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.GIAY_UY_QUYEN
    loai: LoaiVanBan = _loai(LoaiVanBan.GIAY_UY_QUYEN)


class PhieuGui(VanBanMau14):
    """A dispatch slip (Phiếu gửi, "PG"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.PHIEU_GUI
    loai: LoaiVanBan = _loai(LoaiVanBan.PHIEU_GUI)


class PhieuChuyen(VanBanMau14):
    """A transfer slip (Phiếu chuyển, "PC"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.PHIEU_CHUYEN
    loai: LoaiVanBan = _loai(LoaiVanBan.PHIEU_CHUYEN)


class PhieuBao(VanBanMau14):
    """A notification slip (Phiếu báo, "PB"), Mẫu 1.4."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.PHIEU_BAO
    loai: LoaiVanBan = _loai(LoaiVanBan.PHIEU_BAO)


KINDS_MAU_1_4: tuple[type[VanBanMau14], ...] = (
    ChiThi,
    QuyChe,
    QuyDinh,
    ThongCao,
    ThongBao,
    HuongDan,
    ChuongTrinh,
    KeHoach,
    PhuongAn,
    DeAn,
    DuAn,
    BaoCao,
    ToTrinh,
    GiayUyQuyen,
    PhieuGui,
    PhieuChuyen,
    PhieuBao,
)
"""The 17 kinds of Mẫu 1.4, in the order of the sample's note 6."""

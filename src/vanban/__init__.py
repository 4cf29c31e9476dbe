"""vanban: Vietnamese administrative documents from typed data, laid out as NĐ 30/2020/NĐ-CP requires.

>>> import vanban as vb
>>> vb.ngay_thang(date(2022, 1, 29))  # doctest: +SKIP
'ngày 29 tháng 01 năm 2022'

Importing vanban loads the models and rendering; what a render does not need (batches and their
process pools, the working-day calendar and its holiday tables) is imported on first use of its
name (``vb.batch``, ``vb.LichLamViec``), which keeps ``vanban render`` starting quickly.
"""

import importlib
from typing import TYPE_CHECKING, Any

from vanban.errors import (
    BanSaoError,
    CodeError,
    DataWarning,
    FilterError,
    FixError,
    MissingVariablesError,
    PackageError,
    Problem,
    RegisterError,
    TemplateError,
    UnsafeTemplateError,
    UnstorableCharacterError,
    ValidationError,
    VanBanError,
)
from vanban.loai import LoaiVanBan
from vanban.models import (
    Bang,
    BanSao,
    BaoCao,
    BienBan,
    ChiThi,
    ChuKy,
    Chuong,
    ChuongTrinh,
    CongDien,
    CongVan,
    CoQuan,
    Cot,
    CotKy,
    DeAn,
    Diem,
    Dieu,
    Doan,
    DoKhan,
    DoMat,
    DuAn,
    GiayGioiThieu,
    GiayMoi,
    GiayNghiPhep,
    GiayUyQuyen,
    GioiTinh,
    HinhThucSao,
    HuongDan,
    KeHoach,
    Khoan,
    LienHe,
    Muc,
    NghiQuyet,
    NguoiGioiThieu,
    NguoiThamDu,
    NoiNhan,
    OTieuDe,
    PhamViLuuHanh,
    PhatBieu,
    PhieuBao,
    PhieuChuyen,
    PhieuGui,
    PhuLuc,
    PhuongAn,
    QuyChe,
    QuyDinh,
    QuyetDinh,
    SoKyHieu,
    ThanhPhanThamDu,
    ThoiGian,
    ThongBao,
    ThongCao,
    ToTrinh,
    VanBan,
    VanBanDieu,
    VanBanKemTheo,
    VanBanMau14,
    Y,
    from_dict,
    hop_ban_sao_dien_tu,
    load,
)
from vanban.periods import KyBaoCao
from vanban.register import Register, RegisterRow, SeriesRule, TrangThai
from vanban.render import (
    PackageLimits,
    Rendered,
    Template,
    builtin_template,
    kem_theo_path,
    render,
)
from vanban.render.ban_sao import Khoi, copy_document, document_blocks
from vanban.text import (
    TrichDan,
    bang_chu,
    bo_dau,
    chu_cai,
    chuan_dau,
    dia_danh_ngay_thang,
    dinh_dang_so,
    dinh_dang_tien,
    gio_phut,
    khoa_sap_xep,
    khoang_ngay,
    khoang_thoi_gian,
    ngay_ngan,
    ngay_thang,
    parse_ngay,
    parse_so,
    so_la_ma,
    thang_nam,
    thoi_diem,
    thu,
    tien_bang_chu,
    tim_trich_dan,
    viet_hoa,
)

if TYPE_CHECKING:
    from vanban.ban_sao_dien_tu import BanSaoDienTuError, stamp_ban_sao_dien_tu
    from vanban.batching import BatchError, BatchInterrupted, BatchReport, RowFailure, batch
    from vanban.kiem_tra import check
    from vanban.lich import LichLamViec, am_lich, tet

_LAZY = {
    **dict.fromkeys(
        ("BatchError", "BatchInterrupted", "BatchReport", "RowFailure", "batch"), "vanban.batching"
    ),
    **dict.fromkeys(("LichLamViec", "am_lich", "tet"), "vanban.lich"),
    **dict.fromkeys(("BanSaoDienTuError", "stamp_ban_sao_dien_tu"), "vanban.ban_sao_dien_tu"),
    "check": "vanban.kiem_tra",
}
"""Public names imported when first used, and their modules."""


def __getattr__(name: str) -> Any:
    """A public name of :data:`_LAZY`, imported now (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vanban' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"

__all__ = [
    "BanSao",
    "BanSaoDienTuError",
    "BanSaoError",
    "Bang",
    "BaoCao",
    "BatchError",
    "BatchInterrupted",
    "BatchReport",
    "BienBan",
    "ChiThi",
    "ChuKy",
    "Chuong",
    "ChuongTrinh",
    "CoQuan",
    "CodeError",
    "CongDien",
    "CongVan",
    "Cot",
    "CotKy",
    "DataWarning",
    "DeAn",
    "Diem",
    "Dieu",
    "DoKhan",
    "DoMat",
    "Doan",
    "DuAn",
    "FilterError",
    "FixError",
    "GiayGioiThieu",
    "GiayMoi",
    "GiayNghiPhep",
    "GiayUyQuyen",
    "GioiTinh",
    "HinhThucSao",
    "HuongDan",
    "KeHoach",
    "Khoan",
    "Khoi",
    "KyBaoCao",
    "LichLamViec",
    "LienHe",
    "LoaiVanBan",
    "MissingVariablesError",
    "Muc",
    "NghiQuyet",
    "NguoiGioiThieu",
    "NguoiThamDu",
    "NoiNhan",
    "OTieuDe",
    "PackageError",
    "PackageLimits",
    "PhamViLuuHanh",
    "PhatBieu",
    "PhieuBao",
    "PhieuChuyen",
    "PhieuGui",
    "PhuLuc",
    "PhuongAn",
    "Problem",
    "QuyChe",
    "QuyDinh",
    "QuyetDinh",
    "Register",
    "RegisterError",
    "RegisterRow",
    "Rendered",
    "RowFailure",
    "SeriesRule",
    "SoKyHieu",
    "Template",
    "TemplateError",
    "ThanhPhanThamDu",
    "ThoiGian",
    "ThongBao",
    "ThongCao",
    "ToTrinh",
    "TrangThai",
    "TrichDan",
    "UnsafeTemplateError",
    "UnstorableCharacterError",
    "ValidationError",
    "VanBan",
    "VanBanDieu",
    "VanBanError",
    "VanBanKemTheo",
    "VanBanMau14",
    "Y",
    "__version__",
    "am_lich",
    "bang_chu",
    "batch",
    "bo_dau",
    "builtin_template",
    "check",
    "chu_cai",
    "chuan_dau",
    "copy_document",
    "dia_danh_ngay_thang",
    "dinh_dang_so",
    "dinh_dang_tien",
    "document_blocks",
    "from_dict",
    "gio_phut",
    "hop_ban_sao_dien_tu",
    "kem_theo_path",
    "khoa_sap_xep",
    "khoang_ngay",
    "khoang_thoi_gian",
    "load",
    "ngay_ngan",
    "ngay_thang",
    "parse_ngay",
    "parse_so",
    "render",
    "so_la_ma",
    "stamp_ban_sao_dien_tu",
    "tet",
    "thang_nam",
    "thoi_diem",
    "thu",
    "tien_bang_chu",
    "tim_trich_dan",
    "viet_hoa",
]

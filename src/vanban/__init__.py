"""vanban: Vietnamese administrative documents from typed data, laid out as NĐ 30/2020/NĐ-CP requires.

>>> import vanban as vb
>>> vb.ngay_thang(date(2022, 1, 29))  # doctest: +SKIP
'ngày 29 tháng 01 năm 2022'
"""

from vanban.batching import BatchError, BatchInterrupted, BatchReport, RowFailure, batch
from vanban.errors import (
    CodeError,
    MissingVariablesError,
    Problem,
    TemplateError,
    UnstorableCharacterError,
    ValidationError,
    VanBanError,
)
from vanban.lich import LichLamViec, am_lich, tet
from vanban.loai import LoaiVanBan
from vanban.models import (
    BaoCao,
    ChuKy,
    CoQuan,
    Diem,
    Doan,
    KeHoach,
    Khoan,
    Muc,
    NoiNhan,
    SoKyHieu,
    VanBan,
    Y,
    from_dict,
    load,
)
from vanban.periods import KyBaoCao
from vanban.render import Rendered, Template, builtin_template, render
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
    ngay_ngan,
    ngay_thang,
    so_la_ma,
    thang_nam,
    thu,
    tien_bang_chu,
    tim_trich_dan,
    viet_hoa,
)

__version__ = "0.1.0"

__all__ = [
    "BaoCao",
    "BatchError",
    "BatchInterrupted",
    "BatchReport",
    "ChuKy",
    "CoQuan",
    "CodeError",
    "Diem",
    "Doan",
    "KeHoach",
    "Khoan",
    "KyBaoCao",
    "LichLamViec",
    "LoaiVanBan",
    "MissingVariablesError",
    "Muc",
    "NoiNhan",
    "Problem",
    "Rendered",
    "RowFailure",
    "SoKyHieu",
    "Template",
    "TemplateError",
    "TrichDan",
    "UnstorableCharacterError",
    "ValidationError",
    "VanBan",
    "VanBanError",
    "Y",
    "__version__",
    "am_lich",
    "bang_chu",
    "batch",
    "bo_dau",
    "builtin_template",
    "chu_cai",
    "chuan_dau",
    "dia_danh_ngay_thang",
    "dinh_dang_so",
    "dinh_dang_tien",
    "from_dict",
    "gio_phut",
    "khoa_sap_xep",
    "khoang_ngay",
    "load",
    "ngay_ngan",
    "ngay_thang",
    "render",
    "so_la_ma",
    "tet",
    "thang_nam",
    "thu",
    "tien_bang_chu",
    "tim_trich_dan",
    "viet_hoa",
]

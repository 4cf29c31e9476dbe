"""vanban: Vietnamese administrative documents from typed data, laid out as NĐ 30/2020/NĐ-CP requires.

>>> import vanban as vb
>>> vb.ngay_thang(date(2022, 1, 29))  # doctest: +SKIP
'ngày 29 tháng 01 năm 2022'
"""

from vanban.errors import (
    CodeError,
    MissingVariablesError,
    Problem,
    TemplateError,
    UnstorableCharacterError,
    ValidationError,
    VanBanError,
)
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
from vanban.render import Rendered, builtin_template, render
from vanban.text import chu_cai, dia_danh_ngay_thang, ngay_thang, so_la_ma, viet_hoa

__version__ = "0.1.0"

__all__ = [
    "BaoCao",
    "ChuKy",
    "CoQuan",
    "CodeError",
    "Diem",
    "Doan",
    "KeHoach",
    "Khoan",
    "LoaiVanBan",
    "MissingVariablesError",
    "Muc",
    "NoiNhan",
    "Problem",
    "Rendered",
    "SoKyHieu",
    "TemplateError",
    "UnstorableCharacterError",
    "ValidationError",
    "VanBan",
    "VanBanError",
    "Y",
    "__version__",
    "builtin_template",
    "chu_cai",
    "dia_danh_ngay_thang",
    "from_dict",
    "load",
    "ngay_thang",
    "render",
    "so_la_ma",
    "viet_hoa",
]

"""Pydantic models of NĐ 30/2020's components and of each document kind."""

from vanban.models.chu_ky import ChuKy
from vanban.models.co_quan import CoQuan
from vanban.models.loading import from_dict, kind_of, load
from vanban.models.noi_dung import Diem, Doan, DoanVan, Khoan, Muc, Y, number_body
from vanban.models.noi_nhan import NoiNhan
from vanban.models.so_ky_hieu import SoKyHieu
from vanban.models.van_ban import KINDS, BaoCao, KeHoach, VanBan

__all__ = [
    "KINDS",
    "BaoCao",
    "ChuKy",
    "CoQuan",
    "Diem",
    "Doan",
    "DoanVan",
    "KeHoach",
    "Khoan",
    "Muc",
    "NoiNhan",
    "SoKyHieu",
    "VanBan",
    "Y",
    "from_dict",
    "kind_of",
    "load",
    "number_body",
]

"""Pydantic models of NĐ 30/2020's components and of each document kind."""

from vanban.models.bang import Bang, Cot, OTieuDe
from vanban.models.chu_ky import ChuKy
from vanban.models.co_quan import CoQuan
from vanban.models.kinds import KINDS
from vanban.models.lien_he import LienHe
from vanban.models.loading import from_dict, kind_of, load
from vanban.models.mau_1_1 import NghiQuyet
from vanban.models.mau_1_2 import QuyetDinh, VanBanKemTheo
from vanban.models.mau_1_4 import (
    KINDS_MAU_1_4,
    BaoCao,
    ChiThi,
    ChuongTrinh,
    DeAn,
    DuAn,
    GiayUyQuyen,
    HuongDan,
    KeHoach,
    PhieuBao,
    PhieuChuyen,
    PhieuGui,
    PhuongAn,
    QuyChe,
    QuyDinh,
    ThongBao,
    ThongCao,
    ToTrinh,
    VanBanMau14,
)
from vanban.models.mau_1_5 import KINDS_MAU_1_5, CongVan
from vanban.models.mau_1_6 import KINDS_MAU_1_6, CongDien
from vanban.models.mau_1_7 import KINDS_MAU_1_7, GiayMoi, ThoiGian
from vanban.models.mau_1_8 import KINDS_MAU_1_8, GiayGioiThieu, NguoiGioiThieu
from vanban.models.mau_1_9 import KINDS_MAU_1_9, BienBan, CotKy, PhatBieu
from vanban.models.mau_1_10 import KINDS_MAU_1_10, GiayNghiPhep
from vanban.models.mau_3_1 import BanSao, HinhThucSao, hop_ban_sao_dien_tu
from vanban.models.noi_dung import (
    Chuong,
    Diem,
    Dieu,
    Doan,
    DoanVan,
    Khoan,
    Muc,
    Y,
    number_body,
)
from vanban.models.noi_nhan import NoiNhan
from vanban.models.phu_luc import PhuLuc
from vanban.models.so_ky_hieu import SoKyHieu
from vanban.models.tham_du import NguoiThamDu, ThanhPhanThamDu
from vanban.models.thanh_phan import DoKhan, DoMat, PhamViLuuHanh
from vanban.models.van_ban import VanBan
from vanban.models.van_ban_dieu import VanBanDieu
from vanban.models.xung_ho import GioiTinh

__all__ = [
    "KINDS",
    "KINDS_MAU_1_4",
    "KINDS_MAU_1_5",
    "KINDS_MAU_1_6",
    "KINDS_MAU_1_7",
    "KINDS_MAU_1_8",
    "KINDS_MAU_1_9",
    "KINDS_MAU_1_10",
    "BanSao",
    "Bang",
    "BaoCao",
    "BienBan",
    "ChiThi",
    "ChuKy",
    "Chuong",
    "ChuongTrinh",
    "CoQuan",
    "CongDien",
    "CongVan",
    "Cot",
    "CotKy",
    "DeAn",
    "Diem",
    "Dieu",
    "DoKhan",
    "DoMat",
    "Doan",
    "DoanVan",
    "DuAn",
    "GiayGioiThieu",
    "GiayMoi",
    "GiayNghiPhep",
    "GiayUyQuyen",
    "GioiTinh",
    "HinhThucSao",
    "HuongDan",
    "KeHoach",
    "Khoan",
    "LienHe",
    "Muc",
    "NghiQuyet",
    "NguoiGioiThieu",
    "NguoiThamDu",
    "NoiNhan",
    "OTieuDe",
    "PhamViLuuHanh",
    "PhatBieu",
    "PhieuBao",
    "PhieuChuyen",
    "PhieuGui",
    "PhuLuc",
    "PhuongAn",
    "QuyChe",
    "QuyDinh",
    "QuyetDinh",
    "SoKyHieu",
    "ThanhPhanThamDu",
    "ThoiGian",
    "ThongBao",
    "ThongCao",
    "ToTrinh",
    "VanBan",
    "VanBanDieu",
    "VanBanKemTheo",
    "VanBanMau14",
    "Y",
    "from_dict",
    "hop_ban_sao_dien_tu",
    "kind_of",
    "load",
    "number_body",
]

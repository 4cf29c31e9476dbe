"""The 29 kinds of administrative document (NĐ 30/2020, Điều 7) and their abbreviations.

Abbreviations come from NĐ 30/2020, Phụ lục III, mục I. Their mixed case is official (QyĐ, CTr, TTr)
and must never be upper-cased blindly. Công văn and Thư công have no abbreviation: a Công văn's code
is ``<n>/<agency>-<unit>`` (Phụ lục I, mục II.3.b). The sample layouts (mẫu) are those of Phụ lục III,
mục II; Hợp đồng, Bản ghi nhớ, Bản thỏa thuận and Thư công have none.
"""

from __future__ import annotations

from enum import Enum

from vanban.text.case import viet_hoa


class LoaiVanBan(Enum):
    """A kind of administrative document. The value is its slug, used as ``loai`` in data files.

    >>> LoaiVanBan.KE_HOACH.ten, LoaiVanBan.KE_HOACH.viet_tat, LoaiVanBan.KE_HOACH.mau
    ('Kế hoạch', 'KH', ('1.4',))
    """

    # slug, tên loại, viết tắt, mẫu trình bày (Phụ lục III)
    NGHI_QUYET = ("nghi_quyet", "Nghị quyết", "NQ", ("1.1",))
    QUYET_DINH = ("quyet_dinh", "Quyết định", "QĐ", ("1.2", "1.3"))
    CHI_THI = ("chi_thi", "Chỉ thị", "CT", ("1.4",))
    QUY_CHE = ("quy_che", "Quy chế", "QC", ("1.4",))
    QUY_DINH = ("quy_dinh", "Quy định", "QyĐ", ("1.4",))
    THONG_CAO = ("thong_cao", "Thông cáo", "TC", ("1.4",))
    THONG_BAO = ("thong_bao", "Thông báo", "TB", ("1.4",))
    HUONG_DAN = ("huong_dan", "Hướng dẫn", "HD", ("1.4",))
    CHUONG_TRINH = ("chuong_trinh", "Chương trình", "CTr", ("1.4",))
    KE_HOACH = ("ke_hoach", "Kế hoạch", "KH", ("1.4",))
    PHUONG_AN = ("phuong_an", "Phương án", "PA", ("1.4",))
    DE_AN = ("de_an", "Đề án", "ĐA", ("1.4",))
    DU_AN = ("du_an", "Dự án", "DA", ("1.4",))
    BAO_CAO = ("bao_cao", "Báo cáo", "BC", ("1.4",))
    BIEN_BAN = ("bien_ban", "Biên bản", "BB", ("1.9",))
    TO_TRINH = ("to_trinh", "Tờ trình", "TTr", ("1.4",))
    HOP_DONG = ("hop_dong", "Hợp đồng", "HĐ", ())
    CONG_VAN = ("cong_van", "Công văn", None, ("1.5",))
    CONG_DIEN = ("cong_dien", "Công điện", "CĐ", ("1.6",))
    BAN_GHI_NHO = ("ban_ghi_nho", "Bản ghi nhớ", "BGN", ())
    BAN_THOA_THUAN = ("ban_thoa_thuan", "Bản thỏa thuận", "BTT", ())
    GIAY_UY_QUYEN = ("giay_uy_quyen", "Giấy ủy quyền", "GUQ", ("1.4",))
    GIAY_MOI = ("giay_moi", "Giấy mời", "GM", ("1.7",))
    GIAY_GIOI_THIEU = ("giay_gioi_thieu", "Giấy giới thiệu", "GGT", ("1.8",))
    GIAY_NGHI_PHEP = ("giay_nghi_phep", "Giấy nghỉ phép", "GNP", ("1.10",))
    PHIEU_GUI = ("phieu_gui", "Phiếu gửi", "PG", ("1.4",))
    PHIEU_CHUYEN = ("phieu_chuyen", "Phiếu chuyển", "PC", ("1.4",))
    PHIEU_BAO = ("phieu_bao", "Phiếu báo", "PB", ("1.4",))
    THU_CONG = ("thu_cong", "Thư công", None, ())

    def __new__(cls, slug: str, ten: str, viet_tat: str | None, mau: tuple[str, ...]) -> LoaiVanBan:
        obj = object.__new__(cls)
        obj._value_ = slug
        obj.ten = ten
        obj.viet_tat = viet_tat
        obj.mau = mau
        return obj

    ten: str
    """Tên loại as the decree writes it: "Kế hoạch"."""
    viet_tat: str | None
    """The abbreviation of Phụ lục III, mục I ("KH", "QyĐ"), or None (Công văn, Thư công)."""
    mau: tuple[str, ...]
    """The sample layouts of Phụ lục III this kind uses ("1.4"); empty when the decree has none."""

    @property
    def ten_in_hoa(self) -> str:
        """Tên loại in capitals, as printed at ô 5a: "KẾ HOẠCH" (Phụ lục I, mục II.5.b)."""
        return viet_hoa(self.ten)

    @classmethod
    def from_viet_tat(cls, viet_tat: str) -> LoaiVanBan:
        """The kind whose official abbreviation is exactly ``viet_tat`` (case-sensitive)."""
        for loai in cls:
            if loai.viet_tat == viet_tat:
                return loai
        raise ValueError(f"{viet_tat!r} is not an abbreviation of NĐ 30/2020, Phụ lục III, mục I")

    @classmethod
    def parse(cls, value: str | LoaiVanBan) -> LoaiVanBan:
        """Accept a member, its slug ("ke_hoach"), its name ("Kế hoạch") or its abbreviation."""
        if isinstance(value, LoaiVanBan):
            return value
        for loai in cls:
            if value in (loai.value, loai.ten, loai.viet_tat, loai.name):
                return loai
        folded = value.strip().casefold()
        for loai in cls:
            if folded in (loai.value, loai.ten.casefold()):
                return loai
        valid = ", ".join(loai.value for loai in cls)
        raise ValueError(f"unknown document kind {value!r}; valid kinds: {valid}")


# Copies (bản sao) have their own abbreviations and one shared sequence (Phụ lục I, phần II, mục II.1.c).
BAN_SAO_VIET_TAT: dict[str, str] = {"SY": "Bản sao y", "TrS": "Bản trích sao", "SL": "Bản sao lục"}

"""One line of the Sổ đăng ký văn bản đi (NĐ 30/2020, Phụ lục IV), with the state of its number.

The register of outgoing documents has at least ten columns, in this order (Phụ lục IV, mẫu sổ đăng
ký văn bản đi): (1) Số, ký hiệu văn bản; (2) Ngày tháng văn bản; (3) Tên loại và trích yếu nội dung
văn bản; (4) Người ký; (5) Nơi nhận văn bản; (6) Đơn vị, người nhận bản lưu; (7) Số lượng bản; (8)
Ngày chuyển; (9) Ký nhận; (10) Ghi chú. :class:`RegisterRow` carries them as fields in that order,
after the series, the year and the number that place the row in the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class TrangThai(StrEnum):
    """The state of a number in the register.

    - ``DA_CAP``: given to an issued document (NĐ 30/2020, Điều 15, 16).
    - ``GIU_SO``: reserved (giữ số) for a document to be issued on it later; the number is taken
      in the series, in time order, and never given to another document.
    - ``HUY``: cancelled; the number stays in the register marked, never reused (numbers follow
      the order of issue without reuse: Điều 15.1).
    - ``THU_HOI``: the document was recalled (thu hồi); its row and metadata are frozen and
      marked (Phụ lục VI, I.III.8).
    """

    DA_CAP = "da_cap"
    GIU_SO = "giu_so"
    HUY = "huy"
    THU_HOI = "thu_hoi"

    @property
    def ten(self) -> str:
        """The state as the register book prints it in Ghi chú: "Đã cấp", "Giữ số", "Đã hủy",
        "Đã thu hồi"."""
        return _TEN[self]


_TEN = {
    TrangThai.DA_CAP: "Đã cấp",
    TrangThai.GIU_SO: "Giữ số",
    TrangThai.HUY: "Đã hủy",
    TrangThai.THU_HOI: "Đã thu hồi",
}


@dataclass(frozen=True)
class RegisterRow:
    """One line of the Sổ đăng ký văn bản đi (Phụ lục IV), plus the state of its number.

    ``series``, ``nam`` and ``so`` place the row: the series' number from 1 in the year of
    ``nam`` (Điều 15.1). The next ten fields are the register's ten columns in their order. A
    reserved number (``GIU_SO``) has no document yet: its ``so_ky_hieu`` is the number alone
    ("05") and its text columns are empty until a document is issued on it.
    """

    series: str
    nam: int
    so: int
    so_ky_hieu: str
    """Column 1, "05/QĐ-UBND" (a leading zero under 10: Phụ lục I, mục II.3.a)."""
    ngay: date | None
    """Column 2, the document's date (for a reserved number, the day it was reserved)."""
    ten_loai_trich_yeu: str
    """Column 3, "Kế hoạch Cải cách hành chính nhà nước năm 2022"."""
    nguoi_ky: str
    """Column 4, the signer's name."""
    noi_nhan: str
    """Column 5, the recipients joined by "; "."""
    don_vi_nhan_ban_luu: str
    """Column 6, who keeps the archived copies: "VT, VP" as on the document's "Lưu:" line."""
    so_luong_ban: int | None
    """Column 7, the number of copies issued."""
    ngay_chuyen: date | None
    """Column 8, the day the document was sent (filled on paper or later)."""
    ky_nhan: str
    """Column 9; empty: signed on paper."""
    ghi_chu: str
    """Column 10: notes (a cancellation's or recall's reason, an allowed earlier date)."""
    trang_thai: TrangThai

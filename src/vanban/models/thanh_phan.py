"""The optional components any document may carry (thành phần khác, NĐ 30/2020, Điều 8.3).

- Độ mật (ô 10a) and độ khẩn (ô 10b), Điều 8.3.b; Phụ lục I, mục III.2.a-b: marks in bold
  capitals, 13-14 pt, centred in a single-line rectangle, in the left header column under Số
  (under "V/v …" for a Công văn), độ khẩn under độ mật. The degrees of secrecy are those of the
  law on state secrets (Luật Bảo vệ bí mật nhà nước 2018, số 29/2018/QH14, Điều 8: tuyệt mật,
  tối mật, mật); the degrees of urgency are the decree's own (mục III.2.b: hỏa tốc, thượng khẩn,
  khẩn; stamps of 30 × 8, 40 × 8 and 20 × 8 mm, red ink).
- Chỉ dẫn phạm vi lưu hành (ô 11), Điều 8.3.b; mục III.2.c: "XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI
  BỘ" ("như": the decree's list is open; "TRẢ LẠI SAU KHI HỌP" is the other one in use), and the
  "TÀI LIỆU THU HỒI" stamp of mục III.2.a, which goes in the same ô 11; bold capitals, 13-14 pt,
  in a single-line rectangle in the top margin above the Quốc hiệu (mục IV.2, the diagram).
- Ký hiệu người soạn thảo and số lượng bản phát hành (ô 12), Điều 8.3.c; mục III.3: the
  drafter's code in capitals and the copies issued in Arabic numerals, 11 pt, at the end of the
  Lưu line ("PL.(300)" in Phụ lục I, mục V).

A data file names each value by its slug (``do_khan: hoa_toc``) or as printed (``"HỎA TỐC"``,
``"Hoả tốc"``: either tone-mark placement); anything else is refused with the list.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any, Self


def _slug(text: str) -> str:
    # "HOẢ TỐC" / "Hỏa tốc" / "hoa_toc" -> "hoa_toc": no tone marks, no đ, lower case, "_"
    decomposed = unicodedata.normalize("NFD", text.strip().replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(plain.casefold().replace("-", " ").replace("_", " ").split())


class _Dau(StrEnum):
    """A mark chosen from a fixed list; its value is the slug, :attr:`nhan` the printed text."""

    nhan: str

    def __new__(cls, slug: str, nhan: str) -> Self:
        member = str.__new__(cls, slug)
        member._value_ = slug
        member.nhan = nhan
        return member

    @classmethod
    def parse(cls, value: Any, *, rule: str) -> Any:
        """The member ``value`` names (slug or printed text); a clear error for anything else."""
        if isinstance(value, cls) or not isinstance(value, str):
            return value
        slug = _slug(value)
        for member in cls:
            if member.value == slug:
                return member
        allowed = ", ".join(f"{m.value!r} ({m.nhan})" for m in cls)
        raise ValueError(f"{value!r} is not one of {allowed} ({rule})")


class DoMat(_Dau):
    """Độ mật, ô 10a: the degrees of the law on state secrets (Luật số 29/2018/QH14, Điều 8)."""

    MAT = ("mat", "MẬT")
    TOI_MAT = ("toi_mat", "TỐI MẬT")
    TUYET_MAT = ("tuyet_mat", "TUYỆT MẬT")


DO_MAT_RULE = "NĐ 30/2020, Phụ lục I, mục III.2.a; Luật Bảo vệ bí mật nhà nước 2018, Điều 8"


class DoKhan(_Dau):
    """Độ khẩn, ô 10b (NĐ 30/2020, Phụ lục I, mục III.2.b), with the stamp's width in mm."""

    KHAN = ("khan", "KHẨN")
    THUONG_KHAN = ("thuong_khan", "THƯỢNG KHẨN")
    HOA_TOC = ("hoa_toc", "HỎA TỐC")

    @property
    def rong_mm(self) -> float:
        """The stamp's width (its height is 8 mm): 20, 40 and 30 mm (mục III.2.b)."""
        return {"khan": 20.0, "thuong_khan": 40.0, "hoa_toc": 30.0}[self.value]


DO_KHAN_RULE = "NĐ 30/2020, Phụ lục I, mục III.2.b"


class PhamViLuuHanh(_Dau):
    """Chỉ dẫn phạm vi lưu hành, ô 11 (NĐ 30/2020, Phụ lục I, mục III.2.a, III.2.c)."""

    XEM_XONG_TRA_LAI = ("xem_xong_tra_lai", "XEM XONG TRẢ LẠI")
    LUU_HANH_NOI_BO = ("luu_hanh_noi_bo", "LƯU HÀNH NỘI BỘ")
    TRA_LAI_SAU_KHI_HOP = ("tra_lai_sau_khi_hop", "TRẢ LẠI SAU KHI HỌP")
    TAI_LIEU_THU_HOI = ("tai_lieu_thu_hoi", "TÀI LIỆU THU HỒI")


PHAM_VI_RULE = "NĐ 30/2020, Phụ lục I, mục III.2.c"


def ky_hieu_phat_hanh(ky_hieu: str | None, so_ban: int | None) -> str | None:
    """ô 12 as Phụ lục I, mục V prints it: ``"PL.(300)"``; the code alone: ``"PL"``."""
    if ky_hieu is None:
        return None
    return ky_hieu if so_ban is None else f"{ky_hieu}.({so_ban})"

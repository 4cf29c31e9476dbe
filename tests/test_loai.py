"""The 29 kinds of NĐ 30/2020, Điều 7, with the abbreviations of Phụ lục III, mục I."""

from __future__ import annotations

import pytest

from vanban import LoaiVanBan

# Phụ lục III, mục I, row by row.
OFFICIAL = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
    "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr",
    "Kế hoạch": "KH", "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC",
    "Biên bản": "BB", "Tờ trình": "TTr", "Hợp đồng": "HĐ", "Công văn": None, "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT", "Giấy ủy quyền": "GUQ", "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP", "Phiếu gửi": "PG", "Phiếu chuyển": "PC",
    "Phiếu báo": "PB", "Thư công": None,
}  # fmt: skip

# Phụ lục III, Mẫu 1.4 note: the kinds that share the "văn bản có tên loại" layout.
MAU_1_4 = {
    "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn", "Chương trình",
    "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Tờ trình", "Giấy ủy quyền",
    "Phiếu gửi", "Phiếu chuyển", "Phiếu báo",
}  # fmt: skip


def test_twenty_nine_kinds_with_official_abbreviations() -> None:
    assert len(LoaiVanBan) == 29
    assert {k.ten: k.viet_tat for k in LoaiVanBan} == OFFICIAL


def test_sample_layouts() -> None:
    assert {k.ten for k in LoaiVanBan if k.mau == ("1.4",)} == MAU_1_4
    assert LoaiVanBan.QUYET_DINH.mau == ("1.2", "1.3")
    assert LoaiVanBan.CONG_VAN.mau == ("1.5",)
    assert LoaiVanBan.BIEN_BAN.mau == ("1.9",)
    assert LoaiVanBan.HOP_DONG.mau == ()


def test_mixed_case_is_kept() -> None:
    assert LoaiVanBan.QUY_DINH.viet_tat == "QyĐ"
    assert LoaiVanBan.TO_TRINH.viet_tat == "TTr"
    assert LoaiVanBan.KE_HOACH.ten_in_hoa == "KẾ HOẠCH"


@pytest.mark.parametrize("name", ["ke_hoach", "Kế hoạch", "KH", "KE_HOACH", "kế hoạch"])
def test_parse(name: str) -> None:
    assert LoaiVanBan.parse(name) is LoaiVanBan.KE_HOACH


def test_parse_unknown_lists_valid_kinds() -> None:
    with pytest.raises(
        ValueError, match=r"unknown document kind 'ke_hoach_x'; valid kinds: .*bao_cao"
    ):
        LoaiVanBan.parse("ke_hoach_x")


def test_from_viet_tat_is_case_sensitive() -> None:
    assert LoaiVanBan.from_viet_tat("QyĐ") is LoaiVanBan.QUY_DINH
    with pytest.raises(ValueError, match="not an abbreviation"):
        LoaiVanBan.from_viet_tat("QYĐ")

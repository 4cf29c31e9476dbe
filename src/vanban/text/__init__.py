"""Vietnamese language helpers. They know nothing of documents, models or rendering."""

from vanban.text.case import viet_hoa
from vanban.text.chars import check_xml_chars, clean_text
from vanban.text.dates import (
    dia_danh_ngay_thang,
    gio_phut,
    khoang_ngay,
    khoang_thoi_gian,
    ngay_ngan,
    ngay_thang,
    parse_ngay,
    parse_thoi_diem,
    thang_nam,
    thoi_diem,
    thu,
)
from vanban.text.dau import bo_dau, chuan_dau
from vanban.text.numbering import chu_cai, so_la_ma
from vanban.text.sap_xep import khoa_sap_xep
from vanban.text.so import bang_chu, dinh_dang_so, dinh_dang_tien, parse_so, tien_bang_chu
from vanban.text.trich_dan import TrichDan, tim_trich_dan

__all__ = [
    "TrichDan",
    "bang_chu",
    "bo_dau",
    "check_xml_chars",
    "chu_cai",
    "chuan_dau",
    "clean_text",
    "dia_danh_ngay_thang",
    "dinh_dang_so",
    "dinh_dang_tien",
    "gio_phut",
    "khoa_sap_xep",
    "khoang_ngay",
    "khoang_thoi_gian",
    "ngay_ngan",
    "ngay_thang",
    "parse_ngay",
    "parse_so",
    "parse_thoi_diem",
    "so_la_ma",
    "thang_nam",
    "thoi_diem",
    "thu",
    "tien_bang_chu",
    "tim_trich_dan",
    "viet_hoa",
]

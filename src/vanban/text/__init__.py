"""Vietnamese language helpers. They know nothing of documents, models or rendering."""

from vanban.text.case import viet_hoa
from vanban.text.chars import check_xml_chars, clean_text
from vanban.text.dates import dia_danh_ngay_thang, ngay_thang
from vanban.text.numbering import chu_cai, so_la_ma

__all__ = [
    "check_xml_chars",
    "chu_cai",
    "clean_text",
    "dia_danh_ngay_thang",
    "ngay_thang",
    "so_la_ma",
    "viet_hoa",
]

"""Header rules: Quốc hiệu, Tiêu ngữ, số và ký hiệu, địa danh và ngày tháng (NĐ 30/2020, Phụ lục I,
mục II.1-II.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from vanban.errors import CodeError
from vanban.kiem_tra.components import Components, Line, fold
from vanban.kiem_tra.docx import Docx, nfc
from vanban.kiem_tra.edits import SetRun
from vanban.kiem_tra.rules.base import (
    ND30,
    CannotEvaluate,
    Hit,
    NotApplicable,
    line_span,
    replace_line,
    rule,
)
from vanban.loai import LoaiVanBan
from vanban.models.so_ky_hieu import SoKyHieu
from vanban.text.dates import dia_danh_ngay_thang
from vanban.text.dau import chuan_dau
from vanban.typeset.page import QUOC_HIEU, TIEU_NGU

# Quốc hiệu and Tiêu ngữ (mục II.1) -----------------------------------------------------------------


@rule(
    "quoc_hieu.chinh_ta",
    f"Quốc hiệu viết đúng “{QUOC_HIEU}”, chữ in hoa",
    f"{ND30}, mục II.1.a",
    "loi",
    "quoc_hieu",
    "safe",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM → CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
)
def _quoc_hieu(doc: Docx, parts: Components) -> Iterator[Hit]:
    if parts.quoc_hieu is None:
        raise CannotEvaluate("không tìm thấy Quốc hiệu ở đầu văn bản")
    yield from _exact(parts.quoc_hieu, QUOC_HIEU)


@rule(
    "tieu_ngu.chinh_ta",
    f"Tiêu ngữ viết đúng “{TIEU_NGU}”: chữ cái đầu các cụm từ viết hoa, gạch nối có cách chữ",
    f"{ND30}, mục II.1.b",
    "loi",
    "tieu_ngu",
    "safe",
    "Độc lập-Tự do-Hạnh Phúc → Độc lập - Tự do - Hạnh phúc",
)
def _tieu_ngu(doc: Docx, parts: Components) -> Iterator[Hit]:
    if parts.tieu_ngu is None:
        raise CannotEvaluate("không tìm thấy Tiêu ngữ dưới Quốc hiệu")
    yield from _exact(parts.tieu_ngu, TIEU_NGU)


def _exact(line: Line, expected: str) -> Iterator[Hit]:
    found = line.text.strip()
    if found == expected:
        return
    only_tone = chuan_dau(found) == expected
    # mended only when the same letters are there (marks, case, spaces and dashes aside): a line
    # holding more (the Tiêu ngữ typed on the same line) is not cut down to the expected text
    same_letters = _letters(found) == _letters(expected)
    yield Hit(
        line.paragraph,
        found,
        expected,
        severity="trinh_bay" if only_tone else None,
        edits=replace_line(line, expected) if same_letters else (),
    )


def _letters(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalpha())


# Số, ký hiệu (mục II.3) ---------------------------------------------------------------------------


@rule(
    "so_ky_hieu.dang",
    "“Số:” rồi số và ký hiệu: không có khoảng trắng quanh “/” và “-”, số dưới 10 có số 0 đứng "
    "trước, ký hiệu in hoa",
    f"{ND30}, mục II.3",
    "loi",
    "so_ky_hieu",
    "safe",
    "Số:5 /KH - UBND → Số: 05/KH-UBND",
)
def _so_ky_hieu(doc: Docx, parts: Components) -> Iterator[Hit]:
    line = parts.so_ky_hieu
    if line is None and parts.kem_theo is not None:
        raise NotApplicable("văn bản kèm theo, phụ lục: không có Số (Mẫu 1.3, 2.1)")
    if line is None:
        raise CannotEvaluate("không tìm thấy dòng “Số:” trong phần đầu văn bản")
    found = line.text.strip()
    try:
        code, _ = SoKyHieu.parse_with_fixes(nfc(found))
    except CodeError as error:
        yield Hit(line.paragraph, found, f"Số: <số>/<ký hiệu> ({error})")
        return
    expected = f"Số: {code}"
    if nfc(found) != expected:
        yield Hit(line.paragraph, found, expected, edits=replace_line(line, expected))


def kind_of_title(title: str) -> LoaiVanBan | None:
    """The kind whose tên loại, in capitals, is ``title`` ("KẾ HOẠCH"; tone placement aside)."""
    wanted = chuan_dau(nfc(" ".join(title.split())))
    return next((k for k in LoaiVanBan if chuan_dau(k.ten_in_hoa) == wanted), None)


@rule(
    "so_ky_hieu.loai",
    "Ký hiệu mở đầu bằng chữ viết tắt của tên loại văn bản in ở ô 5a",
    f"{ND30}, mục II.3.b; Phụ lục III, mục I",
    "loi",
    "so_ky_hieu",
    "suggest",
    "KẾ HOẠCH … Số: 49/BC-UBND → Số: 49/KH-UBND",
)
def _so_ky_hieu_loai(doc: Docx, parts: Components) -> Iterator[Hit]:
    title, line = parts.ten_loai, parts.so_ky_hieu
    kind = kind_of_title(title.text) if title is not None else None
    if kind is None or kind.viet_tat is None or line is None:
        raise NotApplicable("không có tên loại văn bản có chữ viết tắt, hoặc không có dòng Số")
    try:
        code, _ = SoKyHieu.parse_with_fixes(nfc(line.text.strip()))
    except CodeError:
        raise NotApplicable("số, ký hiệu không đọc được (quy tắc so_ky_hieu.dang báo)") from None
    if code.loai is not kind:
        written = code.ky_hieu.split("-")[0]
        yield Hit(line.paragraph, f"{written} ({kind.ten_in_hoa})", f"{kind.viet_tat}")


# Place and date (mục II.4) ------------------------------------------------------------------------

_DATE = re.compile(
    r"^(?P<place>.*?)\s*,?\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)


def _date_line(parts: Components) -> Line:
    if parts.dia_danh_ngay is not None:
        return parts.dia_danh_ngay
    if parts.ten_loai is not None and fold(parts.ten_loai.text) == "BIEN BAN":
        raise NotApplicable("Biên bản: không có địa danh và thời gian ở phần đầu (Mẫu 1.9)")
    if parts.kem_theo is not None:
        raise NotApplicable("văn bản kèm theo, phụ lục: không có ngày tháng (Mẫu 1.3, 2.1)")
    raise CannotEvaluate("không tìm thấy dòng địa danh và ngày tháng năm trong phần đầu văn bản")


@rule(
    "dia_danh_ngay.dang",
    "Địa danh, dấu phẩy, rồi “ngày … tháng … năm …” bằng chữ số Ả Rập; ngày dưới 10 và tháng 1, "
    "2 có số 0 đứng trước; một khoảng trắng giữa các chữ",
    f"{ND30}, mục II.4.b-c",
    "loi",
    "dia_danh_ngay",
    "safe",
    "Gia Lương, ngày 5 tháng 1 năm 2022 → Gia Lương, ngày 05 tháng 01 năm 2022",
)
def _dia_danh_ngay(doc: Docx, parts: Components) -> Iterator[Hit]:
    line = _date_line(parts)
    found = line.text.strip()
    match = _DATE.match(nfc(found))
    if match is None:
        raise CannotEvaluate(f"không đọc được dòng ngày tháng {found!r}")
    place = " ".join(match["place"].split())
    try:
        when = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        yield Hit(line.paragraph, found, "một ngày có thật")
        return
    expected = dia_danh_ngay_thang(place, when) if place else dia_danh_ngay_thang("…", when)
    if nfc(found) != expected:
        # no place typed: a person writes it, the fix does not invent one
        edits = replace_line(line, expected) if place else ()
        yield Hit(line.paragraph, found, expected, edits=edits)


@rule(
    "dia_danh_ngay.nghieng",
    "Dòng địa danh và ngày tháng năm in nghiêng",
    f"{ND30}, mục II.4.c",
    "loi",
    "dia_danh_ngay",
    "safe",
    "Gia Lương, ngày 29 tháng 01 năm 2022 (chữ đứng) → chữ nghiêng",
)
def _nghieng(doc: Docx, parts: Components) -> Iterator[Hit]:
    line = _date_line(parts)
    if not line.paragraph.italic:
        start, end = line_span(line)
        italic = SetRun(line.paragraph.index, start, end, "italic", True)
        yield Hit(line.paragraph, "chữ đứng", "chữ nghiêng", edits=(italic,))

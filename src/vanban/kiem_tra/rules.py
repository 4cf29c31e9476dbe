"""The rules the checker evaluates, each a small function registered in :data:`RULES` with its
id, its statement in Vietnamese, its citation, its severity, its component and its fix grade.

A rule function gets the document and its components and yields :class:`Hit` (where, what was
found, what is expected). It raises :class:`NotApplicable` when the rule does not concern the
document (a Biên bản has no date line in its header: Phụ lục III, Mẫu 1.9) and
:class:`CannotEvaluate` when it does but the document does not let it decide (the line it reads
was not found): a rule that could not be evaluated is never counted as passed.

The values compared are vanban's own (:mod:`vanban.typeset.page`, :mod:`vanban.text.dates`,
:class:`vanban.SoKyHieu`): the checker and the renderer cannot disagree on a rule.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from vanban.errors import CodeError
from vanban.kiem_tra.components import Components, Line, fold
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.edits import Edit
from vanban.kiem_tra.report import Fix, Severity
from vanban.loai import LoaiVanBan
from vanban.models.so_ky_hieu import SoKyHieu
from vanban.text.dates import dia_danh_ngay_thang
from vanban.text.dau import chuan_dau
from vanban.typeset.page import FONT, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, QUOC_HIEU, TIEU_NGU

ND30 = "NĐ 30/2020, Phụ lục I"
TYPING = "lỗi đánh máy, không phải quy định của NĐ 30/2020"
"""The citation of the typing rules: they are not the decree's, and say so."""


class NotApplicable(Exception):
    """The rule does not concern this document."""


class CannotEvaluate(Exception):
    """The rule concerns this document, which does not let it decide; the message says why."""


@dataclass(frozen=True)
class Hit:
    """One place where a rule is broken."""

    paragraph: Paragraph | None
    found: str
    expected: str
    at: int = 0
    """Where in the paragraph's text (for the context shown)."""
    severity: Severity | None = None
    """When one place is less (or more) serious than the rule's default."""
    edits: tuple[Edit, ...] = ()
    """What ``--fix`` changes to mend this place (:mod:`vanban.kiem_tra.edits`); empty when the
    rule has no fix or cannot compute one here."""


@dataclass(frozen=True)
class Rule:
    """One rule: its metadata and the function that evaluates it."""

    id: str
    title: str
    citation: str
    severity: Severity
    component: str
    fix: Fix
    example: str
    """A wrong form and the right one, for the docs ("Số: 49 /KH - UBND → Số: 49/KH-UBND")."""
    evaluate: Callable[[Docx, Components], Iterator[Hit]]


RULES: list[Rule] = []
"""Every rule, in the order reports list them."""


def rule(
    id: str,
    title: str,
    citation: str,
    severity: Severity,
    component: str,
    fix: Fix,
    example: str,
) -> Callable[[Callable[[Docx, Components], Iterator[Hit]]], Rule]:
    """Register the decorated function as a rule of :data:`RULES`."""

    def register(evaluate: Callable[[Docx, Components], Iterator[Hit]]) -> Rule:
        made = Rule(id, title, citation, severity, component, fix, example, evaluate)
        if any(r.id == id for r in RULES):
            raise ValueError(f"rule {id!r} registered twice")
        RULES.append(made)
        return made

    return register


# Page (Phụ lục I, phần I, mục I) -----------------------------------------------------------------

_SIZE_TOLERANCE_MM = 0.5  # paper sizes as word processors store them: A4 is 11906 or 11907 twips
_MARGIN_TOLERANCE_MM = 0.05  # a margin typed in centimetres, rounded to twips: 2 cm is 1134
MARGINS_MM = {
    "top": (20.0, 25.0),
    "bottom": (20.0, 25.0),
    "left": (30.0, 35.0),
    "right": (15.0, 20.0),
}
"""mục I.3: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm."""
_MARGIN_NAMES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


@rule(
    "trang.kho_giay",
    "Khổ giấy A4 (210 mm x 297 mm), trình bày theo chiều dài; theo chiều rộng khi có bảng, biểu",
    f"{ND30}, mục I.1-2",
    "loi",
    "trang",
    "safe",
    "Letter 215,9 x 279,4 mm → A4 210 x 297 mm",
)
def _kho_giay(doc: Docx, parts: Components) -> Iterator[Hit]:
    if not doc.pages or any(p.width == 0 or p.height == 0 for p in doc.pages):
        raise CannotEvaluate("tệp không ghi khổ giấy (w:pgSz)")
    for page in doc.pages:
        size = sorted((page.width, page.height))
        if (
            abs(size[0] - PAGE_WIDTH_MM) > _SIZE_TOLERANCE_MM
            or abs(size[1] - PAGE_HEIGHT_MM) > _SIZE_TOLERANCE_MM
        ):
            yield Hit(
                None,
                f"phần {page.section + 1}: {_mm(page.width)} x {_mm(page.height)} mm",
                f"{_mm(PAGE_WIDTH_MM)} x {_mm(PAGE_HEIGHT_MM)} mm",
            )


@rule(
    "trang.le",
    "Lề trên và lề dưới 20-25 mm, lề trái 30-35 mm, lề phải 15-20 mm",
    f"{ND30}, mục I.3",
    "loi",
    "trang",
    "safe",
    "lề trái 25,4 mm → 30 mm",
)
def _le(doc: Docx, parts: Components) -> Iterator[Hit]:
    if not doc.pages:
        raise CannotEvaluate("tệp không ghi lề trang (w:pgMar)")
    for page in doc.pages:
        for side, (low, high) in MARGINS_MM.items():
            value = getattr(page, side)
            if value is None:
                raise CannotEvaluate(
                    f"phần {page.section + 1}: tệp không ghi lề {_MARGIN_NAMES[side]}"
                )
            if value < low - _MARGIN_TOLERANCE_MM or value > high + _MARGIN_TOLERANCE_MM:
                yield Hit(
                    None,
                    f"phần {page.section + 1}: lề {_MARGIN_NAMES[side]} {_mm(value)} mm",
                    f"{_mm(low)}-{_mm(high)} mm",
                )


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


# Font (mục I.4) ---------------------------------------------------------------------------------


@rule(
    "phong_chu.times_new_roman",
    "Phông chữ tiếng Việt Times New Roman, đặt rõ cho mọi đoạn",
    f"{ND30}, mục I.4",
    "loi",
    "phong_chu",
    "safe",
    "Arial → Times New Roman",
)
def _phong_chu(doc: Docx, parts: Components) -> Iterator[Hit]:
    first: dict[str, Paragraph] = {}
    count: Counter[str] = Counter()
    for p in doc.paragraphs:
        for font in {r.font or "(không đặt)" for r in p.words}:
            if font != FONT:
                first.setdefault(font, p)
                count[font] += 1
    for font, p in first.items():
        yield Hit(p, f"{font} ({count[font]} đoạn)", FONT)


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
    yield Hit(line.paragraph, found, expected, severity="trinh_bay" if only_tone else None)


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
        yield Hit(line.paragraph, found, expected)


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
        yield Hit(line.paragraph, found, expected)


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
        yield Hit(line.paragraph, "chữ đứng", "chữ nghiêng")


# Nơi nhận (mục II.9) ------------------------------------------------------------------------------


@rule(
    "noi_nhan.dau",
    "“Nơi nhận:”, mỗi nơi một dòng bắt đầu “- ” và kết thúc “;”, dòng cuối “- Lưu: VT, …” "
    "kết thúc “.”",
    f"{ND30}, mục II.9.d",
    "loi",
    "noi_nhan",
    "guarded",
    "-UBND huyện. → - UBND huyện;",
)
def _noi_nhan(doc: Docx, parts: Components) -> Iterator[Hit]:
    heading = parts.noi_nhan
    if heading is None:
        raise NotApplicable("không có Nơi nhận")
    if nfc(heading.text.strip()) != "Nơi nhận:":
        yield Hit(heading.paragraph, heading.text.strip(), "Nơi nhận:")
    items = parts.noi_nhan_muc
    if not items:
        yield Hit(heading.paragraph, "không có nơi nhận nào", "- …;  - Lưu: VT, ….")
        return
    for line in items[:-1]:
        text = nfc(line.text.strip())
        expected = f"- {_item(text)};"
        if text != expected:
            yield Hit(line.paragraph, text, expected)
    last = items[-1]
    text = nfc(last.text.strip())
    archive = re.match(r"^Lưu\s*:?\s*(.*)$", _item(text), re.IGNORECASE)
    if archive is None or not re.match(r"VT\b", archive[1]):
        rest = archive[1] if archive is not None else "…"
        expected = f"- Lưu: VT, {rest.removeprefix('VT').lstrip(', ') or '…'}."
        yield Hit(last.paragraph, text, expected)
        return
    expected = f"- Lưu: {archive[1]}."
    if text != expected:
        yield Hit(last.paragraph, text, expected)


NAMED_ABOVE = frozenset({LoaiVanBan.CONG_DIEN, LoaiVanBan.GIAY_GIOI_THIEU})
"""Kinds whose samples name the recipients above Nơi nhận without Kính gửi: the Công điện's
recipients (Phụ lục III, Mẫu 1.6), the office a Giấy giới thiệu sends people to (Mẫu 1.8)."""


@rule(
    "noi_nhan.nhu_tren",
    "“Như trên” trong Nơi nhận chỉ khi các nơi nhận đã được nêu ở trên: “Kính gửi”, nơi nhận "
    "công điện (Mẫu 1.6), nơi được cử đến của giấy giới thiệu (Mẫu 1.8)",
    f"{ND30}, mục II.9.b; Phụ lục III, Mẫu 1.6, 1.8",
    "loi",
    "noi_nhan",
    "suggest",
    "- Như trên; (không có Kính gửi) → tên từng nơi nhận",
)
def _nhu_tren(doc: Docx, parts: Components) -> Iterator[Hit]:
    if parts.noi_nhan is None:
        raise NotApplicable("không có Nơi nhận")
    kind = kind_of_title(parts.ten_loai.text) if parts.ten_loai is not None else None
    if parts.kinh_gui or kind in NAMED_ABOVE:
        return
    for line in parts.noi_nhan_muc:
        if fold(_item(line.text.strip())) == "NHU TREN":
            yield Hit(line.paragraph, line.text.strip(), "tên các nơi nhận (không có Kính gửi)")


def _item(text: str) -> str:
    """An item's words without its leading dash and trailing punctuation."""
    body = re.sub(r"^[-\u2010-\u2015\u2212+*\u2022]\s*", "", text)
    body = re.sub(r"\s*[;.,]+\s*$", "", body).strip()
    # a purpose typed after the ";" goes inside the line: "- Phòng Nội vụ (để báo cáo);"
    return re.sub(r"^(.*?)\s*[;.,]\s*(\([^()]*\))$", r"\1 \2", body)


# Signature (mục II.7) ------------------------------------------------------------------------------

_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\b\s*\.?\s*(.*)$", re.IGNORECASE)


@rule(
    "chu_ky.quyen_han",
    "Quyền hạn của người ký viết tắt “TM.”, “KT.”, “TL.”, “TUQ.”, “Q.” (chữ in hoa, dấu chấm, "
    "một khoảng trắng) trước tên tập thể hoặc chức vụ in hoa",
    f"{ND30}, mục II.7.b, II.7.đ; NĐ 30/2020, Điều 13",
    "loi",
    "chu_ky",
    "safe",
    "Tm ỦY BAN NHÂN DÂN → TM. ỦY BAN NHÂN DÂN",
)
def _quyen_han(doc: Docx, parts: Components) -> Iterator[Hit]:
    if not parts.chu_ky:
        raise NotApplicable("không tìm thấy khối chữ ký bên cạnh Nơi nhận")
    for p in parts.chu_ky:
        for line in p.text.split("\n"):
            text = nfc(line.strip())
            match = _AUTHORITY.match(text)
            if match is None or not match[2]:
                continue
            expected = f"{match[1].upper()}. {match[2].upper()}"
            if text != expected:
                yield Hit(p, text, expected)


# Text: typing (every paragraph) -------------------------------------------------------------------

_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")  # letters, and marks of NFD text
REDUPLICATED = frozenset(
    {
        "dần",
        "từ",
        "ngày",
        "người",
        "nhà",
        "lâu",
        "thường",
        "mãi",
        "đời",
        "nhiều",
        "xa",
        "rất",
        "năm",
    }
)
"""Words Vietnamese repeats on purpose ("dần dần", "từ từ", "ngày ngày", "người người", "năm
năm" = five years): not doubled by mistake."""


def _text_paragraphs(doc: Docx) -> Iterator[Paragraph]:
    for p in doc.paragraphs:
        if p.text.strip():
            yield p


@rule(
    "van_ban.lap_tu",
    "Một từ gõ lặp hai lần liền nhau (“các các”); không kể từ láy (“dần dần”) và chữ hoa mở "
    "đầu một tên (“Xã hội Hội đồng”)",
    TYPING,
    "canh_bao",
    "van_ban",
    "suggest",
    "các các đơn vị → các đơn vị",
)
def _lap_tu(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p in _text_paragraphs(doc):
        text = nfc(p.text)
        words = list(_WORD.finditer(text))
        for a, b in itertools.pairwise(words):
            between = text[a.end() : b.start()]
            # "Kinh tế - Xã hội Hội đồng": a capital starting the second word opens a name
            same = a.group() == b.group() or (
                a.group().casefold() == b.group().casefold() and b.group().islower()
            )
            if same and between.strip() == "" and a.group().casefold() not in REDUPLICATED:
                yield Hit(p, text[a.start() : b.end()], a.group(), at=a.start())


_SPACES = re.compile(r"(\S+)( {2,})(?=(\S+))")


@rule(
    "van_ban.khoang_trang",
    "Nhiều khoảng trắng liền nhau giữa các chữ",
    TYPING,
    "trinh_bay",
    "van_ban",
    "safe",
    "Ủy ban  nhân dân → Ủy ban nhân dân",
)
def _khoang_trang(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p in _text_paragraphs(doc):
        for match in _SPACES.finditer(p.text):
            before, _, after = match.groups()
            found = f"{before}{match[2]}{after}"
            yield Hit(p, found, f"{before} {after}", at=match.start(2))


_DOUBLED_MARK = re.compile(r"[,;]\s*[,;]")


@rule(
    "van_ban.dau_cau_lap",
    "Dấu phẩy, dấu chấm phẩy gõ lặp (“phí, , kiểm tra”)",
    TYPING,
    "trinh_bay",
    "van_ban",
    "suggest",
    "phí, , kiểm tra → phí, kiểm tra",
)
def _dau_cau_lap(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p in _text_paragraphs(doc):
        for match in _DOUBLED_MARK.finditer(p.text):
            yield Hit(p, match.group(), match.group()[0], at=match.start())


@rule(
    "van_ban.xuong_dong",
    "Không ngắt dòng cứng (Shift+Enter) giữa một đoạn của nội dung: mỗi đoạn một paragraph, "
    "chữ tự xuống dòng",
    TYPING,
    "trinh_bay",
    "van_ban",
    "guarded",
    "của↵huyện → của huyện",
)
def _xuong_dong(doc: Docx, parts: Components) -> Iterator[Hit]:
    end = parts.noi_nhan.index if parts.noi_nhan is not None else len(doc.paragraphs)
    for p in _text_paragraphs(doc):
        if p.cell is not None or p.index in parts.header or p.index >= end:
            continue  # the header, tables, Nơi nhận and the signature break lines on purpose
        text = p.text.strip("\n")
        if "\n" in text:
            at = text.index("\n")
            before = (text[:at].split() or [""])[-1]
            after = (text[at + 1 :].split() or [""])[0]
            yield Hit(p, f"{before}↵{after}", f"{before} {after}", at=at)


@rule(
    "van_ban.unicode_dung_san",
    "Chữ Việt Unicode dựng sẵn (NFC), không tổ hợp dấu rời (NFD)",
    f"{ND30}, mục I.4 (bộ mã Unicode TCVN 6909:2001)",
    "canh_bao",
    "van_ban",
    "safe",
    "Ủy ban (U + dấu hỏi + y…, tổ hợp) → Ủy ban (dựng sẵn)",
)
def _nfd(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p in _text_paragraphs(doc):
        if not unicodedata.is_normalized("NFC", p.text):
            for match in _WORD.finditer(p.text):
                if not unicodedata.is_normalized("NFC", match.group()):
                    shown = match.group().encode("unicode_escape").decode("ascii")
                    yield Hit(p, f"{match.group()} ({shown})", nfc(match.group()), at=match.start())
                    break


@rule(
    "van_ban.kieu_dau",
    "Một kiểu đặt dấu thanh trong cả văn bản (“Ủy”, “hòa” như các mẫu của Nghị định, hoặc "
    "“Uỷ”, “hoà”), không trộn hai kiểu",
    "NĐ 30/2020, Phụ lục I, mục II.1.a (Quốc hiệu “CỘNG HÒA”) và các mẫu của Phụ lục III "
    "(“Ủy ban”); nhất quán trong văn bản",
    "trinh_bay",
    "van_ban",
    "safe",
    "Uỷ ban … Ủy ban → Ủy ban … Ủy ban",
)
def _kieu_dau(doc: Docx, parts: Components) -> Iterator[Hit]:
    places: dict[str, list[tuple[Paragraph, re.Match[str]]]] = {"moi": [], "cu": []}
    for p in _text_paragraphs(doc):
        text = nfc(p.text)
        for match in _WORD.finditer(text):
            word = match.group()
            moi, cu = chuan_dau(word, "moi"), chuan_dau(word, "cu")
            if moi == cu:
                continue
            if word == moi:
                places["moi"].append((p, match))
            elif word == cu:
                places["cu"].append((p, match))
    if not places["moi"] or not places["cu"]:
        return
    fewer = "cu" if len(places["cu"]) <= len(places["moi"]) else "moi"
    other = "moi" if fewer == "cu" else "cu"
    for p, match in places[fewer]:
        word = match.group()
        yield Hit(p, word, chuan_dau(word, other), at=match.start())  # type: ignore[arg-type]


ALLOWED_MIXED_CASE = frozenset(
    {
        *(k.viet_tat for k in LoaiVanBan if k.viet_tat and not k.viet_tat.isupper()),
        "TrS",  # bản trích sao (Phụ lục III, mục I)
        "TTg",  # Thủ tướng, in codes and Nơi nhận ("Trợ lý TTg")
        "ThS",
        "PhD",
        "VNeID",
        "eKYC",
    }
)
"""Words written in mixed case on purpose: the decree's abbreviations (QyĐ, CTr, TTr, TrS) and a
few names of the trade."""


@rule(
    "van_ban.dinh_lien",
    "Hai chữ gõ dính liền: chữ hoa đứng sau chữ thường, hoặc chữ thường sau hai chữ hoa, trong "
    "cùng một từ (“UBNDhuyện”, “thực hiệnCCHC”)",
    TYPING,
    "canh_bao",
    "van_ban",
    "suggest",
    "UBNDhuyện → UBND huyện",
)
def _dinh_lien(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p in _text_paragraphs(doc):
        text = nfc(p.text)
        for match in _WORD.finditer(text):
            word = match.group()
            if word in ALLOWED_MIXED_CASE:
                continue
            cut = _seam(word)
            if cut is not None:
                yield Hit(p, word, f"{word[:cut]} {word[cut:]}", at=match.start())


_CLUSTERS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})


def _seam(word: str) -> int | None:
    """Where two syllables typed without a space meet in ``word``, if they do: before a capital
    that follows a small letter ("hiệnCCHC"), or where capitals meet a syllable ("UBNDhuyện",
    "UBNDXã"): before the last capital when it and the next letter can begin a syllable."""
    for i in range(1, len(word)):
        if word[i - 1].islower() and word[i].isupper():
            return i
        if i >= 2 and word[i - 2].isupper() and word[i - 1].isupper() and word[i].islower():
            start = fold(word[i - 1 : i + 1]).lower()
            begins = start in _CLUSTERS or start[1] in "aeiouy" or start[0] in "aeiouy"
            return i - 1 if begins else i
    return None

"""Page and font rules: paper size, margins, typeface (NĐ 30/2020, Phụ lục I, mục I)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from vanban.kiem_tra.components import Components
from vanban.kiem_tra.docx import TWIPS_PER_MM, Docx, Paragraph
from vanban.kiem_tra.edits import Edit, PageProperty, SetPage, SetRun
from vanban.kiem_tra.rules.base import ND30, CannotEvaluate, Hit, NotApplicable, rule
from vanban.typeset.page import FONT, PAGE_HEIGHT_MM, PAGE_WIDTH_MM

# Page (Phụ lục I, phần I, mục I) -----------------------------------------------------------------

_SIZE_TOLERANCE_MM = 0.5  # paper sizes as word processors store them: A4 is 11906 or 11907 twips
_MARGIN_TOLERANCE_MM = 0.05  # a margin typed in centimetres, rounded to twips: 2 cm is 1134
MARGINS_MM: dict[PageProperty, tuple[float, float]] = {
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
            # A4 as it was laid: portrait stays portrait, landscape (a wide table) landscape
            wide = page.width > page.height
            width, height = (
                (PAGE_HEIGHT_MM, PAGE_WIDTH_MM) if wide else (PAGE_WIDTH_MM, PAGE_HEIGHT_MM)
            )
            yield Hit(
                None,
                f"phần {page.section + 1}: {_mm(page.width)} x {_mm(page.height)} mm",
                f"{_mm(PAGE_WIDTH_MM)} x {_mm(PAGE_HEIGHT_MM)} mm",
                edits=(
                    SetPage(page.section, "width", twips(width)),
                    SetPage(page.section, "height", twips(height)),
                ),
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
                # the nearest margin the decree allows: the least change to the layout
                nearest = min(max(value, low), high)
                yield Hit(
                    None,
                    f"phần {page.section + 1}: lề {_MARGIN_NAMES[side]} {_mm(value)} mm",
                    f"{_mm(low)}-{_mm(high)} mm",
                    edits=(SetPage(page.section, side, twips(nearest)),),
                )


def twips(mm: float) -> int:
    """``mm`` millimetres in twips (1/1440 inch), as w:pgSz and w:pgMar store lengths."""
    return round(mm * TWIPS_PER_MM)


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
        yield Hit(p, f"{font} ({count[font]} đoạn)", FONT, edits=tuple(_set_font(doc, font)))


def _set_font(doc: Docx, font: str) -> Iterator[Edit]:
    """Times New Roman on every run set in ``font`` (a run's own ``w:rFonts``, every script
    slot): the runs change, the styles do not, so every other part of the package stays as it
    was (a paragraph typed later takes the style's font again)."""
    for p in doc.paragraphs:
        start = 0
        for r in p.runs:
            end = start + len(r.text)
            if r.text.strip() and (r.font or "(không đặt)") == font:
                yield SetRun(p.index, start, end, "font", FONT)
            start = end


# Page numbers (mục I.7) -------------------------------------------------------------------------

ONE_PAGE_CHARS = 3000
"""About what one A4 page holds at 13-14 pt within the decree's margins (some 35 lines of 80
characters, less the header and the signature): a text longer surely runs over two pages."""


@rule(
    "trang.so_trang",
    "Số trang bằng chữ số Ả Rập, cỡ chữ 13-14, chữ đứng, canh giữa trong lề trên; không hiển "
    "thị số trang thứ nhất",
    f"{ND30}, mục I.7",
    "loi",
    "trang",
    "none",
    "số trang ở chân trang, hiện cả trang 1 → giữa lề trên, từ trang 2",
)
def _so_trang(doc: Docx, parts: Components) -> Iterator[Hit]:
    if not doc.pages:
        raise CannotEvaluate("tệp không ghi phần (w:sectPr) nào")
    if not any(page.page_numbers for page in doc.pages):
        length = sum(len(p.text) for p in doc.paragraphs)
        if length <= ONE_PAGE_CHARS:
            raise NotApplicable("văn bản ngắn, ước một trang: không cần số trang")
        yield Hit(
            None,
            f"không có số trang ({length} ký tự, hơn một trang)",
            "số trang giữa lề trên, từ trang 2",
            severity="canh_bao",
        )
        return
    seen: set[str] = set()

    def once(found: str, expected: str) -> Iterator[Hit]:
        if found not in seen:
            seen.add(found)
            yield Hit(None, found, expected)

    for page in doc.pages:
        where = f"phần {page.section + 1}"
        if page.number_format != "decimal":
            yield from once(f"{where}: số trang kiểu {page.number_format}", "chữ số Ả Rập")
        for number in page.page_numbers:
            if number.part == "footer":
                yield from once(f"{where}: số trang ở chân trang", "ở lề trên (đầu trang)")
                continue
            if number.alignment != "center":
                shown = number.alignment or "left"
                yield from once(f"{where}: số trang canh {shown}", "canh giữa")
            if number.size is not None and not 13 <= number.size <= 14:
                yield from once(f"{where}: số trang cỡ {number.size:g}", "cỡ 13-14")
            if number.italic:
                yield from once(f"{where}: số trang chữ nghiêng", "chữ đứng")
        if page.section == 0:
            first = [
                n
                for n in page.page_numbers
                if (n.which == "first" and page.title_page)
                or (n.which == "default" and not page.title_page)
            ]
            if first:
                yield from once("trang 1 có số trang", "không hiển thị số trang thứ nhất")

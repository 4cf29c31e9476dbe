"""Size, bold, italic, case and alignment of each component (NĐ 30/2020, Phụ lục I, mục II): one
data table, :data:`FORMATS`, the decree's words as values; one rule per property walks it.

A property the document leaves unsaid (a run with no size anywhere in its style hierarchy) is
not judged; a rule none of whose components states the property cannot be evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from vanban.kiem_tra.components import Components, Line, fold, is_rule_line, lines_of
from vanban.kiem_tra.docx import Docx, Paragraph, Run, nfc
from vanban.kiem_tra.edits import Edit, SetAlignment, SetRun
from vanban.kiem_tra.rules.base import (
    ND30,
    CannotEvaluate,
    Hit,
    NotApplicable,
    line_span,
    replace_text,
    rule,
)
from vanban.kiem_tra.rules.cuoi import AUTHORITY


@dataclass(frozen=True)
class Format:
    """What the decree says of one component's letters; None: it says nothing (or not here)."""

    name: str
    """The component in Vietnamese, as findings show it."""
    citation: str
    sizes: tuple[float, float] | None = None
    """Points, both ends included."""
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    alignment: str | None = None
    """``w:jc``: "center", "both" (justified)."""


FORMATS: dict[str, Format] = {
    "quoc_hieu": Format("Quốc hiệu", f"{ND30}, mục II.1.a", (12, 13), True, False, True, "center"),
    "tieu_ngu": Format("Tiêu ngữ", f"{ND30}, mục II.1.b", (13, 14), True, False, None, "center"),
    "co_quan": Format(
        "Tên cơ quan, tổ chức", f"{ND30}, mục II.2.b", (12, 13), None, False, True, "center"
    ),
    "co_quan_ban_hanh": Format("Tên cơ quan, tổ chức ban hành", f"{ND30}, mục II.2.b", bold=True),
    "so_ky_hieu": Format(
        "Số, ký hiệu", f"{ND30}, mục II.3.c", (13, 13), False, False, None, "center"
    ),
    "dia_danh_ngay": Format("Địa danh và thời gian", f"{ND30}, mục II.4.c", (13, 14)),
    "ten_loai": Format(
        "Tên loại văn bản", f"{ND30}, mục II.5.b", (13, 14), True, False, True, "center"
    ),
    "trich_yeu": Format(
        "Trích yếu nội dung", f"{ND30}, mục II.5.b", (13, 14), True, False, None, "center"
    ),
    "trich_yeu_cong_van": Format(
        "Trích yếu công văn (V/v)", f"{ND30}, mục II.5.b", (12, 13), False, False
    ),
    "noi_dung": Format("Nội dung", f"{ND30}, mục II.6.e", (13, 14)),
    "noi_dung_doan": Format("Đoạn nội dung", f"{ND30}, mục II.6.e", alignment="both"),
    "kinh_gui": Format("Kính gửi", f"{ND30}, mục II.9.d", (13, 14), False, False),
    "noi_nhan": Format("Tiêu đề Nơi nhận", f"{ND30}, mục II.9.d", (12, 12), True, True),
    "noi_nhan_muc": Format("Các nơi nhận", f"{ND30}, mục II.9.d", (11, 11), False, False),
    "quyen_han": Format(
        "Quyền hạn, chức vụ người ký", f"{ND30}, mục II.7.đ", (13, 14), True, False, True
    ),
    "ho_ten": Format("Họ tên người ký", f"{ND30}, mục II.7.c, II.7.đ", (13, 14), True, False),
}
"""The decree's formatting of each component (and nd30.md's table)."""

_LONG_PARAGRAPH = 25
"""A body paragraph of this many words surely runs over several lines, where justification
shows; a shorter one (a heading, a centred "QUYẾT ĐỊNH:") is not judged for alignment."""


def _places(doc: Docx, parts: Components) -> Iterator[tuple[str, Line]]:
    """Each component's lines, with the key of :data:`FORMATS` they follow."""
    single = (
        ("quoc_hieu", parts.quoc_hieu),
        ("tieu_ngu", parts.tieu_ngu),
        ("so_ky_hieu", parts.so_ky_hieu),
        ("dia_danh_ngay", parts.dia_danh_ngay),
        ("ten_loai", parts.ten_loai),
        ("trich_yeu", parts.trich_yeu),
        ("noi_nhan", parts.noi_nhan),
    )
    for key, line in single:
        if line is not None:
            yield key, line
    known = {x.text for _, x in single if x is not None}
    agency: list[Line] = []
    for index in parts.header:
        p = doc.paragraphs[index]
        if is_rule_line(p):
            continue
        for line in lines_of(p):
            if line.text in known:
                continue
            if fold(line.text).startswith("V/V"):
                yield "trich_yeu_cong_van", line
            elif not fold(line.text).startswith(("CONG HOA", "DOC LAP", "SO:", "SO ")):
                agency.append(line)  # the header's other lines: the agency's (ô 2)
    for line in agency:
        yield "co_quan", line
    if agency:
        yield "co_quan_ban_hanh", agency[-1]
    for line in parts.kinh_gui:
        yield "kinh_gui", line
    for index in parts.body:
        for line in lines_of(doc.paragraphs[index]):
            yield "noi_dung", line
    for line in parts.noi_nhan_muc:
        yield "noi_nhan_muc", line
    signature = [x for p in parts.chu_ky for x in lines_of(p)]
    authority = [x for x in signature if _capitals(x.text) or _authority(x)]
    for line in authority:
        yield "quyen_han", line
    names = [x for x in signature if x not in authority]
    if names and _looks_like_a_name(names[-1].text):
        yield "ho_ten", names[-1]


def _authority(line: Line) -> bool:
    """A line starting "TM.", "KT." … however typed ("Tm ỦY BAN …"): the authority, never the
    signer's name (its capitals and dot are ``chu_ky.quyen_han``'s)."""
    return AUTHORITY.match(nfc(line.text.strip())) is not None


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() for w in words)


def _runs(line: Line) -> list[tuple[Run, int, int]]:
    """The runs with visible text inside ``line``, with their span in the paragraph."""
    start, end = line_span(line)
    found = []
    at = 0
    for run in line.paragraph.runs:
        run_start, at = at, at + len(run.text)
        if run.text.strip() and run_start < end and at > start:
            found.append((run, run_start, at))
    return found


def _shown(line: Line) -> str:
    text = nfc(line.text.strip())
    return text if len(text) <= 40 else text[:39] + "…"


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _walk(
    doc: Docx,
    parts: Components,
    attribute: str,
    judge: Callable[[Format, Line], Iterator[Hit] | None],
) -> Iterator[Hit]:
    """Every place whose format states ``attribute``; CannotEvaluate when no place could be
    judged (each ``judge`` returns None when the document does not state the property)."""
    judged = False
    for key, line in _places(doc, parts):
        spec = FORMATS[key]
        if getattr(spec, attribute) is None:
            continue
        hits = judge(spec, line)
        if hits is None:
            continue
        judged = True
        yield from hits
    if not judged:
        raise CannotEvaluate("không thành phần nào ghi thuộc tính này, hoặc không tìm thấy")


@rule(
    "dinh_dang.co_chu",
    "Cỡ chữ của từng thành phần: Quốc hiệu, tên cơ quan 12-13; Tiêu ngữ, tên loại, trích yếu, "
    "nội dung, chữ ký 13-14; Số 13; “Nơi nhận:” 12; các nơi nhận 11",
    f"{ND30}, mục II.1-II.9",
    "loi",
    "van_ban",
    "safe",
    "Quốc hiệu cỡ 14 → cỡ 13",
)
def _co_chu(doc: Docx, parts: Components) -> Iterator[Hit]:
    def judge(spec: Format, line: Line) -> Iterator[Hit] | None:
        assert spec.sizes is not None
        low, high = spec.sizes
        runs = [(r, a, b) for r, a, b in _runs(line) if r.size is not None]
        if not runs:
            return None
        wrong = [(r, a, b) for r, a, b in runs if not low <= (r.size or 0) <= high]
        if not wrong:
            return iter(())
        found = sorted({r.size for r, _, _ in wrong if r.size is not None})
        target = low if (found[0] < low) else high
        edits: tuple[Edit, ...] = tuple(
            SetRun(line.index, a, b, "size", float(target)) for _, a, b in wrong
        )
        want = _points(low) if low == high else f"{_points(low)}-{_points(high)}"
        hit = Hit(
            line.paragraph,
            f"{spec.name} “{_shown(line)}”: cỡ {', '.join(_points(s) for s in found)}",
            f"cỡ {want}",
            edits=edits,
        )
        return iter((hit,))

    yield from _walk(doc, parts, "sizes", judge)


def _toggle(attribute: str, yes: str, no: str) -> Callable[[Format, Line], Iterator[Hit] | None]:
    def judge(spec: Format, line: Line) -> Iterator[Hit] | None:
        wanted = getattr(spec, attribute)
        runs = _runs(line)
        if not runs:
            return None
        wrong = [(r, a, b) for r, a, b in runs if getattr(r, attribute) != wanted]
        if not wrong:
            return iter(())
        edits = tuple(SetRun(line.index, a, b, attribute, wanted) for _, a, b in wrong)  # type: ignore[arg-type]
        hit = Hit(
            line.paragraph,
            f"{spec.name} “{_shown(line)}”: {no if wanted else yes}",
            yes if wanted else no,
            edits=edits,
        )
        return iter((hit,))

    return judge


@rule(
    "dinh_dang.dam",
    "Chữ đậm ở Quốc hiệu, Tiêu ngữ, tên cơ quan ban hành, tên loại, trích yếu, “Nơi nhận:”, "
    "quyền hạn, chức vụ và họ tên người ký; không đậm ở Số, Kính gửi, các nơi nhận",
    f"{ND30}, mục II.1-II.9",
    "loi",
    "van_ban",
    "safe",
    "KẾ HOẠCH (chữ thường) → KẾ HOẠCH (chữ đậm)",
)
def _dam(doc: Docx, parts: Components) -> Iterator[Hit]:
    yield from _walk(doc, parts, "bold", _toggle("bold", "chữ đậm", "chữ không đậm"))


@rule(
    "dinh_dang.nghieng",
    "Chữ đứng ở Quốc hiệu, Tiêu ngữ, tên cơ quan, Số, tên loại, trích yếu, Kính gửi, các nơi "
    "nhận, chữ ký; “Nơi nhận:” in nghiêng, đậm",
    f"{ND30}, mục II.1-II.9",
    "loi",
    "van_ban",
    "safe",
    "Nơi nhận: (chữ đứng) → Nơi nhận: (chữ nghiêng)",
)
def _nghieng(doc: Docx, parts: Components) -> Iterator[Hit]:
    yield from _walk(doc, parts, "italic", _toggle("italic", "chữ nghiêng", "chữ đứng"))


@rule(
    "dinh_dang.in_hoa",
    "Chữ in hoa ở Quốc hiệu, tên cơ quan, tên loại văn bản, quyền hạn và chức vụ người ký",
    f"{ND30}, mục II.1.a, II.2.b, II.5.b, II.7.đ",
    "loi",
    "van_ban",
    "guarded",
    "Kế hoạch → KẾ HOẠCH",
)
def _in_hoa(doc: Docx, parts: Components) -> Iterator[Hit]:
    found = False
    for key, line in _places(doc, parts):
        if FORMATS[key].caps is None:
            continue
        found = True
        text = line.text.strip()
        if text != text.upper() and not (key == "quyen_han" and _authority(line)):
            start, end = line_span(line)
            edits = replace_text(line.paragraph, start, end, text.upper())
            yield Hit(line.paragraph, nfc(text), nfc(text.upper()), edits=edits)
    if not found:
        raise NotApplicable("không có thành phần in hoa nào được tìm thấy")


@rule(
    "dinh_dang.can_le",
    "Canh giữa Quốc hiệu, Tiêu ngữ, tên cơ quan, tên loại và trích yếu; canh đều hai lề các "
    "đoạn nội dung",
    f"{ND30}, mục II.1, II.2.b, II.5.b, II.6.e",
    "loi",
    "van_ban",
    "safe",
    "KẾ HOẠCH (canh trái) → KẾ HOẠCH (canh giữa)",
)
def _can_le(doc: Docx, parts: Components) -> Iterator[Hit]:
    names = {"center": "canh giữa", "both": "canh đều hai lề"}
    seen: set[int] = set()
    found = False
    places = list(_places(doc, parts))
    for index in parts.body:
        p = doc.paragraphs[index]
        if len(p.text.split()) >= _LONG_PARAGRAPH and not _capitals(p.text):
            places.append(("noi_dung_doan", lines_of(p)[0]))
    for key, line in places:
        wanted = FORMATS[key].alignment
        if wanted is None or line.index in seen:
            continue
        if key == "noi_dung_doan" and line.paragraph.cell is not None:
            continue
        seen.add(line.index)
        found = True
        have = _alignment(line.paragraph)
        if have != wanted:
            yield Hit(
                line.paragraph,
                f"{FORMATS[key].name} “{_shown(line)}”: {_alignment_name(have)}",
                names[wanted],
                edits=(SetAlignment(line.index, wanted),),
            )
    if not found:
        raise NotApplicable("không có thành phần nào cần canh lề được tìm thấy")


def _alignment(p: Paragraph) -> str:
    value = p.alignment or "left"
    return {"start": "left", "end": "right", "justify": "both", "distribute": "both"}.get(
        value, value
    )


def _alignment_name(value: str) -> str:
    return {"left": "canh trái", "right": "canh phải", "center": "canh giữa"}.get(
        value, "canh đều hai lề" if value == "both" else value
    )


# The rules under the Tiêu ngữ, the agency's name and the trích yếu ----------------------------------


def _rule_under(doc: Docx, line: Line) -> str:
    """ "yes" when a rule is drawn under ``line``: a line of "_" next in its cell, a bottom
    border, the text underlined, a line shape anchored in it or in the next paragraph; "unknown"
    when a shape the checker does not read is there; "no" otherwise."""
    p = line.paragraph
    if p.border_below or (_runs(line) and all(r.underline for r, _, _ in _runs(line))):
        return "yes"
    following = doc.paragraphs[p.index + 1] if p.index + 1 < len(doc.paragraphs) else None
    if following is not None and following.cell != p.cell:
        following = None
    candidates = [p] if following is None else [p, following]
    if following is not None and is_rule_line(following):
        return "yes"
    if any(c.drawing == "line" for c in candidates):
        return "yes"
    if any(c.drawing == "other" for c in candidates):
        return "unknown"
    return "no"


@rule(
    "dinh_dang.duong_ke",
    "Đường kẻ ngang, nét liền dưới Tiêu ngữ, dưới tên cơ quan, tổ chức ban hành và dưới trích "
    "yếu nội dung",
    f"{ND30}, mục II.1.b, II.2.b, II.5.b",
    "loi",
    "van_ban",
    "none",
    "Độc lập - Tự do - Hạnh phúc (không có đường kẻ) → có đường kẻ ngang dưới",
)
def _duong_ke(doc: Docx, parts: Components) -> Iterator[Hit]:
    places: list[tuple[str, Line]] = []
    if parts.tieu_ngu is not None:
        places.append(("Tiêu ngữ", parts.tieu_ngu))
    agency = [x for key, x in _places(doc, parts) if key == "co_quan_ban_hanh"]
    places += [("Tên cơ quan, tổ chức ban hành", x) for x in agency]
    if parts.trich_yeu is not None:
        under = parts.trich_yeu
        if parts.kem_theo is not None and parts.kem_theo.index == under.index + 1:
            under = parts.kem_theo  # Mẫu 1.3, 2.1: the rule goes under "(Kèm theo …)"
        places.append(("Trích yếu nội dung", under))
    if not places:
        raise NotApplicable("không tìm thấy Tiêu ngữ, tên cơ quan hay trích yếu")
    header_lines = any(doc.paragraphs[i].drawing == "line" for i in parts.header)
    unread = []
    for name, line in places:
        found = _rule_under(doc, line)
        if found == "no" and name != "Trích yếu nội dung" and header_lines:
            found = "yes"  # a line shape floats in the header: where it lies is not read
        if found == "unknown":
            unread.append(name)
        elif found == "no":
            yield Hit(
                line.paragraph, f"{name} “{_shown(line)}”: không có đường kẻ", "đường kẻ ngang dưới"
            )
    if unread:
        raise CannotEvaluate(f"hình vẽ không đọc được dưới: {', '.join(unread)}")

"""Closing rules: Nơi nhận and the signature block (NĐ 30/2020, Phụ lục I, mục II.7, II.9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban.kiem_tra.components import Components, Line, fold
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.edits import Edit
from vanban.kiem_tra.rules.base import ND30, Hit, NotApplicable, replace_line, rule
from vanban.kiem_tra.rules.dau import kind_of_title
from vanban.loai import LoaiVanBan

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
        yield _mend(heading, heading.text.strip(), "Nơi nhận:")
    items = parts.noi_nhan_muc
    if not items:
        yield Hit(heading.paragraph, "không có nơi nhận nào", "- …;  - Lưu: VT, ….")
        return
    for line in items[:-1]:
        text = nfc(line.text.strip())
        expected = f"- {_item(text)};"
        if text != expected:
            yield _mend(line, text, expected)
    last = items[-1]
    text = nfc(last.text.strip())
    archive = re.match(r"^Lưu\s*:?\s*(.*)$", _item(text), re.IGNORECASE)
    if archive is None or not re.match(r"VT\b", archive[1]):
        rest = archive[1] if archive is not None else "…"
        expected = f"- Lưu: VT, {rest.removeprefix('VT').lstrip(', ') or '…'}."
        yield _mend(last, text, expected)
        return
    expected = f"- Lưu: {archive[1]}."
    if text != expected:
        yield _mend(last, text, expected)


def _mend(line: Line, found: str, expected: str) -> Hit:
    """The hit for a Nơi nhận line, with the edit that writes the expected line — none when
    the expected line has a gap ("…") a person fills."""
    edits: tuple[Edit, ...] = () if "…" in expected else replace_line(line, expected)
    return Hit(line.paragraph, found, expected, edits=edits)


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

AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\b\s*\.?\s*(.*)$", re.IGNORECASE)
"""A signature line starting with the signer's authority ("TM.", "KT." …, however typed): the
abbreviation and what follows."""


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
            match = AUTHORITY.match(text)
            if match is None or not match[2]:
                continue
            expected = f"{match[1].upper()}. {match[2].upper()}"
            if text != expected:
                yield Hit(p, text, expected, edits=replace_line(Line(p, line), expected))


# Kính gửi (mục II.9.d) ---------------------------------------------------------------------------


@rule(
    "kinh_gui.dau",
    "“Kính gửi:” có dấu hai chấm; một nơi nhận trên cùng dòng; nhiều nơi nhận mỗi nơi một "
    "dòng bắt đầu “- ”, kết thúc “;”, dòng cuối kết thúc “.”",
    f"{ND30}, mục II.9.d",
    "loi",
    "kinh_gui",
    "guarded",
    "Kính gửi - Phòng Nội vụ, - Phòng Tư pháp → Kính gửi: - Phòng Nội vụ; - Phòng Tư pháp.",
)
def _kinh_gui(doc: Docx, parts: Components) -> Iterator[Hit]:
    if not parts.kinh_gui:
        raise NotApplicable("không có Kính gửi")
    first, *items = parts.kinh_gui
    text = nfc(first.text.strip())
    rest = re.sub(r"^kính\s+gửi\s*:?\s*", "", text, flags=re.IGNORECASE)
    expected = f"Kính gửi: {rest}" if rest else "Kính gửi:"
    if items and rest:
        expected = f"Kính gửi: {_item(rest)};" if rest.startswith(_DASHES) else expected
    if text != expected:
        yield Hit(first.paragraph, text, expected, edits=replace_line(first, expected))
    for i, line in enumerate(items):
        written = nfc(line.text.strip())
        want = f"- {_item(written)}{'.' if i == len(items) - 1 else ';'}"
        if written != want:
            yield Hit(line.paragraph, written, want, edits=replace_line(line, want))


_DASHES = ("-", "\u2013", "\u2014", "\u2212", "+", "*", "\u2022")


# The signature beside Nơi nhận (Phụ lục I, mục IV; Phụ lục III) --------------------------------------


@rule(
    "chu_ky.bang",
    "Nơi nhận (ô 9b) và chữ ký (ô 7) trên cùng một hàng: bảng hai cột không viền, Nơi nhận "
    "bên trái, quyền hạn, chức vụ, họ tên người ký bên phải",
    f"{ND30}, mục IV; Phụ lục III (các mẫu)",
    "canh_bao",
    "chu_ky",
    "none",
    "Nơi nhận và chữ ký gõ thành các đoạn nối tiếp → bảng hai cột",
)
def _bang(doc: Docx, parts: Components) -> Iterator[Hit]:
    heading = parts.noi_nhan
    if heading is None:
        raise NotApplicable("không có Nơi nhận")
    if parts.chu_ky:
        return
    signature = _signature_outside(doc, parts)
    if signature is None:
        raise NotApplicable("không tìm thấy khối chữ ký")
    where = "chữ ký ngoài bảng của Nơi nhận"
    if heading.paragraph.cell is None:
        where = "Nơi nhận và chữ ký ngoài bảng"
    yield Hit(
        signature, f"{where}: {nfc(signature.text.strip())}", "bảng hai cột: Nơi nhận | chữ ký"
    )


_CLOSING = 16
"""How many paragraphs from the end a signature typed outside a table is looked for in."""


def _signature_outside(doc: Docx, parts: Components) -> Paragraph | None:
    """The first line of a signature typed as paragraphs near the end: an authority ("TM. ỦY BAN
    NHÂN DÂN") or a title in capitals ("CHỦ TỊCH") outside Nơi nhận."""
    closing = {parts.noi_nhan.index} if parts.noi_nhan is not None else set()
    closing |= {x.index for x in parts.noi_nhan_muc}
    for p in doc.paragraphs[-_CLOSING:]:
        text = nfc(p.text.strip())
        if not text or p.index in closing or p.index in parts.header:
            continue
        letters = [ch for ch in text if ch.isalpha()]
        capitals = len(letters) >= 4 and all(ch.isupper() for ch in letters)
        if AUTHORITY.match(text) or (capitals and len(text.split()) <= 8):
            if parts.ten_loai is not None and p.index == parts.ten_loai.index:
                continue
            return p
    return None

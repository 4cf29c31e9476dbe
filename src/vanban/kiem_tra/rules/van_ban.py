"""Typing rules over the whole text: doubled words, spaces, punctuation, line breaks, Unicode form,
tone-mark style, words run together."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

from vanban.kiem_tra.components import Components, fold
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.edits import ReplaceText
from vanban.kiem_tra.rules.base import ND30, TYPING, Hit, replace_text, rule
from vanban.loai import LoaiVanBan
from vanban.text.dau import chuan_dau

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
            one = ReplaceText(p.index, match.start(2), match.end(2), " ")
            yield Hit(p, found, f"{before} {after}", at=match.start(2), edits=(one,))


_DOUBLED_MARK = re.compile(r"[,;]\s*[,;]")


@rule(
    "van_ban.dau_cau_lap",
    "Dấu phẩy, dấu chấm phẩy gõ lặp (“phí, , kiểm tra”)",
    TYPING,
    "trinh_bay",
    "van_ban",
    "guarded",
    "phí, , kiểm tra → phí, kiểm tra",
)
def _dau_cau_lap(doc: Docx, parts: Components) -> Iterator[Hit]:
    # guarded: the first mark is kept ("phí, ; kiểm tra" → "phí, kiểm tra"); a person confirms
    for p in _text_paragraphs(doc):
        for match in _DOUBLED_MARK.finditer(p.text):
            first = match.group()[0]
            one = ReplaceText(p.index, match.start(), match.end(), first)
            yield Hit(p, match.group(), first, at=match.start(), edits=(one,))


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
            # the break and the spaces around it become one space, in the paragraph's own text
            start = end = at + len(p.text) - len(p.text.lstrip("\n"))
            while start > 0 and p.text[start - 1] == " ":
                start -= 1
            while end + 1 < len(p.text) and p.text[end + 1] == " ":
                end += 1
            one = ReplaceText(p.index, start, end + 1, " ")
            yield Hit(p, f"{before}↵{after}", f"{before} {after}", at=at, edits=(one,))


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
            # one finding per paragraph (its first such word); the edits compose every word
            words = [
                m for m in _WORD.finditer(p.text) if not unicodedata.is_normalized("NFC", m[0])
            ]
            if words:
                first = words[0]
                shown = first.group().encode("unicode_escape").decode("ascii")
                edits = tuple(ReplaceText(p.index, m.start(), m.end(), nfc(m[0])) for m in words)
                yield Hit(p, f"{first[0]} ({shown})", nfc(first[0]), at=first.start(), edits=edits)


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
    styles: dict[str, tuple[str, str]] = {}  # a document repeats its words: each placed once
    for p in _text_paragraphs(doc):
        text = nfc(p.text)
        for match in _WORD.finditer(text):
            word = match.group()
            if word.isascii():
                continue  # no tone mark: the same in both styles
            if word not in styles:
                styles[word] = (chuan_dau(word, "moi"), chuan_dau(word, "cu"))
            moi, cu = styles[word]
            if moi == cu:
                continue
            if word == moi:
                places["moi"].append((p, match))
            elif word == cu:
                places["cu"].append((p, match))
    if not places["moi"] or not places["cu"]:
        return
    # Mixed: the words placed the other way than the decree's samples ("Uỷ", "hoà") are reported
    # and mended to the decree's placement, as vanban writes (chuan_dau's default, "moi").
    for p, match in places["cu"]:
        word = match.group()
        expected = chuan_dau(word)
        edits = replace_text(p, match.start(), match.end(), expected)
        yield Hit(p, word, expected, at=match.start(), edits=edits)


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

"""Citations of other documents (viện dẫn) in the text: "Nghị định số 30/2020/NĐ-CP ngày
05/3/2020 của Chính phủ" (NĐ 30/2020, Phụ lục I, mục II.6.b: the kind, the number and code, the
date, the issuer). Found and read with :func:`vanban.text.tim_trich_dan`, whose kinds
(:data:`vanban.text.trich_dan.KINDS`) are the names checked here.

- the kind's name spelled right ("Nghị đinh số" is "Nghị định số");
- the code without spaces inside, and "/" between a year and the code ("108/2020/NĐ- CP",
  "117/2013-NĐ-CP");
- the date after the code in the short form with the zero rule of mục II.4.b ("ngày 05/3/2020")
  or in full ("ngày 05 tháng 3 năm 2020"). A comma between the code and "ngày" is common and
  not reported: the decree writes none but does not forbid one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban.kiem_tra.components import Components, fold
from vanban.kiem_tra.docx import Docx, Paragraph, nfc
from vanban.kiem_tra.rules.base import ND30, Hit, replace_text, rule
from vanban.text.dates import ngay_ngan, parse_ngay
from vanban.text.dau import chuan_dau
from vanban.text.trich_dan import KINDS, tim_trich_dan

CITATION = f"{ND30}, mục II.6.b"
_KIND_BY_FOLD = {fold(k): k for k in KINDS}
_LONGEST = max(len(k.split()) for k in KINDS)
_SO = re.compile(r"\bsố\s+(?=\d)")
_CODE = re.compile(r"\d+(?:(?:\s*[/-]\s*)[0-9A-ZĐ][0-9A-ZĐa-zđ&]*)+")
_YEAR_DASH = re.compile(r"^(\d+)/(\d{4})-([A-ZĐ].*)$")
_DATE_AFTER = re.compile(
    r"\s*,?\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)


def _paragraphs(doc: Docx) -> Iterator[tuple[Paragraph, str]]:
    for p in doc.paragraphs:
        if p.text.strip():
            yield p, nfc(p.text)


def _kinds_before(text: str, at: int) -> tuple[int, str] | None:
    """The kind's name as written just before ``at`` ("Nghị đinh " before "số"): where it starts
    and its text, when its words, marks aside, are those of a kind of citation."""
    words = list(re.finditer(r"\S+", text[:at]))
    for n in range(min(_LONGEST, len(words)), 0, -1):
        chosen = words[-n:]
        written = text[chosen[0].start() : chosen[-1].end()]
        if fold(written) in _KIND_BY_FOLD:
            return chosen[0].start(), written
    return None


@rule(
    "trich_dan.ten_loai",
    "Tên loại văn bản được viện dẫn viết đúng chính tả (“Nghị định số …”)",
    CITATION,
    "canh_bao",
    "van_ban",
    "suggest",
    "Nghị đinh số 43/2011/NĐ-CP → Nghị định số 43/2011/NĐ-CP",
)
def _ten_loai(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for match in _SO.finditer(text):
            found = _kinds_before(text, match.start())
            if found is None:
                continue
            start, written = found
            kind = _KIND_BY_FOLD[fold(written)]
            same = chuan_dau(written) == kind or chuan_dau(written[0].upper() + written[1:]) == kind
            if not same:
                edits = replace_text(p, start, start + len(written), kind)
                yield Hit(p, f"{written} số", f"{kind} số", at=start, edits=edits)


def _citations(text: str) -> Iterator[tuple[int, int, str]]:
    """Each cited code as written after "<kind> số ": start, end and the code."""
    for match in _SO.finditer(text):
        if _kinds_before(text, match.start()) is None:
            continue
        code = _CODE.match(text, match.end())
        if code is not None:
            yield code.start(), code.end(), code.group()


@rule(
    "trich_dan.ky_hieu",
    "Số, ký hiệu văn bản được viện dẫn viết liền, không có khoảng trắng; năm ban hành và ký "
    "hiệu cách nhau bằng “/” (“108/2020/NĐ-CP”)",
    f"{CITATION}; mục II.3",
    "loi",
    "van_ban",
    "guarded",
    "Nghị định số 108/2020/NĐ- CP → Nghị định số 108/2020/NĐ-CP",
)
def _ky_hieu(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for start, end, code in _citations(text):
            kind = _kinds_before(text, text.rindex("số", 0, start))
            read = tim_trich_dan(f"{kind[1] if kind else 'Văn bản'} số {code}")
            expected = read[0].so_ky_hieu if read else re.sub(r"\s+", "", code)
            year_dash = _YEAR_DASH.match(expected)
            if year_dash is not None:
                expected = f"{year_dash[1]}/{year_dash[2]}/{year_dash[3]}"
            if expected != code:
                yield Hit(p, code, expected, at=start, edits=replace_text(p, start, end, expected))


@rule(
    "trich_dan.ngay",
    "Ngày ban hành của văn bản được viện dẫn viết “ngày 05/3/2020” (ngày dưới 10, tháng 1, 2 có "
    "số 0 đứng trước) hoặc “ngày 05 tháng 3 năm 2020”",
    f"{CITATION}; mục II.4.b",
    "trinh_bay",
    "van_ban",
    "safe",
    "Nghị định số 16/2015/NĐ-CP ngày 14/2/2015 → Nghị định số 16/2015/NĐ-CP ngày 14/02/2015",
)
def _ngay(doc: Docx, parts: Components) -> Iterator[Hit]:
    for p, text in _paragraphs(doc):
        for _, end, _ in _citations(text):
            after = _DATE_AFTER.match(text, end)
            if after is None or "/" not in after["date"]:
                continue
            written = after["date"]
            try:
                expected = ngay_ngan(parse_ngay(written))
            except ValueError:
                continue  # not a real date: the citation is read, not judged, here
            if expected != written:
                at = after.start("date")
                edits = replace_text(p, at, after.end("date"), expected)
                yield Hit(p, f"ngày {written}", f"ngày {expected}", at=at, edits=edits)

"""Citations of other documents (viện dẫn), written from data and found in running text.

NĐ 30/2020, Phụ lục I, mục II.6.b: the first citation of a document gives its kind, number and code,
date, issuer and summary ("Kế hoạch số 154/KH-UBND ngày 28/12/2021 của Ủy ban nhân dân huyện Gia Lộc
về cải cách hành chính nhà nước năm 2022"); later ones the kind and the number and code only. Laws and
ordinances are cited by kind and name, without a number. Codes come in three shapes:

- administrative documents: ``154/KH-UBND`` (NĐ 30/2020, Phụ lục I, mục II.3);
- legal normative documents, with the year: ``108/2020/NĐ-CP`` (Luật Ban hành văn bản quy phạm pháp
  luật 2015, Điều 8; not governed by NĐ 30/2020);
- Party documents, number before the kind: ``19-NQ/TW`` (Hướng dẫn 36-HD/VPTW).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vanban.text.dates import ngay_ngan, ngay_thang, parse_ngay

# Kinds a citation may name, longest first so that "Thông tư liên tịch" wins over "Thông tư".
KINDS = (
    "Nghị quyết liên tịch", "Thông tư liên tịch", "Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh",
    "Lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư", "Quy chế", "Quy định",
    "Thông cáo", "Thông báo", "Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án",
    "Dự án", "Báo cáo", "Biên bản", "Tờ trình", "Hợp đồng", "Công văn", "Công điện", "Kết luận",
    "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu",
)  # fmt: skip

_KIND = "|".join(re.escape(k) for k in sorted(KINDS, key=len, reverse=True))
_CODE = r"\d+(?:\s*[/-]\s*[0-9A-ZĐa-zđ&]+)+"
_DATE = r"(?P<d>\d{1,2})(?:/(?P<m>\d{1,2})/(?P<y>\d{4})|\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
_NEXT = rf"(?:(?:và|hoặc|cùng)\s+)?(?:{_KIND})\s+số\s"
"""The start of another citation ("và Kế hoạch số ..."): an issuer's name ends before it."""
_STOP = (
    r"(?=\s+(?:về|quy định|hướng dẫn|ban hành|phê duyệt|sửa đổi|thực hiện|triển khai)\b"
    rf"|\s+{_NEXT}|[;,.:()\n]|$)"
)
_PATTERN = re.compile(
    rf"(?P<loai>{_KIND})\s+số\s+(?P<code>{_CODE})"
    rf"(?:,?\s+ngày\s+{_DATE})?"
    rf"(?:,?\s+của\s+(?P<issuer>[^;,.:()\n]+?){_STOP})?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TrichDan:
    """A cited document: kind, number and code as written ("108/2020/NĐ-CP"), date, issuer.

    ``str(x)`` writes the first-citation form of NĐ 30/2020, Phụ lục I, mục II.6.b without the
    summary: "Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ"; :meth:`viet` has options.
    """

    loai: str
    so_ky_hieu: str
    ngay: date | None = None
    co_quan: str | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d+[/-]\S+", self.so_ky_hieu):
            raise ValueError(
                f"so_ky_hieu: {self.so_ky_hieu!r} is not a number and code such as 154/KH-UBND"
            )

    @property
    def so(self) -> int:
        """The number: 108 in "108/2020/NĐ-CP"."""
        return int(re.split(r"[/-]", self.so_ky_hieu, maxsplit=1)[0])

    @property
    def nam(self) -> int | None:
        """The year a legal normative document's code carries: 2020 in "108/2020/NĐ-CP"."""
        match = re.fullmatch(r"\d+/(\d{4})/.+", self.so_ky_hieu)
        return int(match.group(1)) if match else None

    @property
    def ky_hieu(self) -> str:
        """The code without number and year: "NĐ-CP", "KH-UBND", "NQ/TW"."""
        return re.sub(r"^\d+[/-](?:\d{4}/)?", "", self.so_ky_hieu)

    def viet(self, *, ngay_dai: bool = False, lan_dau: bool = True) -> str:
        """The citation as text. ``ngay_dai`` writes the date in full ("ngày 14 tháng 9 năm 2020");
        ``lan_dau=False`` gives the short form of later citations: "Nghị định số 108/2020/NĐ-CP"."""
        text = f"{self.loai} số {self.so_ky_hieu}"
        if not lan_dau:
            return text
        if self.ngay is not None:
            text += " " + (
                ngay_thang(self.ngay) if ngay_dai else ngay_ngan(self.ngay, chu_ngay=True)
            )
        if self.co_quan:
            text += f" của {self.co_quan}"
        return text

    def __str__(self) -> str:
        return self.viet()


def _kind(written: str) -> str:
    for kind in KINDS:
        if kind.casefold() == written.casefold():
            return kind
    return written


def _issuer(written: str | None) -> str | None:
    """The issuer's name: up to a "và" that goes on in lower case ("Chính phủ và hướng dẫn của
    tỉnh"), not one inside a name ("Bộ Thông tin và Truyền thông")."""
    if written is None:
        return None
    words = written.split()
    for i, word in enumerate(words):
        if word == "và" and (i + 1 == len(words) or words[i + 1][:1].islower()):
            words = words[:i]
            break
    return " ".join(words) or None


def tim_trich_dan(text: str) -> list[TrichDan]:
    """Every citation "<kind> số <code> [ngày <date>] [của <issuer>]" in running text, in order.

    Spaces typed around "/" and "-" in a code are removed ("108/2020/NĐ- CP"); an impossible date
    raises ValueError naming the citation.
    """
    found = []
    for match in _PATTERN.finditer(" ".join(text.split())):
        day = match.group("d")
        when = None
        if day is not None:
            month = match.group("m") or match.group("m2")
            year = match.group("y") or match.group("y2")
            try:
                when = parse_ngay(f"{day}/{month}/{year}")
            except ValueError as error:
                raise ValueError(f"{match.group()!r}: {error}") from None
        issuer = _issuer(match.group("issuer"))
        found.append(
            TrichDan(
                loai=_kind(match.group("loai")),
                so_ky_hieu=re.sub(r"\s+", "", match.group("code")),
                ngay=when,
                co_quan=issuer,
            )
        )
    return found

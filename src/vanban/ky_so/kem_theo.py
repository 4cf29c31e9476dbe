"""The body's signatures shown without an image: on a text attached in a file of its own (Mẫu
1.3 electronic, a Phụ lục in its own file, Mẫu 2.2) and on an electronic copy (Mẫu 3.2).

NĐ 30/2020, Phụ lục I, mục II.8.b and III.1.d: a text attached in a separate file is signed by
the body (the văn thư); its signature shows no image ("Hình ảnh chữ ký số của cơ quan, tổ chức:
Không hiển thị"); at the top right of page 1 stands "Số và ký hiệu văn bản; thời gian ký (ngày
tháng năm; giờ phút giây; múi giờ Việt Nam theo tiêu chuẩn ISO 8601)", Times New Roman, lower
case, upright, 10 pt, black. The "(Kèm theo …)" line is left blank in the electronic version
("đối với văn bản điện tử, không phải điền thông tin tại các vị trí này", mục III.1.c; Mẫu 2.2,
note 3). Phần II, mục I.3: an electronic copy carries the copying body's signature, no image,
and at the top right of page 1 "the form; the copying body; the signing time"
(:func:`vanban.hop_ban_sao_dien_tu`).

The box is page content, so it is written first (:func:`vanban.ky_so.hop.stamp`), then the body
signs in an invisible signature field, claiming as its signing time the very second the box
shows for a copy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from vanban.ban_sao_dien_tu import check_stampable
from vanban.errors import SigningError
from vanban.ky_so.hop import stamp
from vanban.ky_so.ky import SEAL_FIELD, Key, fields_of, no_timestamp, pdf_reader, timestamper_of
from vanban.ky_so.vi_tri import blanks, chunks, lines, reader_of, row_parts
from vanban.models.mau_3_1 import MUI_GIO_VIET_NAM, HinhThucSao, hop_ban_sao_dien_tu

ATTACHMENT_FIELD = "vb_dau"
"""The body's signature on an attached text: the seal's field name, as on the main document
(the same signer, ô 8), here invisible."""

COPY_FIELD = "vb_ban_sao"
"""The copying body's signature on an electronic copy (ô 14), invisible."""


def hop_kem_theo(so_ky_hieu: str, thoi_gian_ky: datetime) -> str:
    """The box of an attached text: "Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00" (NĐ 30/2020,
    Phụ lục I, mục II.8.b: "Số và ký hiệu văn bản; thời gian ký (ngày tháng năm; giờ phút giây;
    múi giờ Việt Nam theo tiêu chuẩn ISO 8601)"; Phụ lục III, Mẫu 2.2: "Số: …; ngày/tháng/năm;
    giờ: phút: giây"). The time is written in Vietnam's zone; a time without a zone is refused.

    >>> from datetime import timezone
    >>> hop_kem_theo("12/QĐ-UBND", datetime(2022, 1, 29, 2, 15, 2, tzinfo=timezone.utc))
    'Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00'
    """
    if thoi_gian_ky.tzinfo is None or thoi_gian_ky.utcoffset() is None:
        raise SigningError(
            f"thoi_gian_ky: {thoi_gian_ky.isoformat()} has no time zone; the box writes the "
            "signing time in Vietnam's (+07:00, ISO 8601)"
        )
    if not so_ky_hieu.strip():
        raise SigningError("so_ky_hieu: empty; the box names the main document's number")
    local = thoi_gian_ky.astimezone(MUI_GIO_VIET_NAM)
    return f"Số: {so_ky_hieu.strip()}; {local:%d/%m/%Y}; {local:%H:%M:%S} +07:00"


@dataclass(frozen=True)
class BanHanh:
    """What an issued main document says of its issue: its số ký hiệu ("12/QĐ-UBND") and the
    time the body signed it (ô 8)."""

    so_ky_hieu: str
    thoi_gian_ky: datetime


_NUMBER = re.compile(r"Số:\s*(\d+/\S+)")


def ban_hanh(pdf: bytes) -> BanHanh:
    """The số ký hiệu and the body's signing time of a main document vanban issued
    (:func:`vanban.ky_so.ky.issue`): the number filled into its blank with the ký hiệu printed
    after it, or the "Số: …" line of a PDF rendered with its number; the time of its seal's
    signature. A PDF not issued is a :class:`SigningError`."""
    present = fields_of(pdf_reader(pdf))
    seal = present.get(SEAL_FIELD)
    if seal is None or seal.get("/V") is None:
        raise SigningError(
            f"the main document is not issued: no signature in its field {SEAL_FIELD!r}; issue "
            "it first (vanban issue), then its attached texts"
        )
    embedded = [s for s in pdf_reader(pdf).embedded_signatures if s.field_name == SEAL_FIELD]
    when = embedded[0].self_reported_timestamp if embedded else None
    if when is None:
        raise SigningError("the main document's seal signature names no signing time")
    filled = present.get("vb_so")
    number = None
    if filled is not None and filled.get("/V"):
        after = next((b.after for b in blanks(pdf) if b.kind == "so"), "")
        number = f"{filled['/V']}{(after.split() or [''])[0]}"
    else:
        reader = reader_of(pdf)
        parts = [part for line in lines(chunks(reader, 0)) for part in row_parts(line)]
        for part in parts:  # a line's parts: "Số: …" and the date line share a baseline
            found = _NUMBER.search(part.text.replace("\u00a0", " "))
            if found:
                number = found.group(1)
                break
    if number is None:
        raise SigningError("the main document's page 1 has no 'Số: …' line to take the number of")
    return BanHanh(number, when)


def issue_attachment(
    pdf: bytes,
    key: Key,
    *,
    of: bytes | BanHanh,
    tsa: str | TimeStamper | None = None,
    thoi_gian_ky: datetime | None = None,
) -> bytes:
    """An attached text in a file of its own, issued (Mẫu 1.3 electronic, Mẫu 2.2): the box
    :func:`hop_kem_theo` at the top right of page 1 with the main document's số ký hiệu and its
    issue time (``of``: the issued main PDF, or its :class:`BanHanh`), then the body's
    signature with no image (NĐ 30/2020, Phụ lục I, mục II.8.b, III.1.d). The "(Kèm theo …)"
    blanks stay blank. ``thoi_gian_ky``: the signing time the signature claims (now by
    default)."""
    main = ban_hanh(of) if isinstance(of, bytes) else of
    check_stampable(pdf, SigningError)
    stamped = stamp(pdf, hop_kem_theo(main.so_ky_hieu, main.thoi_gian_ky))
    return _sign_invisible(stamped, key, ATTACHMENT_FIELD, _second(thoi_gian_ky), tsa)


def sign_copy(
    pdf: bytes,
    key: Key,
    *,
    hinh_thuc: HinhThucSao | str,
    co_quan: str,
    tsa: str | TimeStamper | None = None,
    thoi_gian_ky: datetime | None = None,
) -> bytes:
    """An electronic copy (Mẫu 3.2): the box "SAO Y; <co_quan>; <time>"
    (:func:`vanban.hop_ban_sao_dien_tu`) at the top right of page 1, then the copying body's
    signature with no image, claiming as its signing time the second the box shows
    (``thoi_gian_ky``, now by default) (NĐ 30/2020, Phụ lục I, phần II, mục I.3)."""
    at = _second(thoi_gian_ky)
    text = hop_ban_sao_dien_tu(hinh_thuc, co_quan, at)
    check_stampable(pdf, SigningError)
    return _sign_invisible(stamp(pdf, text), key, COPY_FIELD, at, tsa)


def _second(when: datetime | None) -> datetime:
    """``when`` (now by default) to the second, in Vietnam's zone: the box shows seconds."""
    if when is None:
        when = datetime.now(MUI_GIO_VIET_NAM)
    if when.tzinfo is None or when.utcoffset() is None:
        raise SigningError(f"thoi_gian_ky: {when.isoformat()} has no time zone")
    return when.astimezone(MUI_GIO_VIET_NAM).replace(microsecond=0)


class _AtTime(signers.PdfSigner):
    """pyHanko's signer claiming a given signing time (the one the box shows)."""

    def __init__(self, *args: Any, at: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at = at

    def init_signing_session(
        self, pdf_out: Any, existing_fields_only: bool = False
    ) -> signers.pdf_signer.PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._at
        return session


def _sign_invisible(
    pdf: bytes, key: Key, field: str, at: datetime, tsa: str | TimeStamper | None
) -> bytes:
    """A PAdES signature (B-B; B-T with ``tsa``) in a new invisible field ``field``."""
    if field in fields_of(pdf_reader(pdf)):
        raise SigningError(f"the PDF has a field {field!r} already: it is signed")
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    signer = _AtTime(meta, signer=key.signer, timestamper=timestamper_of(tsa), at=at)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _invisible_field(writer, field)
    try:
        out: Any = signer.sign_pdf(writer, existing_fields_only=True, output=io.BytesIO())
    except TimestampRequestError as error:
        raise no_timestamp(tsa, error) from None
    data: bytes = out.getvalue()
    return data


def _invisible_field(writer: IncrementalPdfFileWriter, field: str) -> None:
    """An invisible signature field on page 1 (a widget with an empty rectangle), with an empty
    appearance: PDF/A-2 wants an appearance dictionary on every widget (ISO 19005-2, 6.3.3),
    which pyHanko gives a visible field only."""
    fields.append_signature_field(writer, fields.SigFieldSpec(field, box=None))
    form = writer.root["/AcroForm"]
    for ref in form["/Fields"]:
        widget = ref.get_object()
        if str(widget.get("/T")) == field:
            empty = generic.StreamObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/XObject"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                    generic.NameObject("/BBox"): generic.ArrayObject([generic.FloatObject(0)] * 4),
                    generic.NameObject("/Resources"): generic.DictionaryObject(),
                },
                stream_data=b"",
            )
            widget[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): writer.add_object(empty)}
            )
            writer.update_container(widget)


def read_pdf(path: str | Path) -> bytes:
    """A PDF's bytes; a missing file is a :class:`SigningError` naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SigningError(f"{path}: {error.strerror or error}") from None

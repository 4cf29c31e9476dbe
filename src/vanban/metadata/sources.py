"""Where a metadata record comes from: a document (the model), the .docx vanban rendered from
it, or its PDF.

A model knows every field its document decides (the number, the date, the signer, the
recipients…) but not how many pages it prints on: ``PageAmount`` is the page count of the
rendered PDF (counted with pypdf), never guessed. A .docx or a PDF carries only what vanban wrote
into its document properties (:func:`vanban.render.document_properties`: the trích yếu as its
title, the body as its author, the số ký hiệu as its subject, the kind as its keywords, the date
of issue as its creation time); the rest is unknown there (:meth:`Metadata.unknown`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.errors import PackageError, ValidationError, VanBanError
from vanban.loai import LoaiVanBan
from vanban.metadata.fields import Metadata, with_official_names
from vanban.models.noi_nhan import recipient_key
from vanban.models.so_ky_hieu import SoKyHieu, format_so
from vanban.models.thanh_phan import DoKhan

if TYPE_CHECKING:
    from vanban.models.van_ban import VanBan

LANGUAGE = "vi"
"""Ngôn ngữ (STT 9): Vietnamese, as ISO 639-1 writes it; NĐ 30/2020 prescribes administrative
documents in Vietnamese (Phụ lục I, mục I.4: Unicode Vietnamese letters, TCVN 6909:2001)."""

PRIORITY: dict[DoKhan | None, int] = {
    None: 0,
    DoKhan.KHAN: 1,
    DoKhan.THUONG_KHAN: 2,
    DoKhan.HOA_TOC: 3,
}
"""Mức độ khẩn, độ mật (STT 14, Number of one digit) as vanban codes it.

Phụ lục VI gives the field, its type and its length, and no list of codes. vanban codes the
degrees of urgency in the decree's own order of rising urgency (Phụ lục I, mục III.2.b: khẩn,
thượng khẩn, hỏa tốc), 0 for a document without the mark. A degree of secrecy gets no code from vanban: one digit cannot hold both
marks, and a văn bản mật is registered under the law on state secrets (NĐ 30/2020, Điều 16.3),
so the caller passes the code its own system gives (``priority=``)."""


class MetadataError(VanBanError, ValueError):
    """A metadata record that cannot be made as asked: a draft without its number and date, a
    secret document without a priority code, a PDF of another document, a file with no record."""


def from_document(
    document: VanBan,
    *,
    page_amount: int | None = None,
    pdf: str | os.PathLike[str] | None = None,
    organ_id: str | None = None,
    file_catalog: int | None = None,
    file_notation: str | None = None,
    doc_ordinal: int | None = None,
    description: str | None = None,
    due_date: date | None = None,
    priority: int | None = None,
    to_organ_ids: Mapping[str, str] | None = None,
    language: str = LANGUAGE,
    partial: bool = False,
) -> Metadata:
    """The metadata record of ``document`` (NĐ 30/2020, Phụ lục VI, phần II, mục I).

    From the document: TypeName (its kind), CodeNumber ("05") and CodeNotation ("KH-UBND"),
    IssuedDate, OrganName, Subject (the trích yếu), SignerInfo (chức vụ, họ tên), To (Kính gửi,
    then Nơi nhận, without "Như trên" and the archive line), Priority (:data:`PRIORITY`) and
    IssuedAmount (``so_ban_phat_hanh``). The rest is the system's, given here: ``page_amount``
    or ``pdf`` (the rendered PDF, whose pages are counted), the file (``organ_id``,
    ``file_catalog``, ``file_notation``, ``doc_ordinal``), ``description``, ``due_date`` (hạn trả
    lời), ``to_organ_ids`` (a recipient's name -> its mã định danh) and ``priority`` for a secret
    document.

    A draft has no number and date yet (Điều 15.3: the system gives them at issue): it is a
    :class:`MetadataError` unless ``partial=True`` asks for the record without them. A value
    longer than its field allows is a :class:`vanban.ValidationError` naming the field.
    """
    if document.so is None and not partial:
        raise MetadataError(
            f"{document.ten_so_ky_hieu}: a draft has no CodeNumber and IssuedDate yet — the "
            "number and the date are given when it is issued (NĐ 30/2020, Điều 15.3); issue it "
            "first, or ask for a partial record (partial=True, vanban metadata --partial)"
        )
    if page_amount is not None and pdf is not None:
        raise MetadataError("give page_amount or pdf, not both: the PDF's pages are the count")
    if pdf is not None:
        page_amount = _pdf_pages_of(document, Path(pdf))
    code = document.so_ky_hieu
    data: dict[str, Any] = {
        "file_code": _file_code(organ_id, file_catalog, file_notation),
        "doc_ordinal": doc_ordinal,
        "type_name": document.loai.ten,
        "code_number": None if code is None else format_so(code.so),
        "code_notation": document.ky_hieu,
        "issued_date": document.ngay,
        "organ_name": document.co_quan.ten,
        "subject": document.trich_yeu,
        "language": language,
        "page_amount": page_amount,
        "description": description,
        "signer_info": {"position": _position(document), "full_name": document.chu_ky.ho_ten},
        "to": _recipients(document, to_organ_ids or {}),
        "priority": _priority(document, priority),
        "issued_amount": document.so_ban_phat_hanh,
        "due_date": due_date,
    }
    try:
        return Metadata(**data)
    except ValidationError as error:
        raise with_official_names(error, f"{document.ten_so_ky_hieu} (Metadata)") from None


def _file_code(
    organ_id: str | None, file_catalog: int | None, file_notation: str | None
) -> dict[str, Any] | None:
    if organ_id is None and file_catalog is None and file_notation is None:
        return None
    return {"organ_id": organ_id, "file_catalog": file_catalog, "file_notation": file_notation}


def _recipients(document: VanBan, ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """Kính gửi first, then Nơi nhận, each once; "Như trên" stands for Kính gửi and the archive
    line is no recipient (NĐ 30/2020, Phụ lục I, mục II.9)."""
    names: list[str] = list(getattr(document, "kinh_gui", []))
    seen = {recipient_key(name) for name in names}
    for item in document.noi_nhan:
        key = recipient_key(item.ten)
        if key not in seen and key != recipient_key("Như trên"):
            names.append(item.ten)
            seen.add(key)
    by_key = {recipient_key(name): value for name, value in ids.items()}
    stray = [name for name in ids if recipient_key(name) not in seen]
    if stray:
        raise MetadataError(
            f"to_organ_ids names {', '.join(map(repr, stray))}, not a recipient of "
            f"{document.ten_so_ky_hieu} (its recipients: {', '.join(map(repr, names))})"
        )
    return [{"organ_id": by_key.get(recipient_key(name)), "organ_name": name} for name in names]


def _priority(document: VanBan, given: int | None) -> int:
    coded = PRIORITY[document.do_khan]
    if document.do_mat is not None:
        if given is None:
            raise MetadataError(
                f"{document.ten_so_ky_hieu}: do_mat {document.do_mat.value!r} — Phụ lục VI gives "
                "Priority (STT 14, one digit) no code for a degree of secrecy, and vanban guesses "
                "none: pass priority= with the code your system gives (a văn bản mật is "
                "registered under the law on state secrets, NĐ 30/2020, Điều 16.3)"
            )
        return given
    if given is not None and given != coded:
        mark = "no urgency mark" if document.do_khan is None else f"do_khan {document.do_khan}"
        raise MetadataError(
            f"priority={given}, but {document.ten_so_ky_hieu} has {mark}, coded {coded} "
            "(vanban.metadata.PRIORITY)"
        )
    return coded


def _pdf_pages_of(document: VanBan, pdf: Path) -> int:
    """The page count of ``pdf``, after checking it is this document's (by the số ký hiệu vanban
    writes into the PDF's Subject, when it carries one)."""
    found = read_pdf(pdf)
    if found.subject is not None and found.subject != document.ten_so_ky_hieu:
        raise MetadataError(
            f"{pdf}: the PDF is of {found.subject}, not of {document.ten_so_ky_hieu}; count the "
            "pages of this document's own PDF"
        )
    return found.pages


# --- reading back the files vanban wrote -------------------------------------------------------


@dataclass(frozen=True)
class _Properties:
    """What a file's document properties say: title, author, subject, keywords, created."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    created: datetime | None = None
    pages: int = 0


def read_pdf(path: Path) -> _Properties:
    """A PDF's page count and document information (vanban copies the .docx's properties into
    the PDF it converts: :func:`vanban.pdf._copy_properties`)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path), strict=True)  # a damaged PDF is refused, not mended
        info: Any = reader.metadata or {}
        pages = len(reader.pages)
        values = {key: info.get(f"/{key.capitalize()}") for key in _PROPERTY_KEYS}
    except (PyPdfError, ValueError, KeyError) as error:
        reason = " ".join(str(error).split())  # one line, whatever bytes the file began with
        raise MetadataError(f"{path}: not a readable PDF ({reason})") from None
    # The PDF's CreationDate is when LibreOffice converted it, not the date of issue: not read.
    texts: dict[str, Any] = {k: None if v is None else str(v) for k, v in values.items()}
    return _Properties(**texts, pages=pages)


_PROPERTY_KEYS = ("title", "author", "subject", "keywords")


def read_docx(path: Path) -> _Properties:
    """A .docx's core properties, read as an untrusted package (:mod:`vanban.render.package`)."""
    from vanban.render.package import check_docx

    try:
        package = check_docx(path, name=str(path))
        if "docProps/core.xml" not in package:
            return _Properties()
        root = package.xml("docProps/core.xml")
    except PackageError as error:
        raise MetadataError(f"{error} (not a readable .docx)") from None
    ns = {
        "dc": "http://purl.org/dc/elements/1.1/",
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dcterms": "http://purl.org/dc/terms/",
    }
    tags = {"title": "dc:title", "author": "dc:creator", "subject": "dc:subject",
            "keywords": "cp:keywords", "created": "dcterms:created"}  # fmt: skip
    values: dict[str, Any] = {}
    for key, tag in tags.items():
        element = root.find(tag, ns)
        values[key] = element.text.strip() if element is not None and element.text else None
    created = None
    if values.pop("created") is not None:
        text = root.findtext("dcterms:created", namespaces=ns) or ""
        try:
            created = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            created = None
    return _Properties(**values, created=created)


def _from_properties(found: _Properties, *, issued: bool) -> dict[str, Any]:
    """The fields vanban's document properties carry, when they are vanban's: the keywords name
    a kind of NĐ 30/2020 (Điều 7) and the subject is a số ký hiệu of that kind, or a draft's
    "du-thao-<ký hiệu>". Properties of any other shape say nothing certain: no field is read."""
    loai = next((k for k in LoaiVanBan if k.ten == found.keywords), None)
    if loai is None or found.subject is None:
        return {}
    number: str | None = None
    if found.subject.startswith("du-thao-"):
        notation = found.subject.removeprefix("du-thao-")
        try:
            draft = SoKyHieu.parse(f"01/{notation}", strict=True)
        except VanBanError:
            return {}
        if draft.loai is not loai:
            return {}
    else:
        try:
            code = SoKyHieu.parse(found.subject, strict=True)
        except VanBanError:
            return {}
        if code.loai is not loai:
            return {}
        number, notation = format_so(code.so), code.ky_hieu
    # vanban writes a numbered document's date of issue as its creation time, at midnight
    day = None
    if issued and number is not None and found.created is not None:
        day = found.created.date()
    return {
        "type_name": loai.ten,
        "code_number": number,
        "code_notation": notation,
        "issued_date": day,
        "organ_name": found.author,
        "subject": found.title,
    }


def _record(where: Path, data: dict[str, Any]) -> Metadata:
    try:
        return Metadata(**data)
    except ValidationError as error:
        raise with_official_names(error, f"{where} (Metadata)") from None


def from_docx(path: str | os.PathLike[str]) -> Metadata:
    """What a .docx vanban rendered says of its document: TypeName, CodeNumber, CodeNotation,
    IssuedDate, OrganName and Subject from its core properties; everything else is unknown
    (:meth:`Metadata.unknown`), PageAmount too (a .docx has no pages until it is laid out: count
    them in its PDF). A .docx whose properties are not vanban's gives an empty record."""
    where = Path(path)
    return _record(where, _from_properties(read_docx(where), issued=True))


def from_pdf(
    path: str | os.PathLike[str], document: VanBan | None = None, **given: Any
) -> Metadata:
    """The metadata of a PDF: with ``document`` (its model), the document's whole record with
    the PDF's page count (:func:`from_document` with ``pdf=path`` and the other ``given``
    fields); without, the PDF's page count and what vanban wrote into its document information
    (TypeName, CodeNumber, CodeNotation, OrganName, Subject). The PDF's creation date is the
    time of conversion, not the date of issue: IssuedDate stays unknown."""
    if document is not None:
        return from_document(document, pdf=path, **given)
    if given:
        raise MetadataError(
            f"{', '.join(sorted(given))}: only with the document's model (from_pdf(path, document))"
        )
    where = Path(path)
    found = read_pdf(where)
    return _record(where, {**_from_properties(found, issued=False), "page_amount": found.pages})


def _position(document: VanBan) -> str:
    """The signer's position (field 12.1): the title the signer holds, "Phó Chủ tịch" for one
    signing "KT. CHỦ TỊCH", and "Quyền Giám đốc" for an acting head, whom the signature block
    shows as "Q. GIÁM ĐỐC" (NĐ 30/2020, Phụ lục I, mục II.7.b: "Q." is "quyền")."""
    chu_ky = document.chu_ky
    return f"Quyền {chu_ky.chuc_vu}" if chu_ky.quyen_han == "Q" else chu_ky.chuc_vu

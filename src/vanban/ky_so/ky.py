"""Signing a rendered PDF as NĐ 30/2020, Phụ lục I lays the signatures out: the signer's (ô 7c),
then, at issue, the number and date in their blanks and the body's seal (ô 8).

The order is the office's (Điều 15–16): the leader signs the draft, the văn thư gives it its
number and date and signs with the body's key. Every later step is an incremental update the
first signature allows: the signer's signature certifies the document with DocMDP permission 2
(fill in forms and sign), so the PDF carries, before it is signed, empty form fields at the
number and date blanks and an empty signature field for the seal (:func:`prepare`); issuing
fills them (:func:`issue`). Drawing new page content after the first signature would be a change
validators reject (docs/ky-so.md).

PAdES baseline B-B by default; B-T when a time-stamping authority is given; B-LT and B-LTA
when asked, with the validation data (:mod:`vanban.ky_so.validation`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import StaticStampStyle

from vanban.errors import SigningError
from vanban.ky_so.font import Font
from vanban.ky_so.pdfa import align_producer
from vanban.ky_so.validation import Level, at_level, explain
from vanban.ky_so.vi_tri import (
    Blank,
    Column,
    Rect,
    SignaturePlace,
    blanks,
    choose,
    signature_places,
)
from vanban.models.so_ky_hieu import format_so
from vanban.text.dates import ngay_thang
from vanban.typeset.page import mm_to_pt

if TYPE_CHECKING:
    from PIL import Image

SIGNER_FIELD = "vb_chu_ky"
"""The signer's signature field (ô 7c); of a document signed in columns (a Biên bản), the first
column's, the others ``vb_chu_ky_2``, ``vb_chu_ky_3`` … in reading order (:func:`signer_field`)."""


def signer_field(index: int) -> str:
    """The signature field of the signature column ``index`` (0 first, reading order).

    >>> signer_field(0), signer_field(1)
    ('vb_chu_ky', 'vb_chu_ky_2')
    """
    return SIGNER_FIELD if index == 0 else f"{SIGNER_FIELD}_{index + 1}"


CHU_TOA = "CHỦ TỌA"
"""The column the seal covers in a document signed in columns: the chair signs as "người có
thẩm quyền", with the body's seal if it has one (NĐ 30/2020, Phụ lục III, Mẫu 1.9: "Chữ ký của
người có thẩm quyền, dấu/chữ ký số của cơ quan, tổ chức (nếu có)")."""

SEAL_FIELD = "vb_dau"
"""The body's signature field, the seal (ô 8)."""

SEAL_BOX_MM = 50.0
"""The side of the seal's field. The seal is drawn at its real diameter inside it, its right edge
on the field's: any seal up to this diameter fits (a field's size is fixed before the first
signature, the seal's diameter is the văn thư's)."""

_TEXT_PREFIX = "vb_"


@dataclass(frozen=True)
class Key:
    """A signing key with its certificate chain: of a PKCS#12 file, as officials export them
    (:meth:`pkcs12`), on a PKCS#11 token (:func:`vanban.ky_so.khoa.pkcs11_key`), or at a remote
    signing service (:func:`vanban.ky_so.tu_xa.remote_key`)."""

    signer: signers.Signer

    @classmethod
    def pkcs12(cls, path: str | Path, password: str | bytes | None = None) -> Key:
        """The key of a PKCS#12 file (.p12, .pfx); a wrong password or a damaged file is a
        :class:`SigningError` naming the file."""
        data = Path(path).read_bytes()
        secret = password.encode() if isinstance(password, str) else password
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=secret)
        except (ValueError, TypeError) as error:
            raise SigningError(f"{path}: not a PKCS#12 key this password opens ({error})") from None
        if signer is None:
            raise SigningError(f"{path}: not a PKCS#12 key this password opens")
        return cls(signer)


def _image(png: str | Path | bytes) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    source = io.BytesIO(png) if isinstance(png, bytes) else Path(png)
    try:
        image = Image.open(source)
        image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise SigningError(f"{png if not isinstance(png, bytes) else 'image'}: {error}") from None
    if image.format != "PNG":
        raise SigningError(
            f"{png if not isinstance(png, bytes) else 'image'}: a {image.format} image; the "
            "signature and the seal are PNG images with a transparent background (NĐ 30/2020, "
            "Phụ lục I, mục II.7.d, II.8.a)"
        )
    return image


def _fit(room: Rect, image: Image.Image) -> Rect:
    """The largest rectangle of the image's proportions centred in ``room``."""
    ratio = image.width / image.height
    width = min(room.width, room.height * ratio)
    height = width / ratio
    cx, cy = (room.x0 + room.x1) / 2, (room.y0 + room.y1) / 2
    return Rect(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _seal_box(signature: Rect) -> Rect:
    """The seal's field: its right edge a third into the signature image, centred on the image's
    height, so that a seal drawn right-aligned in it covers the left third of the signature
    (NĐ 30/2020, Phụ lục I, mục II.8.a: "trùm lên khoảng 1/3 hình ảnh chữ ký số của người có
    thẩm quyền về bên trái")."""
    side = mm_to_pt(SEAL_BOX_MM)
    right = signature.x0 + signature.width / 3
    cy = (signature.y0 + signature.y1) / 2
    return Rect(right - side, cy - side / 2, right, cy + side / 2)


def pdf_reader(pdf: bytes) -> PdfFileReader:
    """pyHanko's reader of ``pdf``; a file that is not a PDF is a :class:`SigningError`."""
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError) as error:
        raise SigningError(f"not a readable PDF: {error}") from None


def fields_of(
    reader: PdfFileReader | IncrementalPdfFileWriter,
) -> dict[str, generic.DictionaryObject]:
    """The form fields of a PDF by their names (``/T``): the blanks, the signature fields."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return {}
    found: dict[str, generic.DictionaryObject] = {}
    for ref in form.get_object().get("/Fields", []):
        field = ref.get_object()
        found[str(field.get("/T", ""))] = field
    return found


def prepare(
    pdf: bytes,
    *,
    hinh_chu_ky: str | Path | bytes | None = None,
    cot: Column | None = None,
    cot_dau: Column | None = None,
) -> bytes:
    """The PDF ready to be signed and issued: empty text fields at the blanks of the number and
    date (``vb_so``, ``vb_ngay``, ``vb_thang``, ``vb_nam``; ``_2``, ``_3`` … for the same blank
    again, as in Mẫu 1.3's "(Kèm theo Quyết định số …)"; a Biên bản has the number's only), an
    empty signature field for each signer between the title lines and the name (``vb_chu_ky``,
    and ``vb_chu_ky_2`` … for a Biên bản's further columns: :func:`signer_field`), and one for
    the seal over the left third of the signature of column ``cot_dau`` (``vb_dau``), which
    locks every field once signed. An incremental update; nothing on the pages changes.

    ``hinh_chu_ky`` gives the field of column ``cot`` the image's proportions; the other fields
    are their whole room, the image drawn in it as large as it fits. ``cot`` and ``cot_dau``
    choose a column as :func:`vanban.ky_so.vi_tri.choose` does; the seal's column is by default
    the only one, or the column titled "CHỦ TỌA" (:data:`CHU_TOA`)."""
    places = signature_places(pdf)
    found = blanks(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if SIGNER_FIELD in fields_of(writer.prev):
        raise SigningError(f"the PDF is prepared already: it has the field {SIGNER_FIELD!r}")
    sized = None if hinh_chu_ky is None else choose(places, cot)
    sealed = choose(places, cot_dau if cot_dau is not None or len(places) == 1 else CHU_TOA)
    seal_under: Rect | None = None
    for index, place in enumerate(places):
        signature = place.rect
        if index == sized and hinh_chu_ky is not None:
            signature = _fit(place.rect, _image(hinh_chu_ky))
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(signer_field(index), on_page=place.page, box=signature.box()),
        )
        if index == sealed:
            seal_under = signature
    assert seal_under is not None
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            SEAL_FIELD,
            on_page=places[sealed].page,
            box=_seal_box(seal_under).box(),
            field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
        ),
    )
    counts: dict[str, int] = {}
    for blank in found:
        counts[blank.kind] = counts.get(blank.kind, 0) + 1
        name = (
            _TEXT_PREFIX
            + blank.kind
            + ("" if counts[blank.kind] == 1 else f"_{counts[blank.kind]}")
        )
        _add_text_field(writer, name, blank)
    align_producer(writer)  # PDF/A: the information dictionary says what the XMP says
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _font(italic: bool) -> generic.DictionaryObject:
    return generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject(
                "/Times-Italic" if italic else "/Times-Roman"
            ),
            generic.NameObject("/Encoding"): generic.NameObject("/WinAnsiEncoding"),
        }
    )


def _appearance(
    writer: IncrementalPdfFileWriter,
    rect: list[float],
    text: str,
    size: float,
    right: bool,
    font: Font | None = None,
) -> generic.IndirectObject:
    """A form XObject drawing ``text`` (digits) in ``font`` (Times New Roman, embedded:
    :mod:`vanban.ky_so.font`) at ``size`` on the blank's baseline, right-aligned (the number,
    against its "/") or centred; empty when there is no text."""
    width = rect[2] - rect[0]
    height = rect[3] - rect[1]
    content = b"/Tx BMC EMC"
    resources = generic.DictionaryObject()
    if text and font is not None:
        line = font.line(text)
        used = line.width * size / font.size
        scale = 1.0
        if used > width - 1:  # a year in a blank made for two digits: smaller, never cut
            scale, used = (width - 1) / used, width - 1
        x = width - used - 1 if right else (width - used) / 2
        baseline = height * 0.25 / 1.2  # the blank's box runs 0.25 size below the baseline
        content = (
            f"/Tx BMC q BT /F1 {size * scale:g} Tf 0 g {x:.2f} {baseline:.2f} Td ".encode()
            + line.operators
            + b" ET Q EMC"
        )
        resources[generic.NameObject("/Font")] = generic.DictionaryObject(
            {generic.NameObject("/F1"): font.resource}
        )
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [
                    generic.FloatObject(0),
                    generic.FloatObject(0),
                    generic.FloatObject(width),
                    generic.FloatObject(height),
                ]
            ),
            generic.NameObject("/Resources"): resources,
        },
        stream_data=content,
    )
    return writer.add_object(stream)


def _add_text_field(writer: IncrementalPdfFileWriter, name: str, blank: Blank) -> None:
    page_ref, _resources = writer.find_page_for_modification(blank.page)
    rect = [blank.rect.x0, blank.rect.y0, blank.rect.x1, blank.rect.y1]
    font = "/TiIt" if blank.italic else "/TiRo"
    field = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject(name),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(round(v, 2)) for v in rect]
            ),
            generic.NameObject("/F"): generic.NumberObject(4),  # print
            generic.NameObject("/Ff"): generic.NumberObject(1),  # read-only for the reader
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/DA"): generic.TextStringObject(f"{font} {blank.size:g} Tf 0 g"),
            generic.NameObject("/Q"): generic.NumberObject(2 if blank.kind == "so" else 1),
        }
    )
    rounded = [round(v, 2) for v in rect]
    field[generic.NameObject("/AP")] = generic.DictionaryObject(
        {generic.NameObject("/N"): _appearance(writer, rounded, "", blank.size, False)}
    )
    field_ref = writer.add_object(field)
    writer.register_annotation(page_ref, field_ref)
    form = writer.root["/AcroForm"]
    form_fields = form["/Fields"]
    form_fields.append(field_ref)
    writer.update_container(form_fields)
    resources = form.get("/DR")
    if resources is None:
        resources = generic.DictionaryObject()
        form[generic.NameObject("/DR")] = resources
        writer.update_container(form)
    fonts = resources.setdefault(generic.NameObject("/Font"), generic.DictionaryObject())
    fonts.setdefault(generic.NameObject("/TiRo"), _font(False))
    fonts.setdefault(generic.NameObject("/TiIt"), _font(True))
    writer.update_container(resources)


def timestamper_of(tsa: str | TimeStamper | None) -> TimeStamper | None:
    """The time-stamping authority ``tsa`` names (a URL or a pyHanko TimeStamper), or None."""
    if tsa is None or isinstance(tsa, TimeStamper):
        return tsa
    return HTTPTimeStamper(tsa)


def _image_style(image: Image.Image | None, size: float | None = None) -> StaticStampStyle:
    if image is None:
        return StaticStampStyle(border_width=0)
    if size is None:  # the signature: as large as its field allows, centred
        rule = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        )
        return StaticStampStyle(border_width=0, background=PdfImage(image), background_layout=rule)
    rule = layout.SimpleBoxLayoutRule(  # the seal: its real size, right edge on the field's
        x_align=layout.AxisAlignment.ALIGN_MAX,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins.uniform(0),
        inner_content_scaling=layout.InnerScaling.NO_SCALING,
    )
    box = layout.BoxConstraints(width=size, height=size * image.height / image.width)
    return StaticStampStyle(
        border_width=0, background=PdfImage(image, box=box), background_layout=rule
    )


def sign(
    pdf: bytes,
    key: Key,
    *,
    hinh_chu_ky: str | Path | bytes | None = None,
    cot: Column | None = None,
    tsa: str | TimeStamper | None = None,
    ly_do: str | None = None,
    level: Level | None = None,
    trust: Sequence[str | Path] = (),
    crls: Sequence[str | Path | bytes] = (),
    fetch: bool = False,
) -> bytes:
    """A signer's signature (ô 7c): a PAdES signature (B-B; B-T with ``tsa``, a time-stamping
    authority's URL or a pyHanko ``TimeStamper``; ``level="B-LT"`` or ``"B-LTA"`` with ``tsa``
    embeds the validation data of the chain up to a root of ``trust``, the revocation data from
    the CRLs ``crls`` or, with ``fetch``, from the CAs' servers: :mod:`vanban.ky_so.validation`).
    Its appearance is the PNG ``hinh_chu_ky``
    centred between the title lines and the name (NĐ 30/2020, Phụ lục I, mục II.7.d). A PDF not
    yet :func:`prepare`-d is prepared in the same step.

    A document signed in columns (a Biên bản: THƯ KÝ, CHỦ TỌA, further signers) is signed once
    per column, ``cot`` naming it (its index in reading order, 0 first, or its title:
    :func:`vanban.ky_so.vi_tri.choose`); a document with one signer needs no ``cot``. The first
    signature, whichever column, certifies the document permitting form filling and signing
    only (DocMDP 2); each later one signs its own empty field, a change the first allows, so
    that every earlier signature stays valid and issuing may follow."""
    image = None if hinh_chu_ky is None else _image(hinh_chu_ky)
    places = signature_places(pdf)
    index = choose(places, cot)
    name = signer_field(index)
    present = fields_of(pdf_reader(pdf))
    if SIGNER_FIELD not in present:
        pdf = prepare(pdf, hinh_chu_ky=hinh_chu_ky, cot=index)
        present = fields_of(pdf_reader(pdf))
    if name not in present:
        raise SigningError(f"no field {name!r} for {_shown(places[index])}: prepared otherwise")
    seal = present.get(SEAL_FIELD)
    if seal is not None and seal.get("/V") is not None:
        raise SigningError(
            "the PDF is issued already: the seal's signature locks every field, no signature "
            "may follow it"
        )
    if present[name].get("/V") is not None:
        raise SigningError(
            f"the PDF is signed already in {_shown(places[index])}: its field {name!r} has a "
            "signature"
        )
    first = not any(
        field.get("/V") is not None
        for field_name, field in present.items()
        if field_name.startswith(SIGNER_FIELD)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=first,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        reason=ly_do,
    )
    meta = at_level(meta, level, tsa=tsa, trust=trust, crls=crls, fetch=fetch)
    return _sign(pdf, key, meta, _image_style(image), tsa, fill=None)


def _shown(place: SignaturePlace) -> str:
    return f"the column {place.title!r} ({place.name.text.strip()})"


def blank_values(so: int, ngay: date) -> dict[str, str]:
    """What goes into each blank: the number as the decree writes it (two digits below 10,
    NĐ 30/2020, Phụ lục I, mục II.3.a; :func:`vanban.models.so_ky_hieu.format_so`), and the day,
    month and year as the date line prints them (mục II.4.b; :func:`vanban.text.dates.ngay_thang`:
    the day below 10 and the months 1 and 2 with a leading zero).

    >>> blank_values(5, date(2022, 2, 3))
    {'so': '05', 'ngay': '03', 'thang': '02', 'nam': '2022'}
    """
    if so < 1:
        raise SigningError(f"so: {so} — numbers start at 01 (NĐ 30/2020, Điều 15.1)")
    _, day, _, month, _, year = ngay_thang(ngay).split()
    return {"so": format_so(so), "ngay": day, "thang": month, "nam": year}


def issue(
    pdf: bytes,
    key: Key,
    *,
    so: int | None = None,
    ngay: date | None = None,
    hinh_dau: str | Path | bytes | None = None,
    duong_kinh_mm: float | None = None,
    tsa: str | TimeStamper | None = None,
    level: Level | None = None,
    trust: Sequence[str | Path] = (),
    crls: Sequence[str | Path | bytes] = (),
    fetch: bool = False,
) -> bytes:
    """Issuing (the văn thư's step): the number and date written into their blanks, and the
    body's signature (ô 8) whose appearance is the seal ``hinh_dau`` at its real diameter
    ``duong_kinh_mm``, covering the left third of the signer's signature (NĐ 30/2020, Phụ lục I,
    mục II.8.a); in a document signed in columns, over the column the seal's field was
    prepared at (the chair's, "CHỦ TỌA"). One incremental update, form filling and signing
    only: every signer's signature stays valid. What each blank gets: :func:`blank_values`.

    The PDF's blanks decide what is given (:func:`issuable`): a draft's number and date need
    ``so`` and ``ngay``; a Biên bản's draft (Mẫu 1.9 prints no date line) needs ``so`` only, and
    a ``ngay`` given for it is refused rather than dropped (its date is the register's); a PDF
    rendered with its number and date takes neither. Nothing given is dropped, nothing needed is
    left blank. Every signature column must be signed first: the seal locks every field.
    ``tsa``, ``level``, ``trust``, ``crls``, ``fetch``: the PAdES level, as for :func:`sign`."""
    style = seal_style(hinh_dau, duong_kinh_mm)
    values = _values(issuable(pdf), so, ngay)
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    meta = at_level(meta, level, tsa=tsa, trust=trust, crls=crls, fetch=fetch)
    return _sign(pdf, key, meta, style, tsa, fill=values)


def seal_style(
    hinh_dau: str | Path | bytes | None, duong_kinh_mm: float | None
) -> StaticStampStyle:
    """The appearance of the body's signature: the seal ``hinh_dau`` (a PNG) at its real
    diameter, right-aligned in its field (NĐ 30/2020, Phụ lục I, mục II.8.a), or none. A seal
    without its diameter, a diameter larger than the field, or an image that is not a PNG is a
    :class:`SigningError`: checked before anything is issued."""
    if hinh_dau is not None and duong_kinh_mm is None:
        raise SigningError("duong_kinh_mm: the seal is placed at its real size; give its diameter")
    if duong_kinh_mm is not None and not 0 < duong_kinh_mm <= SEAL_BOX_MM:
        raise SigningError(
            f"duong_kinh_mm: {duong_kinh_mm} — the seal's field holds a seal up to "
            f"{SEAL_BOX_MM:g} mm across"
        )
    if hinh_dau is None or duong_kinh_mm is None:
        return _image_style(None)
    return _image_style(_image(hinh_dau), mm_to_pt(duong_kinh_mm))


def issuable(pdf: bytes) -> frozenset[str]:
    """Whether ``pdf`` can be issued now, and what its blanks take: ``{"so", "ngay"}`` for a
    draft with the number and the date line, ``{"so"}`` for one whose layout has no date line
    (a Biên bản, Mẫu 1.9), nothing for a PDF rendered with its number and date. A PDF not
    prepared, not signed in every signature field, or issued already is a
    :class:`SigningError`."""
    present = fields_of(pdf_reader(pdf))
    if SEAL_FIELD not in present or SIGNER_FIELD not in present:
        raise SigningError(
            f"no field {SEAL_FIELD!r}: issue a PDF prepared and signed by vanban (prepare, sign)"
        )
    if present[SEAL_FIELD].get("/V") is not None:
        raise SigningError("the PDF is issued already: the seal's field has a signature")
    signers_ = [name for name in present if name.startswith(SIGNER_FIELD)]
    unsigned = [name for name in signers_ if present[name].get("/V") is None]  # reading order
    if unsigned and len(signers_) == 1:
        raise SigningError(
            "the signer has not signed yet: the body signs after the signer (Điều 15–16)"
        )
    if unsigned:
        raise SigningError(
            f"{', '.join(map(repr, unsigned))}: not every signer has signed yet; the body signs "
            "after the signers, and its seal locks every field (Điều 15–16)"
        )
    return frozenset(
        "so" if kind == "so" else "ngay"
        for kind in (
            name[len(_TEXT_PREFIX) :].split("_")[0]
            for name, field in present.items()
            if name.startswith(_TEXT_PREFIX) and field.get("/FT") == "/Tx"
        )
    )


def _values(needs: frozenset[str], so: int | None, ngay: date | None) -> dict[str, str]:
    """What each blank gets, checked against what the PDF's blanks take: nothing given is
    dropped, nothing needed is left blank."""
    if not needs and (so is not None or ngay is not None):
        raise SigningError(
            "so, ngay: the PDF has no blanks for a number and date (it was rendered with them); "
            "issue it without so and ngay, or render the draft without them"
        )
    if needs == {"so", "ngay"} and (so is None or ngay is None):
        raise SigningError(
            "so, ngay: the PDF is a draft with blanks for its number and date; issuing gives "
            "both (NĐ 30/2020, Điều 15.3)"
        )
    if "so" in needs and so is None:
        raise SigningError(
            "so: the PDF is a draft with a blank for its number (its layout has no date line); "
            "issuing gives it (NĐ 30/2020, Điều 15.3)"
        )
    if "ngay" not in needs and ngay is not None:
        raise SigningError(
            f"ngay: {ngay.isoformat()} — the PDF has no date line to fill (a Biên bản, Mẫu 1.9, "
            "prints none: its date is the register's); issue it with so only"
        )
    if so is None:
        return {}
    if so < 1:
        raise SigningError(f"so: {so} — numbers start at 01 (NĐ 30/2020, Điều 15.1)")
    if ngay is None:
        return {"so": format_so(so)}
    return blank_values(so, ngay)


def _fill(writer: IncrementalPdfFileWriter, values: dict[str, str]) -> None:
    """The blanks' fields filled with ``values``, in Times New Roman embedded as a subset (the
    size and style of the text around each blank; a PDF/A-2b file embeds every font it draws
    with, ISO 19005-2, 6.2.11.4.1)."""
    fonts: dict[bool, Font] = {}
    for name, field in fields_of(writer).items():
        if not name.startswith(_TEXT_PREFIX) or field.get("/FT") != "/Tx":
            continue
        kind = name[len(_TEXT_PREFIX) :].split("_")[0]
        if kind not in values:
            continue
        text = values[kind]
        rect = [float(v) for v in field["/Rect"]]
        size, italic = _style(str(field.get("/DA", "")))
        if italic not in fonts:
            fonts[italic] = Font(writer, size, italic=italic)
        field[generic.NameObject("/V")] = generic.TextStringObject(text)
        field[generic.NameObject("/AP")] = generic.DictionaryObject(
            {
                generic.NameObject("/N"): _appearance(
                    writer, rect, text, size, kind == "so", fonts[italic]
                )
            }
        )
        writer.update_container(field)


def _style(da: str) -> tuple[float, bool]:
    parts = da.split()
    try:
        size = float(parts[parts.index("Tf") - 1])
    except (ValueError, IndexError):
        size = 13.0
    return size, "/TiIt" in parts


def _sign(
    pdf: bytes,
    key: Key,
    meta: signers.PdfSignatureMetadata,
    style: StaticStampStyle,
    tsa: str | TimeStamper | None,
    fill: dict[str, str] | None,
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if fill is not None:
        _fill(writer, fill)
    pdf_signer = signers.PdfSigner(
        meta, signer=key.signer, timestamper=timestamper_of(tsa), stamp_style=style
    )
    try:
        out: Any = pdf_signer.sign_pdf(writer, existing_fields_only=True, output=io.BytesIO())
    except PyHankoSigningError as error:
        if not meta.embed_validation_info:
            raise
        level = "B-LTA" if meta.use_pades_lta else "B-LT"
        raise SigningError(explain(error, level)) from None
    except TimestampRequestError as error:
        raise no_timestamp(tsa, error) from None
    data: bytes = out.getvalue()
    return data


def no_timestamp(tsa: str | TimeStamper | None, error: TimestampRequestError) -> SigningError:
    """The error when the time-stamping authority gave no timestamp, naming it (pyHanko's
    message does not)."""
    return SigningError(
        f"tsa: {tsa if isinstance(tsa, str) else type(tsa).__name__}: no timestamp "
        f"({error}); PAdES B-T needs the time-stamping authority's answer, or sign without "
        "tsa for B-B"
    )

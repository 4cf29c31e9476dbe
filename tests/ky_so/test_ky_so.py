"""vanban.ky_so on vanban's own rendered PDFs (LibreOffice): the signature's place between the
title lines and the name, the draft's blanks, signing (PAdES B-B, B-T with pyHanko's in-process
time-stamper), issuing under the first signature's DocMDP permissions, and verification with
pyHanko's difference analysis. Keys come from the tests' own CA chain (conftest.py)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from hypothesis import given
from hypothesis import strategies as st
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

import vanban as vb
from vanban.errors import SigningError
from vanban.ky_so.ky import SEAL_FIELD, SIGNER_FIELD, Key, blank_values, issue, prepare, sign
from vanban.ky_so.verify import verify
from vanban.ky_so.vi_tri import blanks, signature_place
from vanban.pdf import PdfConverter
from vanban.typeset import page as layout
from vanban.typeset.page import mm_to_pt

from ..conftest import EXAMPLES
from .conftest import BODY, CONG_VAN, PASSWORD, QUYET_DINH, SIGNER_NAME, Chain
from .images import seal_png, signature_png


def test_import_vanban_does_not_import_pyhanko() -> None:
    code = "import sys, vanban, vanban.cli; print(sorted(m for m in sys.modules if 'hanko' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("name", "titles", "signer"),
    [
        (QUYET_DINH, ["CHỦ TỊCH"], "Đoàn Thanh Bình"),
        (CONG_VAN, ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"], "Họ và tên"),
    ],
)
def test_signature_place_between_titles_and_name(
    drafts: dict[str, bytes], name: str, titles: list[str], signer: str
) -> None:
    place = signature_place(drafts[name])
    assert place.page == 0
    assert [line.text.strip() for line in place.titles] == titles
    assert place.name.text.strip() == signer
    last = place.titles[-1]
    # Below the last title line's descenders, above the name's tone marks (Phụ lục I, II.7.d).
    assert place.rect.y1 < last.y - 0.2 * last.size
    assert place.rect.y0 > place.name.y + 0.9 * place.name.size
    assert place.rect.height > 40  # the four empty lines of the template: room for an image
    # Within the signature column: right of the Nơi nhận column, inside the right margin.
    column_left = mm_to_pt(layout.MARGIN_LEFT_MM + layout.SIGN_LEFT_MM)
    column_right = mm_to_pt(layout.PAGE_WIDTH_MM - layout.MARGIN_RIGHT_MM)
    assert column_left < place.rect.x0 < place.rect.x1 < column_right
    centre = (place.rect.x0 + place.rect.x1) / 2
    assert centre == pytest.approx((place.name.x0 + place.name.x1) / 2)


def test_blanks_of_a_quyet_dinh_draft(drafts: dict[str, bytes]) -> None:
    found = blanks(drafts[QUYET_DINH])
    # Page 1: Số and the date line; page 2, Mẫu 1.3's "(Kèm theo Quyết định số … ngày …)".
    assert [(b.kind, b.page) for b in found] == [
        ("so", 0), ("ngay", 0), ("thang", 0), ("nam", 0),
        ("so", 1), ("ngay", 1), ("thang", 1), ("nam", 1),
    ]  # fmt: skip
    so, ngay = found[0], found[1]
    assert (so.size, so.italic) == (13.0, False)  # Số: 13 pt, upright (Phụ lục I, II.3)
    assert (ngay.size, ngay.italic) == (13.0, True)  # the date line: italic (II.4)
    assert so.rect.x1 - so.rect.x0 > 15  # the no-break spaces of the draft, measured


def test_cong_van_has_its_blanks(drafts: dict[str, bytes]) -> None:
    assert [b.kind for b in blanks(drafts[CONG_VAN])] == ["so", "ngay", "thang", "nam"]


def test_a_numbered_document_has_no_blanks(converter: PdfConverter, tmp_path: Path) -> None:
    docx = vb.render(vb.load(EXAMPLES / f"{CONG_VAN}.yaml")).save(tmp_path / "cv.docx")
    assert blanks(converter.convert(docx).read_bytes()) == []


def _keys(chain: Chain) -> tuple[Key, Key]:
    return Key.pkcs12(chain.signer.p12, PASSWORD), Key.pkcs12(chain.body.p12, PASSWORD)


def test_prepare_adds_empty_fields_at_the_blanks(drafts: dict[str, bytes]) -> None:
    pdf = drafts[QUYET_DINH]
    prepared = prepare(pdf, hinh_chu_ky=signature_png())
    assert prepared.startswith(pdf)  # an incremental update: the rendered bytes stay
    fields = PdfReader(io.BytesIO(prepared)).get_fields() or {}
    assert sorted(fields) == sorted(
        [SIGNER_FIELD, SEAL_FIELD, "vb_so", "vb_ngay", "vb_thang", "vb_nam"]
        + [f"vb_{kind}_2" for kind in ("so", "ngay", "thang", "nam")]
    )
    assert all(field.get("/V") is None for field in fields.values())
    with pytest.raises(SigningError, match="prepared already"):
        prepare(prepared)


def test_sign_then_issue_keeps_the_first_signature_valid(
    drafts: dict[str, bytes], chain: Chain
) -> None:
    signer, body = _keys(chain)
    signed = sign(drafts[QUYET_DINH], signer, hinh_chu_ky=signature_png())
    (first,) = verify(signed, trust=[chain.root_pem])
    assert (first.field, first.signer, first.organisation) == (SIGNER_FIELD, SIGNER_NAME, BODY)
    assert (first.intact, first.valid, first.trusted, first.certifying) == (True, True, True, True)
    assert first.modification == "NONE" and first.ok

    issued = issue(
        signed, body, so=5, ngay=date(2022, 2, 10), hinh_dau=seal_png(), duong_kinh_mm=36
    )
    assert issued.startswith(signed)
    reports = verify(issued, trust=[chain.root_pem])
    assert [(r.field, r.signer, r.modification, r.ok) for r in reports] == [
        (SIGNER_FIELD, SIGNER_NAME, "FORM_FILLING", True),  # allowed by DocMDP 2
        (SEAL_FIELD, BODY, "NONE", True),
    ]
    values = {k: v.get("/V") for k, v in (PdfReader(io.BytesIO(issued)).get_fields() or {}).items()}
    assert {k: values[k] for k in ("vb_so", "vb_ngay", "vb_thang", "vb_nam", "vb_so_2")} == {
        "vb_so": "05",  # two digits below 10 (Phụ lục I, II.3.a)
        "vb_ngay": "10",
        "vb_thang": "02",  # months 1 and 2 with a leading zero (II.4.b)
        "vb_nam": "2022",
        "vb_so_2": "05",
    }
    # Untrusted without the root.
    assert [r.trusted for r in verify(issued)] == [False, False]


def test_changes_after_the_seal_are_caught(drafts: dict[str, bytes], chain: Chain) -> None:
    signer, body = _keys(chain)
    signed = sign(drafts[CONG_VAN], signer)
    # One byte changed inside the signed range: the signature is no longer intact.
    at = signed.index(b"/Type /Page") if b"/Type /Page" in signed else 200
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1 :]
    (report,) = verify(tampered, trust=[chain.root_pem])
    assert not report.intact and not report.ok
    # Issuing twice, or before the signer, is refused.
    issued = issue(signed, body, so=12, ngay=date(2022, 6, 10))
    with pytest.raises(SigningError, match="issued already"):
        issue(issued, body, so=13, ngay=date(2022, 6, 10))
    with pytest.raises(SigningError, match="not signed yet"):
        issue(prepare(drafts[CONG_VAN]), body, so=12, ngay=date(2022, 6, 10))


def test_b_t_with_a_timestamp(drafts: dict[str, bytes], chain: Chain) -> None:
    signer, _ = _keys(chain)
    der = chain.tsa.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tsa_cert, intermediate = (
        asn1_x509.Certificate.load(issued.certificate.public_bytes(serialization.Encoding.DER))
        for issued in (chain.tsa, chain.intermediate)
    )
    tsa = DummyTimeStamper(  # the token carries its chain up to the root, as a real TSA's does
        tsa_cert=tsa_cert,
        tsa_key=asn1_keys.PrivateKeyInfo.load(der),
        certs_to_embed=SimpleCertificateStore.from_certs([tsa_cert, intermediate]),
    )
    signed = sign(drafts[CONG_VAN], signer, tsa=tsa)
    (report,) = verify(signed, trust=[chain.root_pem])
    assert report.timestamp == "trusted" and report.ok


def test_an_unreachable_tsa_is_named(drafts: dict[str, bytes], chain: Chain) -> None:
    signer, _ = _keys(chain)
    # Port 9 (discard) on this machine: refused at once, no network needed.
    with pytest.raises(SigningError, match=r"tsa: http://127\.0\.0\.1:9/: no timestamp"):
        sign(drafts[CONG_VAN], signer, tsa="http://127.0.0.1:9/")


def test_bad_keys_and_images(chain: Chain, tmp_path: Path, drafts: dict[str, bytes]) -> None:
    with pytest.raises(SigningError, match=r"nguoi_ky\.p12: not a PKCS#12 key this password opens"):
        Key.pkcs12(chain.signer.p12, "sai")
    jpeg = tmp_path / "ky.jpg"
    from PIL import Image

    Image.new("RGB", (10, 10)).save(jpeg, format="JPEG")
    with pytest.raises(SigningError, match="a JPEG image; the signature and the seal are PNG"):
        sign(drafts[CONG_VAN], Key.pkcs12(chain.signer.p12, PASSWORD), hinh_chu_ky=jpeg)
    with pytest.raises(SigningError, match="not a readable PDF"):
        signature_place(b"not a pdf")


@given(so=st.integers(min_value=1, max_value=99999), ngay=st.dates())
def test_blank_values_are_the_date_line_and_the_number(so: int, ngay: date) -> None:
    values = blank_values(so, ngay)
    line = f"ngày {values['ngay']} tháng {values['thang']} năm {values['nam']}"
    assert line == vb.ngay_thang(ngay)
    assert values["so"] == (f"0{so}" if so < 10 else str(so))


def test_blank_values_refuse_number_zero() -> None:
    with pytest.raises(SigningError, match="so: 0 — numbers start at 01"):
        blank_values(0, date(2022, 1, 1))


def test_a_numbered_pdf_is_issued_without_number_and_date(
    converter: PdfConverter, chain: Chain, tmp_path: Path
) -> None:
    signer, body = _keys(chain)
    docx = vb.render(vb.load(EXAMPLES / f"{CONG_VAN}.yaml")).save(tmp_path / "cv.docx")
    signed = sign(converter.convert(docx).read_bytes(), signer)
    with pytest.raises(SigningError, match="the PDF has no blanks for a number and date"):
        issue(signed, body, so=3722, ngay=date(2022, 6, 10))
    reports = verify(issue(signed, body), trust=[chain.root_pem])
    assert [(r.modification, r.ok) for r in reports] == [("FORM_FILLING", True), ("NONE", True)]


def test_a_draft_needs_number_and_date(drafts: dict[str, bytes], chain: Chain) -> None:
    signer, body = _keys(chain)
    signed = sign(drafts[CONG_VAN], signer)
    with pytest.raises(SigningError, match="a draft with blanks for its number and date"):
        issue(signed, body, so=12)

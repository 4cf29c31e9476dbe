"""PAdES B-LT and B-LTA (validation data embedded, then a document time-stamp) with the test CA's
own CRLs and pyHanko's in-process time-stamper; revocation in ``verify`` and ``vanban verify``
(a signer whose certificate the CA revoked); a Biên bản whose columns are signed with different
keys. No network."""

from __future__ import annotations

import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.registry import SimpleCertificateStore

from vanban.cli import main
from vanban.errors import SigningError
from vanban.ky_so.ky import Key, issue, sign
from vanban.ky_so.verify import verify

from .conftest import BODY, CONG_VAN, PASSWORD, SIGNER_NAME, Chain, Revocation


def _tsa(chain: Chain) -> DummyTimeStamper:
    der = serialization.Encoding.DER
    certificate = asn1_x509.Certificate.load(chain.tsa.certificate.public_bytes(der))
    key = chain.tsa.key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    intermediate = asn1_x509.Certificate.load(chain.intermediate.certificate.public_bytes(der))
    return DummyTimeStamper(
        tsa_cert=certificate,
        tsa_key=asn1_keys.PrivateKeyInfo.load(key),
        certs_to_embed=SimpleCertificateStore.from_certs([certificate, intermediate]),
    )


def _dss(pdf: bytes) -> DocumentSecurityStore:
    return DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(pdf), strict=False))


def test_b_lt_validates_later_offline(
    drafts: dict[str, bytes], chain: Chain, revocation: Revocation
) -> None:
    signer = Key.pkcs12(chain.signer.p12, PASSWORD)
    signed = sign(
        drafts[CONG_VAN],
        signer,
        tsa=_tsa(chain),
        level="B-LT",
        trust=[chain.root_pem],
        crls=list(revocation.crls),
    )
    store = _dss(signed)
    assert len(list(store.crls)) == 2  # the intermediate's and the root's
    assert len(list(store.load_certs())) >= 2
    # Later, offline: only the root to trust; the revocation data is the PDF's own.
    [report] = verify(signed, trust=[chain.root_pem])
    assert (report.signer, report.timestamp, report.revocation, report.ok) == (
        SIGNER_NAME,
        "trusted",
        "good",
        True,
    )
    assert report.modification == "LTA_UPDATES"  # the DSS, added after the signature
    assert report.timestamp_time is not None

    # The văn thư issues it, at B-LT too: both signatures keep their validation data.
    issued = issue(
        signed,
        Key.pkcs12(chain.body.p12, PASSWORD),
        so=7,
        ngay=date(2022, 6, 10),
        tsa=_tsa(chain),
        level="B-LT",
        trust=[chain.root_pem],
        crls=list(revocation.crls),
    )
    reports = verify(issued, trust=[chain.root_pem])
    assert [(r.field, r.modification, r.revocation, r.ok) for r in reports] == [
        ("vb_chu_ky", "FORM_FILLING", "good", True),
        ("vb_dau", "LTA_UPDATES", "good", True),
    ]
    # A B-B signature checked against no revocation data is not checked at all.
    plain = sign(drafts[CONG_VAN], signer)
    assert [r.revocation for r in verify(plain, trust=[chain.root_pem])] == [None]


def test_b_lta_adds_a_document_timestamp(
    drafts: dict[str, bytes], chain: Chain, revocation: Revocation
) -> None:
    signed = sign(
        drafts[CONG_VAN],
        Key.pkcs12(chain.signer.p12, PASSWORD),
        tsa=_tsa(chain),
        level="B-LTA",
        trust=[chain.root_pem],
        crls=list(revocation.crls),
    )
    signature, stamp = verify(signed, trust=[chain.root_pem])
    assert (signature.kind, signature.field, signature.ok) == ("signature", "vb_chu_ky", True)
    assert (stamp.kind, stamp.signer, stamp.timestamp, stamp.certifying, stamp.ok) == (
        "document_timestamp",
        "vanban Test TSA",
        "trusted",
        False,
        True,
    )
    assert stamp.signing_time == stamp.timestamp_time
    assert signature.timestamp_time is not None and stamp.timestamp_time is not None
    assert stamp.timestamp_time >= signature.timestamp_time


def test_levels_ask_for_what_they_need(
    drafts: dict[str, bytes], chain: Chain, revocation: Revocation
) -> None:
    key = Key.pkcs12(chain.signer.p12, PASSWORD)
    pdf = drafts[CONG_VAN]
    crls = list(revocation.crls)
    cases: list[tuple[dict[str, object], str]] = [
        ({"level": "B-LT"}, "level: 'B-LT' needs a signature time-stamp: give tsa"),
        ({"level": "B-LT", "tsa": _tsa(chain)}, "level: 'B-LT' embeds the validation data"),
        (
            {"level": "B-LT", "tsa": _tsa(chain), "trust": [chain.root_pem]},
            "level: 'B-LT' embeds revocation data: give the CAs' CRLs",
        ),
        ({"level": "B-B", "tsa": _tsa(chain)}, "level: 'B-B' has no time-stamp"),
        ({"level": "B-C"}, "level: 'B-C' — one of B-B, B-T, B-LT, B-LTA (PAdES baseline)"),
        ({"crls": crls}, "trust, crls, fetch: validation data is embedded at level 'B-LT'"),
        (
            {"level": "B-LT", "tsa": _tsa(chain), "trust": [chain.root_pem], "crls": crls[:1]},
            "level 'B-LT': no revocation data for a certificate of the signer's chain (",
        ),
    ]
    for options, message in cases:
        with pytest.raises(SigningError) as caught:
            sign(pdf, key, **options)  # type: ignore[arg-type]
        assert str(caught.value).startswith(message), (options, str(caught.value))
    with pytest.raises(SigningError) as revoked:
        sign(
            pdf,
            Key.pkcs12(revocation.revoked.p12, PASSWORD),
            tsa=_tsa(chain),
            level="B-LT",
            trust=[chain.root_pem],
            crls=crls,
        )
    assert str(revoked.value).startswith(
        "level 'B-LT': a certificate of the signer's chain was revoked (đã bị thu hồi): "
    )
    assert str(revoked.value).endswith("; nothing was signed")


def test_verify_reports_a_revoked_signer(
    drafts: dict[str, bytes],
    chain: Chain,
    revocation: Revocation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    revoked = tmp_path / "bi-thu-hoi.pdf"
    revoked.write_bytes(sign(drafts[CONG_VAN], Key.pkcs12(revocation.revoked.p12, PASSWORD)))
    good = tmp_path / "tot.pdf"
    good.write_bytes(sign(drafts[CONG_VAN], Key.pkcs12(chain.signer.p12, PASSWORD)))
    crls = [option for crl in revocation.crls for option in ("--crl", str(crl))]
    trust = ["--trust", str(chain.root_pem)]

    assert main(["verify", str(revoked), *trust]) == 0  # revocation not checked without a CRL
    assert "revocation" not in capsys.readouterr().out

    assert main(["verify", str(revoked), *trust, *crls]) == 1
    out = capsys.readouterr().out
    assert "intact: yes; valid: yes; trusted: no\n" in out
    assert (
        "   revocation: REVOKED on 2024-03-01T07:00:00+07:00: the signer's certificate đã bị "
        "thu hồi\n   => NOT OK\n"
    ) in out

    assert main(["verify", str(revoked), *trust, *crls, "--json"]) == 1
    [row] = json.loads(capsys.readouterr().out)
    assert (row["revocation"], row["revocation_date"], row["ok"]) == (
        "revoked",
        "2024-03-01T07:00:00+07:00",
        False,
    )
    assert (row["kind"], row["timestamp"], row["timestamp_time"]) == ("signature", None, None)

    assert main(["verify", str(good), *trust, *crls]) == 0
    assert "   revocation: good (not revoked)\n   => OK\n" in capsys.readouterr().out
    assert main(["verify", str(good), *trust, "--crl", str(revocation.crls[0])]) == 1
    assert "   revocation: unknown: no revocation data" in capsys.readouterr().out

    under = tmp_path / "duoi-ca-bi-thu-hoi.pdf"
    under.write_bytes(sign(drafts[CONG_VAN], Key.pkcs12(revocation.under_revoked_ca.p12, PASSWORD)))
    ca_crl = revocation.crls[1].parent / "revoked_ca.crl"
    assert main(["verify", str(under), *trust, *crls, "--crl", str(ca_crl)]) == 1
    assert (
        "   revocation: REVOKED on 2024-03-01T07:00:00+07:00: a CA certificate of the chain đã "
        "bị thu hồi\n   => NOT OK\n"
    ) in capsys.readouterr().out

    bad = tmp_path / "khong-phai.crl"
    bad.write_bytes(b"not a CRL")
    assert main(["verify", str(good), *trust, "--crl", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"vanban: {good}: {bad}: not a CRL in DER or PEM (")


def test_sign_command_at_b_lt_needs_its_data(
    drafts: dict[str, bytes],
    chain: Chain,
    revocation: Revocation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = tmp_path / "cv.pdf"
    draft.write_bytes(drafts[CONG_VAN])
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--key", str(chain.signer.p12), "--password-env", "KEY_PASSWORD"]
    out = tmp_path / "cv-ky.pdf"
    assert main(["sign", str(draft), "-o", str(out), *key, "--level", "B-LT"]) == 2
    assert capsys.readouterr().err == (
        "vanban: level: 'B-LT' needs a signature time-stamp: give tsa (a time-stamping "
        "authority's URL)\n"
    )
    assert not out.exists()


def test_bien_ban_columns_signed_with_different_keys(
    bien_ban: dict[str, tuple[object, bytes]], chain: Chain, revocation: Revocation
) -> None:
    _, pdf = bien_ban["hai"]
    secretary = Key.pkcs12(revocation.second.p12, PASSWORD)
    chair = Key.pkcs12(chain.signer.p12, PASSWORD)
    signed = sign(pdf, secretary, cot="THƯ KÝ")
    signed = sign(signed, chair, cot="CHỦ TỌA")
    issued = issue(signed, Key.pkcs12(chain.body.p12, PASSWORD), so=3)
    reports = verify(issued, trust=[chain.root_pem], crls=list(revocation.crls))
    assert [
        (r.field, r.signer, r.organisation, r.certifying, r.revocation, r.ok) for r in reports
    ] == [
        ("vb_chu_ky", "Người ký thứ hai", BODY, True, "good", True),
        ("vb_chu_ky_2", SIGNER_NAME, BODY, False, "good", True),
        ("vb_dau", BODY, BODY, False, "good", True),
    ]


def test_b_lt_fetches_a_crl_from_its_distribution_point(
    drafts: dict[str, bytes], chain: Chain, revocation: Revocation, tmp_path: Path
) -> None:
    """``fetch=True``: the CRL at the address the signer's certificate names (a CRL
    distribution point, served here on localhost) is fetched and embedded."""
    served: list[str] = []
    crl = revocation.crls[0].read_bytes()  # the intermediate's

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-crl")
            self.send_header("Content-Length", str(len(crl)))
            self.end_headers()
            self.wfile.write(crl)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/intermediate.crl"
        key = ec.generate_private_key(ec.SECP256R1())
        usage = chain.signer.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        certificate = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.COMMON_NAME, "Người ký có điểm phân phối CRL"),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, BODY),
                    ]
                )
            )
            .issuer_name(chain.intermediate.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(chain.signer.certificate.not_valid_before_utc)
            .not_valid_after(chain.signer.certificate.not_valid_after_utc)
            .add_extension(
                usage,
                critical=True,
            )
            .add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(url)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
            .sign(chain.intermediate.key, hashes.SHA256())
        )
        p12 = tmp_path / "dp.p12"
        p12.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"dp", key, certificate, [chain.intermediate.certificate],
                serialization.BestAvailableEncryption(PASSWORD),
            )
        )  # fmt: skip
        signed = sign(
            drafts[CONG_VAN],
            Key.pkcs12(p12, PASSWORD),
            tsa=_tsa(chain),
            level="B-LT",
            trust=[chain.root_pem],
            crls=[revocation.crls[1]],  # the root's, for the intermediate: it names no address
            fetch=True,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert "/intermediate.crl" in served
    assert len(list(_dss(signed).crls)) == 2
    [report] = verify(signed, trust=[chain.root_pem])  # the server is gone: the PDF's own data
    assert (report.signer, report.revocation, report.ok) == (
        "Người ký có điểm phân phối CRL",
        "good",
        True,
    )

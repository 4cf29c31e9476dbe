"""A CA chain of the tests' own, made with ``cryptography``: root -> intermediate -> the signer
(người có thẩm quyền, ô 7c), the body (cơ quan, ô 8) and a time-stamping authority. Keys are
saved as PKCS#12 files, as officials' keys are exported; no network, no real CA. The names are
placeholders ("Họ và tên", as the decree's samples write the signer): no real person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

import vanban as vb
from vanban.models.mau_1_9 import BienBan
from vanban.pdf import PdfConverter

from ..conftest import EXAMPLES

PASSWORD = b"mat-khau-thu"
"""The PKCS#12 files' password."""

BODY = "Ủy ban nhân dân xã Gia Lương"
"""The test body: the issuing body of the examples (a commune, not a person)."""

SIGNER_NAME = "Họ và tên"
"""The signer's common name: the decree's own placeholder for a name."""

_START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
_END = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Issued:
    """One certificate with its key, and where its PKCS#12 file is."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    p12: Path


@dataclass(frozen=True)
class Chain:
    """The tests' PKI: the root (to trust), the intermediate, and three end entities."""

    root: Issued
    intermediate: Issued
    signer: Issued
    body: Issued
    tsa: Issued
    root_pem: Path


def _name(**parts: str) -> x509.Name:
    oids = {
        "CN": NameOID.COMMON_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "T": NameOID.TITLE,
        "L": NameOID.LOCALITY_NAME,
        "C": NameOID.COUNTRY_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[key], value) for key, value in parts.items()])


def _issue(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: Issued | None,
    *,
    ca: bool,
    extended: list[x509.ObjectIdentifier] | None = None,
) -> x509.Certificate:
    issuer_name = subject if issuer is None else issuer.certificate.subject
    signing_key = key if issuer is None else issuer.key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_START)
        .not_valid_after(_END)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca and extended is None,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if extended is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def _save(
    folder: Path,
    stem: str,
    subject: x509.Name,
    issuer: Issued | None,
    *,
    ca: bool = False,
    extended: list[x509.ObjectIdentifier] | None = None,
    chain: list[x509.Certificate] | None = None,
    use_rsa: bool = False,
) -> Issued:
    # EC keys are quick to make; the TSA's is RSA, the only kind pyHanko's DummyTimeStamper takes.
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if use_rsa
        else ec.generate_private_key(ec.SECP256R1())
    )
    certificate = _issue(subject, key, issuer, ca=ca, extended=extended)
    p12 = folder / f"{stem}.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            stem.encode(),
            key,
            certificate,
            chain,
            serialization.BestAvailableEncryption(PASSWORD),
        )
    )
    return Issued(certificate, key, p12)


@pytest.fixture(scope="session")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    """The tests' CA chain, its keys as PKCS#12 files (password :data:`PASSWORD`) and the root as
    a PEM file to trust."""
    folder = tmp_path_factory.mktemp("pki")
    root = _save(
        folder, "root", _name(CN="vanban Test Root CA", O="vanban tests", C="VN"), None, ca=True
    )
    intermediate = _save(
        folder,
        "intermediate",
        _name(CN="vanban Test Signing CA", O="vanban tests", C="VN"),
        root,
        ca=True,
    )
    below = [intermediate.certificate, root.certificate]
    signer = _save(
        folder,
        "nguoi_ky",
        _name(CN=SIGNER_NAME, T="Chủ tịch", O=BODY, L="Gia Lương", C="VN"),
        intermediate,
        chain=below,
    )
    body = _save(
        folder, "co_quan", _name(CN=BODY, O=BODY, L="Gia Lương", C="VN"), intermediate, chain=below
    )
    tsa = _save(
        folder,
        "tsa",
        _name(CN="vanban Test TSA", O="vanban tests", C="VN"),
        intermediate,
        extended=[ExtendedKeyUsageOID.TIME_STAMPING],
        chain=below,
        use_rsa=True,
    )
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.certificate.public_bytes(serialization.Encoding.PEM))
    return Chain(root, intermediate, signer, body, tsa, root_pem)


@pytest.fixture(scope="module")
def drafts(converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The examples' Quyết định and Công văn as drafts (no number, no date), rendered to PDF."""
    folder = tmp_path_factory.mktemp("drafts")
    made = {}
    for name in (QUYET_DINH, CONG_VAN):
        data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
        draft = vb.from_dict({k: v for k, v in data.items() if k not in ("so", "ngay")})
        docx = vb.render(draft).save(folder / f"{name}.docx")
        made[name] = converter.convert(docx).read_bytes()
    return made


QUYET_DINH = "quyet_dinh_phe_duyet_ke_hoach"
CONG_VAN = "cong_van_3722_vpcp_cn"


BIEN_BAN = "bien_ban_hoi_nghi_tong_ket_2022"
THIRD = {"tieu_de": "Đại diện Hội Nông dân xã", "chuc_vu": "Chủ tịch", "ho_ten": "Người ký thứ ba"}
"""A third signer, in a row of its own under THƯ KÝ and CHỦ TỌA (an example's placeholder name)."""


@pytest.fixture(scope="module")
def bien_ban(
    converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[BienBan, bytes]]:
    """The example Biên bản as a draft (no number, no date), and the same with a third signer."""
    folder = tmp_path_factory.mktemp("bien_ban")
    data = yaml.safe_load((EXAMPLES / f"{BIEN_BAN}.yaml").read_text(encoding="utf-8"))
    draft = {k: v for k, v in data.items() if k not in ("so", "ngay")}
    made = {}
    for name, values in (("hai", draft), ("ba", {**draft, "cot_ky": [THIRD]})):
        document = vb.from_dict(values)
        assert isinstance(document, BienBan)
        docx = vb.render(document).save(folder / f"{name}.docx")
        made[name] = (document, converter.convert(docx).read_bytes())
    return made


@dataclass(frozen=True)
class Revocation:
    """Revocation in the tests' PKI: a second signer (another person of the body, for signing
    the columns of a Biên bản with different keys), a signer whose certificate the CA revoked,
    and the CAs' CRLs (DER files): the intermediate's, listing the revoked one, and the root's,
    listing nothing."""

    second: Issued
    revoked: Issued
    revoked_at: dt.datetime
    crls: tuple[Path, Path]
    under_revoked_ca: Issued
    """A signer whose own certificate is not revoked, under a CA certificate the root revoked."""


def _crl(issuer: Issued, revoked: list[tuple[x509.Certificate, dt.datetime]]) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(_START)
        .next_update(_END - dt.timedelta(days=1))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    for certificate, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(certificate.serial_number)
            .revocation_date(when)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="session")
def revocation(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> Revocation:
    """The second and the revoked signer's keys (PKCS#12, :data:`PASSWORD`) and the CRLs."""
    folder = tmp_path_factory.mktemp("crl")
    below = [chain.intermediate.certificate, chain.root.certificate]
    second = _save(
        folder,
        "thu_ky",
        _name(CN="Người ký thứ hai", T="Thư ký", O=BODY, L="Gia Lương", C="VN"),
        chain.intermediate,
        chain=below,
    )
    revoked = _save(
        folder,
        "bi_thu_hoi",
        _name(CN="Người ký bị thu hồi", O=BODY, L="Gia Lương", C="VN"),
        chain.intermediate,
        chain=below,
    )
    revoked_ca = _save(
        folder,
        "ca_bi_thu_hoi",
        _name(CN="vanban Test Revoked CA", O="vanban tests", C="VN"),
        chain.root,
        ca=True,
    )
    under = _save(
        folder,
        "duoi_ca_bi_thu_hoi",
        _name(CN="Người ký dưới CA bị thu hồi", O=BODY, C="VN"),
        revoked_ca,
        chain=[revoked_ca.certificate, chain.root.certificate],
    )
    when = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    crls = (folder / "intermediate.crl", folder / "root.crl")
    crls[0].write_bytes(_crl(chain.intermediate, [(revoked.certificate, when)]))
    crls[1].write_bytes(_crl(chain.root, [(revoked_ca.certificate, when)]))
    (folder / "revoked_ca.crl").write_bytes(_crl(revoked_ca, []))
    return Revocation(second, revoked, when, crls, under)


@pytest.fixture(scope="session")
def times() -> Path:
    """The Times New Roman (or Liberation Serif) file vanban embeds in the text it writes on a
    PDF; skips without either, unless VANBAN_REQUIRE_SOFFICE=1 (CI, which installs
    fonts-liberation2 with LibreOffice) fails."""
    import os

    from vanban.errors import SigningError
    from vanban.ky_so.font import font_file

    try:
        return font_file()
    except SigningError as error:
        if os.environ.get("VANBAN_REQUIRE_SOFFICE") == "1":
            pytest.fail(f"{error} (VANBAN_REQUIRE_SOFFICE=1)")
        pytest.skip(str(error))

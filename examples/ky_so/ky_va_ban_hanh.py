"""Sign and issue the example Quyết định as an electronic document (NĐ 30/2020, Phụ lục I).

    python examples/ky_so/ky_va_ban_hanh.py out/ky_so

Renders examples/quyet_dinh_phe_duyet_ke_hoach.yaml as a draft (no number, no date), its attached
plan in a file of its own (Mẫu 1.3, electronic), converts both to PDF/A-2b with LibreOffice,
signs the decision as the signer (the signature image between the title and the name), issues it
as the body (number 18, 10/02/2022, the seal over the left third of the signature), issues the
attached plan (the box "Số: 18/QĐ-UBND; date; time" at the top right of page 1, the body's
signature without an image) and makes an electronic copy (Mẫu 3.2) of the decision as issued on
paper (the box "SAO Y; body; time", the copying body's signature without an image); then checks
every signature against the demo root. The keys and images are made here,
for the demo only: a demo CA in OUT/pki, a blue scribble and a red ring; the signer's name in
the certificate is the decree's placeholder "Họ và tên". Needs vanban[signing] and LibreOffice.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw

import vanban as vb
from vanban.ky_so.kem_theo import issue_attachment, sign_copy
from vanban.ky_so.ky import Key, issue, sign
from vanban.ky_so.verify import verify
from vanban.pdf import PdfConverter
from vanban.register.core import today
from vanban.render import kem_theo_path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "quyet_dinh_phe_duyet_ke_hoach.yaml"
BODY = "Ủy ban nhân dân xã Gia Lương"
PASSWORD = b"demo"


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
) -> x509.Certificate:
    ca = issuer is None
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer[0].subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,  # nonRepudiation, which pyHanko's validation wants
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
        .sign(key if issuer is None else issuer[1], hashes.SHA256())
    )


def demo_keys(folder: Path) -> tuple[Path, Path, Path]:
    """A demo root, and the signer's and the body's PKCS#12 files under it."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vanban Demo Root CA")])
    root = _certificate(root_name, root_key)
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    made = []
    for stem, common_name in (("nguoi_ky", "Họ và tên"), ("co_quan", BODY)):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, BODY),
            ]
        )
        certificate = _certificate(subject, key, (root, root_key))
        path = folder / f"{stem}.p12"
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                stem.encode(),
                key,
                certificate,
                [root],
                serialization.BestAvailableEncryption(PASSWORD),
            )
        )
        made.append(path)
    return made[0], made[1], root_pem


def demo_images(folder: Path) -> tuple[Path, Path]:
    """A blue signature and a red seal, PNG on a transparent background."""
    signature = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    ImageDraw.Draw(signature).line(
        [(20, 200), (160, 40), (300, 200), (440, 40), (580, 200)], fill=(0, 0, 200, 255), width=12
    )
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((4, 4, 396, 396), outline=(220, 0, 0, 255), width=16)
    ImageDraw.Draw(seal).ellipse((150, 150, 250, 250), fill=(220, 0, 0, 255))
    paths = folder / "chu_ky.png", folder / "dau.png"
    signature.save(paths[0])
    seal.save(paths[1])
    return paths


def main(out: Path) -> int:
    """Write the draft, signed and issued PDFs, the attached text and the electronic copy into
    ``out`` and print the verification of each."""
    out.mkdir(parents=True, exist_ok=True)
    signer_p12, body_p12, root_pem = demo_keys(out / "pki")
    chu_ky, dau = demo_images(out)
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    draft = vb.from_dict({k: v for k, v in data.items() if k not in ("so", "ngay")})
    # The attached plan in a file of its own, as the electronic sample of Mẫu 1.3 shows it.
    docx = vb.render(draft, kem_theo_rieng=True).save(out / "quyet_dinh_du_thao.docx")
    # The decision as issued on paper, with its number: the original of the electronic copy.
    original = vb.render(vb.from_dict(data)).save(out / "quyet_dinh.docx")
    with PdfConverter(timeout=120) as converter:  # PDF/A-2b, kept through every signature
        pdf = converter.convert(docx, pdfa=True).read_bytes()
        attached = converter.convert(kem_theo_path(docx), pdfa=True).read_bytes()
        paper = converter.convert(original, pdfa=True).read_bytes()
    signed = sign(pdf, Key.pkcs12(signer_p12, PASSWORD), hinh_chu_ky=chu_ky)
    body = Key.pkcs12(body_p12, PASSWORD)
    # Issued today (in Vietnam): the date line, the attached text's box and the signing times
    # then tell one story, as they do in an office.
    issued = issue(signed, body, so=18, ngay=today(), hinh_dau=dau, duong_kinh_mm=36)
    made = {
        "quyet_dinh_da_ky.pdf": signed,
        "quyet_dinh_ban_hanh.pdf": issued,
        # Mẫu 1.3 electronic: "Số: 18/QĐ-UBND; <date>; <time> +07:00", the body's signature
        "ke_hoach_kem_theo_ban_hanh.pdf": issue_attachment(attached, body, of=issued),
        # Mẫu 3.2: "SAO Y; Ủy ban nhân dân xã Gia Lương; <time>", the copying body's signature
        "quyet_dinh_sao_y.pdf": sign_copy(paper, body, hinh_thuc="sao_y", co_quan=BODY),
    }
    ok = True
    for name, data_ in made.items():
        (out / name).write_bytes(data_)
        if name == "quyet_dinh_da_ky.pdf":
            continue
        reports = verify(data_, trust=[root_pem])
        ok = ok and bool(reports) and all(report.ok for report in reports)
        for report in reports:
            print(
                f"{name}: {report.field}: {report.signer} — {report.modification}, "
                f"{'OK' if report.ok else 'NOT OK'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/ky_so")))

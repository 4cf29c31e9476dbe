"""Keys on a PKCS#11 token (vanban.ky_so.khoa), for real: a SoftHSM2 token this test makes,
holding the tests' signer key and certificate (and the intermediate CA's certificate), signs a
rendered draft; the signature verifies against the tests' root. Without SoftHSM2 (Debian package
softhsm2) these tests skip with the reason, unless VANBAN_REQUIRE_SOFTHSM=1 (CI) fails them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from vanban.cli import main
from vanban.errors import SigningError
from vanban.ky_so.ky import sign
from vanban.ky_so.verify import verify

from .conftest import CONG_VAN, SIGNER_NAME, Chain

PIN = "246810"
TOKEN = "vanban-thu"
KEY_LABEL = "nguoi_ky"
_LIBS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


def find_softhsm() -> tuple[Path, str] | None:
    """SoftHSM2's PKCS#11 module (VANBAN_SOFTHSM_LIB, or Debian's paths) and softhsm2-util."""
    util = shutil.which("softhsm2-util")
    configured = os.environ.get("VANBAN_SOFTHSM_LIB")
    candidates = [configured] if configured else list(_LIBS)
    lib = next((Path(path) for path in candidates if Path(path).is_file()), None)
    return None if lib is None or util is None else (lib, util)


@dataclass(frozen=True)
class Token:
    """The test's SoftHSM2 token: its module, label, PIN, and the key's label."""

    lib: Path
    label: str


@pytest.fixture(scope="session")
def token(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    """A SoftHSM2 token holding the signer's EC key and certificate and the intermediate CA's
    certificate (imported with python-pkcs11, as a CA writes a USB token)."""
    found = find_softhsm()
    if found is None:
        message = (
            "SoftHSM2 not found (softhsm2-util and libsofthsm2.so): install the Debian package "
            "softhsm2, or set VANBAN_SOFTHSM_LIB"
        )
        if os.environ.get("VANBAN_REQUIRE_SOFTHSM") == "1":
            pytest.fail(message + " (VANBAN_REQUIRE_SOFTHSM=1)")
        pytest.skip(message)
    lib, util = found
    pkcs11 = pytest.importorskip("pkcs11")
    from pkcs11 import Attribute
    from pkcs11.util.ec import decode_ec_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n",
        encoding="utf-8",
    )
    saved = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)  # read when the module is first loaded
    subprocess.run(
        [util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "13579135"],
        check=True,
        capture_output=True,
        env=os.environ,
    )
    key_der = chain.signer.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = serialization.Encoding.DER
    with pkcs11.lib(str(lib)).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        key = decode_ec_private_key(key_der)
        key.update(
            {
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
            }
        )
        session.create_object(key)
        for label, ident, certificate in (
            (KEY_LABEL, b"\x01", chain.signer.certificate),
            ("ca", b"\x02", chain.intermediate.certificate),
        ):
            attributes = decode_x509_certificate(certificate.public_bytes(der))
            attributes.update({Attribute.LABEL: label, Attribute.ID: ident, Attribute.TOKEN: True})
            session.create_object(attributes)
    yield Token(lib, TOKEN)
    if saved is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = saved


def test_sign_with_a_token_key(drafts: dict[str, bytes], chain: Chain, token: Token) -> None:
    from vanban.ky_so.khoa import pkcs11_key

    with pkcs11_key(token.lib, token_label=token.label, key_label=KEY_LABEL, pin=PIN) as key:
        signed = sign(drafts[CONG_VAN], key)
    [report] = verify(signed, trust=[chain.root_pem])
    assert (report.field, report.signer, report.intact, report.valid) == (
        "vb_chu_ky",
        SIGNER_NAME,
        True,
        True,
    )
    assert report.trusted  # the chain came from the token: the intermediate was embedded
    assert report.ok


def _refused(lib: Path, token_label: str, key_label: str, pin: str) -> str:
    from vanban.ky_so.khoa import pkcs11_key

    with (
        pytest.raises(SigningError) as caught,
        pkcs11_key(lib, token_label=token_label, key_label=key_label, pin=pin),
    ):
        pass
    return str(caught.value)


def test_token_mistakes_are_signing_errors(token: Token, tmp_path: Path) -> None:
    assert _refused(token.lib, TOKEN, KEY_LABEL, "000000") == (
        f"token '{TOKEN}': the PIN is not this token's"
    )
    assert _refused(token.lib, TOKEN, "khac", PIN).startswith(
        f"token '{TOKEN}': no key 'khac' with its certificate 'khac' ("
    )
    assert _refused(token.lib, "khong-co", KEY_LABEL, PIN).startswith(
        f"{token.lib}: token 'khong-co': No token matching criteria"
    )
    missing = tmp_path / "libkhongco.so"
    assert _refused(missing, TOKEN, KEY_LABEL, PIN) == (
        f"--pkcs11-lib {missing}: no such PKCS#11 module (a .so or .dll file)"
    )


def test_command_signs_with_a_token(
    drafts: dict[str, bytes],
    chain: Chain,
    token: Token,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft, signed = tmp_path / "cv.pdf", tmp_path / "cv-ky.pdf"
    draft.write_bytes(drafts[CONG_VAN])
    monkeypatch.setenv("TOKEN_PIN", PIN)
    token_options = ["--pkcs11-lib", str(token.lib), "--token-label", token.label,
                     "--key-label", KEY_LABEL, "--pin-env", "TOKEN_PIN"]  # fmt: skip
    assert main(["sign", str(draft), "-o", str(signed), *token_options]) == 0
    assert capsys.readouterr().out == f"{signed}\n"
    assert main(["verify", str(signed), "--trust", str(chain.root_pem)]) == 0
    assert f"1. vb_chu_ky: {SIGNER_NAME}" in capsys.readouterr().out

    monkeypatch.setenv("TOKEN_PIN", "111111")
    assert main(["sign", str(draft), "-o", str(tmp_path / "x.pdf"), *token_options]) == 2
    assert capsys.readouterr().err == f"vanban: token '{TOKEN}': the PIN is not this token's\n"
    assert not (tmp_path / "x.pdf").exists()
    both = ["--key", str(chain.signer.p12), *token_options]
    assert main(["sign", str(draft), "-o", str(tmp_path / "x.pdf"), *both]) == 2
    assert "--key or --pkcs11-lib" in capsys.readouterr().err

"""Keys on a PKCS#11 token: the USB tokens Vietnamese officials sign with (and HSMs), through
pyHanko's PKCS#11 support (``pip install 'vanban[pkcs11]'``).

The private key never leaves the token: the token signs the digest vanban computes (PKCS#1 v1.5
for RSA, ECDSA), after the user's PIN opened a session. The certificate is read from the token (the object labelled as the
key, or ``cert_label``), and every other certificate the token holds (the CA's, as public CAs
put them there) is embedded with the signature so that a validator can build the chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vanban.errors import SigningError
from vanban.ky_so.ky import Key

_NEEDS = "PKCS#11 tokens need python-pkcs11: pip install 'vanban[pkcs11]'"


@contextmanager
def pkcs11_key(
    lib: str | Path,
    *,
    token_label: str,
    key_label: str,
    pin: str | None,
    cert_label: str | None = None,
    chain: Sequence[str | Path] = (),
) -> Iterator[Key]:
    """The key ``key_label`` of the token ``token_label`` behind the PKCS#11 module ``lib``
    (the token vendor's ``.so``/``.dll``, e.g. SoftHSM's ``libsofthsm2.so``), usable while the
    ``with`` block lasts: the session is closed after it.

    ``pin``: the user PIN (None for a token that asks for it on its own pinpad). ``chain``: CA
    certificates (PEM or DER files) to embed besides those the token holds. A module that does
    not load, a token not found, a wrong PIN, or no key or certificate of that label is a
    :class:`SigningError` naming it; nothing is signed."""
    try:
        import pkcs11
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as error:
        raise SigningError(f"{_NEEDS} ({error})") from None
    if not Path(lib).is_file():
        raise SigningError(f"--pkcs11-lib {lib}: no such PKCS#11 module (a .so or .dll file)")
    extra = []
    for path in chain:
        try:
            extra.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SigningError(f"{path}: not a PEM or DER certificate ({error})") from None
    try:
        session: Any = open_pkcs11_session(
            str(lib), token_criteria=TokenCriteria(label=token_label), user_pin=pin
        )
    except pkcs11.PinIncorrect:
        raise SigningError(f"token {token_label!r}: the PIN is not this token's") from None
    except pkcs11.PinLocked:
        raise SigningError(f"token {token_label!r}: the PIN is locked") from None
    except (pkcs11.PKCS11Error, OSError, RuntimeError) as error:
        shown = str(error) or type(error).__name__
        raise SigningError(f"{lib}: token {token_label!r}: {shown}") from None
    try:
        signer = PKCS11Signer(
            session,
            cert_label=cert_label or key_label,
            key_label=key_label,
            ca_chain=extra,
            other_certs_to_pull=None,  # every certificate on the token: the CA's chain
            # The digest is computed here and the token signs it (CKM_ECDSA, CKM_RSA_PKCS): the
            # mechanisms every token has; many (SoftHSM2 among them) lack CKM_ECDSA_SHA256.
            use_raw_mechanism=True,
        )
        try:
            signer.signing_cert  # noqa: B018 - loads the certificate and the key's handle now
        except pkcs11.PKCS11Error as error:
            raise SigningError(
                f"token {token_label!r}: no key {key_label!r} with its certificate "
                f"{cert_label or key_label!r} ({error})"
            ) from None
        yield Key(signer)
    finally:
        session.close()

"""Remote signing services: the key lives with a provider (such as VNPT SmartCA or Viettel
MySign), the user approves each signature on their phone, and the service returns the signature.

Such services sign a digest, not a file: vanban builds the PAdES signature (CMS signed
attributes over the PDF's byte range, as for any key), sends the digest of the signed attributes,
and embeds the raw signature value the service returns, with the certificate chain the service
gives. Approval is asynchronous: a request gets a transaction, which the caller polls until the
user approved or refused it, or a time limit passes.

Each provider has its own HTTP API, accounts and credentials; vanban does not speak any of them.
A small :class:`RemoteSigner` (three methods) adapts one to vanban, and :func:`remote_key` makes
it a :class:`~vanban.ky_so.ky.Key` that :func:`~vanban.ky_so.ky.sign` and
:func:`~vanban.ky_so.ky.issue` take like any other (docs/ky-so.md, "Remote signing services").
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Sequence
from typing import Any, Protocol

from asn1crypto import x509  # type: ignore[import-untyped]
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.x509 import load_der_x509_certificate
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from vanban.errors import SigningError
from vanban.ky_so.ky import Key


class Refused(SigningError):
    """The user refused the signature request (raised by :meth:`RemoteSigner.signature`)."""


class RemoteSigner(Protocol):
    """A remote signing service, as vanban needs it. Implement it over the provider's API.

    Errors of the service (its HTTP errors, a connection refused) may be raised as they are:
    :func:`remote_key`'s signer reports them as a :class:`SigningError`."""

    def certificate_chain(self) -> Sequence[bytes]:
        """The user's certificate first, then the CAs' above it (DER), as the service gives
        them."""
        ...

    def request_signature(self, digest: bytes, algorithm: str) -> str:
        """Ask for a signature of ``digest`` (computed with ``algorithm``: ``sha256``, ``sha384``
        or ``sha512``); the service asks the user to approve it. Returns the request's id
        (the transaction)."""
        ...

    def signature(self, transaction: str) -> bytes | None:
        """The raw signature value of the request ``transaction`` once the user approved it
        (RSA: PKCS#1 v1.5; ECDSA: the DER ``ECDSA-Sig-Value``), None while they have not
        answered; raises :class:`Refused` when they refused."""
        ...


def _check(certificate: Any, digest: bytes, algorithm: str, signature: bytes) -> None:
    """The service's answer is a signature of ``digest`` by the certificate's key: a wrong
    answer is refused here, not embedded in a PDF no validator accepts."""
    chosen = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[
        algorithm
    ]
    public = load_der_x509_certificate(certificate.dump()).public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, digest, padding.PKCS1v15(), Prehashed(chosen))
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, digest, ec.ECDSA(Prehashed(chosen)))
        else:
            raise SigningError(f"remote signing: a {type(public).__name__} key is not supported")
    except (InvalidSignature, ValueError):
        raise SigningError(
            "remote signing: the service's signature does not match the certificate it gave "
            f"({certificate.subject.human_friendly}); nothing was signed"
        ) from None


class _RemoteSigner(signers.Signer):
    """pyHanko's signer over a :class:`RemoteSigner`: the digest of the signed attributes goes
    to the service, its answer comes back as the signature value."""

    def __init__(
        self,
        service: RemoteSigner,
        chain: list[Any],
        timeout: float,
        interval: float,
    ) -> None:
        super().__init__(
            signing_cert=chain[0], cert_registry=SimpleCertificateStore.from_certs(chain)
        )
        self.service = service
        self.timeout = timeout
        self.interval = interval

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        certificate = self.signing_cert
        assert certificate is not None
        if dry_run:  # a placeholder no shorter than a signature (RSA 8192 bits: 1024 bytes)
            return bytes(1024)
        algorithm = digest_algorithm.lower()
        if algorithm not in ("sha256", "sha384", "sha512"):
            raise SigningError(f"remote signing: the digest {algorithm} is not supported")
        digest = hashlib.new(algorithm, data).digest()
        try:
            transaction = self.service.request_signature(digest, algorithm)
            deadline = time.monotonic() + self.timeout
            while (signature := self.service.signature(transaction)) is None:
                if time.monotonic() >= deadline:
                    raise SigningError(
                        f"remote signing: request {transaction} was not approved within "
                        f"{self.timeout:g} s; nothing was signed (ask again, or give a longer "
                        "timeout)"
                    )
                await asyncio.sleep(self.interval)
        except Refused as refusal:
            raise SigningError(
                f"remote signing: the signer refused the request ({refusal}); nothing was signed"
            ) from None
        except SigningError:
            raise
        except Exception as error:  # the service's own: HTTP, connection, its client's errors
            raise SigningError(
                f"remote signing: the service failed ({type(error).__name__}: {error}); "
                "nothing was signed"
            ) from None
        _check(certificate, digest, algorithm, signature)
        return signature


def remote_key(
    service: RemoteSigner,
    *,
    timeout: float = 300.0,
    interval: float = 2.0,
) -> Key:
    """A :class:`~vanban.ky_so.ky.Key` whose signatures the remote ``service`` makes: each
    signature is one request, polled every ``interval`` seconds until the user approved it
    (refused, or not approved within ``timeout`` seconds: a :class:`SigningError`, and no PDF).
    The certificate chain is the service's, read now; a chain that is not DER certificates is a
    :class:`SigningError`."""
    try:
        given = list(service.certificate_chain())
    except SigningError:
        raise
    except Exception as error:  # the service's own
        raise SigningError(
            f"remote signing: no certificate from the service ({type(error).__name__}: {error})"
        ) from None
    if not given:
        raise SigningError("remote signing: the service gave no certificate")
    try:
        chain = [x509.Certificate.load(der) for der in given]
        for certificate in chain:
            certificate.native  # noqa: B018 - parses it all: a damaged certificate fails here
    except ValueError as error:
        raise SigningError(
            f"remote signing: the service's certificate is damaged ({error})"
        ) from None
    return Key(_RemoteSigner(service, chain, timeout, interval))

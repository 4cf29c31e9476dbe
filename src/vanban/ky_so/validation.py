"""Validation data: the roots a validator trusts and the revocation information (CRLs) that says
whether a certificate was revoked, for signing at PAdES B-LT/B-LTA (the data embedded in the
PDF, so that the signature can be validated later, offline, after the CA's servers are gone) and
for verifying.

PAdES baseline levels (ETSI EN 319 142-1, clause 6): B-B, a CMS signature with the signer's
certificate; B-T, plus a signature time-stamp from a time-stamping authority; B-LT, plus the
validation data (certificates, CRLs/OCSP responses) in the document security store (DSS);
B-LTA, plus a document time-stamp over all of it. Long-term archives want B-LT or B-LTA.

Nothing is fetched unless asked (``fetch=True``: the CRL distribution points and OCSP responders
named in the certificates); CRL files given are used as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign import signers
from pyhanko_certvalidator import ValidationContext

from vanban.errors import SigningError

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
"""A PAdES baseline level (ETSI EN 319 142-1)."""

LEVELS: tuple[Level, ...] = ("B-B", "B-T", "B-LT", "B-LTA")


def load_roots(trust: Sequence[str | Path]) -> list[Any]:
    """The root certificates of the files ``trust`` (PEM or DER); a file that is not one is a
    :class:`SigningError` naming it."""
    roots = []
    for path in trust:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SigningError(f"{path}: not a PEM or DER certificate ({error})") from None
    return roots


def load_crls(crls: Sequence[str | Path | bytes]) -> list[Any]:
    """The CRLs ``crls`` (files or bytes, DER or PEM); one that is not a CRL is a
    :class:`SigningError` naming it."""
    from asn1crypto import crl, pem  # type: ignore[import-untyped]

    loaded = []
    for item in crls:
        shown = "CRL" if isinstance(item, bytes) else str(item)
        try:
            data = item if isinstance(item, bytes) else Path(item).read_bytes()
            if pem.detect(data):
                _, _, data = pem.unarmor(data)
            parsed = crl.CertificateList.load(data)
            parsed.native  # noqa: B018 - parses it all: a damaged CRL fails here
        except OSError as error:
            raise SigningError(f"{shown}: {error.strerror or error}") from None
        except (ValueError, TypeError) as error:
            raise SigningError(f"{shown}: not a CRL in DER or PEM ({error})") from None
        loaded.append(parsed)
    return loaded


def context(
    trust: Sequence[str | Path] = (),
    crls: Sequence[str | Path | bytes] = (),
    *,
    fetch: bool = False,
    check_revocation: bool = False,
    embedded: Any = None,
) -> ValidationContext:
    """A validation context: the roots ``trust``, the CRLs ``crls``, and what a PDF's DSS
    ``embedded`` holds (pyHanko's ``DocumentSecurityStore``). With ``check_revocation`` a
    certificate whose revocation status is not known is not valid (hard-fail), else only a
    certificate known revoked is (soft-fail)."""
    kwargs: dict[str, Any] = {
        "trust_roots": load_roots(trust),
        "crls": load_crls(crls),
        "allow_fetching": fetch,
        "revocation_mode": "require" if check_revocation else "soft-fail",
    }
    if embedded is not None:
        return embedded.as_validation_context(kwargs)  # type: ignore[no-any-return]
    return ValidationContext(**kwargs)


def at_level(
    meta: signers.PdfSignatureMetadata,
    level: Level | None,
    *,
    tsa: object,
    trust: Sequence[str | Path],
    crls: Sequence[str | Path | bytes],
    fetch: bool,
) -> signers.PdfSignatureMetadata:
    """``meta`` made to sign at PAdES ``level`` (None: B-T with a time-stamping authority,
    else B-B). B-T and above need ``tsa``; B-LT and B-LTA the roots ``trust`` and the
    revocation data (``crls``, or ``fetch``), checked when signing: a signer's certificate
    revoked, or one whose status no CRL gives, is refused then."""
    if level is not None and level not in LEVELS:
        raise SigningError(f"level: {level!r} — one of {', '.join(LEVELS)} (PAdES baseline)")
    if level == "B-B" and tsa is not None:
        raise SigningError("level: 'B-B' has no time-stamp; give level 'B-T' with tsa, or no tsa")
    if level in ("B-T", "B-LT", "B-LTA") and tsa is None:
        raise SigningError(
            f"level: {level!r} needs a signature time-stamp: give tsa (a time-stamping "
            "authority's URL)"
        )
    if level not in ("B-LT", "B-LTA"):
        if trust or crls or fetch:
            raise SigningError(
                "trust, crls, fetch: validation data is embedded at level 'B-LT' or 'B-LTA' only"
            )
        return meta
    if not trust:
        raise SigningError(
            f"level: {level!r} embeds the validation data of the signer's chain: give the root "
            "to trust (trust=[ROOT.pem])"
        )
    if not crls and not fetch:
        raise SigningError(
            f"level: {level!r} embeds revocation data: give the CAs' CRLs (crls=[…]) or let "
            "vanban fetch them (fetch=True)"
        )
    return replace(
        meta,
        embed_validation_info=True,
        validation_context=context(trust, crls, fetch=fetch, check_revocation=True),
        use_pades_lta=level == "B-LTA",
    )


def explain(error: BaseException, level: str | None) -> str:
    """Why pyHanko could not validate the signer's certificate to embed its validation data
    (the cause it chains: revoked, no revocation data, no path to a trusted root)."""
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        PathBuildingError,
        RevokedError,
    )

    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, RevokedError):
            return (
                f"level {level!r}: a certificate of the signer's chain was revoked (đã bị thu "
                f"hồi): {str(cause).rstrip('.')}; nothing was signed"
            )
        if isinstance(cause, InsufficientRevinfoError):
            return (
                f"level {level!r}: no revocation data for a certificate of the signer's chain "
                f"({cause}); give its CA's CRL (crls=[…])"
            )
        if isinstance(cause, PathBuildingError):
            return (
                f"level {level!r}: the signer's certificate does not lead to a root of trust "
                f"({cause})"
            )
        cause = cause.__cause__ or cause.__context__
    return f"level {level!r}: the signer's certificate could not be validated ({error})"

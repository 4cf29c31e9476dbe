"""Verifying the signatures of a PDF: who signed (name and organisation from the certificate),
when, whether the signed bytes are intact, how the document changed after each signature
(pyHanko's difference analysis), and whether the signer's chain leads to a trusted root.

Nothing is fetched: trust is what the caller gives (the root certificates of the CA that issued
the keys, e.g. the government's VGCA root), and revocation is not checked online.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from vanban.errors import SigningError


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF, as :func:`verify` finds it."""

    field: str
    """The signature field's name (``vb_chu_ky``: the signer; ``vb_dau``: the body's seal)."""
    signer: str
    """The certificate's common name (CN)."""
    organisation: str | None
    """The certificate's organisation (O), if it names one."""
    signing_time: datetime | None
    """The time the signer's software claims (not a timestamp)."""
    intact: bool
    """The signed bytes are unchanged."""
    valid: bool
    """The cryptographic signature checks out against the certificate."""
    trusted: bool
    """The certificate's chain leads to one of the given roots."""
    modification: str
    """How the document changed after this signature: ``NONE``, ``LTA_UPDATES``,
    ``FORM_FILLING``, ``ANNOTATIONS`` or ``OTHER`` (pyHanko's ModificationLevel)."""
    changes_allowed: bool
    """The changes after the signature are those its DocMDP/FieldMDP permissions allow."""
    certifying: bool
    """The signature certifies the document (the first, the signer's)."""
    timestamp: str | None
    """``trusted``, ``untrusted`` or ``invalid`` for a signature time-stamp (PAdES B-T), else
    None."""

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted, and changed after only as it allows."""
        return (
            self.intact
            and self.valid
            and self.trusted
            and self.changes_allowed
            and self.timestamp in (None, "trusted")
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the time in ISO 8601)."""
        data = asdict(self)
        data["signing_time"] = None if self.signing_time is None else self.signing_time.isoformat()
        data["ok"] = self.ok
        return data


def _roots(trust: Sequence[str | Path]) -> list[Any]:
    roots = []
    for path in trust:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SigningError(f"{path}: not a PEM or DER certificate ({error})") from None
    return roots


def _name_part(name: Any, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def verify(pdf: bytes, *, trust: Sequence[str | Path] = ()) -> list[SignatureReport]:
    """Every signature of ``pdf``, in signing order. ``trust``: root certificates (PEM or DER
    files); without them no signature is trusted."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds on a damaged file
        raise SigningError(f"not a readable PDF: {error}") from None
    context = ValidationContext(trust_roots=_roots(trust), allow_fetching=False)
    reports = []
    for signature in embedded:
        status = validate_pdf_signature(signature, signer_validation_context=context)
        subject = status.signing_cert.subject
        level = status.modification_level
        stamp = status.timestamp_validity
        reports.append(
            SignatureReport(
                field=signature.field_name,
                signer=_name_part(subject, "common_name") or subject.human_friendly,
                organisation=_name_part(subject, "organization_name"),
                signing_time=status.signer_reported_dt,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                modification="NONE" if level is None else level.name,
                changes_allowed=bool(status.docmdp_ok),
                certifying=signature.docmdp_level is not None,
                timestamp=None
                if stamp is None
                else ("trusted" if stamp.trusted else "untrusted" if stamp.valid else "invalid"),
            )
        )
    return reports

"""Verifying the signatures of a PDF: who signed (name and organisation from the certificate),
when, whether the signed bytes are intact, how the document changed after each signature
(pyHanko's difference analysis), and whether the signer's chain leads to a trusted root.

Nothing is fetched: trust is what the caller gives (the root certificates of the CA that issued
the keys, e.g. the government's VGCA root). Revocation is checked against what the PDF carries
(the validation data of a PAdES B-LT/B-LTA signature, in its DSS) and the CRLs the caller gives;
when there is neither, it is not checked (``revocation`` None), and nothing is asked online.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from vanban.errors import SigningError
from vanban.ky_so.validation import context


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
    None; of a document time-stamp, its own status."""
    timestamp_time: datetime | None = None
    """The time the time-stamping authority certifies (a signature time-stamp's, or a document
    time-stamp's), else None."""
    kind: str = "signature"
    """``signature``, or ``document_timestamp`` for a PAdES B-LTA document time-stamp (its
    "signer" is the time-stamping authority)."""
    revocation: str | None = None
    """Whether a certificate of the chain was revoked, when checked (the PDF carries validation
    data, or CRLs were given): ``good`` (none revoked), ``revoked`` (the signer's),
    ``ca_revoked`` (a CA's above it), or ``unknown`` (no revocation data for some certificate,
    or no trusted root to check against); None when not checked."""
    revocation_date: datetime | None = None
    """When the revoked certificate was revoked."""

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted (and not revoked), and changed after only as it allows."""
        return (
            self.intact
            and self.valid
            and self.trusted
            and self.changes_allowed
            and self.timestamp in (None, "trusted")
            and self.revocation in (None, "good")
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the times in ISO 8601)."""
        data = asdict(self)
        for name in ("signing_time", "timestamp_time", "revocation_date"):
            value = getattr(self, name)
            data[name] = None if value is None else value.isoformat()
        data["ok"] = self.ok
        return data


def _name_part(name: Any, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def verify(
    pdf: bytes, *, trust: Sequence[str | Path] = (), crls: Sequence[str | Path | bytes] = ()
) -> list[SignatureReport]:
    """Every signature (and document time-stamp) of ``pdf``, in signing order. ``trust``: root
    certificates (PEM or DER files); without them no signature is trusted. ``crls``: CRLs
    (files or bytes) to check revocation against, besides the validation data the PDF
    carries; with either, a certificate whose status they do not give is not trusted."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
        try:
            store: DocumentSecurityStore | None = DocumentSecurityStore.read_dss(reader)
        except NoDSSFoundError:
            store = None
    except SigningError:
        raise
    except Exception as error:  # pyHanko raises many kinds on a damaged file
        raise SigningError(f"not a readable PDF: {error}") from None
    checked = store is not None or bool(crls)
    validation = context(trust, crls, check_revocation=checked, embedded=store)
    return [_report(signature, validation, checked) for signature in embedded]


def _report(signature: Any, validation: ValidationContext, checked: bool) -> SignatureReport:
    if signature.sig_object_type == "/DocTimeStamp":
        document = validate_pdf_timestamp(signature, validation_context=validation)
        subject = document.signing_cert.subject
        level = document.modification_level
        return SignatureReport(
            field=signature.field_name,
            signer=_name_part(subject, "common_name") or subject.human_friendly,
            organisation=_name_part(subject, "organization_name"),
            signing_time=document.timestamp,
            intact=document.intact,
            valid=document.valid,
            trusted=document.trusted,
            modification="NONE" if level is None else level.name,
            # A document time-stamp has no permissions of its own: what follows it is judged
            # by the certifying signature (its own row); here, no more than form filling.
            changes_allowed=level is None or level <= ModificationLevel.FORM_FILLING,
            certifying=False,
            timestamp="trusted"
            if document.trusted
            else "untrusted"
            if document.valid
            else "invalid",
            timestamp_time=document.timestamp,
            kind="document_timestamp",
            revocation=_revocation(document, checked),
            revocation_date=_revoked_at(document),
        )
    status = validate_pdf_signature(signature, signer_validation_context=validation)
    subject = status.signing_cert.subject
    level = status.modification_level
    stamp = status.timestamp_validity
    return SignatureReport(
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
        timestamp_time=None if stamp is None else stamp.timestamp,
        revocation=_revocation(status, checked),
        revocation_date=_revoked_at(status),
    )


def _revocation(status: Any, checked: bool) -> str | None:
    details = status.revocation_details
    if details is not None:
        return "ca_revoked" if details.ca_revoked else "revoked"
    if not checked:
        return None
    return "good" if status.trusted else "unknown"


def _revoked_at(status: Any) -> datetime | None:
    details = status.revocation_details
    return None if details is None else details.revocation_date

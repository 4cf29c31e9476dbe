"""``vanban verify``, ``vanban sign`` and ``vanban issue``: the command line of
:mod:`vanban.ky_so`. pyHanko is imported only when one of them runs, so the rest of the command
works without the ``signing`` extra."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from datetime import date, timedelta, timezone
from pathlib import Path
from typing import Any

from vanban.errors import SigningError

VIETNAM = timezone(timedelta(hours=7))
"""Signing times are shown with Vietnam's offset, ISO 8601 (NĐ 30/2020, Phụ lục I, mục III.1.d)."""

_NEEDS = "vanban's signing needs pyHanko: pip install 'vanban[signing]'"


def _modules() -> Any:
    try:
        from vanban.ky_so import ky, verify
    except ImportError as error:
        raise SigningError(f"{_NEEDS} ({error})") from None
    # pyHanko logs every path it cannot build (an untrusted signer) with a traceback; the report
    # says it in one word.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    return ky, verify


def add_commands(commands: Any) -> None:
    """Add ``verify``, ``sign`` and ``issue`` to the command line's subcommands."""
    check = commands.add_parser(
        "verify",
        help="check the signatures of a PDF",
        description="Every signature of a PDF: signer (name and organisation from the "
        "certificate), signing time, whether the signed bytes are intact, how the document "
        "changed after it (pyHanko's difference analysis: NONE, FORM_FILLING … OTHER) and whether "
        "that is allowed, trust against the given roots. Exit 0 only when every signature is "
        "valid and trusted, 1 otherwise (or when the PDF has no signature).",
    )
    check.add_argument("pdf", type=Path, help="the signed PDF")
    check.add_argument(
        "--trust", type=Path, action="append", default=[], help="a root certificate (PEM or DER)"
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(run=_verify)

    signing = commands.add_parser(
        "sign",
        help="the signer's signature on a rendered PDF (ô 7c)",
        description="Sign a PDF vanban rendered, as the signer (người có thẩm quyền): the "
        "signature image centred between the title lines and the name (NĐ 30/2020, Phụ lục I, "
        "mục II.7.d); the signature certifies the document for form filling, so the number, "
        "date and seal can be added at issue.",
    )
    signing.add_argument("pdf", type=Path, help="the rendered PDF (a draft: blank number, date)")
    signing.add_argument("-o", "--output", type=Path, required=True, help="the signed PDF")
    _key_options(signing)
    signing.add_argument("--image", type=Path, help="the signature, a PNG, transparent background")
    signing.set_defaults(run=_sign)

    issuing = commands.add_parser(
        "issue",
        help="number, date and seal on a signed PDF (ô 8)",
        description="Issue a signed PDF (the văn thư's step): the number and date into their "
        "blanks, the body's signature with the seal at its real size over the left third of "
        "the signature (NĐ 30/2020, Phụ lục I, mục II.8.a).",
    )
    issuing.add_argument("pdf", type=Path, help="the PDF the signer signed")
    issuing.add_argument("-o", "--output", type=Path, required=True, help="the issued PDF")
    _key_options(issuing)
    issuing.add_argument(
        "--so", type=int, help="the number the register gave (a draft's blank; with --date)"
    )
    issuing.add_argument(
        "--date", type=date.fromisoformat, help="the date of issue, YYYY-MM-DD (with --so)"
    )
    issuing.add_argument("--seal", type=Path, help="the seal, a PNG, transparent background")
    issuing.add_argument("--diameter", type=float, help="the seal's real diameter in mm")
    issuing.set_defaults(run=_issue)


def _key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key", type=Path, required=True, help="the key, a PKCS#12 file")
    parser.add_argument(
        "--password-env",
        metavar="NAME",
        help="the environment variable holding the key's password (never on the command line)",
    )
    parser.add_argument("--tsa", help="a time-stamping authority's URL (PAdES B-T)")


def _password(args: argparse.Namespace) -> str | None:
    if args.password_env is None:
        return None
    value = os.environ.get(args.password_env)
    if value is None:
        raise SigningError(
            f"--password-env: the environment variable {args.password_env} is not set"
        )
    return value


def _write(path: Path, data: bytes, source: Path) -> None:
    """Atomically: a temporary file beside the target, then renamed; never over the input."""
    if path.resolve() == source.resolve():
        raise SigningError(f"{path}: the output would overwrite the input; name another file")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sign(args: argparse.Namespace) -> int:
    ky, _ = _modules()
    key = ky.Key.pkcs12(args.key, _password(args))
    signed = ky.sign(args.pdf.read_bytes(), key, hinh_chu_ky=args.image, tsa=args.tsa)
    _write(args.output, signed, args.pdf)
    print(args.output)
    return 0


def _issue(args: argparse.Namespace) -> int:
    ky, _ = _modules()
    key = ky.Key.pkcs12(args.key, _password(args))
    issued = ky.issue(
        args.pdf.read_bytes(),
        key,
        so=args.so,
        ngay=args.date,
        hinh_dau=args.seal,
        duong_kinh_mm=args.diameter,
        tsa=args.tsa,
    )
    _write(args.output, issued, args.pdf)
    print(args.output)
    return 0


def _verify(args: argparse.Namespace) -> int:
    _, checking = _modules()
    try:
        reports = checking.verify(args.pdf.read_bytes(), trust=args.trust)
    except SigningError as error:
        raise SigningError(f"{args.pdf}: {error}") from None
    if args.json:
        rows = [report.as_dict() for report in reports]
        for row, report in zip(rows, reports, strict=True):
            if report.signing_time is not None:
                row["signing_time"] = report.signing_time.astimezone(VIETNAM).isoformat()
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not reports:
        print(f"{args.pdf}: no signature")
    for number, report in enumerate(reports if not args.json else [], start=1):
        when = "?" if report.signing_time is None else report.signing_time.astimezone(VIETNAM)
        other = report.organisation not in (None, report.signer)
        who = report.signer + (f", {report.organisation}" if other else "")
        print(f"{number}. {report.field}: {who}")
        print(f"   signed: {when.isoformat() if not isinstance(when, str) else when}")
        print(
            f"   intact: {_yes(report.intact)}; valid: {_yes(report.valid)}; "
            f"trusted: {_yes(report.trusted)}"
        )
        allowed = "allowed" if report.changes_allowed else "NOT allowed"
        print(f"   changed after: {report.modification} ({allowed})")
        if report.timestamp is not None:
            print(f"   timestamp: {report.timestamp}")
        print(f"   => {'OK' if report.ok else 'NOT OK'}")
    return 0 if reports and all(report.ok for report in reports) else 1


def _yes(value: bool) -> str:
    return "yes" if value else "no"

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
from collections.abc import Iterator
from contextlib import contextmanager
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
        "that is allowed, trust against the given roots, the time-stamp, and revocation when the "
        "PDF carries validation data or --crl is given. Exit 0 only when every signature is "
        "valid, trusted and not revoked, 1 otherwise (or when the PDF has no signature).",
    )
    check.add_argument("pdf", type=Path, help="the signed PDF")
    check.add_argument(
        "--trust", type=Path, action="append", default=[], help="a root certificate (PEM or DER)"
    )
    check.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        help="a CA's CRL (DER or PEM) to check revocation against, besides the validation data "
        "the PDF carries (PAdES B-LT)",
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
    signing.add_argument(
        "--column",
        help="a document signed in columns (a Biên bản: THƯ KÝ, CHỦ TỌA …): the column this "
        "signer signs, by its title ('THƯ KÝ') or its number in reading order, 1 first",
    )
    signing.add_argument(
        "--copy",
        metavar="FORM",
        help="sign an electronic copy (Mẫu 3.2) as the copying body: sao-y, sao-luc or "
        "trich-sao; the box 'FORM; body; time' is written at the top right of page 1, 10 pt, "
        "and the signature shows no image (NĐ 30/2020, Phụ lục I, phần II, mục I.3)",
    )
    signing.add_argument(
        "--copier",
        help="with --copy: the copying body's name in the box (default: the organisation (O) "
        "of the key's certificate)",
    )
    signing.set_defaults(run=_sign)

    issuing = commands.add_parser(
        "issue",
        help="number, date and seal on a signed PDF (ô 8)",
        description="Issue a signed PDF (the văn thư's step): the number and date into their "
        "blanks, the body's signature with the seal at its real size over the left third of "
        "the signature (NĐ 30/2020, Phụ lục I, mục II.8.a). The number and date are given "
        "with --so and --date, or taken from the register at issue (--register with --data, "
        "the draft's data file the PDF was rendered from: the register numbers the document "
        "by its kind, body and series, Điều 15).",
    )
    issuing.add_argument("pdf", type=Path, help="the PDF the signer signed")
    issuing.add_argument("-o", "--output", type=Path, required=True, help="the issued PDF")
    _key_options(issuing)
    issuing.add_argument(
        "--so", type=int, help="the number the register gave (a draft's blank; with --date)"
    )
    issuing.add_argument(
        "--date",
        type=date.fromisoformat,
        help="the date of issue, YYYY-MM-DD (with --so; with --register, default today)",
    )
    issuing.add_argument(
        "--register",
        help="take the number and date from this register at issue (a file or a "
        "postgresql:// URL); needs --data",
    )
    issuing.add_argument(
        "--data",
        type=Path,
        help="with --register: the draft's data file (YAML/JSON) the PDF was rendered from",
    )
    issuing.add_argument("--series", help="with --register: the register's series")
    issuing.add_argument("--seal", type=Path, help="the seal, a PNG, transparent background")
    issuing.add_argument("--diameter", type=float, help="the seal's real diameter in mm")
    issuing.add_argument(
        "--attachment-of",
        type=Path,
        metavar="MAIN.pdf",
        help="issue PDF as a text attached in a file of its own (Mẫu 1.3 electronic, Mẫu 2.2) "
        "to this issued main document: the box 'Số: …; date; time' at the top right of page 1, "
        "10 pt, and the body's signature with no image (NĐ 30/2020, Phụ lục I, mục II.8.b)",
    )
    issuing.set_defaults(run=_issue)


def _key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key", type=Path, help="the key, a PKCS#12 file")
    parser.add_argument(
        "--password-env",
        metavar="NAME",
        help="the environment variable holding the key's password (never on the command line)",
    )
    parser.add_argument(
        "--pkcs11-lib",
        type=Path,
        metavar="PATH",
        help="instead of --key: a key on a PKCS#11 token (a USB token), through this module "
        "(the token vendor's .so/.dll); with --token-label, --key-label and --pin-env",
    )
    parser.add_argument("--token-label", help="with --pkcs11-lib: the token's label")
    parser.add_argument(
        "--key-label", help="with --pkcs11-lib: the key's (and certificate's) label"
    )
    parser.add_argument(
        "--pin-env",
        metavar="NAME",
        help="with --pkcs11-lib: the environment variable holding the token's user PIN",
    )
    parser.add_argument("--tsa", help="a time-stamping authority's URL (PAdES B-T)")
    parser.add_argument(
        "--level",
        choices=["B-B", "B-T", "B-LT", "B-LTA"],
        help="the PAdES baseline level (default B-B, B-T with --tsa); B-LT and B-LTA embed the "
        "validation data (with --tsa, --trust and --crl or --fetch)",
    )
    parser.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        help="with --level B-LT/B-LTA: the root certificate the signer's chain leads to",
    )
    parser.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        help="with --level B-LT/B-LTA: a CA's CRL to embed (DER or PEM)",
    )
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="with --level B-LT/B-LTA: fetch the revocation data from the CAs' servers "
        "(the CRL and OCSP addresses in the certificates)",
    )


def _password(args: argparse.Namespace) -> str | None:
    return _secret("--password-env", args.password_env)


def _secret(option: str, name: str | None) -> str | None:
    if name is None:
        return None
    value = os.environ.get(name)
    if value is None:
        raise SigningError(f"{option}: the environment variable {name} is not set")
    return value


@contextmanager
def _key(args: argparse.Namespace) -> Iterator[Any]:
    """The key the options name: a PKCS#12 file (``--key``) or a key on a PKCS#11 token
    (``--pkcs11-lib``, its session open while the ``with`` block lasts); one of them."""
    ky, _ = _modules()
    token = (args.token_label, args.key_label, args.pin_env)
    if (args.key is None) == (args.pkcs11_lib is None):
        raise SigningError("give the key: --key or --pkcs11-lib (one of them)")
    if args.key is not None:
        if any(value is not None for value in token):
            raise SigningError("--token-label, --key-label, --pin-env: options of --pkcs11-lib")
        yield ky.Key.pkcs12(args.key, _password(args))
        return
    if args.token_label is None or args.key_label is None:
        raise SigningError("--pkcs11-lib: give the token and the key (--token-label, --key-label)")
    from vanban.ky_so.khoa import pkcs11_key

    with pkcs11_key(
        args.pkcs11_lib,
        token_label=args.token_label,
        key_label=args.key_label,
        pin=_secret("--pin-env", args.pin_env),
    ) as key:
        yield key


def _target(path: Path, source: Path) -> None:
    """An output is never the input."""
    if path.resolve() == source.resolve():
        raise SigningError(f"{path}: the output would overwrite the input; name another file")


def _write(path: Path, data: bytes, source: Path) -> None:
    """Atomically: a temporary file beside the target, then renamed; never over the input."""
    _target(path, source)
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
    if args.copy is not None:
        return _sign_copy(args)
    if args.copier is not None:
        raise SigningError("--copier names the copying body of an electronic copy: give --copy")
    ky, _ = _modules()
    pdf = args.pdf.read_bytes()
    column = None if args.column is None else _column(pdf, args.column)
    with _key(args) as key:
        signed = ky.sign(pdf, key, hinh_chu_ky=args.image, cot=column, tsa=args.tsa, **_level(args))
    _write(args.output, signed, args.pdf)
    print(args.output)
    return 0


def _column(pdf: bytes, text: str) -> int | str:
    """``--column``: a title as it is, or a number counted from 1 as the command shows them,
    checked against the PDF's columns (Python's ``cot`` counts from 0)."""
    if not text.strip().isdigit():
        return text
    from vanban.ky_so.vi_tri import signature_places

    places = signature_places(pdf)
    number = int(text)
    if not 1 <= number <= len(places):
        titles = ", ".join(repr(place.title) for place in places)
        raise SigningError(
            f"--column {text}: the PDF has {len(places)} signature column(s) ({titles}), "
            "numbered from 1"
        )
    return number - 1


def _sign_copy(args: argparse.Namespace) -> int:
    """``vanban sign --copy``: an electronic copy's box, then the copying body's signature
    without an image (:func:`vanban.ky_so.kem_theo.sign_copy`)."""
    if args.image is not None or args.column is not None:
        raise SigningError(
            "--copy: the copying body's signature shows no image and has no column (NĐ 30/2020, "
            "Phụ lục I, phần II, mục I.3); leave out --image and --column"
        )
    from vanban.models.mau_3_1 import HinhThucSao

    form = HinhThucSao.parse(args.copy)
    if not isinstance(form, HinhThucSao):
        raise SigningError(f"--copy {args.copy}: a copy is sao-y, sao-luc or trich-sao")
    _font_installed()
    ky, _ = _modules()
    from vanban.ky_so import kem_theo

    key = ky.Key.pkcs12(args.key, _password(args))
    copier = args.copier or _organisation(key)
    _target(args.output, args.pdf)
    signed = kem_theo.sign_copy(
        kem_theo.read_pdf(args.pdf), key, hinh_thuc=form, co_quan=copier, tsa=args.tsa
    )
    _write(args.output, signed, args.pdf)
    print(args.output)
    return 0


def _font_installed() -> None:
    """The font vanban writes in (Times New Roman, or Liberation Serif), checked before a key is
    opened or a number taken: neither installed is a :class:`SigningError` saying what to
    install (:func:`vanban.ky_so.font.font_file`)."""
    _modules()
    from vanban.ky_so.font import font_file

    font_file(False)
    font_file(True)


def _organisation(key: Any) -> str:
    """The organisation (O) of the key's certificate: the copying body, by default."""
    name = key.signer.signing_cert.subject.native.get("organization_name")
    if isinstance(name, list):
        name = name[0] if name else None
    if not name:
        raise SigningError(
            "--copier: the key's certificate names no organisation (O); give the copying body"
        )
    return str(name)


def _issue_attachment(args: argparse.Namespace) -> int:
    """``vanban issue --attachment-of``: the box with the main document's number and issue
    time, then the body's signature without an image
    (:func:`vanban.ky_so.kem_theo.issue_attachment`)."""
    given = [
        option
        for option, value in (
            ("--so", args.so),
            ("--date", args.date),
            ("--register", args.register),
            ("--data", args.data),
            ("--series", args.series),
            ("--seal", args.seal),
            ("--diameter", args.diameter),
        )
        if value is not None
    ]
    if given:
        raise SigningError(
            f"--attachment-of: {', '.join(given)} not taken; an attached text carries the main "
            "document's number and time in its box, and no seal image (NĐ 30/2020, Phụ lục I, "
            "mục II.8.b)"
        )
    _font_installed()
    ky, _ = _modules()
    from vanban.ky_so import kem_theo

    key = ky.Key.pkcs12(args.key, _password(args))
    _target(args.output, args.pdf)
    try:
        main = kem_theo.ban_hanh(kem_theo.read_pdf(args.attachment_of))
    except SigningError as error:
        raise SigningError(f"--attachment-of {args.attachment_of}: {error}") from None
    issued = kem_theo.issue_attachment(kem_theo.read_pdf(args.pdf), key, of=main, tsa=args.tsa)
    _write(args.output, issued, args.pdf)
    print(f"{args.output}  (kèm theo {main.so_ky_hieu})")
    return 0


def _issue(args: argparse.Namespace) -> int:
    if args.attachment_of is not None:
        return _issue_attachment(args)
    if args.register is not None:
        return _issue_from_register(args)
    if args.data is not None or args.series is not None:
        raise SigningError("--data and --series take the number from a register: give --register")
    ky, _ = _modules()
    with _key(args) as key:
        issued = ky.issue(
            args.pdf.read_bytes(),
            key,
            so=args.so,
            ngay=args.date,
            hinh_dau=args.seal,
            duong_kinh_mm=args.diameter,
            tsa=args.tsa,
            **_level(args),
        )
    _write(args.output, issued, args.pdf)
    print(args.output)
    return 0


def _level(args: argparse.Namespace) -> dict[str, Any]:
    return {"level": args.level, "trust": args.trust, "crls": args.crl, "fetch": args.fetch}


def _issue_from_register(args: argparse.Namespace) -> int:
    """``vanban issue --register``: the register numbers the draft (as ``vanban register issue``
    does), and the PDF is issued with that number and date. Everything that can be checked is
    checked before a number is taken (the key, the seal, the PDF signed and not issued, the data
    file the PDF's own: its ký hiệu is the one printed after the number's blank); a number taken
    for a PDF that then cannot be issued or written is cancelled in the register with the
    reason, never left as if a document had it (Điều 15.1)."""
    if args.so is not None:
        raise SigningError("--so: the register gives the number at issue; leave out --so")
    if args.data is None:
        raise SigningError(
            "--register: the register numbers a document by its kind, body and series; give "
            "the draft's data file the PDF was rendered from (--data)"
        )
    ky, _ = _modules()
    with _key(args) as key:
        return _issue_numbered(args, ky, key)


def _issue_numbered(args: argparse.Namespace, ky: Any, key: Any) -> int:
    from vanban import load
    from vanban.errors import VanBanError
    from vanban.ky_so.vi_tri import blanks
    from vanban.register import Register
    from vanban.text.dates import ngay_ngan

    ky.seal_style(args.seal, args.diameter)
    _target(args.output, args.pdf)
    pdf = args.pdf.read_bytes()
    needs = ky.issuable(pdf)
    if needs:
        _font_installed()  # before the number is taken: the number and date are written in it
    document = load(args.data)
    if document.du_thao and not needs:
        raise SigningError(
            f"--data {args.data}: a draft, but {args.pdf} was rendered with its number and date "
            "(it has no blanks to fill); give the data it was rendered from"
        )
    for blank in blanks(pdf):
        printed = (blank.after.split() or [""])[0]
        if blank.kind == "so" and printed != f"/{document.ky_hieu}":
            raise SigningError(
                f"--data {args.data}: its ký hiệu {document.ky_hieu!r} is not the PDF's "
                f"({printed!r} after the number's blank on page {blank.page + 1}); give the data "
                "file the PDF was rendered from"
            )
    with Register(args.register) as register:
        numbered = register.issue(document, ngay=args.date, series=args.series)
        assert numbered.so is not None and numbered.ngay is not None
        try:
            issued = ky.issue(
                pdf,
                key,
                so=numbered.so if "so" in needs else None,
                ngay=numbered.ngay if "ngay" in needs else None,
                hinh_dau=args.seal,
                duong_kinh_mm=args.diameter,
                tsa=args.tsa,
                **_level(args),
            )
            _write(args.output, issued, args.pdf)
        except (VanBanError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            register.cancel(
                numbered.ten_so_ky_hieu,
                nam=numbered.ngay.year,
                ly_do=f"không ban hành được: {reason}",
            )
            raise SigningError(
                f"{numbered.ten_so_ky_hieu} was issued in the register, then the PDF could not "
                f"be ({reason}); the number is cancelled in the register"
            ) from None
    print(
        f"{args.output}  ({numbered.loai.ten} số {numbered.ten_so_ky_hieu} ngày "
        f"{ngay_ngan(numbered.ngay)}, vào sổ đăng ký)"
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    _, checking = _modules()
    try:
        reports = checking.verify(args.pdf.read_bytes(), trust=args.trust, crls=args.crl)
    except SigningError as error:
        raise SigningError(f"{args.pdf}: {error}") from None
    if args.json:
        rows = [report.as_dict() for report in reports]
        for row, report in zip(rows, reports, strict=True):
            for name in ("signing_time", "timestamp_time", "revocation_date"):
                value = getattr(report, name)
                if value is not None:
                    row[name] = value.astimezone(VIETNAM).isoformat()
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not reports:
        print(f"{args.pdf}: no signature")
    for number, report in enumerate(reports if not args.json else [], start=1):
        when = "?" if report.signing_time is None else report.signing_time.astimezone(VIETNAM)
        other = report.organisation not in (None, report.signer)
        who = report.signer + (f", {report.organisation}" if other else "")
        kind = " (document time-stamp)" if report.kind == "document_timestamp" else ""
        print(f"{number}. {report.field}{kind}: {who}")
        print(f"   signed: {when.isoformat() if not isinstance(when, str) else when}")
        print(
            f"   intact: {_yes(report.intact)}; valid: {_yes(report.valid)}; "
            f"trusted: {_yes(report.trusted)}"
        )
        allowed = "allowed" if report.changes_allowed else "NOT allowed"
        print(f"   changed after: {report.modification} ({allowed})")
        if report.timestamp is not None:
            stamped = report.timestamp_time
            at = "" if stamped is None else f", {stamped.astimezone(VIETNAM).isoformat()}"
            print(f"   timestamp: {report.timestamp}{at}")
        if report.revocation is not None:
            print(f"   revocation: {_revocation(report)}")
        print(f"   => {'OK' if report.ok else 'NOT OK'}")
    return 0 if reports and all(report.ok for report in reports) else 1


def _revocation(report: Any) -> str:
    """The revocation line: whose certificate was revoked, and when (the Vietnamese words as a
    validator in an office reads them)."""
    when = report.revocation_date
    at = "" if when is None else f" on {when.astimezone(VIETNAM).isoformat()}"
    if report.revocation == "revoked":
        return f"REVOKED{at}: the signer's certificate đã bị thu hồi"
    if report.revocation == "ca_revoked":
        return f"REVOKED{at}: a CA certificate of the chain đã bị thu hồi"
    if report.revocation == "unknown":
        return "unknown: no revocation data for some certificate of the chain, or no trusted root"
    return "good (not revoked)"


def _yes(value: bool) -> str:
    return "yes" if value else "no"

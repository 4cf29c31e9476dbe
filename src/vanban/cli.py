"""The ``vanban`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from calendar import monthrange
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vanban.errors import VanBanError
from vanban.lich import LichLamViec
from vanban.models.loading import kind_of, load
from vanban.periods import KINDS, KyBaoCao
from vanban.render import get_template, render
from vanban.text.dates import ngay_ngan

if TYPE_CHECKING:
    from vanban.pdf import PdfReport


def _render(args: argparse.Namespace) -> int:
    inputs: list[Path] = args.data
    out: Path | None = None if args.output is None else Path(args.output)
    # One input and an output ending in .docx names the file; anything else is a directory.
    many = out is not None and (len(inputs) > 1 or out.suffix.lower() != ".docx")
    failed = 0
    written: list[Path] = []
    for data in inputs:
        if out is None:
            target = data.with_suffix(".docx")
        elif many:
            target = out / f"{data.stem}.docx"
        else:
            target = out
        try:
            document = load(data)
            saved = render(document, template=args.template).save(target)
        except VanBanError as error:  # its message names the file where it is the file's fault
            failed += 1
            where = "" if str(error).startswith(str(data)) else f"{data}: "
            print(f"vanban: {where}{error}", file=sys.stderr)
            continue
        except OSError as error:
            failed += 1
            print(f"vanban: {data}: {error}", file=sys.stderr)
            continue
        print(f"{saved}  ({document.loai.ten} số {document.so_ky_hieu})")
        written.append(saved)
    if args.pdf and written:
        failed += _convert(written, None, pdfa=False)
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    try:
        cls = kind_of(args.kind)
    except ValueError as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    print(json.dumps(cls.json_schema(), ensure_ascii=False, indent=2))
    return 0


def _period(args: argparse.Namespace) -> int:
    try:
        periods = list(KyBaoCao.cac_ky(args.year, args.kind, ngay_chot=args.cut_off))
        lich = LichLamViec.from_file(args.calendar) if args.calendar else LichLamViec()
        for period in periods:
            last = period.den_ngay
            day = min(args.deadline, monthrange(last.year, last.month)[1])  # 31 -> end of month
            deadline = period.han_gui(day, lich=lich, lui_ngay_nghi=True)
            print(f"{period.ten_ngan:<24} {period.khoang:<42} hạn gửi {ngay_ngan(deadline)}")
    except (ValueError, VanBanError) as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    return 0


def _workdays(args: argparse.Namespace) -> int:
    try:
        lich = LichLamViec.from_file(args.calendar) if args.calendar else LichLamViec()
        if args.action == "add":
            print(lich.add_working_days(_date(args.start), _count(args.n)).isoformat())
        elif args.action == "between":
            print(lich.working_days_between(_date(args.start), _date(args.n)))
        else:
            try:
                received = datetime.fromisoformat(args.start)
            except ValueError:
                raise ValueError(
                    f"{args.start!r} is not a date and time (YYYY-MM-DDTHH:MM)"
                ) from None
            print(lich.han_giai_quyet(received, _count(args.n)).isoformat())
    except (ValueError, VanBanError) as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number of working days") from None


def _batch(args: argparse.Namespace) -> int:
    from vanban.batch import DEFAULT_NAME, batch

    show = sys.stderr.isatty()
    last = [0.0]

    def progress(written: int, failed: int) -> None:
        now = time.monotonic()
        if show and now - last[0] > 0.2:
            last[0] = now
            print(f"\r{written} written, {failed} failed", end="", file=sys.stderr, flush=True)

    try:
        report = batch(
            args.template,
            args.data,
            args.output,
            name=args.name or DEFAULT_NAME,
            kind=args.kind,
            workers=args.workers,
            ascii_names=args.ascii_names,
            progress=progress,
        )
    except (VanBanError, ValueError, OSError) as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    if show:
        print("\r", end="", file=sys.stderr)
    print(report.summary())
    failed = 0
    if args.pdf:
        documents = sorted(Path(args.output).glob("*.docx"))
        failed = _convert(documents, None, pdfa=False)
    return 0 if report.ok and not failed else 1


def _convert(
    documents: list[Path], out_dir: Path | None, *, pdfa: bool, timeout: float = 120.0
) -> int:
    """Convert to PDF with one warm LibreOffice; print each PDF, name each failure; count failures."""
    return len(_convert_report(documents, out_dir, pdfa=pdfa, timeout=timeout).failed)


def _convert_report(
    documents: list[Path], out_dir: Path | None, *, pdfa: bool, timeout: float = 120.0
) -> PdfReport:
    """Like :func:`_convert`, returning the report (the PDFs made, in input order)."""
    from vanban.pdf import PdfConverter

    with PdfConverter(timeout=timeout) as converter:
        report = converter.convert_many(documents, out_dir, pdfa=pdfa)
    for pdf in report.converted:
        print(pdf)
    for path, reason in report.failed:
        print(f"vanban: {path}: PDF failed: {reason}", file=sys.stderr)
    if report.restarts:
        times = "once" if report.restarts == 1 else f"{report.restarts} times"
        print(f"vanban: LibreOffice was restarted {times} during this run", file=sys.stderr)
    return report


def _pdf(args: argparse.Namespace) -> int:
    from vanban.pdf import PdfError, gop_pdf, pdf_targets

    files = [Path(f) for f in args.files]
    out = Path(args.output) if args.output else None
    try:
        targets = pdf_targets(files, out)  # two inputs to one PDF: refused before any is written
        if args.merge:
            merged = Path(args.merge)
            for source, target in zip(files, targets, strict=True):
                if _same_file(merged, target) or _same_file(merged, source):
                    what = "is" if _same_file(merged, source) else "is also where"
                    raise PdfError(
                        f"--merge {merged} {what} {source}"
                        f"{'' if what == 'is' else ' is converted to'}; choose another name "
                        "for the merged file (nothing was converted)"
                    )
        report = _convert_report(files, out, pdfa=args.pdfa, timeout=args.timeout)
        if args.merge and report.converted:
            print(gop_pdf(report.converted, args.merge))  # exactly this run's PDFs, input order
        elif args.merge:
            print(f"vanban: {args.merge} not written: no PDF was made", file=sys.stderr)
    except VanBanError as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    return 1 if report.failed else 0


def _same_file(one: Path, two: Path) -> bool:
    """Whether two paths name one file (without regard to case, as on Windows and macOS)."""

    def key(path: Path) -> str:
        return os.path.normcase(str(path.resolve())).casefold()

    return key(one) == key(two)


def _template(args: argparse.Namespace) -> int:
    try:
        template = get_template(args.template)
    except (VanBanError, ValueError, OSError) as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    for name in template.variables:
        print(name)
    return 0


def _cut_off(value: str) -> int | None:
    return None if value in ("lich", "calendar") else int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Vietnamese administrative documents (NĐ 30/2020/NĐ-CP) from data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    render_cmd = commands.add_parser(
        "render", help="render YAML/JSON documents to .docx", description="Render documents."
    )
    render_cmd.add_argument("data", nargs="+", type=Path, help="document data (.yaml, .json)")
    render_cmd.add_argument("-t", "--template", help="a .docx template (default: built-in)")
    render_cmd.add_argument(
        "-o", "--output", help="output .docx file, or a directory (created if needed)"
    )
    render_cmd.add_argument("--pdf", action="store_true", help="also write a PDF beside each .docx")
    render_cmd.set_defaults(run=_render)

    schema_cmd = commands.add_parser(
        "schema", help="print a document kind's JSON Schema", description="Print a JSON Schema."
    )
    schema_cmd.add_argument("kind", help="ke_hoach, bao_cao")
    schema_cmd.set_defaults(run=_schema)

    period_cmd = commands.add_parser(
        "period",
        help="print a year's reporting periods, windows and deadlines (NĐ 09/2019)",
        description="Every reporting period of a year with its data window (NĐ 09/2019, Điều 12) "
        "and its deadline, moved back to a working day when it falls on a rest day.",
    )
    period_cmd.add_argument("year", type=int)
    period_cmd.add_argument("--kind", choices=KINDS)
    period_cmd.add_argument(
        "--deadline", type=int, default=15, help="day of the last month (default 15; ND09: 25)"
    )
    period_cmd.add_argument(
        "--cut-off",
        type=_cut_off,
        default=14,
        help="cut-off day (default 14), or 'lich' for calendar months",
    )
    period_cmd.add_argument("--calendar", help="TOML/YAML file of extra days off and working days")
    period_cmd.set_defaults(run=_period)

    workdays_cmd = commands.add_parser(
        "workdays",
        help="working-day arithmetic: add, between, due",
        description="add DATE N: the day N working days after DATE (the start day not counted); "
        "between DATE DATE: working days after the first up to the second; due DATETIME N: the due "
        "date of a procedure of N working days received at DATETIME (after 15:00 counts from the "
        "next working day).",
    )
    workdays_cmd.add_argument("action", choices=["add", "between", "due"])
    workdays_cmd.add_argument("start", help="YYYY-MM-DD (due: YYYY-MM-DDTHH:MM)")
    workdays_cmd.add_argument("n", help="a number of working days (between: YYYY-MM-DD)")
    workdays_cmd.add_argument(
        "--calendar", help="TOML/YAML file of extra days off and working days"
    )
    workdays_cmd.set_defaults(run=_workdays)

    batch_cmd = commands.add_parser(
        "batch",
        help="one document per row of a data file, in parallel",
        description="Render TEMPLATE once per row of DATA (CSV, XLSX, JSON, JSON Lines, YAML) into "
        "OUTDIR. Bad rows are listed in OUTDIR/errors.csv and never stop the others; the exit "
        "status is 1 when any row failed.",
    )
    batch_cmd.add_argument("template", help="a .docx template or a built-in name (ke_hoach)")
    batch_cmd.add_argument("data", help="the rows: .csv, .xlsx, .json, .jsonl, .yaml")
    batch_cmd.add_argument("-o", "--output", required=True, help="output directory")
    batch_cmd.add_argument("--name", help="file name pattern, e.g. '{so}-{ho_ten}.docx'")
    batch_cmd.add_argument(
        "--kind", help="validate each row as this document kind (ke_hoach, bao_cao)"
    )
    batch_cmd.add_argument("--workers", type=int, help="processes (default: CPU count; 1: none)")
    batch_cmd.add_argument("--ascii-names", action="store_true", help="fold file names to ASCII")
    batch_cmd.add_argument("--pdf", action="store_true", help="also convert every document to PDF")
    batch_cmd.set_defaults(run=_batch)

    pdf_cmd = commands.add_parser(
        "pdf",
        help=".docx to PDF with one warm LibreOffice",
        description="Convert .docx files to PDF with one LibreOffice kept warm; a file that fails is "
        "named and the others go on (exit status 1 when any failed).",
    )
    pdf_cmd.add_argument("files", nargs="+", help=".docx files")
    pdf_cmd.add_argument("-o", "--output", help="output directory (default: beside each file)")
    pdf_cmd.add_argument("--merge", help="also merge the PDFs into this file, one bookmark each")
    pdf_cmd.add_argument("--pdfa", action="store_true", help="PDF/A-2b")
    pdf_cmd.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per file (default 120)"
    )
    pdf_cmd.set_defaults(run=_pdf)

    template_cmd = commands.add_parser("template", help="inspect a template")
    template_sub = template_cmd.add_subparsers(dest="template_command", required=True)
    vars_cmd = template_sub.add_parser("vars", help="the variables a template uses")
    vars_cmd.add_argument("template", help="a .docx template or a built-in name")
    vars_cmd.set_defaults(run=_template)
    return parser


def _format_warning(message: Warning | str, *args: object, **kwargs: object) -> str:
    return f"vanban: {message}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vanban`` command; returns the exit code."""
    warnings.formatwarning = _format_warning
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""The ``vanban`` command line."""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import sys
import time
import warnings
from calendar import monthrange
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from vanban import __version__
from vanban.ban_sao_command import add_command as add_copy_command
from vanban.data_files import DataFileError, load_yaml, read_data
from vanban.errors import Problem, RegisterError, ValidationError, VanBanError
from vanban.filenames import safe_filename
from vanban.kiem_tra.command import add_command as add_check_command
from vanban.ky_so.command import add_commands as add_signing_commands
from vanban.lich import LichLamViec
from vanban.loai import LoaiVanBan
from vanban.metadata.command import add_command as add_metadata_command
from vanban.models.kinds import KINDS
from vanban.models.loading import MODELLED, from_dict, kind_of, load
from vanban.models.mau_1_2 import QuyetDinh
from vanban.models.van_ban import VanBan
from vanban.periods import KINDS as PERIOD_KINDS
from vanban.periods import KhiNghi, KyBaoCao
from vanban.render import Rendered, get_template, kem_theo_path, render
from vanban.text.dates import ngay_ngan, parse_ngay, thu

if TYPE_CHECKING:
    from concurrent.futures import Future

    from vanban.batching import BatchReport
    from vanban.pdf import PdfPool, PdfReport
    from vanban.register import Register


def _render(args: argparse.Namespace) -> int:
    inputs: list[Path] = args.data
    out: Path | None = None if args.output is None else Path(args.output)
    # One input and an output ending in .docx names the file; anything else is a directory.
    many = out is not None and (len(inputs) > 1 or out.suffix.lower() != ".docx")
    if inputs.count(STDIN) > 1:
        print("vanban: '-' (standard input) can be read only once", file=sys.stderr)
        return 2
    if STDIN in inputs and out is None:
        print(
            "vanban: a document read from standard input ('-') needs -o FILE.docx or -o DIR",
            file=sys.stderr,
        )
        return 2
    failed = 0
    planned: list[tuple[Path, VanBan, Path]] = []  # every input's document and target, first
    for data in inputs:
        try:
            document = _load_input(data)
            if out is None:
                target = data.with_suffix(".docx")
            elif not many:
                target = out
            elif data == STDIN:  # named from the document: 49/KH-UBND -> 49-KH-UBND.docx
                target = out / safe_filename(document.ten_so_ky_hieu)
            else:
                target = out / f"{data.stem}.docx"
        except VanBanError as error:  # its message names the file where it is the file's fault
            failed += 1
            where = "" if str(error).startswith(_shown(data)) else f"{_shown(data)}: "
            print(f"vanban: {where}{said(error)}", file=sys.stderr)
            continue
        except (OSError, ValueError) as error:
            failed += 1
            print(f"vanban: {_shown(data)}: {_reason(error)}", file=sys.stderr)
            continue
        planned.append((data, document, target))
    separate = bool(args.kem_theo_rieng)
    clash = _clashes(
        [
            (data, path)
            for data, document, target in planned
            for path in _targets(document, target, separate)
        ],
        inputs,
    )
    if clash:
        print(f"vanban: {clash}; nothing was written", file=sys.stderr)
        return 2
    if (args.date or args.series) and not args.register:
        print("vanban: --date and --series number documents: give --register too", file=sys.stderr)
        return 2
    register = _open_register(args.register) if args.register else None
    written: list[Path] = []
    try:
        for data, document, target in planned:
            try:
                if register is None:
                    rendered = render(document, template=args.template, kem_theo_rieng=separate)
                    saved = rendered.save(target)
                else:
                    document, rendered, saved = _issue_and_save(
                        register, document, data, target, many, args, separate
                    )
            except VanBanError as error:
                failed += 1
                where = "" if str(error).startswith(_shown(data)) else f"{_shown(data)}: "
                print(f"vanban: {where}{said(error)}", file=sys.stderr)
                continue
            except OSError as error:
                failed += 1
                print(f"vanban: {os_message(error, data)}", file=sys.stderr)
                continue
            if document.du_thao:  # numbered and dated at issue (NĐ 30/2020, Điều 15.2-15.3)
                print(f"{saved}  ({document.loai.ten}, dự thảo chưa cấp số: …/{document.ky_hieu})")
            elif register is not None:
                assert document.ngay is not None
                print(
                    f"{saved}  ({document.loai.ten} số {document.ten_so_ky_hieu} ngày "
                    f"{ngay_ngan(document.ngay)}, vào sổ đăng ký)"
                )
            else:
                print(f"{saved}  ({document.loai.ten} số {document.ten_so_ky_hieu})")
            written.append(saved)
            if rendered.kem_theo is not None:  # Mẫu 1.3's attached text, a file of its own
                attached = kem_theo_path(saved)
                print(f"{attached}  ({_kem_theo_label(document)})")
                written.append(attached)
    finally:
        if register is not None:
            register.close()
    if args.pdf and written:
        failed += _convert(written, None, pdfa=False)
    return 1 if failed else 0


def _issue_and_save(
    register: Register,
    document: VanBan,
    data: Path,
    target: Path,
    many: bool,
    args: argparse.Namespace,
    separate: bool,
) -> tuple[VanBan, Rendered, Path]:
    """Number ``document`` in ``register`` and save it: the number is taken only once the draft
    renders (a template error costs no number); if the numbered document then cannot be saved,
    its number is cancelled with the reason, never left as if a document had it (Điều 15.1)."""
    render(document, template=args.template, kem_theo_rieng=separate)  # it renders: then issue
    numbered = register.issue(document, ngay=args.date, series=args.series)
    if data == STDIN and many:  # named from its new number: 01/KH-UBND -> 01-KH-UBND.docx
        target = target.parent / safe_filename(numbered.ten_so_ky_hieu)
    try:
        rendered = render(numbered, template=args.template, kem_theo_rieng=separate)
        return numbered, rendered, rendered.save(target)
    except (VanBanError, OSError) as error:
        assert numbered.ngay is not None
        reason = os_message(error, target) if isinstance(error, OSError) else str(error)
        register.cancel(
            numbered.ten_so_ky_hieu, nam=numbered.ngay.year, ly_do=f"không lưu được: {reason}"
        )
        raise VanBanError(
            f"{numbered.ten_so_ky_hieu} was issued, then could not be saved ({reason}); the "
            "number is cancelled in the register"
        ) from None


STDIN = Path("-")
"""``vanban render -``: the document comes from standard input (YAML or JSON)."""


def _shown(data: Path) -> str:
    return "<stdin>" if data == STDIN else str(data)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _load_input(data: Path) -> VanBan:
    """The document of one input: a YAML/JSON file, or standard input for '-'."""
    if data != STDIN:
        return load(data)
    text = sys.stdin.buffer.read().decode("utf-8-sig")
    try:
        parsed = json.loads(text) if text.lstrip().startswith(("{", "[")) else None
    except json.JSONDecodeError:
        parsed = None  # YAML's flow style also starts with "{"
    if parsed is None:
        try:
            parsed = load_yaml(text)
        except yaml.YAMLError as error:
            raise ValidationError("<stdin>", [Problem("", f"cannot be parsed: {error}")]) from None
    return from_dict(parsed, source="<stdin>")


def _targets(document: VanBan, target: Path, separate: bool) -> list[Path]:
    """The files one input writes: its .docx, and with ``--kem-theo-rieng`` a Quyết định's
    attached text beside it (Mẫu 1.3)."""
    if separate and isinstance(document, QuyetDinh) and document.ban_hanh_kem_theo is not None:
        return [target, kem_theo_path(target)]
    return [target]


def _kem_theo_label(document: VanBan) -> str:
    """ "Kế hoạch kèm theo Quyết định số 18/QĐ-UBND" for the CLI's line of the attached file."""
    assert isinstance(document, QuyetDinh) and document.ban_hanh_kem_theo is not None
    kind = document.ban_hanh_kem_theo.loai.ten
    if document.du_thao:
        return f"{kind} kèm theo {document.loai.ten} dự thảo chưa cấp số: …/{document.ky_hieu}"
    return f"{kind} kèm theo {document.loai.ten} số {document.ten_so_ky_hieu}"


def _clashes(planned: list[tuple[Path, Path]], inputs: list[Path]) -> str | None:
    """Two inputs that would write one file, or an output that is an input: say which."""
    sources = {_identity(p): p for p in inputs if p != STDIN}
    seen: dict[str, Path] = {}
    for data, target in planned:
        key = _identity(target)
        if key in sources:
            return f"{_shown(data)} would be written over the input {sources[key]}"
        if key in seen:
            return (
                f"{seen[key]} and {_shown(data)} would both be written to {target}; "
                "render them into different folders, or rename one"
            )
        seen[key] = data
    return None


def _identity(path: Path) -> str:
    """A path as the file system sees it: resolved, and case-folded (Windows and macOS ignore case)."""
    return os.path.realpath(path).casefold()  # realpath, unlike resolve, accepts a loop of links


def _schema(args: argparse.Namespace) -> int:
    try:
        cls = kind_of(args.kind)
    except ValueError as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    print(json.dumps(cls.json_schema(), ensure_ascii=False, indent=2))
    return 0


def kinds_table() -> list[str]:
    """The lines of ``vanban kinds``: each of NĐ 30's 29 kinds (Điều 7), its abbreviation (Phụ lục
    III, mục I), its sample layout (Phụ lục III, mục II) and the class that models it, if any."""
    rows = [("kind", "abbr", "Mẫu", "model")]
    for loai in LoaiVanBan:
        model = KINDS.get(loai)
        if model is not None:
            status = model.__name__
        elif loai.mau:
            status = "not modelled yet"
        else:
            status = "not modelled yet (no sample layout)"
        rows.append((loai.value, loai.viet_tat or "-", ", ".join(loai.mau) or "-", status))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]


def _kinds(args: argparse.Namespace) -> int:
    print("\n".join(kinds_table()))
    return 0


def _period(args: argparse.Namespace) -> int:
    try:
        periods = list(KyBaoCao.cac_ky(args.year, args.kind, ngay_chot=args.cut_off))
        lich = _calendar(args.calendar)
        khi_nghi: KhiNghi = "truoc" if args.earlier_on_day_off else "sau"
        for period in periods:
            last = period.den_ngay
            day = min(args.deadline, monthrange(last.year, last.month)[1])  # 31 -> end of month
            deadline = period.han_gui(day, lich=lich, khi_nghi=khi_nghi)
            line = f"{period.ten_ngan:<24} {period.khoang:<42} hạn gửi {ngay_ngan(deadline)}"
            nominal = date(last.year, last.month, day)
            if deadline != nominal:  # moved off a day off: say from which day, and why
                why = ", ".join(lich.ngay_le(nominal)) or thu(nominal)
                line += f" ({ngay_ngan(nominal)}: {why})"
            print(line)
    except (ValueError, VanBanError) as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    return 0


def _workdays(args: argparse.Namespace) -> int:
    try:
        lich = _calendar(args.calendar)
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


def _calendar(path: Path | None) -> LichLamViec:
    """The working-day calendar, with the days of ``--calendar`` when given (checked by the
    parser: it exists and is a file)."""
    return LichLamViec.from_file(path) if path is not None else LichLamViec()


def _date(text: str) -> date:
    """A date on the command line, read as in data files: 2022-02-10 or 10/02/2022."""
    return parse_ngay(text)


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number of working days") from None


def _chung(path: Path) -> dict[str, Any]:
    """The data every row of a batch shares, from ``--chung``: a mapping of fields."""
    chung = read_data(path)
    if not isinstance(chung, dict):
        raise DataFileError(
            path, f"holds a {type(chung).__name__}; --chung needs the fields every row shares"
        )
    return chung


def _batch(args: argparse.Namespace) -> int:
    from vanban.batching import DEFAULT_NAME, BatchInterrupted, batch

    show = sys.stderr.isatty()
    last = [0.0]

    def progress(done: int, failed: int) -> None:
        now = time.monotonic()
        if show and now - last[0] > 0.2:
            last[0] = now
            print(f"\r{done} done, {failed} failed", end="", file=sys.stderr, flush=True)

    if args.register is None and (args.numbering or args.date or args.series):
        print(
            "vanban: --numbering, --date and --series number documents: give --register too",
            file=sys.stderr,
        )
        return 2
    if args.register is not None and args.numbering is None:
        print(
            "vanban: --register: say how the batch is numbered: --numbering row (a number per "
            "row) or --numbering batch (one number for the whole batch)",
            file=sys.stderr,
        )
        return 2
    pool: PdfPool | None = None
    pending: list[tuple[Path, Future[Path]]] = []

    def convert(document: Path) -> None:  # each document to the pool as soon as it is written
        assert pool is not None
        pending.append((document, pool.submit(document)))

    register = _open_register(args.register) if args.register is not None else None
    stopped = True  # until the batch returns: then the pool is closed after its last PDF
    try:
        chung = _chung(args.chung) if args.chung is not None else None
        if args.pdf:
            pool = _pdf_pool()  # LibreOffice starts while the first rows render
        report = batch(
            args.template,
            args.data,
            args.output,
            name=args.name or DEFAULT_NAME,
            kind=args.kind,
            workers=args.workers,
            ascii_names=args.ascii_names,
            resume=args.resume,
            progress=progress,
            register=register,
            durable=not args.no_fsync,
            numbering=args.numbering,
            ngay=args.date,
            series=args.series,
            on_document=convert if pool is not None else None,
            chung=chung,
        )
        stopped = False
    except BatchInterrupted as stop:
        if show:
            print("\r\033[K", end="", file=sys.stderr)
        print(stop.report.summary())
        _print_numbers(stop.report)
        rest = (
            "make the rest as a new batch of the rows that are missing"
            if register is not None  # --resume would number the made rows again
            else "run the same command with --resume to make the rest"
        )
        print(f"vanban: interrupted; the documents above are complete — {rest}", file=sys.stderr)
        return 130
    except (VanBanError, ValueError, OSError) as error:
        if show:
            print("\r\033[K", end="", file=sys.stderr)
        print(f"vanban: {said(error)}", file=sys.stderr)
        return 2
    finally:
        if register is not None:
            register.close()
        if pool is not None and stopped:
            pool.close()  # conversions not started yet are dropped; --resume makes them
    if show:
        print("\r\033[K", end="", file=sys.stderr)
    print(report.summary())
    _print_numbers(report)
    failed = 0
    if pool is not None:
        with pool:
            failed = len(
                _print_pdfs(_gather(pool, sorted(pending, key=lambda item: item[0]))).failed
            )
    return 0 if report.ok and not failed else 1


def _print_numbers(report: BatchReport) -> None:
    """The numbers a batch issued (first … last) and those it cancelled, each named."""
    if len(report.numbers) == 1:
        print(f"số {report.numbers[0]} vào sổ đăng ký")
    elif report.numbers:
        print(
            f"{len(report.numbers)} số vào sổ đăng ký: {report.numbers[0]} … {report.numbers[-1]}"
        )
    if report.cancelled:
        print(
            f"vanban: {len(report.cancelled)} số đã hủy trong sổ (dòng không tạo được văn bản): "
            + ", ".join(report.cancelled),
            file=sys.stderr,
        )


def _workers(text: str) -> int:
    """``--workers``: a whole number, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} is not 1 or more (1: no extra processes)")
    return count


def _convert(
    documents: list[Path], out_dir: Path | None, *, pdfa: bool, timeout: float = 120.0
) -> int:
    """Convert to PDF with a pool of warm LibreOffice instances; print each PDF, name each
    failure; count failures."""
    return len(_convert_report(documents, out_dir, pdfa=pdfa, timeout=timeout).failed)


def _convert_report(
    documents: list[Path], out_dir: Path | None, *, pdfa: bool, timeout: float = 120.0
) -> PdfReport:
    """Like :func:`_convert`, returning the report (the PDFs made, in input order)."""
    with _pdf_pool(len(documents), timeout=timeout) as pool:
        report = pool.convert_many(documents, out_dir, pdfa=pdfa)
    return _print_pdfs(report)


def _pdf_pool(files: int | None = None, *, timeout: float = 120.0) -> PdfPool:
    """A pool of warm LibreOffice instances: one per core, never more than there are files."""
    from vanban.pdf import PdfPool

    cores = os.cpu_count() or 1
    return PdfPool(min(cores, max(files, 1)) if files is not None else cores, timeout=timeout)


def _gather(pool: PdfPool, pending: list[tuple[Path, Future[Path]]]) -> PdfReport:
    """Wait for the pool's conversions; the report lists them in the order given."""
    from vanban.pdf import PdfError, PdfReport

    report = PdfReport()
    for document, future in pending:
        try:
            report.converted.append(future.result())
        except PdfError as error:
            report.failed.append((document, str(error)))
    report.restarts = pool.restarts
    return report


def _print_pdfs(report: PdfReport) -> PdfReport:
    """Print each PDF made, name each failure and say when LibreOffice was restarted."""
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


def os_message(error: OSError, path: object = None) -> str:
    """``path: reason`` for a file the system refused: ``kh.yaml: No such file or directory``."""
    # A failed rename names vanban's temporary file first and the user's target second.
    named = error.filename2 if error.filename2 is not None else error.filename
    where = named if named is not None else path
    reason = error.strerror or str(error)
    return f"{where}: {reason}" if where is not None else reason


def _input_file(text: str) -> Path:
    """An input file given on the command line: it exists and is not a directory (checked before
    any work starts, so a typo never costs a LibreOffice start or half a batch)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty file name")
    path = Path(text)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), text)
        if path.is_file() or not path.exists():
            path.open("rb").close()  # missing, unreadable, a loop of links: the system says why
    except OSError as error:
        raise argparse.ArgumentTypeError(os_message(error, text)) from None
    return path


# --- vanban register: numbering and the outgoing register (NĐ 30/2020, Điều 15, 16) ------------


def _open_register(where: str) -> Register:
    """The register at ``where`` (a file, or a postgresql:// URL); RegisterError if it is none."""
    from vanban.register import Register

    return Register(where)


def _register_init(args: argparse.Namespace) -> int:
    from vanban.register import Register
    from vanban.register.config import load_config

    co_quan, series = load_config(args.settings)
    with Register.create(args.register, co_quan=co_quan, series=series) as register:
        names = ", ".join(
            f"{name} ({rule.ten})" if rule.ten else name
            for name, rule in sorted(register.series_rules().items())
        )
        print(f"{args.register}: sổ đăng ký văn bản đi của {co_quan.ten}; series: {names}")
    return 0


def _register_issue(args: argparse.Namespace) -> int:
    document = load(args.document)
    with _open_register(args.register) as register:
        numbered = register.issue(
            document,
            ngay=args.date,
            series=args.series,
            allow_earlier=args.allow_earlier,
            so_ban=args.copies,
            reserved=args.reserved,
        )
        print(_issued(register, numbered))
    return 0


def _issued(register: Register, numbered: VanBan) -> str:
    """``01/KH-UBND  05/01/2022  chung``: what issue gave, and in which series."""
    assert numbered.ngay is not None
    row = register.find(numbered.ten_so_ky_hieu, nam=numbered.ngay.year)
    series = f"  {row.series}" if row is not None else ""
    return f"{numbered.ten_so_ky_hieu}  {ngay_ngan(numbered.ngay)}{series}"


def _register_reserve(args: argparse.Namespace) -> int:
    with _open_register(args.register) as register:
        row = register.reserve(series=args.series, ngay=args.date, ghi_chu=args.note)
        assert row.ngay is not None
        print(f"{row.so_ky_hieu}  {ngay_ngan(row.ngay)}  {row.series}  ({row.trang_thai.ten})")
    return 0


def _register_mark(args: argparse.Namespace) -> int:
    with _open_register(args.register) as register:
        if args.register_command == "cancel":
            row = register.cancel(
                args.so_ky_hieu, nam=args.year, ly_do=args.reason, series=args.series
            )
        else:
            row = register.recall(
                args.so_ky_hieu, nam=args.year, ly_do=args.reason, series=args.series
            )
        print(f"{row.so_ky_hieu}  {row.nam}  {row.series}  {row.ghi_chu}")
    return 0


def _register_update(args: argparse.Namespace) -> int:
    with _open_register(args.register) as register:
        row = register.update(
            args.so_ky_hieu,
            nam=args.year,
            series=args.series,
            so_luong_ban=args.copies,
            ngay_chuyen=args.sent,
            ky_nhan=args.receipt,
            ghi_chu=args.note,
        )
    columns = (
        ("Số lượng bản", "" if row.so_luong_ban is None else str(row.so_luong_ban)),
        ("Ngày chuyển", "" if row.ngay_chuyen is None else ngay_ngan(row.ngay_chuyen)),
        ("Ký nhận", row.ky_nhan),
        ("Ghi chú", row.ghi_chu),
    )
    shown = " | ".join(f"{name}: {value}" for name, value in columns if value)
    print(f"{row.so_ky_hieu}  {row.nam}  {row.series}  {shown}")
    return 0


def _register_close_year(args: argparse.Namespace) -> int:
    with _open_register(args.register) as register:
        closed = register.close_year(args.year)
    if closed:
        print(
            f"{args.year}: closed — the register takes no new number dated in it "
            "(its book printed and bound: NĐ 30/2020, Điều 16.2.b)"
        )
    else:
        print(f"{args.year}: already closed")
    return 0


def _register_list(args: argparse.Namespace) -> int:
    from vanban.register.book import ghi_chu
    from vanban.register.core import today

    year = args.year if args.year is not None else today().year
    with _open_register(args.register) as register:
        rows = register.rows(year, args.series)
    table = [("series", "số, ký hiệu", "ngày", "trạng thái", "tên loại và trích yếu", "ghi chú")]
    for row in rows:
        day = ngay_ngan(row.ngay) if row.ngay is not None else ""
        table.append(
            (
                row.series,
                row.so_ky_hieu,
                day,
                row.trang_thai.ten,
                row.ten_loai_trich_yeu,
                ghi_chu(row),
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(5)]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line[:5], widths, strict=True)]
        print("  ".join([*cells, line[5]]).rstrip())
    if not rows:
        print(f"(no number in {year}{f' in series {args.series}' if args.series else ''})")
    return 0


def _register_export(args: argparse.Namespace) -> int:
    from vanban.register.book import export_register

    with _open_register(args.register) as register:
        out = export_register(
            register,
            args.year,
            args.output,
            quyen_so=args.volume,
            series=args.series,
            overwrite=args.overwrite,
        )
    print(out)
    return 0


def _cut_off(value: str) -> int | None:
    return None if value in ("lich", "calendar") else int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Vietnamese administrative documents (NĐ 30/2020/NĐ-CP) from data.",
    )
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    render_cmd = commands.add_parser(
        "render",
        help="render YAML/JSON documents to .docx",
        description="Render documents. Each FILE.yaml becomes FILE.docx beside it, or in -o DIR. "
        "'-' reads one document (YAML or JSON) from standard input; it needs -o FILE.docx, or -o "
        "DIR to name it from its số ký hiệu (49/KH-UBND -> DIR/49-KH-UBND.docx). Two inputs that "
        "would write one file, or an output that is an input, are refused before anything is "
        "written.",
    )
    render_cmd.add_argument(
        "data", nargs="+", type=Path, help="document data (.yaml, .json), or - for standard input"
    )
    render_cmd.add_argument("-t", "--template", help="a .docx template (default: built-in)")
    render_cmd.add_argument(
        "-o", "--output", help="output .docx file, or a directory (created if needed)"
    )
    render_cmd.add_argument("--pdf", action="store_true", help="also write a PDF beside each .docx")
    render_cmd.add_argument(
        "--kem-theo-rieng",
        action="store_true",
        help="a Quyết định's attached text (Mẫu 1.3) in a file of its own, FILE-kem-theo.docx "
        "beside FILE.docx, instead of after the decision in the same file",
    )
    render_cmd.add_argument(
        "--register",
        help="number each document at issue in this register (a file or a postgresql:// URL): "
        "a draft takes the next number of its series, a numbered one is registered with its own",
    )
    _issue_options(render_cmd)
    render_cmd.set_defaults(run=_render)

    schema_cmd = commands.add_parser(
        "schema", help="print a document kind's JSON Schema", description="Print a JSON Schema."
    )
    schema_cmd.add_argument("kind", help=", ".join(k.value for k in MODELLED))
    schema_cmd.set_defaults(run=_schema)

    kinds_cmd = commands.add_parser(
        "kinds",
        help="list NĐ 30's 29 document kinds: abbreviation, Mẫu, model",
        description="Every kind of NĐ 30/2020, Điều 7: its slug (loai in data files), its "
        "abbreviation (Phụ lục III, mục I), its sample layout (Mẫu of Phụ lục III) and the class "
        "that models it, or 'not modelled yet'.",
    )
    kinds_cmd.set_defaults(run=_kinds)

    add_metadata_command(commands)  # vanban metadata FILE [--json|--xml]: Phụ lục VI
    add_copy_command(commands)  # vanban copy ORIGINAL.docx: a bản sao (Mẫu 3.1)
    add_signing_commands(commands)  # vanban verify / sign / issue: vanban.ky_so (pyHanko)
    add_check_command(commands)  # vanban check FILE.docx…: NĐ 30 rules (vanban.kiem_tra)

    period_cmd = commands.add_parser(
        "period",
        help="print a year's reporting periods, windows and deadlines (NĐ 09/2019)",
        description="Every reporting period of a year with its data window (NĐ 09/2019, Điều 12) "
        "and its deadline; a deadline on a day off moves to the next working day (Bộ luật Dân sự "
        "2015, Điều 148.5), and the day it was moved from is shown.",
    )
    period_cmd.add_argument("year", type=int)
    period_cmd.add_argument("--kind", choices=PERIOD_KINDS)
    period_cmd.add_argument(
        "--deadline", type=int, default=15, help="day of the last month (default 15; ND09: 25)"
    )
    period_cmd.add_argument(
        "--cut-off",
        type=_cut_off,
        default=14,
        help="cut-off day (default 14), or 'lich' for calendar months",
    )
    period_cmd.add_argument(
        "--earlier-on-day-off",
        action="store_true",
        help="move a deadline on a day off to the working day before, only where the reporting "
        "regime says so (default: the next working day, Bộ luật Dân sự 2015, Điều 148.5)",
    )
    period_cmd.add_argument(
        "--calendar",
        type=_input_file,
        help="TOML/YAML file of extra days off and working days",
    )
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
    workdays_cmd.add_argument("start", help="YYYY-MM-DD or DD/MM/YYYY (due: YYYY-MM-DDTHH:MM)")
    workdays_cmd.add_argument(
        "n", help="a number of working days (between: YYYY-MM-DD or DD/MM/YYYY)"
    )
    workdays_cmd.add_argument(
        "--calendar",
        type=_input_file,
        help="TOML/YAML file of extra days off and working days",
    )
    workdays_cmd.set_defaults(run=_workdays)

    batch_cmd = commands.add_parser(
        "batch",
        help="one document per row of a data file, in parallel",
        description="Render TEMPLATE once per row of DATA (CSV, XLSX, JSON, JSON Lines, YAML) into "
        "OUTDIR. Bad rows are listed in OUTDIR/errors.csv and never stop the others; the exit "
        "status is 1 when any row failed, 2 when the batch cannot start (OUTDIR in use by another "
        "batch, a bad data file or name pattern), 130 when interrupted (Ctrl-C, SIGTERM): then "
        "--resume makes the rest.",
    )
    batch_cmd.add_argument("template", help="a .docx template or a built-in name (ke_hoach)")
    batch_cmd.add_argument(
        "data", type=_input_file, help="the rows: .csv, .xlsx, .json, .jsonl, .yaml"
    )
    batch_cmd.add_argument("-o", "--output", required=True, help="output directory")
    batch_cmd.add_argument(
        "--chung",
        type=_input_file,
        help="a YAML or JSON file of the data every row shares (the meeting of an invitation); "
        "each row's own columns are laid over it",
    )
    batch_cmd.add_argument(
        "--name",
        help="file name pattern: {field}, {co_quan.ten}, {_stt:05d} (row number, zero-padded), "
        "e.g. '{so}-{ho_ten}.docx'",
    )
    batch_cmd.add_argument(
        "--kind", help="validate each row as this document kind (ke_hoach, to_trinh: vanban kinds)"
    )
    batch_cmd.add_argument(
        "--workers", type=_workers, help="processes (default: CPU count; 1: none)"
    )
    batch_cmd.add_argument(
        "--resume",
        action="store_true",
        help="keep the documents an earlier, interrupted run completed; make only the rest",
    )
    batch_cmd.add_argument(
        "--no-fsync",
        action="store_true",
        help="do not fsync each document (faster; after a power cut run the batch again)",
    )
    batch_cmd.add_argument("--ascii-names", action="store_true", help="fold file names to ASCII")
    batch_cmd.add_argument("--pdf", action="store_true", help="also convert every document to PDF")
    batch_cmd.add_argument(
        "--register",
        help="number the documents at issue in this register (a file or a postgresql:// URL); "
        "needs --kind and --numbering",
    )
    batch_cmd.add_argument(
        "--numbering",
        choices=["row", "batch"],
        help="with --register: 'row' gives each row the next number of its series; 'batch' "
        "gives the whole batch one number (one document, a copy per recipient)",
    )
    _issue_options(batch_cmd)
    batch_cmd.set_defaults(run=_batch)

    pdf_cmd = commands.add_parser(
        "pdf",
        help=".docx to PDF with warm LibreOffice instances",
        description="Convert .docx files to PDF with LibreOffice kept warm, one instance per core "
        "converting at once; a file that fails is named and the others go on (exit status 1 when "
        "any failed).",
    )
    pdf_cmd.add_argument("files", nargs="+", type=_input_file, help=".docx files")
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
    _register_parser(commands)
    return parser


_WHERE = "the register: a file (so.db) or a postgresql:// URL"


def _register_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_cmd = commands.add_parser(
        "register",
        help="numbering and the outgoing register (Sổ đăng ký văn bản đi)",
        description="Give documents the next number of their series and keep the Sổ đăng ký văn "
        "bản đi (NĐ 30/2020, Điều 15, 16): create a register, issue, reserve, cancel and recall "
        "numbers, fill in a line after issue, list a year, print the register book (Phụ lục "
        "IV), close a year.",
    )
    sub = register_cmd.add_subparsers(dest="register_command", required=True)

    init = sub.add_parser(
        "init",
        help="create a register",
        description="Create a new register for the body of SETTINGS (a YAML/JSON file with "
        "co_quan and, optionally, series; a document's data file also gives its co_quan). An "
        "existing register or file is never written over.",
    )
    init.add_argument("register", help=_WHERE)
    init.add_argument("settings", type=_input_file, help="co_quan (and series): .yaml or .json")
    init.set_defaults(run=_register_init)

    issue = sub.add_parser(
        "issue",
        help="number a document and write its line in the register",
        description="Give DOCUMENT (a draft: so and ngay left blank) the next number of its "
        "series, dated --date (default: today in Vietnam), and write its register line; a "
        "document that has its number is registered with it, unless the year has it already. "
        "Prints the số ký hiệu, the date and the series.",
    )
    issue.add_argument("register", help=_WHERE)
    issue.add_argument("document", type=_input_file, help="the document's data (.yaml, .json)")
    _issue_options(issue)
    issue.add_argument(
        "--allow-earlier",
        action="store_true",
        help="accept a date earlier than the series' last one (noted in Ghi chú)",
    )
    issue.add_argument("--copies", type=_positive, help="Số lượng bản (column 7)")
    issue.add_argument("--reserved", type=_positive, help="issue on this number, reserved earlier")
    issue.set_defaults(run=_register_issue)

    reserve = sub.add_parser(
        "reserve",
        help="take the next number for a document to come",
        description="Reserve (giữ số) the next number of a series, dated --date (default today): "
        "issue a document on it later with issue --reserved N, or cancel it.",
    )
    reserve.add_argument("register", help=_WHERE)
    _issue_options(reserve)
    reserve.add_argument("--note", default="", help="Ghi chú: what the number is kept for")
    reserve.set_defaults(run=_register_reserve)

    for name, verb, why in (
        ("cancel", "cancel a number", "a cancelled number stays in the register, marked, and is "
         "never given again (Điều 15.1)"),
        ("recall", "mark a document recalled (thu hồi)", "it keeps its number and line, marked, "
         "and its line is frozen (Phụ lục VI, I.III.8)"),
    ):  # fmt: skip
        mark = sub.add_parser(name, help=verb, description=f"{verb[0].upper()}{verb[1:]}: {why}.")
        mark.add_argument("register", help=_WHERE)
        mark.add_argument("so_ky_hieu", help="05/QĐ-UBND (a reserved number alone: 05)")
        mark.add_argument("--year", type=int, required=True, help="the number's year")
        mark.add_argument("--reason", required=True, help="why (written in Ghi chú)")
        mark.add_argument("--series", help="the series, for a number in two")
        mark.set_defaults(run=_register_mark)

    update = sub.add_parser(
        "update",
        help="fill in columns 7–10 after issue: copies, date sent, receipts, notes",
        description="Write what the văn thư records after issue in a line of the register "
        "(Phụ lục IV, columns 7–10): --copies replaces Số lượng bản; --sent sets Ngày chuyển (not "
        "before the document's date: Điều 18.1); --receipt and --note are added after what Ký "
        "nhận and Ghi chú already hold, never over it. The number, the dates and the số ký hiệu "
        "stay as issued; a recalled document's line is frozen (Phụ lục VI, I.III.8); a reserved "
        "or cancelled number takes --note only.",
    )
    update.add_argument("register", help=_WHERE)
    update.add_argument("so_ky_hieu", help="05/QĐ-UBND (a reserved number alone: 05)")
    update.add_argument("--year", type=int, required=True, help="the number's year")
    update.add_argument("--series", help="the series, for a number in two")
    update.add_argument("--copies", type=_whole, help="Số lượng bản (column 7), 1 or more")
    update.add_argument(
        "--sent", type=_date_arg, help="Ngày chuyển (column 8): YYYY-MM-DD or DD/MM/YYYY"
    )
    update.add_argument("--receipt", help="Ký nhận (column 9): who signed for the document")
    update.add_argument("--note", help="Ghi chú (column 10): a note, added after the others")
    update.set_defaults(run=_register_update)

    close_year = sub.add_parser(
        "close-year",
        help="close a year whose book is printed and bound",
        description="Close a year once its register book is printed and bound (NĐ 30/2020, Điều "
        "16.2.b): no new number is taken in it afterwards, and issuing or reserving with a date "
        "in it is refused. Closing a closed year changes nothing.",
    )
    close_year.add_argument("register", help=_WHERE)
    close_year.add_argument("--year", type=int, required=True, help="the year to close")
    close_year.set_defaults(run=_register_close_year)

    listing = sub.add_parser(
        "list",
        help="the register's lines of a year",
        description="Every number of the year (default: this year), series by series, with its "
        "state: Đã cấp, Giữ số, Đã hủy, Đã thu hồi.",
    )
    listing.add_argument("register", help=_WHERE)
    listing.add_argument("--year", type=int, help="default: this year (Vietnam's time)")
    listing.add_argument("--series", help="one series only")
    listing.set_defaults(run=_register_list)

    export = sub.add_parser(
        "export",
        help="print the register book (.docx, .pdf, .xlsx)",
        description="The register book of a year (NĐ 30/2020, Điều 16.2.b; Phụ lục IV): its "
        "cover and first page, then the ten columns, a book per series. The extension of -o "
        "picks the format: .docx, .pdf (through LibreOffice), .xlsx (a sheet per book). An "
        "existing file is not written over without --overwrite.",
    )
    export.add_argument("register", help=_WHERE)
    export.add_argument("--year", type=int, required=True, help="the year of the book")
    export.add_argument(
        "--series",
        help="one series only (default: each with a number, but the secret series only by name)",
    )
    export.add_argument("--volume", type=_positive, default=1, help="Quyển số (default 1)")
    export.add_argument("-o", "--output", required=True, help="so.docx, so.pdf or so.xlsx")
    export.add_argument("--overwrite", action="store_true", help="replace an existing file")
    export.set_defaults(run=_register_export)


def _issue_options(parser: argparse.ArgumentParser) -> None:
    """--date and --series, as issue, reserve, render and batch take them."""
    parser.add_argument(
        "--date", type=_date_arg, help="the issue date, YYYY-MM-DD or DD/MM/YYYY (default: today)"
    )
    parser.add_argument("--series", help="the series (default: the one its rules give)")


def _date_arg(text: str) -> date:
    try:
        return _date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _whole(text: str) -> int:
    """A whole number; its range is the register's to check (its message names the rule)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _positive(text: str) -> int:
    """A whole number, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} is not 1 or more")
    return count


def _format_warning(message: Warning | str, *args: object, **kwargs: object) -> str:
    return f"vanban: {message}\n"


EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` reports when its reader stops early


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vanban`` command; returns the exit code.

    0: done; 1: some files or rows failed (each named); 2: bad input (``vanban: <file>: <why>`` on
    stderr, never a traceback); 130: interrupted; 141: the reader of the output stopped early
    (``vanban schema ke_hoach | head``), quietly.
    """
    warnings.formatwarning = _format_warning
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        print(f"vanban: {os_message(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except VanBanError as error:
        print(f"vanban: {said(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


def said(error: BaseException) -> str:
    """An error as the command says it: a register's names the command's flags and commands
    (``--allow-earlier``, ``vanban register init``) where Python's would name its arguments
    (:attr:`RegisterError.command_line`)."""
    return error.command_line if isinstance(error, RegisterError) else str(error)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush does not fail again (Python docs,
    "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (captured in tests): nothing will flush to the pipe


if __name__ == "__main__":
    sys.exit(main())

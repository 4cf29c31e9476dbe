"""Many documents from rows of data, in parallel, without losing a row or leaving half a file.

The calling process reads the rows, names each from a pattern (names unique in the batch) and
hands them out; a worker checks each row (as a document kind's model when one is given, for
characters XML cannot store otherwise), renders it and writes it atomically. Rows whose name or
number needs the checked document (``so_ky_hieu`` in the name, a register numbering them in row
order) are checked in the calling process instead. A bad row never stops the others: the :class:`BatchReport` lists each failed row with
its number, field and reason, and writes them to ``errors.csv``. Work runs on a process pool by
default, or on any ``concurrent.futures.Executor`` (a Dask cluster's ``client.get_executor()``);
rows are read as a stream and only a bounded number of chunks is in flight, so memory stays flat
however long the input is.

A batch holds a lock on its output folder for as long as it runs, so a second batch into the same
folder is refused instead of replacing the first one's files. Interrupted (Ctrl-C, SIGTERM) it
stops cleanly: nothing more is started, the chunks already running finish, temporary files are
removed, and :class:`BatchInterrupted` carries the report; ``resume=True`` then makes only the
documents that are missing. The pool's workers die with the batch, even when it is killed.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import signal
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures import CancelledError as FutureCancelled
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal

from vanban.errors import (
    FilterError,
    MissingVariablesError,
    RegisterError,
    UnstorableCharacterError,
    ValidationError,
    VanBanError,
)
from vanban.filenames import NamePattern, PatternError, UniqueNames, safe_filename
from vanban.models.loading import kind_of
from vanban.models.van_ban import VanBan
from vanban.processes import worker_started
from vanban.render import TEMP_PREFIX, atomic_write, document_properties, get_template
from vanban.render.context import build_context
from vanban.rows import BadRow, Rows, overlay, read_rows

if TYPE_CHECKING:
    from vanban.register import Register

DEFAULT_NAME = "{_stt:05d}.docx"
CHUNK = 16
"""Rows per task: large enough to hide the cost of sending work to a process."""
LOCK_NAME = f"{TEMP_PREFIX}batch.lock"
"""The lock file a running batch holds in its output folder."""
ERRORS_CSV = "errors.csv"

_WRITTEN = 0
_SKIPPED = 1
_Failure = tuple[int, str, str]
"""(row, field, reason)"""
_Result = int | tuple[_Failure, ...]
"""What a worker says of one row: written, skipped (already complete), or why it failed."""


class BatchError(VanBanError, ValueError):
    """A batch that cannot start: a folder in use, a bad name pattern, a bad worker count."""


@dataclass(frozen=True)
class RowFailure:
    """One failed row: its number (1 = the first data row), the field at fault, the reason."""

    row: int
    field: str
    reason: str


@dataclass
class BatchReport:
    """What a batch did."""

    out_dir: Path
    written: int = 0
    failed: list[RowFailure] = field(default_factory=list)
    seconds: float = 0.0
    errors_csv: Path | None = None
    skipped: int = 0
    """Documents already complete in the folder and kept as they were (``resume=True``)."""
    interrupted: bool = False
    numbers: list[str] = field(default_factory=list)
    """With a register: the numbers the batch's documents were issued with, in row order (one
    for ``numbering="batch"``)."""
    cancelled: list[str] = field(default_factory=list)
    """With a register: numbers taken for rows that made no document, cancelled in the register
    with the reason (a number is never reused, nor left as if a document had it: Điều 15.1)."""

    @property
    def ok(self) -> bool:
        """Whether every row became a document (or already was one) and nothing stopped the run."""
        return not self.failed and not self.interrupted

    @property
    def total(self) -> int:
        """Rows seen: written, skipped and failed."""
        return self.written + self.skipped + len({f.row for f in self.failed})

    def summary(self) -> str:
        """One line: "120 written, 2 failed (see OUT/errors.csv) in 1.4 s (86 docs/s)"."""
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        failed = len({f.row for f in self.failed})
        where = f" (see {self.errors_csv})" if self.errors_csv else ""
        skipped = f", {self.skipped} skipped (already complete)" if self.skipped else ""
        return (
            f"{self.written} written{skipped}, {failed} failed{where} "
            f"in {self.seconds:.1f} s ({rate:.0f} docs/s)"
        )


class BatchInterrupted(KeyboardInterrupt):
    """A batch stopped by Ctrl-C or SIGTERM, after it finished cleanly; ``report`` says what it did.

    It is a ``KeyboardInterrupt``, so code that stops on Ctrl-C still stops.
    """

    def __init__(self, report: BatchReport) -> None:
        super().__init__(f"batch interrupted: {report.summary()}")
        self.report = report


@dataclass(frozen=True)
class _Job:
    row: int
    target: str
    data: Mapping[str, Any] | VanBan
    """The row as read, checked by the worker; or its document, checked (and numbered) here."""


def batch(
    template: str | os.PathLike[str],
    rows: Iterable[Mapping[str, Any] | BadRow] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    name: str = DEFAULT_NAME,
    kind: str | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    ascii_names: bool = False,
    resume: bool = False,
    progress: Callable[[int, int], None] | None = None,
    register: Register | None = None,
    numbering: Literal["row", "batch"] | None = None,
    ngay: date | None = None,
    series: str | None = None,
    on_document: Callable[[Path], None] | None = None,
    chung: Mapping[str, Any] | None = None,
    durable: bool = True,
) -> BatchReport:
    """Render one document per row of ``rows`` with ``template`` into ``out_dir``.

    ``template`` is a path or a built-in name (workers load it themselves). ``rows`` is an
    iterable of mappings or a data file (CSV, XLSX, JSON, JSON Lines, YAML). ``name`` is a pattern
    (:class:`vanban.filenames.NamePattern`) over the row's fields plus ``_stt`` (the row number)
    and, with ``kind``, ``so_ky_hieu``; a field the header (or the first row) lacks is refused
    before any row runs. With ``kind`` ("ke_hoach", "bao_cao") each row is validated as that
    document first. ``workers`` sets the process pool's size (default: the CPU count; 1 renders in
    this process); ``executor`` runs the work instead on any ``concurrent.futures.Executor``.
    ``chung`` is the data every row shares (one meeting's invitation, each row a guest): each row
    is laid over it (:func:`vanban.rows.overlay`: a row's value replaces the shared one, mappings
    merge key by key), and the name pattern may use its fields too.
    ``durable=False`` skips each document's fsync (:func:`vanban.render.atomic_write`), for a
    batch that can simply be run again after a power cut; documents are still written whole or
    not at all.
    ``resume=True`` keeps the documents a previous run of the same batch completed and makes
    only the others. ``progress(done, failed)`` is called as rows finish; ``on_document(path)``
    is called in this process with each document as soon as it is complete in the folder (written
    by this run, or kept by ``resume``): ``vanban batch --pdf`` hands it to a
    :class:`~vanban.pdf.PdfPool` there, so PDFs are made while the batch goes on.

    With a ``register`` (and ``kind``) the documents are numbered at issue, in this process, in row
    order (NĐ 30/2020, Điều 15): ``numbering="row"`` gives each row the next number of its series,
    ``numbering="batch"`` gives the whole batch one number (one document sent to many: each row a
    copy for its recipient; at the end its register row's Số lượng bản is the number of copies
    made, Điều 17.1.a) — the choice is the caller's, there is no default. ``ngay`` is the issue
    date (default today in Vietnam), ``series`` a series other than the one the rules give. A
    number whose row made no document (the row failed, the batch was stopped) is cancelled in the
    register with the reason (:attr:`BatchReport.cancelled`). ``resume`` is refused with a register:
    it would number the rows made by the first run again.

    Raises :class:`BatchError` when the batch cannot start (``out_dir`` in use by another batch,
    a bad name pattern or worker count), :class:`BatchInterrupted` (with the report) after a clean
    stop on Ctrl-C or, when called from the main thread, SIGTERM.
    """
    started = time.perf_counter()
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise BatchError(f"workers must be 1 or more, not {workers!r}")
    pattern = _pattern(name)
    if chung is not None and not isinstance(chung, Mapping):
        raise BatchError(
            f"the shared data (chung) must be a mapping of fields, not {type(chung).__name__}"
        )
    source = str(template)
    get_template(source)  # fail early, with the template's own error, before any row is read
    model = kind_of(kind) if kind is not None else None
    numbers = _numbering(register, numbering, model, resume, ngay, series)
    extra = {"_stt"} | ({"so_ky_hieu"} if model is not None else set()) | set(chung or {})
    data = _checked_rows(rows, pattern, extra)
    if chung:
        shared = dict(chung)
        data = (r if isinstance(r, BadRow) else overlay(shared, r) for r in data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BatchReport(out)
    names = UniqueNames()
    broken = False
    with _FolderLock(out), _SigtermStops() as sigterm:
        (out / ERRORS_CSV).unlink(missing_ok=True)  # an earlier run's; this run writes its own
        try:
            jobs = _jobs(data, out, pattern, model, ascii_names, names, report, numbers)
            _run(
                source,
                kind,
                jobs,
                report,
                workers,
                executor,
                resume,
                progress,
                on_document,
                durable,
            )
        except KeyboardInterrupt:
            report.interrupted = True
        except BrokenProcessPool:  # a worker was killed: by a signal to the group, or the system
            broken = True
        finally:
            sigterm.disarm()  # from here on nothing interrupts the clean-up
            _sweep(out, names)
            if numbers is not None:
                numbers.settle(report)
            report.failed.sort(key=lambda f: f.row)
            report.seconds = time.perf_counter() - started
            if report.failed:
                report.errors_csv = _write_errors(out, report.failed)
    if broken and not sigterm.received:
        raise BatchError(
            f"a worker process died (killed, or out of memory?); {report.summary()}; the "
            "documents made are complete: run again with resume to make the rest"
        )
    if report.interrupted or broken:
        report.interrupted = True
        raise BatchInterrupted(report)
    return report


def _numbering(
    register: Register | None,
    numbering: str | None,
    model: Any,
    resume: bool,
    ngay: date | None,
    series: str | None,
) -> _Numbers | None:
    """The batch's numbering, after checking that what was asked makes sense."""
    if register is None:
        if numbering is not None or ngay is not None or series is not None:
            raise BatchError("numbering, ngay and series number documents in a register: give one")
        return None
    if numbering not in ("row", "batch"):
        raise BatchError(
            f"numbering={numbering!r}: say how the batch is numbered — 'row' (a number per row) "
            "or 'batch' (one number for the whole batch)"
        )
    if model is None:
        raise BatchError(
            "a register numbers documents: give the rows' kind (kind='ke_hoach'; --kind ke_hoach)"
        )
    if resume:
        raise BatchError(
            "resume with a register would number again the rows the first run made; run the "
            "rest as a new batch of the rows that are missing"
        )
    return _Numbers(register, numbering, ngay, series)


@dataclass
class _Issued:
    row: int
    so_ky_hieu: str
    nam: int
    target: str | None = None


class _Numbers:
    """Numbers given as the rows are read (NĐ 30/2020, Điều 15): a number per row, or the first
    valid row's for every row; and, at the end, the numbers of rows that made no document
    cancelled with the reason."""

    def __init__(
        self, register: Register, mode: str, ngay: date | None, series: str | None
    ) -> None:
        self.register = register
        self.mode = mode
        self.ngay = ngay
        self.series = series
        self.issued: list[_Issued] = []
        self.first: VanBan | None = None
        self.started = time.time_ns()

    def number(self, row: int, document: VanBan) -> VanBan:
        """The row's document, numbered."""
        first = self.first
        if self.mode == "row" or first is None:
            numbered = self.register.issue(document, ngay=self.ngay, series=self.series)
            assert numbered.ngay is not None
            self.issued.append(_Issued(row, numbered.ten_so_ky_hieu, numbered.ngay.year))
            if self.mode == "batch":
                self.first = numbered
            return numbered
        if document.so is not None and (document.so, document.ngay) != (first.so, first.ngay):
            raise RegisterError(
                f"so: {document.ten_so_ky_hieu} — this batch gives every row one number, "
                f"{first.ten_so_ky_hieu}: leave so and ngay blank"
            )
        if (document.ky_hieu, document.co_quan) != (first.ky_hieu, first.co_quan):
            raise RegisterError(
                f"ky_hieu: {document.ky_hieu} — one number for the batch is one document's: "
                f"every row is {first.ky_hieu} of {first.co_quan.ten}"
            )
        return document.model_copy(update={"so": first.so, "ngay": first.ngay})

    def made(self, row: int, target: str) -> None:
        """Note where the row's document goes."""
        if self.issued and self.issued[-1].row == row:
            self.issued[-1].target = target

    def settle(self, report: BatchReport) -> None:
        """Cancel the numbers whose rows made no document; list the numbers kept."""
        reasons = {failure.row: failure.reason for failure in report.failed}
        for issued in self.issued:
            if self.mode == "batch":
                kept = report.written > 0
            else:
                kept = issued.target is not None and _made_since(issued.target, self.started)
            if kept:
                report.numbers.append(issued.so_ky_hieu)
                if self.mode == "batch":
                    self._count_copies(issued, report)
                continue
            why = reasons.get(issued.row, "the batch stopped before its document was made")
            try:
                self.register.cancel(
                    issued.so_ky_hieu,
                    nam=issued.nam,
                    ly_do=f"không tạo được văn bản (dòng {issued.row} của lô): {why}",
                )
            except VanBanError as error:  # the register went away: say so, lose nothing silently
                report.failed.append(
                    RowFailure(issued.row, "so", f"{issued.so_ky_hieu} not cancelled: {error}")
                )
                continue
            report.cancelled.append(issued.so_ky_hieu)

    def _count_copies(self, issued: _Issued, report: BatchReport) -> None:
        """One number for the batch: its row's Số lượng bản (Phụ lục IV, column 7) is the number
        of copies made — one per recipient (NĐ 30/2020, Điều 17.1.a) — whatever the first row
        said."""
        try:
            self.register.update(issued.so_ky_hieu, nam=issued.nam, so_luong_ban=report.written)
        except VanBanError as error:  # the register went away: say so, lose nothing silently
            report.failed.append(
                RowFailure(
                    issued.row,
                    "so_luong_ban",
                    f"{issued.so_ky_hieu}: Số lượng bản {report.written} not written: {error}",
                )
            )


def _made_since(target: str, since: int) -> bool:
    try:
        return is_complete_docx(target) and os.stat(target).st_mtime_ns >= since
    except OSError:
        return False


def _pattern(name: str) -> NamePattern:
    try:
        return NamePattern(name)
    except PatternError as error:
        raise BatchError(str(error)) from None


def _checked_rows(
    rows: Iterable[Mapping[str, Any] | BadRow] | str | os.PathLike[str],
    pattern: NamePattern,
    extra: set[str],
) -> Iterator[Mapping[str, Any] | BadRow]:
    """The rows, with the name pattern checked against the header or else the first row."""
    data: Iterator[Mapping[str, Any] | BadRow]
    if isinstance(rows, str | os.PathLike):
        data = read_rows(rows)
        where = f"the header of {os.fspath(rows)}"
    else:
        data = iter(rows)
        where = "the first row"
    fields = data.fields if isinstance(data, Rows) else None
    if fields is not None:
        available: Iterable[str] = fields
    else:
        first = next(data, None)
        if first is None:
            return iter(())
        data = itertools.chain([first], data)
        if not isinstance(first, Mapping):
            return data  # a row that cannot be read tells nothing of the fields
        available = [str(k) for k in first]
    try:
        pattern.check(set(available) | extra, where=where)
    except PatternError as error:
        raise BatchError(str(error)) from None
    return data


def _run(
    source: str,
    kind: str | None,
    jobs: Iterator[_Job],
    report: BatchReport,
    workers: int | None,
    executor: Executor | None,
    resume: bool,
    progress: Callable[[int, int], None] | None,
    on_document: Callable[[Path], None] | None = None,
    durable: bool = True,
) -> None:
    def done(results: list[_Result], chunk: list[_Job] | None = None) -> None:
        if on_document is not None and chunk is not None:  # a result per job, in order
            for job, result in zip(chunk, results, strict=True):
                if result in (_WRITTEN, _SKIPPED):
                    on_document(Path(job.target))
        for result in results:
            if result == _WRITTEN:
                report.written += 1
            elif result == _SKIPPED:
                report.skipped += 1
            elif isinstance(result, tuple):
                report.failed.extend(RowFailure(*failure) for failure in result)
        if progress is not None:
            progress(report.written + report.skipped, len(report.failed))

    count = workers or os.cpu_count() or 1
    if executor is None and count == 1:
        for job in jobs:  # one at a time: an interruption loses no finished row from the count
            done(_render_chunk(source, kind, [job], resume, durable), [job])
        return
    pool = executor or ProcessPoolExecutor(
        max_workers=count, initializer=worker_started, initargs=(os.getpid(),)
    )
    pending: dict[Future[list[_Result]], list[_Job]] = {}
    lost: list[BaseException] = []
    since = time.time_ns()
    manager: threading.Thread | None = None

    def collect(futures: Iterable[Future[list[_Result]]]) -> None:
        for future in futures:
            chunk = pending.pop(future)
            try:
                results = future.result()
            except FutureCancelled:
                continue
            except BaseException as error:
                if not future.done():  # interrupted while waiting: the chunk is still out
                    pending[future] = chunk
                    raise
                # The chunk itself failed (its worker was killed: BrokenProcessPool): count the
                # documents it finished, and raise its error once every chunk is collected.
                done(_recount(chunk, since, resume))
                lost.append(error)
                continue
            done(results, chunk)

    try:
        limit = 4 * count
        for chunk in _chunked(jobs, CHUNK):
            pending[pool.submit(_render_chunk, source, kind, chunk, resume, durable)] = chunk
            if len(pending) >= limit:
                collect(wait(pending, return_when=FIRST_COMPLETED).done)
            if lost:
                raise lost[0]
        collect(wait(pending).done)
        if lost:
            raise lost[0]
    except BaseException:
        # Stop cleanly: start nothing more, let the chunks already running finish and count them.
        if executor is None:  # our pool's own thread cancels, so no cancel races a broken pool
            # shutdown(wait=False) forgets the pool's manager thread, which may then still be
            # closing its wake-up pipe when the interpreter exits and concurrent.futures' exit
            # hook writes to that pipe: an OSError printed as a traceback after the batch said
            # it stopped (CPython 3.11; the pipe is locked from 3.12, gh-125451). Kept to join.
            manager = getattr(pool, "_executor_manager_thread", None)
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            for future in pending:
                future.cancel()
        collect(list(pending))
        raise
    finally:
        if executor is None:
            pool.shutdown(wait=True, cancel_futures=True)
            if manager is not None:
                manager.join()


def _recount(chunk: list[_Job], since: int, resume: bool) -> list[_Result]:
    """What a chunk whose worker died had finished: its documents complete on disk (written by
    this run when newer than its start, else kept from an earlier one)."""
    results: list[_Result] = []
    for job in chunk:
        if is_complete_docx(job.target):
            if os.stat(job.target).st_mtime_ns >= since:
                results.append(_WRITTEN)
            elif resume:
                results.append(_SKIPPED)
    return results


def _jobs(
    rows: Iterable[Mapping[str, Any] | BadRow],
    out: Path,
    pattern: NamePattern,
    model: type[VanBan] | None,
    ascii_names: bool,
    names: UniqueNames,
    report: BatchReport,
    numbers: _Numbers | None = None,
) -> Iterator[_Job]:
    """A job per row: its unique file name, and the row for a worker to check and render.

    The row is checked here only when its name or number needs the checked document: a name
    pattern using ``so_ky_hieu``, or a register numbering the rows in order (Điều 15).
    """
    here = model is not None and (numbers is not None or "so_ky_hieu" in pattern.fields)
    for number, row in enumerate(rows, start=1):
        if isinstance(row, BadRow):
            report.failed.append(RowFailure(number, row.field, row.reason))
            continue
        data: Mapping[str, Any] | VanBan = row
        try:
            fields: dict[str, Any] = {**row, "_stt": number}
            if here:
                assert model is not None
                data = model.model_validate(dict(row))
                if numbers is not None:
                    data = numbers.number(number, data)
                # a draft's is "du-thao-KH-UBND", never its printed blanks (VanBan.ten_so_ky_hieu)
                fields["so_ky_hieu"] = data.ten_so_ky_hieu
            filename = safe_filename(pattern.fill(fields), ascii_only=ascii_names)
        except (VanBanError, ValueError, TypeError) as error:
            report.failed.extend(RowFailure(*failure) for failure in _failures(number, error))
            continue
        target = str(out / names.take(filename))
        if numbers is not None:
            numbers.made(number, target)
        yield _Job(number, target, data)


def _failures(number: int, error: Exception) -> tuple[_Failure, ...]:
    """Row ``number``'s failures when it is checked and named: each field at fault and why."""
    if isinstance(error, ValidationError):
        return tuple((number, p.path, p.message) for p in error.problems)
    if isinstance(error, PatternError):
        return ((number, error.field, str(error)),)
    field_name, _, reason = str(error).partition(": ")
    if not reason or " " in field_name:
        field_name, reason = "", str(error)
    return ((number, field_name, reason),)


def _render_failure(number: int, error: Exception) -> tuple[_Failure]:
    """Row ``number``'s failure when its checked document is rendered and written."""
    if isinstance(error, MissingVariablesError):
        return ((number, ", ".join(error.names), "the template uses these; the row lacks them"),)
    # A filter that refused a value names its field, also when the template wrapped it.
    refused = error if isinstance(error, FilterError) else error.__cause__
    field_name = refused.field if isinstance(refused, FilterError) else None
    return ((number, field_name or "", str(error)),)


def _chunked(jobs: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _render_chunk(
    source: str, kind: str | None, chunk: list[_Job], resume: bool = False, durable: bool = True
) -> list[_Result]:
    """Check, render and write a chunk of jobs (in a worker): written, skipped, or the row's
    failures. ``kind`` is the model each row given as read is checked as."""
    template = get_template(source)
    model = kind_of(kind) if kind is not None else None
    results: list[_Result] = []
    for job in chunk:
        if resume and is_complete_docx(job.target):
            results.append(_SKIPPED)
            continue
        try:
            document = job.data
            if model is not None and not isinstance(document, VanBan):
                document = model.model_validate(dict(document))
            if isinstance(document, VanBan):
                properties = document_properties(document)
                context = build_context(document)
            else:  # a plain row: its text is checked as it renders, not walked first
                properties, context = None, dict(document)
        except (VanBanError, ValueError, TypeError) as error:
            results.append(_failures(job.row, error))
            continue
        try:
            data = template.render(context, properties=properties)
            atomic_write(job.target, data, durable=durable)
            results.append(_WRITTEN)
        except UnstorableCharacterError as error:  # named by its field, as a check names it
            results.append(_failures(job.row, error))
        except (VanBanError, OSError, ValueError, TypeError) as error:
            results.append(_render_failure(job.row, error))
    return results


def is_complete_docx(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a whole .docx: a zip whose central directory reads and names the main
    document part. Documents are written atomically, so one that is there is one that was
    finished; this cheap check (no part is inflated) also catches a file something else cut short.
    """
    try:
        with zipfile.ZipFile(path) as package:
            members = set(package.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= members


def _sweep(out: Path, names: UniqueNames) -> None:
    """Remove the temporary files this batch's writers left (a worker killed mid-write).

    Only files named for this batch's own documents are touched, never another writer's.
    """
    for leftover in out.glob(f"{TEMP_PREFIX}*.tmp"):
        target = leftover.name[len(TEMP_PREFIX) :].rsplit(".", 2)[0]
        if target in names or target == ERRORS_CSV:
            leftover.unlink(missing_ok=True)


def _write_errors(out: Path, failures: list[RowFailure]) -> Path:
    """errors.csv, UTF-8 with a BOM so that Excel shows the Vietnamese correctly."""
    lines = [("row", "field", "reason")] + [(str(f.row), f.field, f.reason) for f in failures]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return atomic_write(out / ERRORS_CSV, buffer.getvalue().encode("utf-8-sig"))


# --- the output folder's lock ------------------------------------------------------------------


class _FolderLock:
    """An exclusive lock on an output folder, held through a lock file for the batch's duration.

    The operating system releases it when the process ends, however it ends, so a killed batch
    leaves no stale lock. The file holds the owner's process id for the message a second batch
    gets.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> _FolderLock:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                try:
                    owner = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
                except OSError:  # Windows: the locked byte cannot be read
                    owner = "unknown"
                finally:
                    os.close(fd)
                raise BatchError(
                    f"{self.folder} is in use by another batch (pid {owner}) — choose another "
                    "folder or wait for it to finish"
                )
            try:  # the previous owner may have removed the file between our open and our lock
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)  # while still locked: no one can take a dead file
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


# --- signals and the pool's workers ----------------------------------------------------------


class _SigtermStops:
    """Within the block, SIGTERM stops the batch as Ctrl-C does (a ``KeyboardInterrupt``).

    Only from the main thread and only where the program has not set its own handler. Once the
    batch is stopping (:meth:`disarm`), a further SIGTERM is only noted, so that the clean-up
    (running chunks finish, temporary files go, errors.csv is written) is never cut short.
    """

    def __init__(self) -> None:
        self.received = False
        self._armed = False
        self._installed = False

    def __enter__(self) -> _SigtermStops:
        if threading.current_thread() is threading.main_thread() and (
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        ):
            signal.signal(signal.SIGTERM, self._handle)
            self._installed = self._armed = True
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = True
        if self._armed:
            self._armed = False
            raise KeyboardInterrupt

    def disarm(self) -> None:
        """Note further SIGTERMs without raising."""
        self._armed = False

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self._installed = False

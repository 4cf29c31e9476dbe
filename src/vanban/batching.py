"""Many documents from rows of data, in parallel, without losing a row or leaving half a file.

Each row is checked in the calling process (as a document kind's model when one is given, for
characters XML cannot store otherwise), named from a pattern, and rendered and written atomically
by a worker. A bad row never stops the others: the :class:`BatchReport` lists each failed row with
its number, field and reason, and writes them to ``errors.csv``. Work runs on a process pool by
default, or on any ``concurrent.futures.Executor`` (a Dask cluster's ``client.get_executor()``);
rows are read as a stream and only a bounded number of chunks is in flight, so memory stays flat
however long the input is.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanban.errors import MissingVariablesError, ValidationError, VanBanError
from vanban.filenames import UniqueNames, fill, safe_filename
from vanban.models.loading import kind_of
from vanban.render import TEMP_PREFIX, atomic_write, document_properties, get_template
from vanban.render.context import build_context
from vanban.rows import BadRow, read_rows

DEFAULT_NAME = "{_stt:05d}.docx"
CHUNK = 16
"""Rows per task: large enough to hide the cost of sending work to a process."""


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

    @property
    def ok(self) -> bool:
        """Whether every row became a document."""
        return not self.failed

    @property
    def total(self) -> int:
        return self.written + len({f.row for f in self.failed})

    def summary(self) -> str:
        """One line: "120 written, 2 failed (see OUT/errors.csv) in 1.4 s (86 docs/s)"."""
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        failed = len({f.row for f in self.failed})
        where = f" (see {self.errors_csv})" if self.errors_csv else ""
        return f"{self.written} written, {failed} failed{where} in {self.seconds:.1f} s ({rate:.0f} docs/s)"


@dataclass(frozen=True)
class _Job:
    row: int
    target: str
    context: dict[str, Any]
    properties: dict[str, Any] | None


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
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Render one document per row of ``rows`` with ``template`` into ``out_dir``.

    ``template`` is a path or a built-in name (workers load it themselves). ``rows`` is an
    iterable of mappings or a data file (CSV, XLSX, JSON, JSON Lines, YAML). ``name`` is a pattern
    over the row's fields plus ``_stt`` (the row number) and, with ``kind``, ``so_ky_hieu``.
    With ``kind`` ("ke_hoach", "bao_cao") each row is validated as that document first.
    ``workers`` sets the process pool's size (default: the CPU count; 1 renders in this process);
    ``executor`` runs the work instead on any ``concurrent.futures.Executor``.
    ``progress(done, failed)`` is called as rows finish.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = str(template)
    get_template(source)  # fail early, with the template's own error, before any row is read
    model = kind_of(kind) if kind is not None else None
    data = read_rows(rows) if isinstance(rows, str | os.PathLike) else rows
    report = BatchReport(out)
    jobs = _jobs(data, out, name, model, ascii_names, report)
    chunks = _chunked(jobs, CHUNK)
    own_pool = executor is None and (workers or os.cpu_count() or 1) > 1
    pool: Executor | None = (
        ProcessPoolExecutor(max_workers=workers or os.cpu_count()) if own_pool else executor
    )

    def done(results: list[tuple[int, str, str] | None]) -> None:
        for result in results:
            if result is None:
                report.written += 1
            else:
                report.failed.append(RowFailure(*result))
        if progress is not None:
            progress(report.written, len(report.failed))

    try:
        if pool is None:
            for chunk in chunks:
                done(_render_chunk(source, chunk))
        else:
            limit = 4 * (workers or os.cpu_count() or 2)
            pending: set[Future[list[tuple[int, str, str] | None]]] = set()
            for chunk in chunks:
                pending.add(pool.submit(_render_chunk, source, chunk))
                if len(pending) >= limit:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done(future.result())
            for future in pending:
                done(future.result())
    except BaseException:
        if pool is not None and own_pool:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None and own_pool:
            pool.shutdown(wait=True)
        _sweep(out)
        report.failed.sort(key=lambda f: f.row)
        report.seconds = time.perf_counter() - started
        if report.failed:
            report.errors_csv = _write_errors(out, report.failed)
    return report


def _jobs(
    rows: Iterable[Mapping[str, Any] | BadRow],
    out: Path,
    pattern: str,
    model: Any,
    ascii_names: bool,
    report: BatchReport,
) -> Iterator[_Job]:
    names = UniqueNames()
    for number, row in enumerate(rows, start=1):
        if isinstance(row, BadRow):
            report.failed.append(RowFailure(number, row.field, row.reason))
            continue
        try:
            fields: dict[str, Any] = {**row, "_stt": number}
            if model is not None:
                document = model.model_validate(dict(row))
                context = build_context(document)
                properties: dict[str, Any] | None = document_properties(document)
                fields["so_ky_hieu"] = context["so_ky_hieu"]
            else:
                context = build_context(row)
                properties = None
            filename = safe_filename(fill(pattern, fields), ascii_only=ascii_names)
        except ValidationError as error:
            report.failed.extend(RowFailure(number, p.path, p.message) for p in error.problems)
            continue
        except (VanBanError, ValueError) as error:
            field_name, _, reason = str(error).partition(": ")
            if not reason or " " in field_name:
                field_name, reason = "", str(error)
            report.failed.append(RowFailure(number, field_name, reason))
            continue
        yield _Job(number, str(out / names.take(filename)), context, properties)


def _chunked(jobs: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _render_chunk(source: str, chunk: list[_Job]) -> list[tuple[int, str, str] | None]:
    """Render and write a chunk of jobs (in a worker); None for a written row, else its failure."""
    template = get_template(source)
    results: list[tuple[int, str, str] | None] = []
    for job in chunk:
        try:
            atomic_write(job.target, template.render(job.context, properties=job.properties))
            results.append(None)
        except MissingVariablesError as error:
            results.append(
                (job.row, ", ".join(error.names), "the template uses these; the row lacks them")
            )
        except (VanBanError, OSError, ValueError, TypeError) as error:
            results.append((job.row, "", str(error)))
    return results


def _sweep(out: Path) -> None:
    """Remove temporary files an interrupted writer left (atomic_write's prefix only)."""
    for leftover in out.glob(f"{TEMP_PREFIX}*.tmp"):
        leftover.unlink(missing_ok=True)


def _write_errors(out: Path, failures: list[RowFailure]) -> Path:
    """errors.csv, UTF-8 with a BOM so that Excel shows the Vietnamese correctly."""
    lines = [("row", "field", "reason")] + [(str(f.row), f.field, f.reason) for f in failures]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return atomic_write(out / "errors.csv", buffer.getvalue().encode("utf-8-sig"))

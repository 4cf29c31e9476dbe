"""A pool of warm LibreOffice instances converting .docx files to PDF side by side.

:class:`PdfPool` runs ``workers`` :class:`~vanban.pdf.PdfConverter` instances (default: one per
core), each with its own LibreOffice, profile and owner lock, so everything a single converter
guarantees holds for each of them: the link stripping and locked-down configuration, the
per-file timeout, a crashed LibreOffice restarted and its file tried once more, no process left
behind when the pool closes or its owner dies, stale profiles removed.

Each instance is served by a thread of its own that starts its LibreOffice at once (all start in
parallel, while the caller goes on rendering) and then takes the next file from one shared queue:
a file goes to whichever instance is free, and the first file converts as soon as the first
LibreOffice is ready. :meth:`PdfPool.submit` returns a future, so documents can be handed over as
they are written (``vanban batch --pdf``); :meth:`PdfPool.convert_many` returns its report in
input order.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from vanban.pdf import PdfConverter, PdfError, PdfReport, pdf_targets


@dataclass(frozen=True)
class _Job:
    source: str | os.PathLike[str]
    target: str | os.PathLike[str] | None
    pdfa: bool
    future: Future[Path]


class PdfPool:
    """Several warm LibreOffice instances converting .docx files to PDF at once.

    ``workers`` instances (default: ``os.cpu_count()``), each a :class:`~vanban.pdf.PdfConverter`
    with its own profile; ``timeout``, ``startup_timeout``, ``soffice`` and ``cached_profile``
    are passed to each.
    The instances start at once, in parallel; a file goes to whichever instance is free.

    >>> with PdfPool() as pool:                                 # doctest: +SKIP
    ...     report = pool.convert_many(["a.docx", "b.docx"], "pdf")   # in input order
    ...     pending = pool.submit("c.docx")                     # a Future of c.pdf
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = 120.0,
        startup_timeout: float = 90.0,
        soffice: str | None = None,
        cached_profile: bool = True,
    ) -> None:
        count = (os.cpu_count() or 1) if workers is None else workers
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise PdfError(f"workers must be 1 or more, not {workers!r}")
        self.workers = count
        """How many LibreOffice instances the pool runs."""
        self._converters: list[PdfConverter] = []
        try:
            for _ in range(count):
                self._converters.append(
                    PdfConverter(
                        timeout=timeout,
                        startup_timeout=startup_timeout,
                        soffice=soffice,
                        cached_profile=cached_profile,
                    )
                )
        except BaseException:
            for converter in self._converters:
                converter.close()
            raise
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(
                target=_serve, args=(converter, self._jobs), name=f"vanban-pdf-{i}", daemon=True
            )
            for i, converter in enumerate(self._converters)
        ]
        for thread in self._threads:
            thread.start()
        self._finalizer = weakref.finalize(
            self, _shutdown, self._jobs, self._threads, self._converters
        )

    def start(self) -> None:
        """Wait until every instance is ready (they start by themselves when the pool is made:
        call this to pay the start-up before the first file, in a server that starts a pool
        once). Raises :class:`~vanban.pdf.PdfError` when one does not start."""
        for converter in self._converters:
            converter.start()

    @property
    def restarts(self) -> int:
        """How many times a LibreOffice of the pool was started again after it died or timed out."""
        return sum(converter.restarts for converter in self._converters)

    def submit(
        self,
        source: str | os.PathLike[str],
        target: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> Future[Path]:
        """Queue one file for the next free instance; the future gives the PDF's path, or raises
        the :class:`~vanban.pdf.PdfError` naming the file (see :meth:`PdfConverter.convert`)."""
        future: Future[Path] = Future()
        with self._lock:
            if self._closed:
                raise PdfError(f"{source}: the PDF pool is closed")
            self._jobs.put(_Job(source, target, pdfa, future))
        return future

    def convert(
        self,
        source: str | os.PathLike[str],
        target: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> Path:
        """Convert one file on the next free instance and wait for it; returns the PDF."""
        return self.submit(source, target, pdfa=pdfa).result()

    def convert_many(
        self,
        sources: Iterable[str | os.PathLike[str]],
        out_dir: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> PdfReport:
        """Convert many files at once; the report lists the PDFs and the failures in input order.

        Two sources that would make the same PDF are refused with :class:`PdfError` before
        anything is converted, as :meth:`PdfConverter.convert_many` does."""
        paths = [Path(source) for source in sources]
        targets = pdf_targets(paths, out_dir)
        restarts = self.restarts
        futures = [
            self.submit(path, target, pdfa=pdfa)
            for path, target in zip(paths, targets, strict=True)
        ]
        report = PdfReport()
        for path, future in zip(paths, futures, strict=True):
            try:
                report.converted.append(future.result())
            except PdfError as error:
                report.failed.append((path, str(error)))
        report.restarts = self.restarts - restarts
        return report

    def close(self) -> None:
        """Cancel the files not started yet, let the running ones finish, then shut every
        LibreOffice down (politely, then by force) and remove the profiles."""
        with self._lock:
            self._closed = True
        self._finalizer()

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(converter: PdfConverter, jobs: queue.SimpleQueue[_Job | None]) -> None:
    """One instance's thread: start its LibreOffice now, then convert whatever comes next."""
    with contextlib.suppress(PdfError):  # each file it takes tries again, failing by name
        converter.start()
    while True:
        job = jobs.get()
        if job is None:
            return
        if not job.future.set_running_or_notify_cancel():
            continue
        try:
            job.future.set_result(converter.convert(job.source, job.target, pdfa=job.pdfa))
        except BaseException as error:  # the caller sees it through the future
            job.future.set_exception(error)


def _shutdown(
    jobs: queue.SimpleQueue[_Job | None],
    threads: list[threading.Thread],
    converters: list[PdfConverter],
) -> None:
    """Cancel the jobs still waiting, stop the threads, close every converter (side by side)."""
    while True:
        try:
            job = jobs.get_nowait()
        except queue.Empty:
            break
        if job is not None:
            job.future.cancel()
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        if thread is not threading.current_thread():
            thread.join()
    closing = [threading.Thread(target=converter.close) for converter in converters]
    for closer in closing:  # every LibreOffice shuts down at once
        closer.start()
    for closer in closing:
        closer.join()

"""Side by side: one cold `soffice --convert-to pdf` per file, vanban's warm converter, vanban's
pool of LibreOffice instances, and unoserver, on the same documents in one run.

    python benchmarks/bench_pdf.py [--docs 20] [--pool N] [--unoserver] [--cold K]
    python benchmarks/bench_pdf.py --phases R

``--phases R`` times one converter's life phase by phase instead, R times on an empty profile and
R times on the cached one, alternately: construction, LibreOffice's start until it answers
(with the profile copy), the first document, the second, and the shutdown.

Every side converts the same rendered Kế hoạch documents (the reference plan, 9 pages each):

- cold soffice: what users script, one `soffice --headless --convert-to pdf` per file, each with a
  fresh profile so that runs do not block each other (``--cold K`` times the first K files only
  and scales the rate to all, to save minutes on long runs: printed as such);
- vanban PdfConverter: one warm LibreOffice, its start-up included;
- vanban PdfPool: ``--pool N`` instances (default: one per core), start-up included; the same
  pool with ``cached_profile=False`` (each instance on an empty profile, as before the cached
  profile: the A/B pair of that change); and the pool with its start-up paid before the clock
  starts (``PdfPool.start()``), as a service would;
- unoserver (``--unoserver``; ``pip install unoserver``, not a vanban dependency): N servers
  (one LibreOffice each, as many as the pool has) started with LibreOffice's Python, and
  `unoconvert` run once per file, N at a time, each on its own server — how a user calls it.
  unoserver's start-up is timed apart (it waits 7 s by design before serving) and left out of
  its column: it is a service started once. It is compared with the started pool, and, start-up
  included on both sides, with the pool's first column.

The cached profile (vanban/pdf_profile.py) is built once per LibreOffice version: the run uses a
cache folder of its own (``VANBAN_CACHE_DIR``), builds it before the clock starts, and prints what
that once-only build took.

Every PDF of every side is checked for its page count. Prints seconds per document and the
ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import xmlrpc.client
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import vanban as vb
from vanban.pdf import PdfConverter, PdfPool, find_soffice, find_uno_python, so_trang

ROOT = Path(__file__).resolve().parent.parent


def cold(soffice: str, documents: list[Path], root: Path) -> Path:
    """One `soffice --convert-to pdf` per file, each with a fresh profile."""
    out = root / "cold"
    for i, document in enumerate(documents):
        profile = (root / f"profile{i}").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(document)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def unoservers(soffice: str, count: int, root: Path) -> Iterator[list[int]]:
    """``count`` unoserver processes, each with its own LibreOffice and profile, run by
    LibreOffice's Python (unoserver imports uno) with this venv's unoserver on its path; yields
    their XML-RPC ports once every one answers."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or spec.origin is None:
        raise SystemExit("--unoserver: pip install unoserver first (a benchmark-only tool)")
    site = str(Path(spec.origin).parent.parent)
    python = find_uno_python(soffice)
    servers: list[subprocess.Popen[bytes]] = []
    ports = []
    try:
        for i in range(count):
            port, uno_port = free_port(), free_port()
            servers.append(
                subprocess.Popen(
                    [python, "-m", "unoserver.server", "--port", str(port),
                     "--uno-port", str(uno_port), "--executable", soffice,
                     "--user-installation", str(root / f"unoserver{i}")],
                    env={**os.environ, "PYTHONPATH": site},
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )  # fmt: skip
            ports.append(port)
        for server, port in zip(servers, ports, strict=True):
            deadline = time.monotonic() + 120
            while True:
                try:
                    xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}").info()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(
                            f"unoserver did not start (status {server.poll()})"
                        ) from None
                    time.sleep(0.1)
        yield ports
    finally:
        for server in servers:
            try:
                os.killpg(server.pid, 15)
            except ProcessLookupError:
                continue
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()


def unoconvert_all(ports: list[int], documents: list[Path], out: Path) -> None:
    """`unoconvert` once per file, as many at a time as there are servers, each on its own."""
    out.mkdir(parents=True, exist_ok=True)
    unoconvert = Path(sys.executable).with_name("unoconvert")
    files: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for document in documents:
        files.put(document)
    errors: list[str] = []

    def client(port: int) -> None:
        while True:
            try:
                document = files.get_nowait()
            except queue.Empty:
                return
            done = subprocess.run(
                [str(unoconvert), "--port", str(port), "--convert-to", "pdf",
                 str(document), str(out / f"{document.stem}.pdf")],
                capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                errors.append(f"{document}: {done.stderr.strip()[-300:]}")

    threads = [threading.Thread(target=client, args=(port,)) for port in ports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit("unoconvert failed:\n" + "\n".join(errors))


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def phases(rounds: int) -> None:
    """One converter's start-up, first and second document and shutdown, on an empty profile and
    on the cached one, alternately; prints the median of each phase."""
    plan = vb.load(ROOT / "examples" / "ke_hoach_cchc_2022.yaml")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["VANBAN_CACHE_DIR"] = str(root / "cache")
        documents = [
            vb.render(plan.model_copy(update={"so": i + 1})).save(root / f"kh{i}.docx")
            for i in range(2)
        ]
        with PdfConverter() as builder:  # the cached profile, built before the clock
            builder.start()
        names = ["construct", "start", "1st document", "2nd document", "close"]
        times: dict[bool, list[list[float]]] = {False: [], True: []}
        for _ in range(rounds):
            for cached in (False, True):
                marks = [time.perf_counter()]
                converter = PdfConverter(cached_profile=cached)
                marks.append(time.perf_counter())
                converter.start()
                marks.append(time.perf_counter())
                for i, document in enumerate(documents):
                    converter.convert(document, root / f"out{i}.pdf")
                    marks.append(time.perf_counter())
                converter.close()
                marks.append(time.perf_counter())
                times[cached].append([b - a for a, b in itertools.pairwise(marks)])
    print(f"median of {rounds} rounds, seconds; {os.cpu_count()} cores")
    print(f"{'phase':<14} {'empty profile':>14} {'cached profile':>15}")
    for index, name in enumerate(names):
        empty, cached_ = (statistics.median(r[index] for r in times[c]) for c in (False, True))
        print(f"{name:<14} {empty:14.3f} {cached_:15.3f}")
    totals = [statistics.median(sum(r) for r in times[c]) for c in (False, True)]
    print(f"{'total':<14} {totals[0]:14.3f} {totals[1]:15.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--pool", type=int, default=os.cpu_count() or 1, help="instances")
    parser.add_argument("--unoserver", action="store_true", help="also time unoserver")
    parser.add_argument("--cold", type=int, help="time cold soffice on this many files only")
    parser.add_argument("--phases", type=int, metavar="R", help="time a converter's phases")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.phases:
        phases(args.phases)
        return
    soffice = find_soffice()
    plan = vb.load(ROOT / "examples" / "ke_hoach_cchc_2022.yaml")
    n = args.docs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["VANBAN_CACHE_DIR"] = str(root / "cache")  # built below, once, and timed

        def build_cache() -> None:
            with PdfConverter() as builder:
                builder.start()

        cache_time = timed(build_cache)
        documents = [
            vb.render(plan.model_copy(update={"so": i + 1})).save(root / f"kh{i:03d}.docx")
            for i in range(n)
        ]
        sample = documents[: args.cold] if args.cold else documents
        cold_out = root / "cold"
        cold_time = timed(lambda: cold(soffice, sample, root)) * n / len(sample)
        pages = so_trang(cold_out / f"{documents[0].stem}.pdf")

        def with_converter() -> None:
            with PdfConverter() as converter:
                report = converter.convert_many(documents, root / "warm")
            assert report.ok, report.failed

        def with_pool() -> None:
            with PdfPool(args.pool) as pool:
                report = pool.convert_many(documents, root / "pool")
            assert report.ok, report.failed

        def with_fresh_profiles() -> None:
            with PdfPool(args.pool, cached_profile=False) as pool:
                report = pool.convert_many(documents, root / "fresh")
            assert report.ok, report.failed

        def with_started_pool() -> float:
            with PdfPool(args.pool) as pool:
                pool.start()  # a service's pool: its start-up paid before the first file
                started = time.perf_counter()
                report = pool.convert_many(documents, root / "started")
                seconds = time.perf_counter() - started
            assert report.ok, report.failed
            return seconds

        warm_time = timed(with_converter)
        fresh_time = timed(with_fresh_profiles)
        pool_time = timed(with_pool)
        started_time = with_started_pool()
        outputs = [cold_out, root / "warm", root / "fresh", root / "pool", root / "started"]
        uno_time = uno_start = None
        if args.unoserver:
            started = time.perf_counter()
            with unoservers(soffice, args.pool, root) as ports:
                uno_start = time.perf_counter() - started
                uno_time = timed(lambda: unoconvert_all(ports, documents, root / "unoserver"))
            outputs.append(root / "unoserver")
        for out in outputs:
            made = sorted(out.glob("*.pdf"))
            assert len(made) == (len(sample) if out == cold_out else n), out
            assert {so_trang(pdf) for pdf in made} == {pages}, out
    scaled = f" (timed on {len(sample)}, scaled)" if len(sample) < n else ""
    rows = [
        ("cold soffice per file", cold_time, scaled),
        ("vanban PdfConverter", warm_time, " (1 instance, start-up included)"),
        (f"vanban PdfPool({args.pool}), empty profiles", fresh_time, " (cached_profile=False)"),
        (f"vanban PdfPool({args.pool})", pool_time, " (start-up included)"),
        (f"vanban PdfPool({args.pool}), started", started_time, " (start-up left out)"),
    ]
    if uno_time is not None:
        rows.append(
            (f"unoserver x{args.pool} + unoconvert", uno_time, f" (+ {uno_start:.2f} s start-up)")
        )
    print(f"{n} documents of {pages} pages; {os.cpu_count()} cores")
    for name, seconds, note in rows:
        print(f"{name:<36} {n:4d} docs {seconds:8.2f} s  {seconds / n:6.3f} s/doc{note}")
    print(
        f"cached profile built once in {cache_time:.2f} s (per LibreOffice version, not timed above)"
    )
    print(f"pool / cold soffice:             {cold_time / pool_time:5.1f}x")
    print(f"pool / PdfConverter:             {warm_time / pool_time:5.1f}x")
    print(f"pool / pool on empty profiles:   {fresh_time / pool_time:5.1f}x")
    if uno_time is not None and uno_start is not None:
        print(f"pool / unoserver, both started:  {uno_time / started_time:5.1f}x")
        print(f"pool / unoserver with start-up:  {(uno_time + uno_start) / pool_time:5.1f}x")


if __name__ == "__main__":
    main()

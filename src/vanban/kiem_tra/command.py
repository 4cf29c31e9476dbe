"""``vanban check FILE.docx|FOLDER… [--json] [--workers N]``: the checker on the command line
(docs/kiem-tra.md). ``vanban check FILE.docx --fix OUT.docx [--guarded] [--force]`` writes a
fixed copy (:mod:`vanban.kiem_tra.sua`) and reports what it fixed, then the check of the copy.

Folders are walked for .docx files; the files are checked in parallel, in worker processes, and
reported in the order given; more than one file ends with a summary table.

Exit codes: 0 every file is compliant; 1 some file has findings at or above ``--fail-on`` (by
default any finding), or a rule that applies to it could not be evaluated; 2 some file could not
be read (named on stderr, never a traceback; the other files are still checked), or ``--fix``
refused (a signed document or one with tracked changes, checked but not fixed; an output that is
the input or exists).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.errors import FixError, VanBanError
from vanban.kiem_tra.report import SCHEMA_VERSION, SEVERITIES, SEVERITY_NAMES, Finding, Report
from vanban.processes import worker_started

if TYPE_CHECKING:
    from concurrent.futures import Future

if TYPE_CHECKING:
    from vanban.kiem_tra.sua import FixResult

COMPONENTS = {
    "trang": "Trang giấy",
    "phong_chu": "Phông chữ",
    "tieu_de": "Phần đầu văn bản",
    "quoc_hieu": "Quốc hiệu",
    "tieu_ngu": "Tiêu ngữ",
    "so_ky_hieu": "Số, ký hiệu",
    "dia_danh_ngay": "Địa danh, ngày tháng năm",
    "ten_loai": "Tên loại, trích yếu",
    "kinh_gui": "Kính gửi",
    "noi_dung": "Nội dung",
    "noi_nhan": "Nơi nhận",
    "chu_ky": "Chữ ký",
}
"""Each component's name in the report, in the order of the page (Phụ lục I, mục IV)."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def add_command(commands: Any) -> None:
    """Add ``vanban check`` to the command line's subcommands (``argparse`` subparsers)."""
    command = commands.add_parser(
        "check",
        help="check .docx files against NĐ 30/2020 (kiểm tra thể thức)",
        description="Check .docx files (from Word, LibreOffice, WPS or vanban) against the rules "
        "of NĐ 30/2020 vanban knows, each finding with its rule, citation and place. Exit 0: "
        "no finding at or above --fail-on; 1: such findings, or a rule that could not be "
        "evaluated; 2: a file could not be read.",
    )
    command.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE.docx|FOLDER",
        help="files to check; a folder is walked for its .docx files (Word's ~$ lock files "
        "left out)",
    )
    command.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="check N files at a time, each in a process of its own (default: one per CPU core)",
    )
    command.add_argument(
        "--json", action="store_true", help="one JSON object on stdout (docs/kiem-tra.md, JSON)"
    )
    command.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default=SEVERITIES[-1],
        help="the least severe finding that makes the exit status 1: loi (legal errors only), "
        "canh_bao (and warnings), trinh_bay (any finding; the default)",
    )
    command.add_argument(
        "--fix",
        type=Path,
        metavar="OUT.docx",
        help="write a copy of the (one) FILE.docx with the safe fixes applied, then check it; "
        "the other parts of the package are copied unchanged",
    )
    command.add_argument(
        "--guarded",
        action="store_true",
        help="with --fix: apply the guarded fixes too (Nơi nhận punctuation, doubled marks, "
        "hard line breaks)",
    )
    command.add_argument(
        "--force", action="store_true", help="with --fix: replace OUT.docx when it exists"
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check every file; print the reports; return the exit code."""
    if args.fix is not None or args.guarded or args.force:
        return _run_fix(args)
    sources = docx_files(args.files)
    results = check_many(sources, args.workers, _progress_line(len(sources)))
    reports = [r for r in results if isinstance(r, Report)]
    errors = [
        {"source": str(s), "error": r}
        for s, r in zip(sources, results, strict=True)
        if isinstance(r, str)
    ]
    for error in errors:
        print(f"vanban: {error['error']}", file=sys.stderr)
    if args.json:
        print(json.dumps(_json(reports, errors), ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(shown(report))
        if len(sources) > 1:
            print(summary_table(reports, errors))
    if errors:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(failing(r, args.fail_on) for r in reports) else EXIT_CLEAN


def _run_fix(args: argparse.Namespace) -> int:
    """``--fix OUT``: fix the one file, print what was fixed and the check of the copy."""
    from vanban.kiem_tra.sua import fix

    if args.fix is None:
        print("vanban: --guarded and --force go with --fix OUT.docx", file=sys.stderr)
        return EXIT_UNREADABLE
    if len(args.files) != 1:
        print(f"vanban: --fix takes one FILE.docx, not {len(args.files)}", file=sys.stderr)
        return EXIT_UNREADABLE
    path = args.files[0]
    try:
        result = fix(path, args.fix, guarded=args.guarded, force=args.force, name=str(path))
    except (VanBanError, OSError) as error:
        checked = error.report if isinstance(error, FixError) else None
        reason = str(error)
        if isinstance(error, OSError):
            reason = f"{error.filename or path}: {error.strerror or error}"
        if checked is not None:  # a signed or tracked document: checked, not fixed
            errors = [{"source": str(path), "error": reason}]
            print(
                json.dumps(_json([checked], errors), ensure_ascii=False, indent=2)
                if args.json
                else shown(checked)
            )
        elif args.json:
            errors = [{"source": str(path), "error": reason}]
            print(json.dumps(_json([], errors), ensure_ascii=False, indent=2))
        print(f"vanban: {reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        data = _json([result.after], [])
        data["fix"] = {
            "source": result.source,
            "out": str(result.out),
            "guarded": args.guarded,
            "applied": [asdict(f) for f in result.applied],
            "skipped": [{**asdict(s.finding), "reason": s.reason} for s in result.skipped],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(shown_fix(result))
        print(shown(result.after))
    return EXIT_FINDINGS if failing(result.after, args.fail_on) else EXIT_CLEAN


def shown_fix(result: FixResult) -> str:
    """What ``--fix`` did, as a person reads it: each finding fixed, and why the others were
    left."""
    lines = [
        f"{result.source} → {result.out}: đã sửa {len(result.applied)}, còn {len(result.skipped)}"
    ]
    for f in result.applied:
        where = f"đoạn {f.paragraph + 1}: " if f.paragraph is not None else ""
        lines.append(f"  đã sửa {f.rule}: {where}“{f.found}” → “{f.expected}”")
    for s in result.skipped:
        f = s.finding
        where = f"đoạn {f.paragraph + 1}: " if f.paragraph is not None else ""
        lines.append(f"  chưa sửa {f.rule}: {where}“{f.found}” ({s.reason})")
    return "\n".join(lines)


def failing(report: Report, fail_on: str) -> bool:
    """Whether ``report`` fails at the ``fail_on`` severity: a finding as severe or more (the
    severities run "loi", "canh_bao", "trinh_bay"), or a rule that applies but could not be
    evaluated, which never passes for compliant."""
    worst = SEVERITIES.index(fail_on)
    return bool(report.not_evaluated) or any(
        SEVERITIES.index(f.severity) <= worst for f in report.findings
    )


def _json(reports: list[Report], errors: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "reports": [r.to_dict() for r in reports],
        "errors": errors,
        "summary": summary(reports, errors),
    }


def shown(report: Report) -> str:
    """The report as a person reads it: findings grouped by component, each with its citation."""
    counts = (
        f"{len(report.applicable)} quy tắc áp dụng, {len(report.passed)} đạt, "
        f"{len(report.failed)} không đạt"
    )
    if report.not_evaluated:
        counts += f", {len(report.not_evaluated)} không đánh giá được"
    verdict = "đạt" if report.compliant else "không đạt"
    lines = [f"{report.source}: {verdict} ({counts})"]
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.component, []).append(finding)
    order = list(COMPONENTS)
    for component in sorted(groups, key=lambda c: order.index(c) if c in order else len(order)):
        lines.append(f"  {COMPONENTS.get(component, component)}")
        rule = None
        for f in groups[component]:
            if f.rule != rule:
                rule = f.rule
                lines.append(f"    {f.rule}: {f.title} ({f.citation})")
            where = f"đoạn {f.paragraph + 1}: " if f.paragraph is not None else ""
            lines.append(
                f"      [{SEVERITY_NAMES[f.severity]}] {where}có “{f.found}”, cần “{f.expected}”"
            )
    for rule, reason in report.not_evaluated.items():
        lines.append(f"  không đánh giá được {rule}: {reason}")
    return "\n".join(lines)


# Many files and folders --------------------------------------------------------------------------

CHUNK = 4
"""Files per task sent to a worker: enough to hide the cost of sending, few enough to share the
work evenly."""
TOP_RULES = 10
"""The summary table lists this many rules, those with the most findings."""
Result = Report | str
"""What checking one file gives: its report, or why it could not be read."""


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more, not {text!r}")
    return count


def docx_files(inputs: Sequence[Path]) -> list[Path]:
    """The files to check, in order: each file as given, each folder's .docx files (its own,
    then its subfolders', each sorted by name). Word's lock files ("~$name.docx") are left out;
    links to folders are not followed, so a link back up the tree cannot make a loop. A folder
    holding no .docx file stays in the list as itself: checking it says so."""
    files: list[Path] = []
    for path in inputs:
        found = list(_walk(path)) if path.is_dir() else [path]
        files.extend(found or [path])
    return files


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, names in os.walk(folder):  # followlinks=False: no loops
        folders.sort()
        for name in sorted(names):
            if name.lower().endswith(".docx") and not name.startswith("~$"):
                yield Path(root) / name


def check_one(path: Path) -> Result:
    """Check one file: its :class:`Report`, or the reason it could not be read. A failure of
    the checker itself (a bug) is the reason too, so that it never stops the other files."""
    from vanban.kiem_tra.core import check  # the rules load when a check runs, not at start

    if path.is_dir():
        return f"{path}: no .docx file in this folder"
    try:
        return check(path, name=str(path))
    except (VanBanError, OSError) as error:
        if isinstance(error, OSError):
            return f"{path}: {error.strerror or error}"
        return str(error)
    except Exception as error:  # a bug in the checker: this file is reported, the others go on
        return _bug(path, error)


def _bug(path: Path, error: Exception) -> str:
    return (
        f"{path}: the checker failed on this file ({type(error).__name__}: {error}); this is a "
        "bug in vanban, please report it"
    )


def _check_chunk(paths: list[Path]) -> list[Result]:
    return [check_one(path) for path in paths]


def check_many(
    paths: Sequence[Path],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    """Check every file of ``paths``; the results in the same order, whatever order the work
    finishes in. ``workers`` processes check them (default: one per CPU core; 1 checks them in
    this process). ``progress(done)`` is called as files finish.

    A worker process that dies (a crash, out of memory) loses no other file's result: the files
    it had not finished are checked again one at a time, and the one that kills its process
    again is reported as unreadable, with the reason.
    """
    results: list[Result | None] = [None] * len(paths)
    count = min(workers or os.cpu_count() or 1, len(paths))
    if count <= 1:
        for i, path in enumerate(paths):
            results[i] = check_one(path)
            if progress is not None:
                progress(i + 1)
        return [r for r in results if r is not None]
    done = [0]

    def finished(indexes: list[int], chunk_results: list[Result]) -> None:
        for i, result in zip(indexes, chunk_results, strict=True):
            results[i] = result
        done[0] += len(indexes)
        if progress is not None:
            progress(done[0])

    chunks = [list(range(i, min(i + CHUNK, len(paths)))) for i in range(0, len(paths), CHUNK)]
    _in_pool(paths, chunks, count, finished)
    for i, result in enumerate(results):
        if result is None:  # a worker died with it: each such file alone, in a pool of one
            _in_pool(paths, [[i]], 1, finished)
            if results[i] is None:
                finished(
                    [i],
                    [
                        f"{paths[i]}: the checker's process died while checking this file (a "
                        "bug in vanban, or out of memory); please report it"
                    ],
                )
    return [r for r in results if r is not None]


def _in_pool(
    paths: Sequence[Path],
    chunks: list[list[int]],
    count: int,
    finished: Callable[[list[int], list[Result]], None],
) -> None:
    """Run ``chunks`` (lists of indexes into ``paths``) on a pool of ``count`` workers, calling
    ``finished`` with each chunk's results; a chunk whose worker died is left without results.
    The pool's workers are made as vanban's batches make theirs: they leave Ctrl-C to this
    process and die with it (:func:`vanban.processes.worker_started`)."""
    # here, not at the top: `vanban render` loads this module and needs no pool
    from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=count, initializer=worker_started, initargs=(os.getpid(),)
    )
    pending: dict[Future[list[Result]], list[int]] = {}

    def collect(futures: set[Future[list[Result]]]) -> None:
        for future in futures:
            indexes = pending.pop(future)
            try:
                chunk_results = future.result()
            except (BrokenProcessPool, CancelledError):
                continue  # a worker died: the caller checks these files again, one at a time
            except Exception as error:  # the results could not come back: a bug
                chunk_results = [_bug(paths[i], error) for i in indexes]
            finished(indexes, chunk_results)

    try:
        for indexes in chunks:
            pending[pool.submit(_check_chunk, [paths[i] for i in indexes])] = indexes
            if len(pending) >= 4 * count:
                collect(wait(pending, return_when=FIRST_COMPLETED).done)
        while pending:
            collect(wait(pending, return_when=FIRST_COMPLETED).done)
    except (
        BrokenProcessPool
    ):  # submit refused: the pool broke; what did not finish is checked again
        collect({future for future in pending if future.done()})
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress_line(total: int) -> Callable[[int], None] | None:
    """A progress line on stderr ("120/1000 (85.3 docs/s)") when stderr is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        return None
    started = time.monotonic()
    last = [0.0]

    def progress(done: int) -> None:
        now = time.monotonic()
        if done == total:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
        elif now - last[0] > 0.2:
            last[0] = now
            rate = done / (now - started) if now > started else 0.0
            print(f"\r{done}/{total} ({rate:.1f} docs/s)", end="", file=sys.stderr, flush=True)

    return progress


def summary(reports: Sequence[Report], errors: Sequence[dict[str, str]]) -> dict[str, Any]:
    """The summary of many files (the JSON form's ``summary``): how many files, compliant, not
    compliant and unreadable; the findings; each rule that failed with its files and findings,
    the most findings first."""
    findings: Counter[str] = Counter()
    files: Counter[str] = Counter()
    for report in reports:
        findings.update(f.rule for f in report.findings)
        files.update({f.rule for f in report.findings})
    compliant = sum(r.compliant for r in reports)
    order = sorted(findings, key=lambda rule: (-findings[rule], -files[rule], rule))
    return {
        "files": len(reports) + len(errors),
        "compliant": compliant,
        "not_compliant": len(reports) - compliant,
        "unreadable": len(errors),
        "findings": sum(findings.values()),
        "rules": [{"rule": r, "files": files[r], "findings": findings[r]} for r in order],
    }


def summary_table(reports: Sequence[Report], errors: Sequence[dict[str, str]]) -> str:
    """The summary as a person reads it, after the reports of many files."""
    total = summary(reports, errors)
    lines = [
        f"Tổng cộng {total['files']} tệp: {total['compliant']} đạt, "
        f"{total['not_compliant']} không đạt, {total['unreadable']} không đọc được"
    ]
    rules = total["rules"][:TOP_RULES]
    if rules:
        more = len(total["rules"]) - len(rules)
        lines.append(
            f"  {'quy tắc không đạt':<32} {'tệp':>6} {'lần':>7}"
            + (f"   ({more} quy tắc khác không liệt kê)" if more else "")
        )
        for row in rules:
            lines.append(f"  {row['rule']:<32} {row['files']:>6} {row['findings']:>7}")
    if errors:
        lines.append("Không đọc được:")
        lines.extend(f"  {error['error']}" for error in errors)
    return "\n".join(lines)

"""``vanban check FILE.docx… [--json]``: the checker on the command line (docs/kiem-tra.md);
``vanban check FILE.docx --fix OUT.docx [--guarded] [--force]`` writes a fixed copy
(:mod:`vanban.kiem_tra.fix`) and reports what it fixed, then the check of the copy.

Exit codes: 0 every file is compliant; 1 some file has findings at or above ``--fail-on`` (by
default any finding), or a rule that applies to it could not be evaluated; 2 some file could not
be read (named on stderr, never a traceback; the other files are still checked), or ``--fix``
refused (a signed document or one with tracked changes, checked but not fixed; an output that is
the input or exists).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.errors import FixError, VanBanError
from vanban.kiem_tra.report import SCHEMA_VERSION, SEVERITIES, SEVERITY_NAMES, Finding, Report

if TYPE_CHECKING:
    from vanban.kiem_tra.fix import FixResult

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
    command.add_argument("files", nargs="+", type=Path, metavar="FILE.docx")
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
    from vanban.kiem_tra.core import check  # the rules load when a check runs, not at start

    if args.fix is not None or args.guarded or args.force:
        return _run_fix(args)
    reports: list[Report] = []
    errors: list[dict[str, str]] = []
    for path in args.files:
        try:
            reports.append(check(path, name=str(path)))
        except (VanBanError, OSError) as error:
            reason = str(error)
            if isinstance(error, OSError):
                reason = f"{path}: {error.strerror or error}"
            errors.append({"source": str(path), "error": reason})
            print(f"vanban: {reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(_json(reports, errors), ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(shown(report))
    if errors:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(failing(r, args.fail_on) for r in reports) else EXIT_CLEAN


def _run_fix(args: argparse.Namespace) -> int:
    """``--fix OUT``: fix the one file, print what was fixed and the check of the copy."""
    from vanban.kiem_tra.fix import fix

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

"""``vanban check FILE.docx… [--json]``: the checker on the command line (docs/kiem-tra.md).

Exit codes: 0 every file is compliant; 1 some file has findings at or above ``--fail-on`` (by
default any finding), or a rule that applies to it could not be evaluated; 2 some file could not
be read (named on stderr, never a traceback; the other files are still checked).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vanban.errors import VanBanError
from vanban.kiem_tra.report import SCHEMA_VERSION, SEVERITIES, SEVERITY_NAMES, Finding, Report

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
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check every file; print the reports; return the exit code."""
    from vanban.kiem_tra.core import check  # the rules load when a check runs, not at start

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

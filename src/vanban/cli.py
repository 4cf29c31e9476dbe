"""The ``vanban`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from vanban.errors import VanBanError
from vanban.models.loading import kind_of, load
from vanban.render import render


def _render(args: argparse.Namespace) -> int:
    inputs: list[Path] = args.data
    out: Path | None = None if args.output is None else Path(args.output)
    # One input and an output ending in .docx names the file; anything else is a directory.
    many = out is not None and (len(inputs) > 1 or out.suffix.lower() != ".docx")
    failed = 0
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
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    try:
        cls = kind_of(args.kind)
    except ValueError as error:
        print(f"vanban: {error}", file=sys.stderr)
        return 2
    print(json.dumps(cls.json_schema(), ensure_ascii=False, indent=2))
    return 0


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
    render_cmd.set_defaults(run=_render)

    schema_cmd = commands.add_parser(
        "schema", help="print a document kind's JSON Schema", description="Print a JSON Schema."
    )
    schema_cmd.add_argument("kind", help="ke_hoach, bao_cao")
    schema_cmd.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vanban`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

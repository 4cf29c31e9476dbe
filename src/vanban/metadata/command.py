"""``vanban metadata``: a document's metadata record (NĐ 30/2020, Phụ lục VI, phần II, mục I) as
JSON or XML, from its data file, the .docx vanban rendered or its PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vanban.metadata.fields import Metadata
from vanban.metadata.sources import MetadataError, from_document, from_docx, from_pdf

DATA_SUFFIXES = (".yaml", ".yml", ".json")


def add_command(commands: Any) -> None:
    """Add ``vanban metadata`` to the command line's subcommands (``argparse`` subparsers)."""
    command = commands.add_parser(
        "metadata",
        help="a document's metadata (Phụ lục VI) as JSON or XML",
        description="The metadata record of an outgoing document (NĐ 30/2020, Phụ lục VI, phần "
        "II, mục I), with the official field names. From a data file (.yaml, .json): every field "
        "the document decides; PageAmount from its rendered PDF (--pdf). From a .docx vanban "
        "rendered: what its document properties carry. From a PDF: its page count and what its "
        "document information carries. The fields the input does not say are listed on stderr.",
    )
    command.add_argument("file", type=Path, help="document data (.yaml, .json), a .docx or a .pdf")
    form = command.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_const", dest="form", const="json", help="(default)")
    form.add_argument("--xml", action="store_const", dest="form", const="xml", help="XML, UTF-8")
    command.add_argument("--pdf", type=Path, help="the rendered PDF of a data file: PageAmount")
    command.add_argument("--organ-id", help="FileCode.OrganId: the body's mã định danh")
    command.add_argument(
        "--partial",
        action="store_true",
        help="a draft's record, without CodeNumber and IssuedDate (given at issue)",
    )
    command.set_defaults(run=run, form="json")


def run(args: argparse.Namespace) -> int:
    """Print the record of ``args.file``; name the fields it does not know on stderr."""
    path: Path = args.file
    suffix = path.suffix.lower()
    if suffix not in (*DATA_SUFFIXES, ".docx", ".pdf"):
        print(f"vanban: {path}: not a data file (.yaml, .json), a .docx or a .pdf", file=sys.stderr)
        return 2
    if suffix in DATA_SUFFIXES:
        from vanban.models.loading import load

        record = from_document(
            load(path), pdf=args.pdf, organ_id=args.organ_id, partial=args.partial
        )
    else:
        for option, value in (("--pdf", args.pdf), ("--organ-id", args.organ_id)):
            if value is not None:
                raise MetadataError(f"{option} goes with a data file; {path} is a {suffix} file")
        read = from_docx if suffix == ".docx" else from_pdf
        record = read(path)
    print(_shown(record, args.form), end="")
    unknown = record.unknown()
    if unknown:
        sys.stdout.flush()  # the record first, then what it lacks
        print(f"vanban: {path}: no value for {', '.join(unknown)}", file=sys.stderr)
    return 0


def _shown(record: Metadata, form: str) -> str:
    if form == "xml":
        return record.to_xml().decode("utf-8")
    return record.to_json() + "\n"

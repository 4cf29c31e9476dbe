"""``vanban copy``: a bản sao (Mẫu 3.1) of an existing .docx, the copy block after its last content.

The copy's data (copying body, signer, Nơi nhận; :class:`vanban.BanSao`) come from a YAML or JSON
file (``--data``); ``--hinh-thuc``, ``--so`` and ``--ngay`` give or replace its form, number and
date, so one data file serves every copy an office makes. ``--list`` numbers the original's
blocks for a TRÍCH SAO's ``--trich``. Nothing is written over silently: the original never, an
existing output only with ``--overwrite`` (as ``vanban register export``).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from vanban.data_files import read_data
from vanban.errors import BanSaoError, ValidationError
from vanban.models.mau_3_1 import BanSao
from vanban.render import atomic_write
from vanban.render.ban_sao import copy_document, document_blocks
from vanban.text.dates import parse_ngay


def add_command(commands: Any) -> None:
    """Add ``vanban copy`` to the command line's subcommands (``argparse`` subparsers)."""
    command = commands.add_parser(
        "copy",
        help="make a bản sao (SAO Y, SAO LỤC, TRÍCH SAO) of a .docx",
        description="Append the copy block of NĐ 30/2020, Phụ lục III, Mẫu 3.1 (the copying "
        "body, Số: n/SY-…, SAO Y / SAO LỤC / TRÍCH SAO, place and date, Nơi nhận, the signer) "
        "under a full-width rule after the original's last content; the original's content is "
        "not changed. Without -o the copy is written beside the original as "
        "ORIGINAL-sao-y.docx (-sao-luc, -trich-sao).",
    )
    command.add_argument("original", type=Path, nargs="?", help="the .docx to copy")
    command.add_argument(
        "--data", type=Path, help="the copy's data (.yaml, .json): co_quan, chu_ky, noi_nhan, …"
    )
    command.add_argument(
        "--hinh-thuc",
        help="sao-y, sao-luc or trich-sao (NĐ 30/2020, Điều 25); replaces the data file's",
    )
    command.add_argument("--so", type=int, help="the copy's number in the year's series of copies")
    command.add_argument("--ngay", help="the copy's date: 2022-03-10 or 10/03/2022")
    command.add_argument(
        "--trich",
        help="TRÍCH SAO: the blocks kept, as --list numbers them: '1-6,9,14-20'",
    )
    command.add_argument(
        "--list", action="store_true", help="number the original's blocks (for --trich) and stop"
    )
    command.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of the copy's data and stop"
    )
    command.add_argument("-o", "--output", type=Path, help="the copy's .docx")
    command.add_argument("--overwrite", action="store_true", help="replace an existing output")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the copy (or list the blocks); errors are vanban's, printed by ``vanban.cli.main``."""
    if args.schema:
        print(json.dumps(BanSao.json_schema(), ensure_ascii=False, indent=2))
        return 0
    original: Path | None = args.original
    if original is None:
        raise BanSaoError("give the .docx to copy: vanban copy ORIGINAL.docx --data COPY.yaml")
    if args.list:
        for block in document_blocks(original):
            print(block)
        return 0
    if args.data is None:
        raise BanSaoError(
            "give --data COPY.yaml: the copying body (co_quan), the signer (chu_ky) and Nơi nhận "
            "of the copy (docs/ban-sao.md)"
        )
    values: dict[str, Any] = _data(args.data)
    for key, given in (("hinh_thuc", args.hinh_thuc), ("so", args.so)):
        if given is not None:
            values[key] = given
    if args.ngay is not None:
        try:
            values["ngay"] = parse_ngay(args.ngay)
        except ValueError as error:
            raise BanSaoError(f"--ngay: {error}") from None
    try:
        copy = BanSao.from_dict(values)
    except ValidationError as error:  # named after the data file, with the flags' values
        raise ValidationError(str(args.data), error.problems) from None
    target: Path = args.output or original.with_name(
        f"{original.stem}-{copy.hinh_thuc.value.replace('_', '-')}.docx"
    )
    if _same(target, original):
        raise BanSaoError(f"-o {target} is the original; a copy never replaces it")
    if target.exists() and not args.overwrite:
        raise BanSaoError(
            f"{target}: already exists; choose another name, or replace it (--overwrite)"
        )
    data = copy_document(original, copy, trich=args.trich)
    saved = atomic_write(target, data)
    code = "" if copy.so is None else f" số {copy.so_ky_hieu_in}"
    print(f"{saved}  ({copy.hinh_thuc.chu}{code})")
    return 0


def _data(path: Path) -> dict[str, Any]:
    data = read_data(path)
    if not isinstance(data, dict):
        raise BanSaoError(f"{path}: the copy's data is a mapping (co_quan: …, chu_ky: …)")
    return dict(data)


def _same(one: Path, two: Path) -> bool:
    return os.path.realpath(one).casefold() == os.path.realpath(two).casefold()

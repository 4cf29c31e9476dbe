"""Reading a .docx package that may be hostile: bounded sizes, sane member names, safe XML.

A .docx is a zip of parts (ECMA-376 Part 2, Open Packaging Conventions). Templates and the files
``vanban pdf`` converts can come from anyone, so a package is checked before any part is used:

- member names are relative part names: no ``..`` or ``.`` segment, no leading ``/``, no
  backslash, no drive letter, no control character, and no two names equal when compared
  case-insensitively (OPC part names are case-insensitive, ECMA-376 Part 2, §9.1.1.1.2);
- only stored or deflated, unencrypted members whose data lie inside the file, one after another
  without overlapping;
- every member is inflated once as a stream, never trusting the sizes its headers state, and
  refused as soon as it passes :class:`PackageLimits` (size per part, size in total, compression
  ratio); its CRC is checked;
- every XML part (``.xml``, ``.rels``) is parsed with :func:`safe_parser`: no DTD, no entities,
  no network, no huge trees; a part with a ``<!DOCTYPE`` is refused outright (a .docx never needs
  one).

A refusal is a :class:`vanban.PackageError` (a :class:`vanban.TemplateError`) naming the file,
the member and what is wrong. The members keep their compressed bytes, so the parts a template
does not change are copied into each output as they are, without being inflated again.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from vanban.errors import PackageError
from vanban.render.zipparts import Member

MIB = 1024 * 1024
RATIO_FROM_BYTES = MIB
"""The compression ratio is checked only for members that inflate beyond this: small parts cannot
amplify much, and tiny XML parts compress unusually well."""
_CHUNK = 256 * 1024
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PackageLimits:
    """Bounds on what reading a .docx package (and compiling its template) may cost.

    The defaults pass every real template vanban knows with a wide margin (measured on the
    built-in templates and the decree's own Word files, whose largest part inflates to 0.7 MiB,
    whose packages hold at most 27 members and 0.8 MiB in all, and whose best compression ratio
    is 32): a template larger than these is almost certainly an attack. Raise them for a
    template that really needs more: ``Template(path, limits=PackageLimits(max_part_bytes=...))``.
    """

    max_part_bytes: int = 64 * MIB
    """Largest inflated size of one member (a picture or an XML part)."""
    max_total_bytes: int = 256 * MIB
    """Largest inflated size of all members together (and of the .docx file itself)."""
    max_ratio: int = 100
    """Largest inflated-to-compressed size ratio of a member that inflates beyond 1 MiB."""
    max_members: int = 2000
    """Most members a package may have."""
    max_tags: int = 10_000
    """Most Jinja tags (``{{``, ``{%``, ``{#``) a template may hold in all its parts. Compiling
    costs about 0.15 ms and 14 KiB per tag (docs/security.md), so 10 000 tags take about 1.5 s
    and 140 MiB once, when the template is loaded."""

    def __post_init__(self) -> None:
        for field in ("max_part_bytes", "max_total_bytes", "max_ratio", "max_members", "max_tags"):
            value = getattr(self, field)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"PackageLimits.{field} must be a positive integer, not {value!r}")


DEFAULT_LIMITS = PackageLimits()

_parsers = threading.local()


def safe_parser() -> etree.XMLParser:
    """This thread's XML parser for package parts: no entity resolution, no DTD loading or
    validation, no network, no huge trees (lxml parsers are not shared between threads)."""
    parser: etree.XMLParser | None = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            huge_tree=False,
        )
        _parsers.parser = parser
    return parser


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse one XML part safely; ``where`` ("ke_hoach.docx: word/document.xml") names it in errors.

    A part that is not well-formed XML, or declares a DOCTYPE, is refused with a
    :class:`vanban.PackageError`.
    """
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise PackageError(f"{where}: not well-formed XML: {error.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise PackageError(
            f"{where}: declares a DOCTYPE; a .docx part never needs one (it could define "
            "entities that read files or expand without end), so it is refused"
        )
    return root


class Package:
    """A checked .docx package: its members in order, compressed bytes kept."""

    def __init__(
        self,
        name: str,
        members: list[Member],
        limits: PackageLimits,
        kept: dict[str, etree._Element] | None = None,
    ) -> None:
        self.name = name
        self.members = members
        self.limits = limits
        self._by_name = {m.name: m for m in members}
        self._kept = kept or {}

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def read(self, name: str) -> bytes:
        """The inflated bytes of member ``name`` (a :class:`vanban.PackageError` when absent)."""
        member = self._by_name.get(name)
        if member is None:
            raise PackageError(f"{self.name}: the package has no part {name!r}")
        data = _inflate(member, self.limits, self.name, 0, keep=True)
        assert data is not None
        return data

    def xml(self, name: str) -> etree._Element:
        """Member ``name`` parsed as XML with the safe parser (the tree :func:`read_package`
        kept, the first time, when asked to keep it: it is handed out once)."""
        kept = self._kept.pop(name, None)
        return kept if kept is not None else parse_xml(self.read(name), f"{self.name}: {name}")


def read_package(
    data: bytes,
    name: str,
    limits: PackageLimits = DEFAULT_LIMITS,
    *,
    keep_xml: Collection[str] = (),
) -> Package:
    """Check the package ``data`` (see the module's docstring) and return it.

    Every member is inflated once to check its size, ratio and CRC, and every XML part is parsed
    once to check it is well-formed and has no DOCTYPE; nothing but the compressed bytes is kept,
    and the trees of the parts named in ``keep_xml``, which the caller is about to read
    (:meth:`Package.xml` hands each out once instead of parsing it a second time).
    """
    if len(data) > limits.max_total_bytes:
        raise PackageError(
            f"{name}: the file is {len(data)} bytes, over the limit of "
            f"{limits.max_total_bytes} (PackageLimits.max_total_bytes)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as error:  # zipfile raises several kinds for a damaged directory
        raise PackageError(f"{name}: not a .docx (zip) file: {error}") from None
    if len(infos) > limits.max_members:
        raise PackageError(
            f"{name}: the package has {len(infos)} members, over the limit of "
            f"{limits.max_members} (PackageLimits.max_members)"
        )
    members: list[Member] = []
    seen: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for info in infos:
        if info.filename.endswith("/") and info.file_size == 0:
            continue  # a folder entry some zip tools write: not a part, nothing to keep
        problem = _name_problem(info.filename)
        if problem:
            raise PackageError(f"{name}: member {info.filename!r}: {problem}")
        folded = info.filename.casefold()
        if folded in seen:
            raise PackageError(
                f"{name}: member {info.filename!r} appears twice (as {seen[folded]!r}); "
                "part names are case-insensitive and unique"
            )
        seen[folded] = info.filename
        member, start = _member(data, info, name)
        spans.append((info.header_offset, start + len(member.data), info.filename))
        members.append(member)
    spans.sort()
    for (_, end, first), (begin, _, second) in itertools.pairwise(spans):
        if begin < end:
            raise PackageError(
                f"{name}: members {first!r} and {second!r} overlap in the file; "
                "a package made by a word processor never does that"
            )
    total = 0
    kept: dict[str, etree._Element] = {}
    for member in members:
        xml = member.name.endswith((".xml", ".rels"))
        content = _inflate(member, limits, name, total, keep=xml)
        total += member.size
        if content is not None:
            root = parse_xml(content, f"{name}: {member.name}")
            if member.name in keep_xml:
                kept[member.name] = root
    return Package(name, members, limits, kept)


def read_file(
    path: Path, limits: PackageLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> bytes:
    """The bytes of a package file, refused before reading when larger than the limits allow."""
    size = path.stat().st_size
    if size > limits.max_total_bytes:
        raise PackageError(
            f"{name or path.name}: the file is {size} bytes, over the limit of "
            f"{limits.max_total_bytes} (PackageLimits.max_total_bytes)"
        )
    return path.read_bytes()


def check_docx(
    path: Path, limits: PackageLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> Package:
    """Check a .docx file before it is handed to another program (LibreOffice): the package
    checks of :func:`read_package`, and a ``[Content_Types].xml`` part. ``name`` (default: the
    file's name) starts every error message."""
    name = name or path.name
    package = read_package(read_file(path, limits, name=name), name, limits)
    if "[Content_Types].xml" not in package:
        raise PackageError(f"{name}: the package has no [Content_Types].xml part")
    return package


def _name_problem(member: str) -> str | None:
    """What is wrong with a member's name as a part name, if anything (ECMA-376 Part 2, §9.1.1)."""
    if not member:
        return "an empty name"
    if _CONTROL.search(member):
        return "the name holds a control character"
    if "\\" in member:
        return "the name holds a backslash (part names use '/')"
    if member.startswith("/"):
        return "an absolute path (part names are relative to the package)"
    if _DRIVE.match(member):
        return "the name starts with a drive letter"
    segments = member.split("/")
    if any(s in ("", ".", "..") for s in segments):
        return "the name has an empty, '.' or '..' segment"
    return None


def _member(data: bytes, info: zipfile.ZipInfo, name: str) -> tuple[Member, int]:
    where = f"{name}: member {info.filename!r}"
    if info.flag_bits & 0x1:
        raise PackageError(f"{where} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackageError(
            f"{where} uses compression method {info.compress_type}; a .docx uses only "
            "stored (0) or deflated (8)"
        )
    offset = info.header_offset
    if offset < 0 or offset + 30 > len(data) or data[offset : offset + 4] != _LOCAL_SIGNATURE:
        raise PackageError(f"{where}: its local header is missing or damaged")
    name_len, extra_len = struct.unpack_from("<2H", data, offset + 26)
    start = offset + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise PackageError(f"{where}: its data run past the end of the file (a truncated file)")
    dos_time = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
    dos_date = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
    member = Member(
        info.filename,
        info.compress_type,
        info.CRC,
        info.file_size,
        data[start:end],
        (dos_time, dos_date),
    )
    return member, start


def _inflate(
    member: Member, limits: PackageLimits, name: str, total_before: int, *, keep: bool
) -> bytes | None:
    """Inflate ``member`` as a stream, refusing it as soon as it passes a limit; check its
    stated size and CRC. Returns the bytes when ``keep``, else None."""
    where = f"{name}: member {member.name!r}"
    ratio_cap = max(limits.max_ratio * len(member.data), RATIO_FROM_BYTES)
    chunks: list[bytes] = []
    size = crc = 0
    for chunk in _pieces(member, where):
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        if size > limits.max_part_bytes:
            raise PackageError(
                f"{where} inflates to more than {limits.max_part_bytes} bytes "
                "(PackageLimits.max_part_bytes)"
            )
        if total_before + size > limits.max_total_bytes:
            raise PackageError(
                f"{where}: the package inflates to more than {limits.max_total_bytes} "
                "bytes in all (PackageLimits.max_total_bytes)"
            )
        if size > ratio_cap:
            raise PackageError(
                f"{where} inflates more than {limits.max_ratio} times its compressed size "
                f"of {len(member.data)} bytes (PackageLimits.max_ratio): a zip bomb"
            )
        if keep:
            chunks.append(chunk)
    if size != member.size or crc != member.crc:
        raise PackageError(
            f"{where}: its content ({size} bytes, CRC {crc:08x}) does not match its header "
            f"({member.size} bytes, CRC {member.crc:08x}); the file is damaged"
        )
    return b"".join(chunks) if keep else None


def _pieces(member: Member, where: str) -> Iterator[bytes]:
    """The member's content in pieces of at most 256 KiB, inflated as they are asked for."""
    if member.method == zipfile.ZIP_STORED:
        for start in range(0, len(member.data), _CHUNK):
            yield member.data[start : start + _CHUNK]
        return
    inflater = zlib.decompressobj(-15)
    pending = member.data
    while True:
        try:
            chunk = inflater.decompress(pending, _CHUNK)
        except zlib.error as error:
            raise PackageError(f"{where}: damaged compressed data ({error})") from None
        pending = inflater.unconsumed_tail
        if chunk:
            yield chunk
        elif inflater.eof or not pending:
            break
    if not inflater.eof:
        raise PackageError(f"{where}: its compressed data end too early (a truncated file)")

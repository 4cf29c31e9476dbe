"""A .docx package written many times: unchanged parts are copied as they are (already
compressed), only the parts that change are compressed again. Packages are read, and checked,
by :mod:`vanban.render.package`."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAMES = 0x800


@dataclass(frozen=True)
class Member:
    """One part of the package: its name, zip metadata and compressed bytes."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes  # compressed as ``method`` says
    date_time: tuple[int, int]  # DOS time and date

    @classmethod
    def from_bytes(
        cls, name: str, content: bytes, date_time: tuple[int, int], level: int
    ) -> Member:
        return cls.from_pieces(name, (content,), date_time, level)

    @classmethod
    def from_pieces(
        cls, name: str, pieces: Iterable[bytes], date_time: tuple[int, int], level: int
    ) -> Member:
        """The member whose content is ``pieces`` joined, compressed as they come: the content
        itself is never held whole (a big part's pieces can be made one after another)."""
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        out: list[bytes] = []
        crc = size = 0
        for piece in pieces:
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            out.append(compressor.compress(piece))
        out.append(compressor.flush())
        return cls(name, zipfile.ZIP_DEFLATED, crc, size, b"".join(out), date_time)


class LastMember:
    """The member last made from some content, to give again for the same content: a part
    rendered with the same values (a header, a footer, the core properties of a batch) is not
    compressed again. Same bytes in, same member out, so nothing can go stale.

    One entry, replaced whole (a single attribute assignment): safe from many threads, where a
    race costs only a compression.
    """

    def __init__(self) -> None:
        self._last: tuple[bytes, Member] | None = None

    def member(self, content: bytes, make: Callable[[], Member]) -> Member:
        """The member ``make()`` gives for ``content``: the last one made when ``content`` is
        the same as then (``content`` must decide the member: the varying part of its bytes)."""
        last = self._last
        if last is not None and last[0] == content:
            return last[1]
        made = make()
        self._last = (content, made)
        return made


def write_package(members: list[Member]) -> bytes:
    """A zip of ``members`` in order."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAMES
        common = (flags, m.method, *m.date_time, m.crc, len(m.data), m.size, len(name))
        header = _LOCAL.pack(b"PK\x03\x04", 20, *common, 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, *common, 0, 0, 0, 0, 0, offset) + name)
        chunks += (header, name, m.data)
        offset += len(header) + len(name) + len(m.data)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end

"""A .docx package written many times: unchanged parts are copied as they are (already
compressed), only the parts that change are compressed again. Packages are read, and checked,
by :mod:`vanban.render.package`."""

from __future__ import annotations

import struct
import zipfile
import zlib
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
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content), data, date_time)


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

"""Numbering and the outgoing register: cấp số văn bản đi and the Sổ đăng ký văn bản đi.

:class:`Register` gives an issued document the next number of its series (NĐ 30/2020, Điều 15),
writes its line in the register (Điều 16; Phụ lục IV) in the same transaction, and refuses a number
already in the year (Phụ lục VI, I.III.1.h). Storage is SQLite (a file path) by default, or
PostgreSQL (a ``postgresql://`` URL, ``pip install vanban[postgres]``) for several app servers
sharing one register.
"""

from vanban.register.core import Register
from vanban.register.row import RegisterRow, TrangThai
from vanban.register.series import DEFAULT_SERIES, SeriesRule

__all__ = ["DEFAULT_SERIES", "Register", "RegisterRow", "SeriesRule", "TrangThai"]

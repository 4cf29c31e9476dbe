"""The register's tables, their version, and the migrations that bring an older register up to date.

The table ``vanban_register`` (key, value) marks a database as a vanban register (``format``) and
holds its schema version (``version``) and the body (``co_quan``, JSON). Opening a register applies,
in one transaction, every migration after its version: a register made by one version of vanban
opens in the next. Migrations are append-only: a released step is never edited.

- Version 1: the series (``vanban_series``) and the rows of the Sổ đăng ký văn bản đi
  (``vanban_row``: Phụ lục IV's ten columns, the state of the number, the document as JSON). A
  number is unique in its series and year (primary key; Điều 15.1), and (năm, số, ký hiệu) is
  unique among the body's documents (Phụ lục VI, I.III.1.h) — the secret ones (``mat``) apart,
  since their series is apart (Điều 15.2) and the same kind may take the same number in both; a
  reserved number has no ký hiệu yet (NULL, which both databases let repeat in a unique key). An
  index on (series, năm, ngày) finds a series' last date at once.
- Version 2: closed years (``vanban_closed_year``): a year whose book was printed and bound
  (Điều 16.2.b) takes no new number.
- Version 3: the series' counters (``vanban_counter``): per series and year, the highest number
  of its rows and a date never before their latest, so the next number is taken, and the series
  locked, by one statement (:meth:`vanban.register.storage.Backend.take_number`); the rows are
  read only when an issue date comes before the counter's. Filled from the rows on migration;
  every write of a number or a date raises it.
"""

from __future__ import annotations

import json
from typing import Any

from vanban.errors import RegisterError
from vanban.register.storage import Backend

FORMAT = "vanban-register"
"""The mark of a vanban register in ``vanban_register``."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # version 1
        "CREATE TABLE vanban_register (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE vanban_series ("
        " name TEXT PRIMARY KEY, ten TEXT NOT NULL, loai TEXT NOT NULL,"
        " mat INTEGER NOT NULL, co_quan TEXT, ban_sao INTEGER NOT NULL)",
        "CREATE TABLE vanban_row ("
        " series TEXT NOT NULL REFERENCES vanban_series (name),"
        " nam INTEGER NOT NULL, so INTEGER NOT NULL CHECK (so >= 1), ky_hieu TEXT,"
        " ngay TEXT, ten_loai_trich_yeu TEXT NOT NULL, nguoi_ky TEXT NOT NULL,"
        " noi_nhan TEXT NOT NULL, don_vi_nhan_ban_luu TEXT NOT NULL, so_luong_ban INTEGER,"
        " ngay_chuyen TEXT, ky_nhan TEXT NOT NULL, ghi_chu TEXT NOT NULL,"
        " trang_thai TEXT NOT NULL, van_ban TEXT, mat INTEGER NOT NULL,"
        " PRIMARY KEY (series, nam, so), UNIQUE (nam, mat, so, ky_hieu))",
        "CREATE INDEX vanban_row_ngay ON vanban_row (series, nam, ngay)",
    ),
    (  # version 2
        "CREATE TABLE vanban_closed_year (nam INTEGER PRIMARY KEY, ngay TEXT NOT NULL)",
    ),
    (  # version 3
        "CREATE TABLE vanban_counter ("
        " series TEXT NOT NULL REFERENCES vanban_series (name), nam INTEGER NOT NULL,"
        " so INTEGER NOT NULL, ngay TEXT NOT NULL, PRIMARY KEY (series, nam))",
        "INSERT INTO vanban_counter (series, nam, so, ngay)"
        " SELECT series, nam, MAX(so), COALESCE(MAX(ngay), '') FROM vanban_row"
        " GROUP BY series, nam",
    ),
)

VERSION = len(MIGRATIONS)
"""The schema version this vanban writes."""


def create(backend: Backend, co_quan: dict[str, Any]) -> None:
    """Write an empty register of the latest version (inside the caller's transaction)."""
    if "vanban_register" in backend.tables():
        raise RegisterError(
            f"{backend.where}: already holds a register — open it with Register(…); a register "
            "is never created over another",
            f"{backend.where}: already holds a register — use it as it is (vanban register "
            "issue, list, …); a register is never created over another",
        )
    for steps in MIGRATIONS:
        for sql in steps:
            backend.query(sql)
    backend.query(
        "INSERT INTO vanban_register (key, value) VALUES ('format', ?), ('version', ?), "
        "('co_quan', ?)",
        (FORMAT, str(VERSION), json.dumps(co_quan, ensure_ascii=False)),
    )


def version(backend: Backend) -> int:
    """The schema version of the register at ``backend``; :class:`RegisterError` if it is no
    register, or one written by a newer vanban."""
    if "vanban_register" not in backend.tables():
        head = (
            f"{backend.where}: not a vanban register (no table vanban_register) — create one with"
        )
        raise RegisterError(
            f"{head} Register.create(…, co_quan=…)", f"{head} `vanban register init`"
        )
    values = dict(backend.query("SELECT key, value FROM vanban_register"))
    if values.get("format") != FORMAT or not str(values.get("version", "")).isdigit():
        raise RegisterError(f"{backend.where}: not a vanban register (format {values!r})")
    found = int(values["version"])
    if found > VERSION:
        raise RegisterError(
            f"{backend.where}: a register of schema version {found}, written by a newer vanban "
            f"(this one reads up to {VERSION}) — upgrade vanban"
        )
    return found


def migrate(backend: Backend) -> int:
    """Bring the register up to :data:`VERSION` in one transaction; return the version it had."""
    found = version(backend)
    if found == VERSION:
        return found
    with backend.transaction():
        # PostgreSQL: a second opener waits here; SQLite: BEGIN IMMEDIATE already excludes it
        backend.query(
            f"SELECT value FROM vanban_register WHERE key = 'version'{backend.for_update}"
        )
        found = version(backend)  # another process may have migrated it meanwhile
        for steps in MIGRATIONS[found:]:
            for sql in steps:
                backend.query(sql)
        backend.query("UPDATE vanban_register SET value = ? WHERE key = 'version'", (str(VERSION),))
    return found

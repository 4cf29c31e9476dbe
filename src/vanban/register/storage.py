"""Where a register is kept: SQLite (a file path) or PostgreSQL (a ``postgresql://`` URL).

Both backends run the same SQL (``?`` placeholders; the PostgreSQL backend writes them as ``%s``)
through one small interface, :class:`Backend`; what differs is how the number-taking transaction
excludes the others:

- SQLite: the file is in WAL mode (readers never wait for the writer); a write transaction starts
  with ``BEGIN IMMEDIATE``, which takes the file's write lock at once, so two processes never read
  the same last number; a waiting process retries for ``busy_timeout`` before it gives up.
- PostgreSQL: one transaction per operation. The next number is taken by one statement, an
  upsert of the series' counter for the year (``INSERT … ON CONFLICT DO UPDATE SET so = so + 1
  … RETURNING``): it locks the counter's row until the transaction ends, and under READ
  COMMITTED it waits for the previous holder and updates the row as that one committed it, so
  concurrent issuers of one series queue there and each gets the number after the last
  committed one. Other writes that check rows first (a number typed by hand, a reserved
  number, a cancellation) lock the series' row with ``SELECT … FOR UPDATE``, then read (the
  statement after the lock sees what the previous holder committed).

A killed process never leaves half a row: its transaction was not committed, and both databases
roll it back (SQLite from its WAL on the next open, PostgreSQL when the connection drops).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vanban.errors import RegisterError

if TYPE_CHECKING:
    import psycopg

Param = str | int | None
"""A value bound into a statement: the registers store text, integers and NULL only (dates as
ISO text, so both databases compare and sort them alike)."""

BUSY_TIMEOUT_S = 60.0
"""How long an SQLite writer waits for another's transaction before giving up (seconds)."""

CONNECT_TIMEOUT_S = 10
"""How long to wait for a PostgreSQL server that does not answer (seconds; a URL's own
``connect_timeout`` wins)."""


class Backend(Protocol):
    """The storage of a register: a connection that runs statements, in write transactions."""

    where: str
    """The register's place for messages: the file path, or the server, port and database."""

    for_update: str
    """What a SELECT ends with to lock the rows it reads until the transaction ends: " FOR
    UPDATE" on PostgreSQL; nothing on SQLite, whose write transaction locks the whole file."""

    def query(self, sql: str, params: Sequence[Param] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (inside the current transaction, if any) and return its rows."""

    def transaction(self) -> Any:
        """A context manager: one write transaction, committed at its end, rolled back on error;
        no other writer of the register is inside one at the same time as this one has locked a
        series (:meth:`lock_series`)."""

    def lock_series(self, name: str) -> None:
        """Inside a transaction: make every other transaction that locks ``name`` wait until
        this one ends."""

    def take_number(
        self, series: str, nam: int, ngay: str, so: int | None = None
    ) -> tuple[int, str, bool]:
        """Inside a transaction: raise the counter of ``series`` in ``nam`` — to its next number,
        or to ``so`` if that is higher — and its latest date to ``ngay`` if that is later; the
        counter stays locked until the transaction ends. Returns the counter's number and latest
        date (ISO) after that, and whether the year is closed."""

    def tables(self) -> set[str]:
        """The names of the tables in the database (to tell a register from anything else)."""

    def is_unique_violation(self, error: Exception) -> bool:
        """Whether ``error`` is the database refusing a duplicate key."""

    def close(self) -> None:
        """Close the connection."""


def is_url(where: str | os.PathLike[str]) -> bool:
    """Whether ``where`` names a PostgreSQL database rather than a file."""
    return isinstance(where, str) and where.startswith(("postgresql://", "postgres://"))


def open_backend(where: str | os.PathLike[str], *, create: bool) -> Backend:
    """Connect to the register at ``where``; with ``create``, the file may not exist yet (and
    must not, unless empty: nothing is overwritten)."""
    if is_url(where):
        return PostgresBackend(str(where))
    return SqliteBackend(Path(where), create=create)


class SqliteBackend:
    """A register in one SQLite file, shared by the processes of one machine."""

    for_update = ""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.where = str(path)
        if create:
            if path.exists() and path.stat().st_size > 0:
                head = f"{path}: the file exists — a new register is never written over a file; "
                raise RegisterError(
                    f"{head}open it with Register(path) if it is a register, or choose another "
                    "path",
                    f"{head}if it is a register, use it as it is (vanban register issue, list, …), "
                    "or choose another path",
                )
            mode = "rwc"
        else:
            if not path.is_file():
                head = f"{path}: no such register — create it with"
                raise RegisterError(
                    f"{head} Register.create(path, co_quan=…)",
                    f"{head} `vanban register init {path} SETTINGS`",
                )
            mode = "rw"
        try:
            self._db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode={mode}",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # autocommit; transactions are opened explicitly
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise RegisterError(f"{path}: cannot be opened as a register ({error})") from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read before writing anything: another program's database is left as it was.
            tables = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not create and ("vanban_register",) not in tables.fetchall():
                head = (
                    f"{path}: not a vanban register (an SQLite database without the table "
                    "vanban_register) — open a file made by"
                )
                raise RegisterError(f"{head} Register.create", f"{head} `vanban register init`")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            self._db.close()
            head = f"{path}: not a vanban register ({error}) — a register is an SQLite file made by"
            raise RegisterError(
                f"{head} Register.create", f"{head} `vanban register init`"
            ) from None
        except RegisterError:
            self._db.close()
            raise

    def query(self, sql: str, params: Sequence[Param] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows."""
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.IntegrityError as error:
            if self.is_unique_violation(error):
                raise  # the caller says which number is taken
            raise RegisterError(f"{self.where}: {error}") from error
        except sqlite3.DatabaseError as error:
            raise RegisterError(f"{self.where}: {error}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: the file's write lock for the whole transaction."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise RegisterError(
                f"{self.where}: the register stayed locked by another writer for "
                f"{BUSY_TIMEOUT_S:.0f} s ({error}); try again"
            ) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise RegisterError(f"{self.where}: not written ({error}); try again") from None

    def lock_series(self, name: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the whole file's write lock."""

    def take_number(
        self, series: str, nam: int, ngay: str, so: int | None = None
    ) -> tuple[int, str, bool]:
        """The counter raised in a few local statements (the transaction holds the file's write
        lock; no ``RETURNING``, which SQLite has only since 3.35)."""
        key = (series, nam)
        self.query(
            "INSERT OR IGNORE INTO vanban_counter (series, nam, so, ngay) VALUES (?, ?, 0, '')", key
        )
        if so is None:
            raised = "so + 1"
            params: tuple[Param, ...] = (ngay, *key)
        else:
            raised = "MAX(so, ?)"
            params = (so, ngay, *key)
        self.query(
            f"UPDATE vanban_counter SET so = {raised}, ngay = MAX(ngay, ?) "
            "WHERE series = ? AND nam = ?",
            params,
        )
        number, last = self.query(
            "SELECT so, ngay FROM vanban_counter WHERE series = ? AND nam = ?", key
        )[0]
        closed = self.query("SELECT 1 FROM vanban_closed_year WHERE nam = ?", (nam,))
        return int(number), str(last), bool(closed)

    def tables(self) -> set[str]:
        """The tables of the file."""
        rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(row[0]) for row in rows}

    def is_unique_violation(self, error: Exception) -> bool:
        """SQLite's IntegrityError on a UNIQUE or PRIMARY KEY constraint."""
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)

    def close(self) -> None:
        """Close the file."""
        self._db.close()


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise RegisterError(
            "a PostgreSQL register needs psycopg 3: pip install 'vanban[postgres]'"
        ) from None
    return psycopg


class PostgresBackend:
    """A register in a PostgreSQL database, shared by several app servers."""

    for_update = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        driver = _psycopg()
        try:
            info = driver.conninfo.conninfo_to_dict(url)
        except driver.ProgrammingError as error:
            raise RegisterError(f"not a PostgreSQL URL ({error})") from None
        host = info.get("host") or "localhost"
        port = info.get("port") or "5432"
        self.where = f"PostgreSQL {host}:{port}/{info.get('dbname') or ''}"
        info.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
        try:
            self._db: psycopg.Connection[Any] = driver.connect(**info, autocommit=True)
        except driver.OperationalError as error:
            reason = " ".join(str(error).split())
            raise RegisterError(
                f"{self.where}: the server does not answer at host {host}, port {port} "
                f"(waited at most {info['connect_timeout']} s): {reason} — check the URL and "
                "that the server runs and accepts connections"
            ) from None
        self._psycopg = driver

    def query(self, sql: str, params: Sequence[Param] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders) and return its rows."""
        psycopg = self._psycopg
        try:
            cursor = self._db.execute(sql.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description is not None else []
        except psycopg.errors.UniqueViolation:
            raise
        except psycopg.Error as error:
            raise RegisterError(f"{self.where}: {' '.join(str(error).split())}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction, committed at its end, rolled back on an error or a dropped line."""
        try:
            with self._db.transaction():
                yield
        except self._psycopg.OperationalError as error:
            reason = " ".join(str(error).split())
            raise RegisterError(
                f"{self.where}: the transaction failed and nothing was written ({reason}); "
                "try again"
            ) from None

    def lock_series(self, name: str) -> None:
        """``SELECT … FOR UPDATE`` on the series' row: the other issuers of the series wait."""
        self.query("SELECT name FROM vanban_series WHERE name = ? FOR UPDATE", (name,))

    def take_number(
        self, series: str, nam: int, ngay: str, so: int | None = None
    ) -> tuple[int, str, bool]:
        """One round trip: an upsert of the counter that locks its row and returns it, with
        whether the year is closed. Waiting on another transaction's lock, it updates the row as
        that transaction committed it (PostgreSQL's ON CONFLICT DO UPDATE under READ COMMITTED),
        so no number is given twice."""
        raised = "c.so + 1" if so is None else "GREATEST(c.so, EXCLUDED.so)"
        found = self.query(
            "INSERT INTO vanban_counter AS c (series, nam, so, ngay) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT (series, nam) DO UPDATE SET so = {raised}, "
            "ngay = GREATEST(c.ngay, EXCLUDED.ngay) "
            "RETURNING c.so, c.ngay, EXISTS (SELECT 1 FROM vanban_closed_year WHERE nam = ?)",
            (series, nam, 1 if so is None else so, ngay, nam),
        )
        number, last, closed = found[0]
        return int(number), str(last), bool(closed)

    def tables(self) -> set[str]:
        """The tables visible on the connection's search path."""
        rows = self.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = ANY (current_schemas(false))"
        )
        return {str(row[0]) for row in rows}

    def is_unique_violation(self, error: Exception) -> bool:
        """PostgreSQL's unique_violation (SQLSTATE 23505)."""
        return isinstance(error, self._psycopg.errors.UniqueViolation)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

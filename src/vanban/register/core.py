"""The register of a body's outgoing documents: cấp số and the Sổ đăng ký văn bản đi.

The rules it keeps (NĐ 30/2020):

- Số and date follow the order in which the body issues its documents in the year, from 01 on 1
  January to 31 December (Điều 15.1; Phụ lục I, mục II.3.a): :meth:`Register.issue` takes the next
  number of the document's series for the year of the issue date, and refuses a date earlier than
  the series' last one unless told (``allow_earlier``, then noted in Ghi chú).
- (số, ký hiệu) of a body is unique in a year (Điều 15.1); the system refuses a duplicate (số, ký
  hiệu, cơ quan) (Phụ lục VI, I.III.1.h): a number typed by hand, imported or reserved is checked
  against the year's rows before it is written.
- Separate series by the head of the body's decision, secret documents and advisory bodies apart,
  copies in one series (Điều 15.1.c, 15.2; Phụ lục I, mục II.3.a, phần II mục II.1.c):
  :mod:`vanban.register.series`.
- An electronic document is numbered and dated by the system when it is issued (Điều 15.3); its
  details are registered (Điều 16): the number, the row and the numbered document come out of one
  transaction, or nothing does.
- A cancelled number stays in the register, marked, and is never given again; a recalled document
  keeps its number and row, frozen and marked (Phụ lục VI, I.III.8).
- A year whose register was printed and bound (Điều 16.2.b) can be closed: it takes no new number.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from types import TracebackType
from typing import Any, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vanban.errors import CodeError, RegisterError, ValidationError
from vanban.loai import LoaiVanBan
from vanban.models.co_quan import CoQuan
from vanban.models.loading import from_dict
from vanban.models.noi_nhan import is_nhu_tren, luu_van_thu
from vanban.models.so_ky_hieu import SoKyHieu, format_so
from vanban.models.van_ban import VanBan
from vanban.register import schema
from vanban.register.row import RegisterRow, TrangThai
from vanban.register.series import DEFAULT_SERIES, SeriesRule, check_rules
from vanban.register.storage import Backend, Param, open_backend
from vanban.text.chars import clean_text

D = TypeVar("D", bound=VanBan)

_COLUMNS = (
    "series, nam, so, ky_hieu, ngay, ten_loai_trich_yeu, nguoi_ky, noi_nhan, "
    "don_vi_nhan_ban_luu, so_luong_ban, ngay_chuyen, ky_nhan, ghi_chu, trang_thai"
)


def today() -> date:
    """Today in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year since 1975): the default issue date.

    Without the system's time-zone data the fixed offset gives the same day.
    """
    try:
        zone: ZoneInfo | timezone = ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        zone = timezone(timedelta(hours=7))
    return datetime.now(UTC).astimezone(zone).date()


class Register:
    """A body's register of outgoing documents (Sổ đăng ký văn bản đi, NĐ 30/2020, Điều 16).

    ``Register(where)`` opens an existing register: ``where`` is an SQLite file path, or a
    ``postgresql://`` URL (``pip install 'vanban[postgres]'``) for app servers that share one
    register. A register written by an older vanban is migrated on open. Make a new one with
    :meth:`create`. Every method that writes runs in one transaction; several processes (or
    servers) may use one register at once and never get the same number. One ``Register`` is one
    connection: open one per process or thread.

    >>> with Register.create("so.db", co_quan=ubnd) as so:  # doctest: +SKIP
    ...     kh = so.issue(draft, ngay=date(2022, 1, 29))
    ...     str(kh.so_ky_hieu)
    '01/KH-UBND'
    """

    co_quan: CoQuan
    """The body whose register this is (its documents, and its advisory bodies' are numbered)."""

    def __init__(self, where: str | os.PathLike[str]) -> None:
        self._open(open_backend(where, create=False))

    def _open(self, backend: Backend) -> None:
        self._db = backend
        try:
            schema.migrate(backend)
            values = dict(backend.query("SELECT key, value FROM vanban_register"))
            self.co_quan = CoQuan.model_validate(json.loads(values["co_quan"]))
            self._rules = self._read_rules()
        except (KeyError, ValueError, ValidationError) as error:
            backend.close()
            raise RegisterError(f"{backend.where}: a damaged register ({error})") from None
        except BaseException:
            backend.close()
            raise

    @classmethod
    def create(
        cls,
        where: str | os.PathLike[str],
        *,
        co_quan: CoQuan,
        series: Mapping[str, SeriesRule] | None = None,
    ) -> Register:
        """Make a new, empty register for ``co_quan`` at ``where`` and open it.

        ``series`` maps each series' name to its :class:`SeriesRule`; by default one series for
        every kind (``"chung"``) and the secret documents apart (``"mat"``) (Điều 15.1, 15.2).
        An existing file or register is never written over.
        """
        rules = dict(DEFAULT_SERIES if series is None else series)
        check_rules(rules)
        backend = open_backend(where, create=True)
        try:
            with backend.transaction():
                schema.create(backend, co_quan.model_dump(mode="json"))
                for name, rule in rules.items():
                    backend.query(
                        "INSERT INTO vanban_series (name, ten, loai, mat, co_quan, ban_sao) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            name,
                            rule.ten,
                            ",".join(sorted(kind.value for kind in rule.loai)),
                            int(rule.mat),
                            rule.co_quan,
                            int(rule.ban_sao),
                        ),
                    )
        except BaseException:
            backend.close()
            raise
        register = cls.__new__(cls)
        register._open(backend)
        return register

    # --- reading ---------------------------------------------------------------------------

    @property
    def where(self) -> str:
        """Where the register is, for messages: the file's path, or "PostgreSQL host:port/db"
        (never a password)."""
        return self._db.where

    def series_names(self) -> list[str]:
        """The names of the register's series, sorted."""
        return sorted(self._rules)

    def series_rules(self) -> dict[str, SeriesRule]:
        """Each series' rule, by name."""
        return dict(self._rules)

    def rows(self, nam: int, series: str | None = None) -> list[RegisterRow]:
        """The year's rows in register order (by series, then number); of one series if given."""
        if series is not None:
            self._rule(series)
            found = self._db.query(
                f"SELECT {_COLUMNS} FROM vanban_row WHERE nam = ? AND series = ? ORDER BY so",
                (nam, series),
            )
        else:
            found = self._db.query(
                f"SELECT {_COLUMNS} FROM vanban_row WHERE nam = ? ORDER BY series, so", (nam,)
            )
        return [_row(values) for values in found]

    def find(self, so_ky_hieu: str, *, nam: int, series: str | None = None) -> RegisterRow | None:
        """The row of ``so_ky_hieu`` ("05/QĐ-UBND"; a reserved number alone: "05") in year
        ``nam``, or None. A reserved number, or a secret document's code, may stand in several
        series: then name ``series``."""
        rows = self._find(so_ky_hieu, nam, series)
        if len(rows) > 1:
            head = f"{so_ky_hieu!r} in {nam}: in series {', '.join(repr(r.series) for r in rows)}"
            raise RegisterError(
                f"{head} — say which with series=…", f"{head} — say which with --series"
            )
        return rows[0] if rows else None

    def van_ban(self, so_ky_hieu: str, *, nam: int, series: str | None = None) -> VanBan | None:
        """The document issued under ``so_ky_hieu`` in ``nam``, as it was issued (its data is
        stored with the row and never changed afterwards, also when the number is cancelled or
        the document recalled: Phụ lục VI, I.III.8); None for a number with no document (not in
        the register, or reserved)."""
        row = self.find(so_ky_hieu, nam=nam, series=series)
        if row is None:
            return None
        found = self._db.query(
            "SELECT van_ban FROM vanban_row WHERE series = ? AND nam = ? AND so = ?",
            (row.series, row.nam, row.so),
        )
        if not found or found[0][0] is None:
            return None
        return from_dict(json.loads(found[0][0]), source=f"{self.where}: {row.so_ky_hieu}")

    def closed_years(self) -> list[int]:
        """The years closed with :meth:`close_year`."""
        return [
            int(r[0]) for r in self._db.query("SELECT nam FROM vanban_closed_year ORDER BY nam")
        ]

    # --- writing ---------------------------------------------------------------------------

    def issue(
        self,
        document: D,
        *,
        ngay: date | None = None,
        series: str | None = None,
        allow_earlier: bool = False,
        so_ban: int | None = None,
        reserved: int | None = None,
    ) -> D:
        """Number and date ``document``, write its row, and return the numbered copy.

        A draft (``so`` left out) takes the next number of its series in the year of ``ngay``
        (default: today in Vietnam), 01 on 1 January (Điều 15.1; Phụ lục I, mục II.3.a), and that
        date; with ``reserved`` it takes that number, reserved earlier with :meth:`reserve`, and
        the reservation's date unless ``ngay`` is given. A document that already has its number
        and date (typed by hand, or imported from an older register) keeps them, when no row of
        the year holds that number: a number is never given twice (Điều 15.1; Phụ lục VI,
        I.III.1.h); the series then goes on after its highest number. A draft's ``nam`` (the
        year printed on the draft) gives way to the issue date's year.

        The series is the one the register's rules give the document (:class:`SeriesRule`), or
        ``series``. Numbers follow time order: a date earlier than the series' last date in the
        year is refused unless ``allow_earlier``, then noted in Ghi chú. ``so_ban`` (column 7)
        defaults to the document's ``so_ban_phat_hanh``. The number, the row and the copy come out
        of one transaction: on any error nothing is written.
        """
        name = self._series_for(document, series)
        if document.so is not None:
            if reserved is not None:
                tail = f"the document already has its number {document.ten_so_ky_hieu!r}"
                raise RegisterError(
                    f"reserved={reserved}: {tail}; leave one of them out",
                    f"--reserved {reserved}: {tail} (so in its data); leave one of them out",
                )
            assert document.ngay is not None  # so and ngay come together (VanBan's validator)
            if ngay is not None and ngay != document.ngay:
                tail = (
                    f"{ngay.isoformat()} — the document {document.ten_so_ky_hieu} is dated "
                    f"{document.ngay.isoformat()}; a numbered document keeps its date"
                )
                raise RegisterError(f"ngay: {tail}", f"--date {tail}: leave --date out")
            day: date | None = document.ngay
        else:
            day = ngay
        mat = self._rules[name].mat
        try:
            with self._db.transaction():
                numbered = self._issue(document, name, day, allow_earlier, so_ban, reserved)
        except _Taken as taken:
            raise self._taken(taken.numbered, mat) from None
        return numbered

    def _issue(
        self,
        document: D,
        name: str,
        day: date | None,
        allow_earlier: bool,
        so_ban: int | None,
        reserved: int | None,
    ) -> D:
        """Inside :meth:`issue`'s transaction: take the number, write the row. Locks: the
        series' counter first (every issue and reservation of the series and year queue there);
        a reserved number's series before it (as cancel does, so neither changes the row under
        the other)."""
        held: RegisterRow | None = None
        if document.so is not None:
            assert day is not None
            number = document.so
            self._db.take_number(name, day.year, day.isoformat(), number)
            self._check_free(name, day.year, number)  # before its place: the clearer error
            note = self._check_place(name, number, day, allow_earlier)
        elif reserved is not None:
            self._db.lock_series(name)
            held = self._reserved_row(name, reserved, day)
            number, day = held.so, day or held.ngay
            assert day is not None
            self._db.take_number(name, day.year, day.isoformat(), number)
            note = self._check_place(name, number, day, allow_earlier)
        else:
            day = day or today()
            number, note = self._take(name, day, allow_earlier)
        numbered = _numbered(document, number, day)
        values = _values(numbered, name, so_ban, note)
        try:
            self._write_issued(numbered, name, values, note, held)
        except _Taken:
            raise _Taken(numbered) from None
        return numbered

    def _write_issued(
        self,
        numbered: VanBan,
        name: str,
        values: tuple[Param, ...],
        note: str,
        held: RegisterRow | None,
    ) -> None:
        """Write an issued document's row: a new one, or the reserved number's (``held``)."""
        assert numbered.ngay is not None and numbered.so is not None
        day, number = numbered.ngay, numbered.so
        if held is not None:
            self._write(
                "UPDATE vanban_row SET ky_hieu = ?, ngay = ?, ten_loai_trich_yeu = ?, "
                "nguoi_ky = ?, noi_nhan = ?, don_vi_nhan_ban_luu = ?, so_luong_ban = ?, "
                "ghi_chu = ?, trang_thai = ?, van_ban = ? "
                "WHERE series = ? AND nam = ? AND so = ?",
                (
                    *values[3:10],
                    _join(held.ghi_chu, note),
                    TrangThai.DA_CAP.value,
                    values[-1],
                    name,
                    day.year,
                    number,
                ),
            )
        else:
            self._write(
                f"INSERT INTO vanban_row ({_COLUMNS}, van_ban, mat) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, int(self._rules[name].mat)),
            )

    def reserve(
        self, *, series: str | None = None, ngay: date | None = None, ghi_chu: str = ""
    ) -> RegisterRow:
        """Take the next number of ``series`` (default: the general series) for a document to be
        issued on it later (``issue(…, reserved=row.so)``); the number is dated ``ngay`` (default
        today in Vietnam) and keeps its place in time order. It is never given to another
        document; if the document never comes, :meth:`cancel` it."""
        name = series if series is not None else self._general("reserve")
        self._rule(name)
        day = ngay or today()
        try:
            with self._db.transaction():
                number, _ = self._take(name, day, allow_earlier=False)
                self._write(
                    f"INSERT INTO vanban_row ({_COLUMNS}, mat) "
                    "VALUES (?, ?, ?, NULL, ?, '', '', '', '', NULL, NULL, '', ?, ?, ?)",
                    (
                        name,
                        day.year,
                        number,
                        day.isoformat(),
                        ghi_chu,
                        TrangThai.GIU_SO.value,
                        int(self._rules[name].mat),
                    ),
                )
        except _Taken:
            raise self._taken(None, self._rules[name].mat) from None
        row = self._row_at(name, day.year, number)
        assert row is not None
        return row

    def cancel(
        self, so_ky_hieu: str, *, nam: int, ly_do: str, series: str | None = None
    ) -> RegisterRow:
        """Cancel an issued or reserved number: its row stays, marked "Đã hủy" with the reason
        in Ghi chú, and the number is never given again (Điều 15.1)."""
        return self._mark(so_ky_hieu, nam, series, ly_do, TrangThai.HUY)

    def recall(
        self, so_ky_hieu: str, *, nam: int, ly_do: str, series: str | None = None
    ) -> RegisterRow:
        """Mark an issued document recalled (thu hồi): it keeps its number and row, marked
        with the reason in Ghi chú, and the row is frozen from then on (Phụ lục VI, I.III.8)."""
        return self._mark(so_ky_hieu, nam, series, ly_do, TrangThai.THU_HOI)

    def update(
        self,
        so_ky_hieu: str,
        *,
        nam: int,
        series: str | None = None,
        so_luong_ban: int | None = None,
        ngay_chuyen: date | None = None,
        ky_nhan: str | None = None,
        ghi_chu: str | None = None,
    ) -> RegisterRow:
        """Write what the văn thư records after issue in the row of ``so_ky_hieu`` in ``nam``:
        columns 7–10 of the Sổ đăng ký văn bản đi (Phụ lục IV), and nothing else — the number,
        the dates and the số ký hiệu stay as issued (Điều 15.1). Returns the row as written.

        - ``so_luong_ban`` (7, Số lượng bản): the number of copies issued, 1 or more; replaces
          the one written at issue.
        - ``ngay_chuyen`` (8, Ngày chuyển): the day the document was sent, not before its date
          (it is sent once issued, on the day it is signed or the next working day: Điều 18.1).
        - ``ky_nhan`` (9, Ký nhận): a receipt ("Phòng Nội vụ, 30/01/2022"); added after those
          already written, as several recipients sign for their copies.
        - ``ghi_chu`` (10, Ghi chú): a note, added after the notes already there; the marks
          "Hủy: …" and "Thu hồi: …" stay, and only :meth:`cancel` and :meth:`recall` write them.

        A recalled document's row is frozen (Phụ lục VI, I.III.8): every change is refused. A
        reserved number has no document yet, and a cancelled number's document is not sent:
        they take a note only. Give at least one of the four; ``series`` as for :meth:`find`.
        """
        changes = _changes(so_luong_ban, ngay_chuyen, ky_nhan, ghi_chu)
        with self._db.transaction():
            row = self._locked_row(so_ky_hieu, nam, series)
            _check_update(row, so_luong_ban, ngay_chuyen, ky_nhan, ghi_chu)
            values: list[Param] = []
            sets: list[str] = []
            for column, value in changes.items():
                if column in ("ky_nhan", "ghi_chu"):
                    value = _join(getattr(row, column), str(value))
                sets.append(f"{column} = ?")
                values.append(value)
            self._db.query(
                f"UPDATE vanban_row SET {', '.join(sets)} WHERE series = ? AND nam = ? AND so = ?",
                (*values, row.series, row.nam, row.so),
            )
            written = self._row_at(row.series, row.nam, row.so)
        assert written is not None
        return written

    def close_year(self, nam: int) -> bool:
        """Close year ``nam``: its register is printed and bound (Điều 16.2.b), so it takes no
        new number (issue and reserve refuse dates in it). Returns whether it was open."""
        with self._db.transaction():
            if nam in self.closed_years():
                return False
            self._db.query(
                "INSERT INTO vanban_closed_year (nam, ngay) VALUES (?, ?)",
                (nam, today().isoformat()),
            )
        return True

    def close(self) -> None:
        """Close the connection to the register."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Register({self._db.where!r}, co_quan={self.co_quan.viet_tat!r})"

    # --- the rules -------------------------------------------------------------------------

    def _read_rules(self) -> dict[str, SeriesRule]:
        rules = {}
        for name, ten, loai, mat, co_quan, ban_sao in self._db.query(
            "SELECT name, ten, loai, mat, co_quan, ban_sao FROM vanban_series"
        ):
            kinds = frozenset(LoaiVanBan.parse(slug) for slug in str(loai).split(",") if slug)
            rules[str(name)] = SeriesRule(
                ten=str(ten), loai=kinds, mat=bool(mat), co_quan=co_quan, ban_sao=bool(ban_sao)
            )
        return rules

    def _rule(self, name: str) -> SeriesRule:
        try:
            return self._rules[name]
        except KeyError:
            raise RegisterError(
                f"series {name!r}: not a series of this register — it has "
                f"{', '.join(map(repr, self.series_names()))}"
            ) from None

    def _general(self, what: str) -> str:
        for name, rule in self._rules.items():
            if rule.chung:
                return name
        names = ", ".join(map(repr, self.series_names()))
        head = f"{what}: this register has no general series — name one with"
        raise RegisterError(f"{head} series=… ({names})", f"{head} --series ({names})")

    def _series_for(self, document: VanBan, chosen: str | None) -> str:
        """The series of ``document`` (Điều 15; :mod:`vanban.register.series`), after checking
        that it is this body's or one of its advisory bodies'."""
        own = self.co_quan
        advisory = [n for n, r in self._rules.items() if r.co_quan == document.co_quan.viet_tat]
        if not advisory and (
            document.co_quan.viet_tat != own.viet_tat
            or document.co_quan.ten.casefold() != own.ten.casefold()
        ):
            head = (
                f"co_quan: {document.co_quan.ten!r} ({document.co_quan.viet_tat}) — this is the "
                f"register of {own.ten!r} ({own.viet_tat}); a body numbers its own documents "
                "(Điều 15.1): open that body's register, or number an advisory body's documents "
                "(Phụ lục I, mục II.3.a) in a register created with a series for it"
            )
            raise RegisterError(
                f"{head} (SeriesRule(co_quan={document.co_quan.viet_tat!r}) in "
                "Register.create(…, series=…))",
                f"{head} (co_quan: {document.co_quan.viet_tat} in a series of the settings of "
                "`vanban register init`)",
            )
        if document.do_mat is not None:
            secret = [n for n, r in self._rules.items() if r.mat]
            if not secret:
                head = (
                    f"do_mat: {document.do_mat.value!r} — a secret document takes the series of "
                    "secret documents (NĐ 30/2020, Điều 15.2), and this register has none: "
                    "number it in a register created with one"
                )
                raise RegisterError(
                    f"{head} (SeriesRule(mat=True) in Register.create(…, series=…))",
                    f"{head} (mat: true in a series of the settings of `vanban register init`)",
                )
            if chosen is not None and chosen != secret[0]:
                self._rule(chosen)
                raise RegisterError(
                    f"series {chosen!r}: a secret document (do_mat {document.do_mat.value!r}) is "
                    f"numbered in the secret series {secret[0]!r} only (NĐ 30/2020, Điều 15.2)"
                )
            return secret[0]
        if chosen is not None:
            rule = self._rule(chosen)
            if rule.mat or rule.ban_sao:
                what = "secret documents (Điều 15.2)" if rule.mat else "copies (SY, SL, TrS)"
                raise RegisterError(
                    f"series {chosen!r} numbers {what} only; {document.ten_so_ky_hieu} is not one"
                )
            return chosen
        if advisory:
            return advisory[0]
        for name, rule in self._rules.items():
            if document.loai in rule.loai:
                return name
        return self._general(f"{document.loai.ten} {document.ten_so_ky_hieu}")

    # --- the checks inside the transaction ---------------------------------------------------

    def _check_open(self, nam: int) -> None:
        if self._db.query("SELECT nam FROM vanban_closed_year WHERE nam = ?", (nam,)):
            raise _closed(nam)

    def _take(self, series: str, day: date, allow_earlier: bool) -> tuple[int, str]:
        """The series' next number in ``day``'s year, the series locked (its counter, one
        statement); refused in a closed year, or for a date before the series' latest unless
        ``allow_earlier`` (then the Ghi chú note, as :meth:`_check_place` says)."""
        number, last, closed = self._db.take_number(series, day.year, day.isoformat())
        if closed:
            raise _closed(day.year)
        # ``last`` is never before the series' latest date (a reserved number issued on an
        # earlier day may leave it later): only when it is after ``day`` are the rows read
        if last > day.isoformat():
            return number, self._check_place(series, number, day, allow_earlier, newest=True)
        return number, ""

    def _taken(self, numbered: VanBan | None, mat: bool) -> RegisterError:
        """The error for a row the database refused as a duplicate (read after the rollback):
        (số, ký hiệu) once in the year among the body's documents, the secret ones apart (their
        series is apart, Điều 15.2, and they carry the độ mật mark)."""
        code = None if numbered is None else numbered.so_ky_hieu
        if code is not None and numbered is not None and numbered.ngay is not None:
            found = self._db.query(
                "SELECT series FROM vanban_row "
                "WHERE nam = ? AND mat = ? AND so = ? AND ky_hieu = ?",
                (numbered.ngay.year, int(mat), code.so, code.ky_hieu),
            )
            if found:
                return RegisterError(
                    f"so_ky_hieu: {code} in {numbered.ngay.year} — already in the register "
                    f"(series {found[0][0]!r}); (số, ký hiệu) of a body is unique in a year "
                    "(NĐ 30/2020, Điều 15.1; Phụ lục VI, I.III.1.h)"
                )
        return RegisterError(
            f"{self._db.where}: the number is already in the register (a duplicate (số, ký "
            "hiệu) in the year; NĐ 30/2020, Điều 15.1)"
        )

    def _check_place(
        self, series: str, so: int, day: date, allow_earlier: bool, *, newest: bool = False
    ) -> str:
        """Time order (Điều 15.1): no lower number of the series has a later date, no higher one
        an earlier date; for the series' next number (``newest``), no date later than the
        series' last one (one lookup in the index on the dates). Returns the Ghi chú note when
        ``allow_earlier`` let a date out of order through."""
        self._check_open(day.year)
        where = "FROM vanban_row WHERE series = ? AND nam = ? AND ngay IS NOT NULL"
        found = self._db.query(
            f"SELECT so, ngay {where} AND ngay > ?"
            + ("" if newest else " AND so < ?")
            + " ORDER BY ngay DESC, so LIMIT 1",
            (series, day.year, day.isoformat(), *(() if newest else (so,))),
        )
        if not found and not newest:
            found = self._db.query(
                f"SELECT so, ngay {where} AND so > ? AND ngay < ? ORDER BY so LIMIT 1",
                (series, day.year, so, day.isoformat()),
            )
        if not found:
            return ""
        other, other_day = int(found[0][0]), date.fromisoformat(str(found[0][1]))
        if not allow_earlier:
            side = "an earlier number" if other < so else "a later number"
            head = (
                f"ngay: {day.isoformat()} — number {format_so(so)} of series {series!r} would "
                f"follow {side}, {format_so(other)}, dated {other_day.isoformat()}: numbers and "
                "dates follow the order of issue in the year (NĐ 30/2020, Điều 15.1); issue with "
                "a date in order, or"
            )
            raise RegisterError(
                f"{head} pass allow_earlier=True to record it out of order",
                f"{head} issue it with `vanban register issue … --allow-earlier` to record it "
                "out of order",
            )
        return (
            f"Ngày {day:%d/%m/%Y} không theo thứ tự thời gian (số {format_so(other)} ngày "
            f"{other_day:%d/%m/%Y}), được phép khi cấp số"
        )

    def _check_free(self, series: str, nam: int, so: int) -> None:
        held = self._row_at(series, nam, so)
        if held is None:
            return
        what = {
            TrangThai.DA_CAP: f"given to {held.so_ky_hieu}",
            TrangThai.GIU_SO: "reserved: issue on it with {reserved}",
            TrangThai.HUY: "cancelled, and a cancelled number is never given again",
            TrangThai.THU_HOI: f"given to {held.so_ky_hieu}, recalled",
        }[held.trang_thai]
        message = (
            f"so: {format_so(so)} in {nam} — number {format_so(so)} of series {series!r} is "
            f"already in the register ({what}); a number is given once in a year (NĐ 30/2020, "
            "Điều 15.1; Phụ lục VI, I.III.1.h): leave so out to take the next number"
        )
        raise RegisterError(
            message.replace("{reserved}", "reserved=…"),
            message.replace("{reserved}", f"--reserved {so}, so left out of its data"),
        )

    def _reserved_row(self, series: str, so: int, ngay: date | None) -> RegisterRow:
        nam = (ngay or today()).year
        rows = [
            r
            for r in self._db.query(
                f"SELECT {_COLUMNS} FROM vanban_row WHERE series = ? AND so = ? "
                "AND trang_thai = ? ORDER BY nam DESC",
                (series, so, TrangThai.GIU_SO.value),
            )
        ]
        held = [_row(r) for r in rows if ngay is None or int(r[1]) == nam]
        if not held:
            tail = (
                f"number {format_so(so)} is not reserved in series {series!r}"
                + ("" if ngay is None else f" in {nam}")
                + " — reserve a number with"
            )
            raise RegisterError(
                f"reserved={so}: {tail} Register.reserve, or leave reserved out",
                f"--reserved {so}: {tail} `vanban register reserve`, or leave --reserved out",
            )
        return held[0]

    def _mark(
        self, so_ky_hieu: str, nam: int, series: str | None, ly_do: str, state: TrangThai
    ) -> RegisterRow:
        reason = " ".join(ly_do.split())
        if not reason:
            verb = "cancel" if state is TrangThai.HUY else "recall"
            raise RegisterError(f"ly_do: empty — say why you {verb} {so_ky_hieu!r}")
        with self._db.transaction():
            row = self._locked_row(so_ky_hieu, nam, series)
            self._check_markable(row, state)
            label = "Hủy" if state is TrangThai.HUY else "Thu hồi"
            self._db.query(
                "UPDATE vanban_row SET trang_thai = ?, ghi_chu = ? "
                "WHERE series = ? AND nam = ? AND so = ?",
                (state.value, _join(row.ghi_chu, f"{label}: {reason}"), row.series, nam, row.so),
            )
        marked = self._row_at(row.series, nam, row.so)
        assert marked is not None
        return marked

    def _locked_row(self, so_ky_hieu: str, nam: int, series: str | None) -> RegisterRow:
        """Inside a transaction: the row of ``so_ky_hieu``, read again once its series is locked
        (what another writer committed meanwhile — a recall, say — is what is checked)."""
        row = self.find(so_ky_hieu, nam=nam, series=series)
        if row is None:
            raise RegisterError(f"{so_ky_hieu!r}: no such number in the register of {nam}")
        self._db.lock_series(row.series)
        locked = self._row_at(row.series, nam, row.so)
        assert locked is not None  # rows are never deleted
        return locked

    @staticmethod
    def _check_markable(row: RegisterRow, state: TrangThai) -> None:
        if row.trang_thai is TrangThai.THU_HOI:
            raise RegisterError(
                f"{row.so_ky_hieu!r} ({row.nam}): recalled — a recalled document's row is frozen "
                "(NĐ 30/2020, Phụ lục VI, I.III.8)"
            )
        if row.trang_thai is TrangThai.HUY:
            raise RegisterError(f"{row.so_ky_hieu!r} ({row.nam}): already cancelled")
        if state is TrangThai.THU_HOI and row.trang_thai is TrangThai.GIU_SO:
            raise RegisterError(
                f"{row.so_ky_hieu!r} ({row.nam}): a reserved number, no document was issued on "
                "it — cancel it instead"
            )

    # --- storage helpers -------------------------------------------------------------------

    def _find(self, so_ky_hieu: str, nam: int, series: str | None) -> list[RegisterRow]:
        text = so_ky_hieu.strip()
        if text.isdigit():
            so, ky_hieu = int(text), None
        else:
            try:
                code = SoKyHieu.parse(text)
            except (CodeError, ValidationError) as error:
                raise RegisterError(f"{so_ky_hieu!r}: not a số ký hiệu ({error})") from None
            so, ky_hieu = code.so, code.ky_hieu
        sql = f"SELECT {_COLUMNS} FROM vanban_row WHERE nam = ? AND so = ? AND "
        params: list[Param] = [nam, so]
        if ky_hieu is None:
            sql += "ky_hieu IS NULL"
        else:
            sql += "ky_hieu = ?"
            params.append(ky_hieu)
        if series is not None:
            self._rule(series)
            sql += " AND series = ?"
            params.append(series)
        return [_row(r) for r in self._db.query(sql + " ORDER BY series", params)]

    def _row_at(self, series: str, nam: int, so: int) -> RegisterRow | None:
        found = self._db.query(
            f"SELECT {_COLUMNS} FROM vanban_row WHERE series = ? AND nam = ? AND so = ?",
            (series, nam, so),
        )
        return _row(found[0]) if found else None

    def _write(self, sql: str, params: Sequence[Param]) -> None:
        """Write a row; a duplicate key ends the transaction (:class:`_Taken`), and the error
        is worded once it is rolled back (:meth:`_taken`)."""
        try:
            self._db.query(sql, params)
        except Exception as error:
            if self._db.is_unique_violation(error):
                raise _Taken() from None
            raise


class _Taken(Exception):
    """A duplicate key refused by the database, inside a transaction (PostgreSQL reads nothing
    more in it); ``numbered`` is the document whose row it was."""

    def __init__(self, numbered: VanBan | None = None) -> None:
        super().__init__()
        self.numbered = numbered


def _closed(nam: int) -> RegisterError:
    return RegisterError(
        f"{nam}: the year is closed — its register was printed and bound (Điều 16.2.b) and "
        "takes no new number; issue with a date in an open year"
    )


_MARKS = ("Hủy:", "Thu hồi:")
"""The notes :meth:`Register.cancel` and :meth:`Register.recall` write, and only they."""


def _changes(
    so_luong_ban: int | None, ngay_chuyen: date | None, ky_nhan: str | None, ghi_chu: str | None
) -> dict[str, Param]:
    """The columns an update writes, by name, checked on their own (not against the row)."""
    changes: dict[str, Param] = {}
    if so_luong_ban is not None:
        if isinstance(so_luong_ban, bool) or not isinstance(so_luong_ban, int) or so_luong_ban < 1:
            raise RegisterError(
                f"so_luong_ban: {so_luong_ban!r} — the number of copies issued is a whole "
                "number, 1 or more (Phụ lục IV, column 7)",
                f"--copies {so_luong_ban!r}: the number of copies issued is a whole number, 1 "
                "or more (Phụ lục IV, column 7)",
            )
        changes["so_luong_ban"] = so_luong_ban
    if ngay_chuyen is not None:
        if not isinstance(ngay_chuyen, date) or isinstance(ngay_chuyen, datetime):
            raise RegisterError(f"ngay_chuyen: {ngay_chuyen!r} — a date (datetime.date)")
        changes["ngay_chuyen"] = ngay_chuyen.isoformat()
    for name, flag, text in (("ky_nhan", "--receipt", ky_nhan), ("ghi_chu", "--note", ghi_chu)):
        if text is None:
            continue
        try:
            cleaned = " ".join(clean_text(str(text)).split())
        except ValueError as error:
            raise RegisterError(f"{name}: {error}", f"{flag}: {error}") from None
        if not cleaned:
            raise RegisterError(
                f"{name}: empty — leave it out, or write what to add",
                f"{flag}: empty — leave it out, or write what to add",
            )
        if name == "ghi_chu" and cleaned.casefold().startswith(tuple(m.casefold() for m in _MARKS)):
            raise RegisterError(
                f"ghi_chu: {cleaned!r} — the marks 'Hủy: …' and 'Thu hồi: …' are written by "
                "Register.cancel and Register.recall only",
                f"--note {cleaned!r}: the marks 'Hủy: …' and 'Thu hồi: …' are written by "
                "`vanban register cancel` and `vanban register recall` only",
            )
        changes[name] = cleaned
    if not changes:
        raise RegisterError(
            "nothing to update: give so_luong_ban, ngay_chuyen, ky_nhan or ghi_chu (Phụ lục IV, "
            "columns 7–10)",
            "nothing to update: give --copies, --sent, --receipt or --note (Phụ lục IV, columns "
            "7–10)",
        )
    return changes


def _check_update(
    row: RegisterRow,
    so_luong_ban: int | None,
    ngay_chuyen: date | None,
    ky_nhan: str | None,
    ghi_chu: str | None,
) -> None:
    """Refuse an update the row's state or dates forbid (see :meth:`Register.update`)."""
    where = f"{row.so_ky_hieu!r} ({row.nam})"
    if row.trang_thai is TrangThai.THU_HOI:
        raise RegisterError(
            f"{where}: recalled — a recalled document's row is frozen (NĐ 30/2020, Phụ lục VI, "
            "I.III.8); nothing is written"
        )
    if row.trang_thai is not TrangThai.DA_CAP and (
        so_luong_ban is not None or ngay_chuyen is not None or ky_nhan is not None
    ):
        what = (
            "a reserved number, no document was issued on it yet"
            if row.trang_thai is TrangThai.GIU_SO
            else "a cancelled number, its document is not sent"
        )
        raise RegisterError(
            f"{where}: {what} — it takes a note (ghi_chu) only",
            f"{where}: {what} — it takes a note (--note) only",
        )
    if ngay_chuyen is not None and row.ngay is not None and ngay_chuyen < row.ngay:
        raise RegisterError(
            f"ngay_chuyen: {ngay_chuyen.isoformat()} — before the document's date, "
            f"{row.ngay.isoformat()}: a document is sent once it is issued, on the day it "
            "is signed or the next working day (NĐ 30/2020, Điều 18.1)",
            f"--sent {ngay_chuyen.isoformat()}: before the document's date, "
            f"{row.ngay.isoformat()}: a document is sent once it is issued, on the day it "
            "is signed or the next working day (NĐ 30/2020, Điều 18.1)",
        )


def _numbered(document: D, so: int, day: date) -> D:
    """A copy of ``document`` with its number and date, validated again as a whole."""
    copy = document.model_copy(update={"so": so, "ngay": day, "nam": None})
    return type(document).model_validate(copy.model_dump())


def _join(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def _recipients(document: VanBan) -> str:
    names: list[str] = list(getattr(document, "kinh_gui", []))
    names += [n.ten for n in document.noi_nhan if not is_nhu_tren(n.ten)]
    return "; ".join(names)


def _values(document: VanBan, series: str, so_ban: int | None, note: str) -> tuple[Param, ...]:
    """The row of an issued document, in the order of ``_COLUMNS`` and then its JSON."""
    code = document.so_ky_hieu
    assert code is not None and document.ngay is not None
    trich_yeu = document.trich_yeu
    if document.loai is LoaiVanBan.CONG_VAN:
        trich_yeu = f"V/v {trich_yeu}"
    luu = luu_van_thu(document.luu, document.so_ban_luu)
    copies = so_ban if so_ban is not None else document.so_ban_phat_hanh
    if copies is not None and copies < 1:
        raise RegisterError(f"so_ban: {copies} — the number of copies issued is at least 1")
    return (
        series,
        document.ngay.year,
        code.so,
        code.ky_hieu,
        document.ngay.isoformat(),
        f"{document.loai.ten} {trich_yeu}",
        document.chu_ky.ho_ten,
        _recipients(document),
        luu,
        copies,
        None,
        "",
        note,
        TrangThai.DA_CAP.value,
        document.model_dump_json(),
    )


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _row(values: Sequence[Any]) -> RegisterRow:
    (series, nam, so, ky_hieu, ngay, ten, ky, nhan, luu, ban, chuyen, ky_nhan, ghi_chu, state) = (
        values
    )
    number = format_so(int(so))
    return RegisterRow(
        series=str(series),
        nam=int(nam),
        so=int(so),
        so_ky_hieu=number if ky_hieu is None else f"{number}/{ky_hieu}",
        ngay=_day(ngay),
        ten_loai_trich_yeu=str(ten),
        nguoi_ky=str(ky),
        noi_nhan=str(nhan),
        don_vi_nhan_ban_luu=str(luu),
        so_luong_ban=None if ban is None else int(ban),
        ngay_chuyen=_day(chuyen),
        ky_nhan=str(ky_nhan),
        ghi_chu=str(ghi_chu),
        trang_thai=TrangThai(str(state)),
    )

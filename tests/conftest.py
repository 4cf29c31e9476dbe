"""Shared fixtures: the examples, rendered documents read back, LibreOffice and PostgreSQL when
present."""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

import vanban as vb
from vanban.pdf import PdfConverter, PdfError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KE_HOACH_YAML = EXAMPLES / "ke_hoach_cchc_2022.yaml"
BAO_CAO_YAML = EXAMPLES / "bao_cao_cchc_quy_1_2022.yaml"
MODELLED = (
    "nghi_quyet, quyet_dinh, chi_thi, quy_che, quy_dinh, thong_cao, thong_bao, huong_dan, "
    "chuong_trinh, ke_hoach, phuong_an, de_an, du_an, bao_cao, bien_ban, to_trinh, cong_van, "
    "cong_dien, giay_uy_quyen, giay_moi, giay_gioi_thieu, giay_nghi_phep, phieu_gui, phieu_chuyen, "
    "phieu_bao"
)
"""The modelled kinds as error messages list them (Mẫu 1.1, 1.2/1.3, the 17 of 1.4, Biên bản of
1.9, Công văn of 1.5, Công điện of 1.6, Giấy mời of 1.7, Giấy giới thiệu of 1.8, Giấy nghỉ phép of
1.10), in NĐ 30's order."""


@pytest.fixture(scope="session")
def ke_hoach() -> vb.KeHoach:
    document = vb.load(KE_HOACH_YAML)
    assert isinstance(document, vb.KeHoach)
    return document


@pytest.fixture(scope="session")
def bao_cao() -> vb.BaoCao:
    document = vb.load(BAO_CAO_YAML)
    assert isinstance(document, vb.BaoCao)
    return document


def read_back(rendered: vb.Rendered) -> docx.document.Document:
    return docx.Document(io.BytesIO(rendered.to_bytes()))


@pytest.fixture(scope="session")
def ke_hoach_docx(ke_hoach: vb.KeHoach) -> docx.document.Document:
    return read_back(vb.render(ke_hoach))


@pytest.fixture(scope="session")
def bao_cao_docx(bao_cao: vb.BaoCao) -> docx.document.Document:
    return read_back(vb.render(bao_cao))


def problems(data: dict[str, Any]) -> list[str]:
    """The problems vb.from_dict reports for ``data``, as printed (it must refuse it)."""
    with pytest.raises(vb.ValidationError) as caught:
        vb.from_dict(data)
    return [str(problem) for problem in caught.value.problems]


def find_soffice() -> str | None:
    configured = os.environ.get("VANBAN_SOFFICE")
    if configured:
        return configured
    return shutil.which("soffice") or shutil.which("libreoffice")


def _need_soffice() -> str:
    """The LibreOffice binary; skips without it, unless VANBAN_REQUIRE_SOFFICE=1 (CI) fails."""
    found = find_soffice()
    if found is None:
        message = (
            "LibreOffice (soffice) not found: install libreoffice-writer-nogui and "
            "fonts-liberation2, or set VANBAN_SOFFICE"
        )
        if os.environ.get("VANBAN_REQUIRE_SOFFICE") == "1":
            pytest.fail(message + " (VANBAN_REQUIRE_SOFFICE=1)")
        pytest.skip(message)
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that takes the ``soffice`` fixture (directly or through another fixture) carries the
    ``soffice`` marker, so ``-m soffice`` / ``-m "not soffice"`` select exactly those tests."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "soffice"
        ):
            item.add_marker(pytest.mark.soffice)
        callspec = getattr(item, "callspec", None)
        names = set(getattr(item, "fixturenames", ()))
        uses_postgres = bool(names & {"postgres_url", "postgres_register_url"}) or (
            callspec is not None and callspec.params.get("register_where") == "postgres"
        )
        if uses_postgres and not item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Every test marked ``soffice`` skips without LibreOffice (fails with
    VANBAN_REQUIRE_SOFFICE=1), whether or not it takes the fixture."""
    if item.get_closest_marker("soffice"):
        _need_soffice()


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary; skips without it, unless VANBAN_REQUIRE_SOFFICE=1 (CI) fails."""
    return _need_soffice()


# Processes this run starts inherit this mark, so the check below looks at them only, not at the
# LibreOffice of another test run on the same machine.
RUN_MARK = f"VANBAN_TEST_RUN={uuid.uuid4().hex}"
os.environ["VANBAN_TEST_RUN"] = RUN_MARK.split("=", 1)[1]


def _started_by_this_run(pid: str) -> bool:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # gone already, or no /proc: count it when it is still listed
        return Path("/proc").is_dir() is False
    return RUN_MARK.encode() in environ.split(b"\0")


@pytest.fixture(scope="session", autouse=True)
def no_libreoffice_left_behind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the whole run, no LibreOffice started by a vanban converter may still be running.

    The run's converters keep their profiles in a temporary folder of the run's own (TMPDIR, which
    child processes inherit), so converters of other runs on the same machine do not count."""
    import subprocess
    import tempfile

    folder = tmp_path_factory.mktemp("tmpdir")
    saved = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # read TMPDIR again
    yield
    if saved is None:
        del os.environ["TMPDIR"]
    else:
        os.environ["TMPDIR"] = saved
    tempfile.tempdir = None
    if shutil.which("pgrep") is None:
        return
    left = subprocess.run(
        ["pgrep", "-fa", f"{folder}/vanban-lo-profile-"],
        capture_output=True,
        text=True,
        check=False,
    )
    ours = [line for line in left.stdout.splitlines() if _started_by_this_run(line.split()[0])]
    assert ours == [], "LibreOffice processes left behind:\n" + "\n".join(ours)


@pytest.fixture(scope="module")
def converter(soffice: str) -> Iterator[PdfConverter]:
    """A warm LibreOffice converter for one test module (see ``soffice`` for when it skips)."""
    try:
        with PdfConverter(timeout=120) as warm:
            yield warm
    except PdfError as error:
        if os.environ.get("VANBAN_REQUIRE_SOFFICE") == "1":
            pytest.fail(str(error))
        pytest.skip(str(error))


# --- PostgreSQL -------------------------------------------------------------------------------
# The register's tests run on SQLite and on a real PostgreSQL server: VANBAN_POSTGRES_URL if set,
# else a throwaway cluster this run makes (initdb + pg_ctl in a temporary folder, reached through
# a unix socket there only, trust authentication) when the server's programs are found; else the
# PostgreSQL tests skip with the reason, or fail when VANBAN_REQUIRE_POSTGRES=1 (CI).


def find_postgres_bin() -> Path | None:
    """The folder of initdb, pg_ctl and postgres: VANBAN_POSTGRES_BIN, PATH, or Debian's
    /usr/lib/postgresql/<version>/bin (the newest)."""
    configured = os.environ.get("VANBAN_POSTGRES_BIN")
    if configured:
        folder = Path(configured)
        return folder if (folder / "initdb").exists() else None
    found = shutil.which("initdb")
    if found is not None and shutil.which("pg_ctl") is not None:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _no_postgres(message: str) -> None:
    if os.environ.get("VANBAN_REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " (VANBAN_REQUIRE_POSTGRES=1)")
    pytest.skip(message)


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: as root, run its programs as the unprivileged "nobody".
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        _no_postgres("running as root without runuser: cannot start PostgreSQL as another user")
    return [str(runuser), "-u", "nobody", "--", *command]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A ``postgresql://`` URL of a server the tests may create schemas in (see above)."""
    import subprocess
    import tempfile

    try:
        import psycopg  # noqa: F401
    except ImportError:
        _no_postgres("psycopg is not installed: pip install 'vanban[postgres]'")
    given = os.environ.get("VANBAN_POSTGRES_URL")
    if given:
        yield given
        return
    folder = find_postgres_bin()
    if folder is None:
        _no_postgres(
            "PostgreSQL server programs (initdb, pg_ctl) not found: install the Debian package "
            "postgresql, set VANBAN_POSTGRES_BIN, or give a server in VANBAN_POSTGRES_URL"
        )
    # A short path in /tmp: a unix socket's path is limited to ~100 bytes, and the server's user
    # must be able to reach it (the run's own temporary folders are root's only).
    home = Path(
        tempfile.mkdtemp(prefix="vanban-pg-", dir="/tmp" if Path("/tmp").is_dir() else None)
    )
    if os.geteuid() == 0:
        shutil.chown(home, user="nobody")
    data, log = home / "data", home / "log"
    port = _free_port()  # named in the socket file; no TCP listener (listen_addresses='')
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(folder / "initdb"),
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=home,
        )
        subprocess.run(
            _as_server_user(
                [
                    str(folder / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "-o",
                    f"-k {home} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=home,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        output = getattr(error, "stderr", "") or ""
        shutil.rmtree(home, ignore_errors=True)
        _no_postgres(f"could not start a PostgreSQL cluster: {error} {output}".strip())
    try:
        yield f"postgresql://postgres@/postgres?host={home}&port={port}"
    finally:
        subprocess.run(
            _as_server_user([str(folder / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
            timeout=60,
            cwd=home,
        )
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def postgres_register_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh schema of their own: one empty database per test."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{joiner}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def register_where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new register goes: an SQLite file, then a PostgreSQL schema (each test runs on
    both backends)."""
    if request.param == "sqlite":
        return str(tmp_path / "so.db")
    url: str = request.getfixturevalue("postgres_register_url")
    return url

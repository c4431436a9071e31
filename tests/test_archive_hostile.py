"""The archive under hostile but fair use (issue 13): foreign files, full disks, odd inputs, signals."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import banmian.archive.ingest as ingest_module
from banmian.archive.db import ArchiveFull, check_consistency, connect
from banmian.archive.fulltext import search
from banmian.archive.ingest import ingest_paths
from banmian.cli import app

runner = CliRunner()


def write_page(path: Path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"第{n}号标题\n\n本报讯 第{n}篇正文，讲述港口和城市的变化。\n", encoding="utf-8")


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (as a hash) and which SQLite side files lie beside it."""
    sides = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))
    return hashlib.sha256(path.read_bytes()).hexdigest(), sides


def one_line_error(result: Any, fragment: str, status: int = 2) -> None:
    assert result.exit_code == status, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert fragment in lines[0], lines[0]


# ---- --db naming something that is not an archive (4) ------------------------------------------


@pytest.fixture
def foreign_db(tmp_path: Path) -> Path:
    """Another program's SQLite file, in rollback-journal mode."""
    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');")
    conn.close()
    return path


def test_search_and_serve_refuse_another_programs_database_untouched(foreign_db: Path) -> None:
    before = fingerprint(foreign_db)
    one_line_error(runner.invoke(app, ["search", "港口", "--db", str(foreign_db)]), "not a banmian archive")
    one_line_error(runner.invoke(app, ["serve", "--db", str(foreign_db)]), "not a banmian archive")
    assert fingerprint(foreign_db) == before
    conn = sqlite3.connect(foreign_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["notes"]
    conn.close()


@pytest.mark.parametrize("table", ["notes", "pages"])
def test_ingest_refuses_another_programs_database_untouched(tmp_path: Path, table: str) -> None:
    """Also when one of its tables has a name the archive uses (`pages`): nothing half-built."""
    db = tmp_path / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, x TEXT)")
    conn.close()
    write_page(tmp_path / "in" / "p1.txt", 1)
    before = fingerprint(db)
    one_line_error(runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "-j", "1"]),
                   "not a banmian archive")
    assert fingerprint(db) == before
    with pytest.raises(ArchiveFull.__mro__[1]):  # InputError, from the library too
        ingest_paths([tmp_path / "in"], db)
    assert fingerprint(db) == before


def test_empty_and_non_sqlite_files_are_refused_untouched(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "p1.txt", 1)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n", encoding="utf-8")
    for path, fragment in ((empty, "an empty file, not a banmian archive"), (text, "not an SQLite database")):
        before = fingerprint(path)
        one_line_error(runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(path), "-j", "1"]), fragment)
        one_line_error(runner.invoke(app, ["search", "港口", "--db", str(path)]), fragment)
        assert fingerprint(path) == before


def test_search_on_an_archive_never_writes_it(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "p1.txt", 1)
    db = tmp_path / "a.sqlite"
    ingest_paths([tmp_path / "in"], db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = runner.invoke(app, ["search", "港口", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_an_archive_of_the_first_schema_is_read_and_upgraded_by_ingest(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "p1.txt", 1)
    db = tmp_path / "old.sqlite"
    ingest_paths([tmp_path / "in"], db)
    conn = sqlite3.connect(db)  # make it look like an archive written before schema 2
    conn.executescript("DROP TABLE page_images; PRAGMA application_id = 0; PRAGMA user_version = 1;")
    conn.close()
    ro = connect(db, readonly=True)
    assert search(ro, "港口").total == 1
    ro.close()
    write_page(tmp_path / "in" / "p2.txt", 2)
    assert ingest_paths([tmp_path / "in"], db).pages_new == 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM page_images").fetchone()[0] == 0
    conn.close()


# ---- a read-only archive directory (8) -------------------------------------------------------

SEARCH_AND_SERVE = """
import sys
from fastapi.testclient import TestClient
from banmian.archive.db import connect
from banmian.archive.fulltext import search
from banmian.web import create_app

conn = connect(sys.argv[1], readonly=True)
print(search(conn, "港口").total)
conn.close()
with TestClient(create_app(sys.argv[1]), base_url="http://localhost") as client:
    print(client.get("/api/search", params={"q": "港口"}).json()["total"])
    print(client.get("/").status_code)
"""


def _as_other_user() -> list[str]:
    """A command prefix that drops root's right to write anywhere (chmod means nothing to root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a directory read-only")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def read_only_archive() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="banmian-ro-"))
    try:
        base.chmod(0o755)
        write_page(base / "in" / "p1.txt", 1)
        db = base / "archive" / "a.sqlite"
        db.parent.mkdir()
        ingest_paths([base / "in"], db)
        assert not Path(f"{db}-wal").exists()  # closed cleanly: no side files
        db.chmod(0o444)
        db.parent.chmod(0o555)
        yield db
    finally:
        (base / "archive").chmod(0o755)
        shutil.rmtree(base)


def test_a_read_only_archive_is_searchable_and_servable(read_only_archive: Path) -> None:
    prefix = _as_other_user()
    script = [sys.executable, "-c", SEARCH_AND_SERVE, str(read_only_archive)]
    done = subprocess.run([*prefix, *script], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "1", "200"]
    banmian = Path(sys.executable).with_name("banmian")
    if banmian.exists():
        cli = subprocess.run([*prefix, str(banmian), "search", "港口", "--db", str(read_only_archive), "--json"],
                             capture_output=True, text=True, check=False, timeout=120)
        assert cli.returncode == 0, cli.stderr
        assert '"total": 1' in cli.stdout


# ---- a full disk during ingest (5) ---------------------------------------------------------


def test_a_full_disk_is_named_and_the_archive_stays_consistent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's page limit plays the full disk: SQLITE_FULL, as a full file system gives."""
    for i in range(300):
        write_page(tmp_path / "in" / f"p{i:03d}.txt", i)
    db = tmp_path / "a.sqlite"
    connect(db).close()
    real_connect = ingest_module.connect

    def small_disk(path: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(path, **kwargs)
        size = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {size + 60}")
        return conn

    monkeypatch.setattr(ingest_module, "connect", small_disk)
    monkeypatch.setattr(ingest_module, "BATCH_FILES", 8)
    with pytest.raises(ArchiveFull, match=r"the disk is full \(SQLite: database or disk is full\)"):
        ingest_paths([tmp_path / "in"], db)
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "-j", "1"])
    assert result.exit_code == 2
    # After the progress bar: one line that names the cause.
    assert result.output.splitlines()[-1].startswith(f"error: {db}: the disk is full")
    assert "rollback" not in result.output and "Traceback" not in result.output
    conn = connect(db)
    stored = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    assert 0 < stored < 300  # the batches before the disk filled
    assert check_consistency(conn) == []
    conn.close()
    monkeypatch.setattr(ingest_module, "connect", real_connect)
    rerun = ingest_paths([tmp_path / "in"], db)
    assert rerun.unchanged == stored and rerun.parsed == 300 - stored


# ---- smaller things (10) ------------------------------------------------------------------


def test_unreadable_subdirectories_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_page(tmp_path / "in" / "a" / "p1.txt", 1)
    write_page(tmp_path / "in" / "locked" / "p2.txt", 2)
    locked = tmp_path / "in" / "locked"
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:  # what a directory without read permission gives
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    db = tmp_path / "a.sqlite"
    report = ingest_paths([tmp_path / "in"], db)
    assert report.parsed == 1
    assert [(s.path, s.error) for s in report.skipped] == [(str(locked), "cannot list directory (Permission denied)")]
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "-j", "1"])
    assert result.exit_code == 1
    assert f"skipped: {locked}: cannot list directory (Permission denied)" in result.output


def test_a_directory_without_pages_is_an_error_as_in_parse(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "notes.md").write_text("x", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    one_line_error(runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "-j", "1"]),
                   "holds no *.txt, *.text or *.pdf files")
    assert not db.exists()
    one_line_error(runner.invoke(app, ["parse", str(tmp_path / "in")]), "holds no")


def test_a_zero_byte_pdf_is_a_failure_not_an_empty_page(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "p1.txt", 1)
    (tmp_path / "in" / "p2.pdf").write_bytes(b"")
    db = tmp_path / "a.sqlite"
    report = ingest_paths([tmp_path / "in"], db)
    assert report.parsed == 1
    assert [(Path(f.path).name, f.error.split(": ", 1)[1]) for f in report.failures] == [
        ("p2.pdf", "empty file (0 bytes), not a PDF")
    ]
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
    conn.close()


def test_a_dump_is_stored_while_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are written as they are parsed: the reader is never far ahead of the writer."""
    dump = tmp_path / "in" / "issue.txt"
    dump.parent.mkdir()
    dump.write_text("\f".join(f"第{n}号标题\n\n本报讯 正文{n}。\n" for n in range(1, 201)), encoding="utf-8")
    read = 0
    ahead: list[int] = []
    real_jobs, real_add = ingest_module.page_jobs, ingest_module.add_file_page

    def counting_jobs(*args: Any, **kwargs: Any) -> Iterator[Any]:
        nonlocal read
        for job in real_jobs(*args, **kwargs):
            read += 1
            yield job

    def noting_add(conn: sqlite3.Connection, file: Any, page: Any, *args: Any) -> None:
        ahead.append(read - (page.page_index or 1))
        real_add(conn, file, page, *args)

    monkeypatch.setattr(ingest_module, "page_jobs", counting_jobs)
    monkeypatch.setattr(ingest_module, "add_file_page", noting_add)
    for jobs in (1, 2):
        ahead.clear()
        read = 0
        report = ingest_paths([dump], tmp_path / f"a{jobs}.sqlite", jobs=jobs)
        assert report.pages_new == 200
        assert len(ahead) == 200 and max(ahead) <= 2 * jobs * 4 + 1, (jobs, max(ahead))


INTERRUPTIBLE = """
import sys
from banmian.cli import main
sys.argv = ["banmian", "ingest", sys.argv[1], "--db", sys.argv[2], "--jobs", "2"]
main()
"""


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupting_a_two_job_ingest_exits_cleanly(tmp_path: Path, how: str) -> None:
    for i in range(600):
        write_page(tmp_path / "in" / f"p{i:03d}.txt", i)
    db = tmp_path / "a.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTIBLE, str(tmp_path / "in"), str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            stored = conn.execute("SELECT count(*) FROM files").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if stored:
            break
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the whole process group
    else:
        proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    expected = 128 + (signal.SIGINT if how == "ctrl-c" else signal.SIGTERM)
    assert proc.returncode == expected, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith("error: interrupted"), stderr
    conn = connect(db)
    assert check_consistency(conn) == []
    conn.close()
    assert ingest_paths([tmp_path / "in"], db).files == 600  # a rerun finishes the work

"""Ingest into the archive: identity by content hash, idempotence, replacement, failures, crashes, WAL."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import banmian.archive.ingest as ingest_module
from banmian.archive.db import check_consistency, connect
from banmian.archive.fulltext import search
from banmian.archive.ingest import date_from_path, ingest_paths, page_number_from_name
from banmian.cli import app
from banmian.model import Page, Source
from conftest import EXAMPLES, OCR_PAGES, SAMPLE_RAW

CORPUS = [SAMPLE_RAW, *OCR_PAGES]
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


def write_page(path: Path, seed: int, paragraphs: int = 4) -> str:
    """A small made-up page: a title, a byline and paragraphs of random common characters."""
    rng = random.Random(seed)
    lines = ["".join(rng.choice(HAN) for _ in range(rng.randint(6, 14))), "本报记者 某某", ""]
    for _ in range(paragraphs):
        para = "".join(rng.choice(HAN) for _ in range(rng.randint(40, 120))) + "。"
        lines.extend(textwrap.wrap(para, 18))
        lines.append("")
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def table_dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def count(db: Path, sql: str, *args: object) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def consistent(db: Path) -> list[str]:
    conn = connect(db)
    try:
        return check_consistency(conn)
    finally:
        conn.close()


# ---- dates and page numbers from paths -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("papers/2024-07-03/p2.txt", "2024-07-03"),
        ("papers/20240703_02.txt", "2024-07-03"),
        ("2023-01-01/scan-20240703.pdf", "2024-07-03"),  # the one nearest the file name wins
        ("papers/2024-7-3-a.txt", "2024-07-03"),
        ("papers/20241399.txt", None),  # not a date
        ("papers/123456789.txt", None),
        ("xinhua-liaocheng-p2.txt", None),
    ],
)
def test_issue_date_from_path(path: str, expected: str | None) -> None:
    assert date_from_path(path) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("xinhua-liaocheng-p2.txt", 2), ("bha-btzb-1.txt", 1), ("20240703_05.txt", 5), ("2024-07-03.txt", None),
     ("page12.pdf", 12), ("第3版.txt", 3), ("notes.txt", None)],
)
def test_page_number_from_file_name(name: str, expected: int | None) -> None:
    assert page_number_from_name(name) == expected


# ---- ingest ----------------------------------------------------------------------------


def test_ingest_keeps_raw_text_page_json_and_provenance(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    report = ingest_paths([EXAMPLES, *OCR_PAGES], db, paper="某报", date="2024-07-03")
    assert report.files == len(CORPUS) and report.parsed == len(CORPUS)
    assert report.pages_new == len(CORPUS) and not report.failures
    conn = connect(db)
    rows = conn.execute("SELECT id, path, raw_text, page_json, paper, date, page_no FROM pages").fetchall()
    by_path = {Path(r["path"]).name: r for r in rows}
    assert set(by_path) == {p.name for p in CORPUS}
    for source in CORPUS:
        row = by_path[source.name]
        assert row["raw_text"] == source.read_text(encoding="utf-8-sig")
        assert (row["paper"], row["date"]) == ("某报", "2024-07-03")
        page = Page.from_json(row["page_json"])
        stored = conn.execute(
            "SELECT b.type, b.text, b.first_line, b.last_line FROM blocks b JOIN articles a ON a.id = b.article_id"
            " WHERE a.page_id = ? ORDER BY a.seq, b.seq",
            (row["id"],),
        ).fetchall()
        assert [tuple(b) for b in stored] == [
            (b.type, b.text, b.lines[0], b.lines[1]) for a in page.articles for b in a.blocks
        ]
        lines = row["raw_text"].split("\n")
        for _, text, first, last in stored:
            # provenance: the stored line range holds the block's text (the parser may
            # fix a few characters, so ask for most of them, not all)
            assert 1 <= first <= last <= len(lines)
            source_chars = set("".join(lines[first - 1 : last]))
            chars = [ch for ch in text if not ch.isspace()]
            assert sum(ch in source_chars for ch in chars) >= 0.8 * len(chars), (first, last, text)
    assert by_path["xinhua-liaocheng-p2.txt"]["page_no"] == 2
    assert check_consistency(conn) == []
    conn.close()


def test_date_comes_from_the_path_when_not_given(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "2024-05-06" / "a.txt", 1)
    write_page(tmp_path / "in" / "20240507_b.txt", 2)
    write_page(tmp_path / "in" / "c.txt", 3)
    db = tmp_path / "a.sqlite"
    ingest_paths([tmp_path / "in"], db)
    conn = connect(db)
    dates = {Path(r[0]).name: r[1] for r in conn.execute("SELECT path, date FROM pages")}
    assert dates == {"a.txt": "2024-05-06", "20240507_b.txt": "2024-05-07", "c.txt": None}
    assert {r[0] for r in conn.execute("SELECT DISTINCT date FROM articles")} == {"2024-05-06", "2024-05-07", None}
    conn.close()


def test_ingesting_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    ingest_paths([EXAMPLES, *OCR_PAGES], db)
    before = table_dump(db)
    again = ingest_paths([EXAMPLES, *OCR_PAGES], db, jobs=2)
    assert (again.unchanged, again.parsed, again.pages_new) == (len(CORPUS), 0, 0)
    assert table_dump(db) == before


def first_word(db: Path, *, absent_from: str = "") -> str:
    """A two-character word of the archive's body text (not found in `absent_from`)."""
    conn = sqlite3.connect(db)
    try:
        for (text,) in conn.execute("SELECT text FROM blocks WHERE type = 'paragraph'"):
            for i in range(len(text) - 1):
                word = text[i : i + 2]
                if "\u4e00" <= word[0] <= "\u9fff" and "\u4e00" <= word[1] <= "\u9fff" and word not in absent_from:
                    return word
    finally:
        conn.close()
    raise AssertionError("no word found")


def test_a_changed_file_replaces_its_page(tmp_path: Path) -> None:
    page = tmp_path / "in" / "p.txt"
    write_page(page, 1)
    db = tmp_path / "a.sqlite"
    ingest_paths([page], db)
    conn = connect(db)
    old_article_ids = {r[0] for r in conn.execute("SELECT id FROM articles")}

    new_text = write_page(page, 2)
    old_word = first_word(db, absent_from=new_text)
    assert search(conn, old_word).total == 1
    report = ingest_paths([page], db)
    assert (report.parsed, report.pages_new, report.pages_removed) == (1, 1, 1)
    assert count(db, "SELECT count(*) FROM pages") == 1
    new_article_ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert new_article_ids and not (new_article_ids & old_article_ids)
    # The old page's words left the (contentless) index with it; the new page's are in.
    assert search(conn, old_word).total == 0
    assert search(conn, first_word(db)).total == 1
    assert check_consistency(conn) == []
    conn.close()


def test_the_index_is_rebuilt_when_the_tokenizer_changes(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "p.txt", 3)
    db = tmp_path / "a.sqlite"
    ingest_paths([tmp_path / "in"], db)
    word = first_word(db)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'tokens'")
    conn.commit()
    conn.close()
    reopened = connect(db)
    assert search(reopened, word).total == 1
    assert check_consistency(reopened) == []
    reopened.close()


def test_a_page_is_its_content_two_files_share_it(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "p.txt", tmp_path / "b" / "p.txt"
    write_page(first, 7)
    second.parent.mkdir()
    shutil.copy(first, second)
    db = tmp_path / "a.sqlite"
    report = ingest_paths([first, second], db)
    assert (report.pages_new, report.pages_known) == (1, 1)
    assert count(db, "SELECT count(*) FROM pages") == 1
    assert count(db, "SELECT count(*) FROM file_pages") == 2
    # Changing one copy must not take the page away from the other.
    write_page(first, 8)
    ingest_paths([first, second], db)
    assert count(db, "SELECT count(*) FROM pages") == 2
    assert consistent(db) == []


def test_parse_failures_are_recorded_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "in" / "good.txt", tmp_path / "in" / "bad.txt"
    write_page(good, 1)
    write_page(bad, 2)
    real_parse = ingest_module.parse_text

    def flaky_parse(text: str, *, page: int | None = None, source: Source | None = None) -> Page:
        if source and source.path and source.path.endswith("bad.txt"):
            raise ValueError("parser exploded\nsecond line")
        return real_parse(text, page=page, source=source)

    monkeypatch.setattr(ingest_module, "parse_text", flaky_parse)
    db = tmp_path / "a.sqlite"
    report = ingest_paths([tmp_path / "in"], db)
    assert report.parsed == 1
    assert [(Path(f.path).name, f.error) for f in report.failures] == [("bad.txt", "ValueError: parser exploded")]
    conn = connect(db)
    status = {Path(r[0]).name: (r[1], r[2]) for r in conn.execute("SELECT path, status, error FROM files")}
    assert status == {"good.txt": ("ok", None), "bad.txt": ("error", "ValueError: parser exploded")}

    monkeypatch.setattr(ingest_module, "parse_text", real_parse)
    retry = ingest_paths([tmp_path / "in"], db)
    assert (retry.unchanged, retry.parsed, retry.failures) == (1, 1, [])
    assert conn.execute("SELECT count(*) FROM files WHERE status = 'error'").fetchone()[0] == 0
    conn.close()


def test_two_jobs_store_the_same_as_one(tmp_path: Path) -> None:
    for i in range(12):
        write_page(tmp_path / "in" / f"p{i}.txt", i)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    ingest_paths([tmp_path / "in"], one, jobs=1)
    report = ingest_paths([tmp_path / "in"], two, jobs=2)
    assert report.pages_new == 12

    def contents(db: Path) -> set[tuple[str, str]]:
        conn = sqlite3.connect(db)
        try:
            return set(conn.execute(
                "SELECT p.sha256, a.seq, b.seq, b.text FROM blocks b JOIN articles a ON a.id = b.article_id"
                " JOIN pages p ON p.id = a.page_id"
            ))
        finally:
            conn.close()

    assert contents(one) == contents(two)
    assert consistent(two) == []


# ---- crashes and concurrent readers ------------------------------------------------------

KILLABLE_INGEST = """
import sys, time
import banmian.archive.db as db
from banmian.archive.ingest import ingest_paths

real_insert = db._insert_page
calls = 0

def insert_then_hang(*args, **kwargs):
    # On the 100th page, stop inside the open transaction, after writing the page's rows.
    global calls
    calls += 1
    page_id = real_insert(*args, **kwargs)
    if calls == 100:
        print("in transaction", flush=True)
        time.sleep(60)
    return page_id

db._insert_page = insert_then_hang
ingest_paths([sys.argv[1]], sys.argv[2], jobs=1)
print("finished", flush=True)
"""


def test_kill_9_mid_ingest_leaves_a_consistent_archive_and_a_rerun_completes(tmp_path: Path) -> None:
    pages = 130
    for i in range(pages):
        write_page(tmp_path / "in" / f"p{i:03d}.txt", i, paragraphs=2)
    db = tmp_path / "a.sqlite"
    script = tmp_path / "ingest.py"
    script.write_text(KILLABLE_INGEST, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "in"), str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "in transaction"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

    # The open transaction died with the process: the batches committed before it are in, whole.
    done = count(db, "SELECT count(*) FROM files WHERE status = 'ok'")
    assert 0 < done < 100
    assert count(db, "SELECT count(*) FROM pages") == done
    assert consistent(db) == []

    report = ingest_paths([tmp_path / "in"], db)
    assert (report.unchanged, report.parsed) == (done, pages - done)
    assert count(db, "SELECT count(*) FROM pages") == pages
    assert consistent(db) == []


def test_search_works_while_an_ingest_holds_the_write_lock(tmp_path: Path) -> None:
    for i in range(3):
        write_page(tmp_path / "in" / f"p{i}.txt", i)
    db = tmp_path / "a.sqlite"
    ingest_paths([tmp_path / "in"], db)
    probe = sqlite3.connect(db)
    assert probe.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    probe.close()

    writer = connect(db)
    reader = connect(db, timeout=1.0)
    word = reader.execute("SELECT text FROM blocks WHERE type = 'paragraph' AND length(text) > 10").fetchone()[0][:2]
    before = search(reader, word).total
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM pages")  # uncommitted: readers still see the old archive
    try:
        assert search(reader, word).total == before > 0
        with pytest.raises(sqlite3.OperationalError):  # and a second writer waits, then gives up
            connect(db, timeout=0.1).execute("BEGIN IMMEDIATE")
    finally:
        writer.execute("ROLLBACK")
    assert search(reader, word).total == before
    writer.close()
    reader.close()


# ---- the command ----------------------------------------------------------------------


def test_ingest_command_reports_and_exits_cleanly(tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "2024-02-03" / "p1.txt", 1)
    db = tmp_path / "cli.sqlite"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--paper", "某报", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "1 parsed" in result.output and "1 new pages" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT paper, date FROM pages").fetchone() == ("某报", "2024-02-03")
    conn.close()

    for args in (
        ["ingest", str(tmp_path / "missing"), "--db", str(db)],
        ["ingest", str(tmp_path / "in"), "--db", str(db), "--date", "2024-02-30"],
        ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "in" / "2024-02-03" / "p1.txt")],
    ):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2, bad.output
        assert bad.output.startswith("error: ") and bad.output.count("\n") == 1, bad.output


def test_a_pdf_is_stored_with_the_text_its_line_numbers_count_in(tmp_path: Path) -> None:
    from banmian.positioned import pdf_reading_text
    from banmian.synth import load_clean_articles
    from banmian.synth.pdf import merge_pdfs, render_page

    first, used = render_page(load_clean_articles(), seed=3, page_number=4)
    second, _ = render_page(load_clean_articles()[used:] or load_clean_articles(), seed=4, page_number=5)
    pdf = tmp_path / "in" / "2024-03-01-issue.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(merge_pdfs([first, second]))
    db = tmp_path / "a.sqlite"
    report = ingest_paths([pdf], db)
    assert (report.pages_new, report.failures) == (2, [])
    conn = connect(db)
    rows = conn.execute("SELECT page_index, raw_text, line_count, date FROM pages ORDER BY page_index").fetchall()
    texts = pdf_reading_text(pdf.read_bytes()).split("\f")
    assert [r["page_index"] for r in rows] == [1, 2]
    for row, text in zip(rows, texts, strict=True):
        assert row["raw_text"] + "\n" == text  # `banmian text` ends each page with a newline
        assert row["date"] == "2024-03-01"
        lines = row["raw_text"].split("\n")
        for first_line, last_line in conn.execute(
            "SELECT b.first_line, b.last_line FROM blocks b JOIN articles a ON a.id = b.article_id"
            " JOIN pages p ON p.id = a.page_id WHERE p.page_index = ?", (row["page_index"],)
        ):
            assert 1 <= first_line <= last_line <= len(lines)
    assert check_consistency(conn) == []
    conn.close()


# ---- page images (the facsimile) -------------------------------------------------------------


def test_line_regions_follow_columns_and_sizes() -> None:
    from banmian.archive.images import line_regions

    headline = (100.0, 50.0, 400.0, 80.0)  # over three columns, set large
    first = [(100.0, 90.0 + 12 * i, 190.0, 100.0 + 12 * i) for i in range(5)]
    first[0] = (110.0, 90.0, 190.0, 100.0)  # an indented first line
    first[4] = (100.0, 138.0, 140.0, 148.0)  # a short last line
    second = [(205.0, 90.0 + 12 * i, 295.0, 100.0 + 12 * i) for i in range(3)]
    assert line_regions([headline, *first, *second]) == [
        headline,
        (100.0, 90.0, 190.0, 148.0),
        (205.0, 90.0, 295.0, 124.0),
    ]
    # A gap of several lines in one column starts another region.
    assert len(line_regions([(0.0, 0.0, 90.0, 10.0), (0.0, 60.0, 90.0, 70.0)])) == 2


def test_a_pdf_page_is_stored_with_its_image_and_article_regions(tmp_path: Path) -> None:
    import json

    from banmian.archive.images import SCREEN_PIXELS
    from banmian.synth import load_clean_articles
    from banmian.synth.pdf import render_page

    rendered, _ = render_page(load_clean_articles(), seed=3, page_number=1)
    pdf = tmp_path / "in" / "p1.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(rendered.pdf)
    db = tmp_path / "a.sqlite"
    assert ingest_paths([pdf], db).pages_new == 1
    conn = connect(db)
    row = conn.execute("SELECT media_type, width, height, scale, regions, data, thumbnail, page_json"
                       " FROM page_images JOIN pages ON pages.id = page_images.page_id").fetchone()
    assert row["media_type"] in ("image/webp", "image/png")
    assert max(row["width"], row["height"]) == SCREEN_PIXELS
    assert 0 < len(row["thumbnail"]) < len(row["data"]) / 4
    import pymupdf

    with pymupdf.open(pdf) as doc:
        assert abs(doc[0].rect.width * row["scale"] - row["width"]) <= 1
    image = pymupdf.Pixmap(bytes(row["data"])) if row["media_type"] == "image/png" else None
    if image is not None:
        assert (image.width, image.height) == (row["width"], row["height"])
    regions = json.loads(row["regions"])
    page = Page.from_json(row["page_json"])
    assert len(regions["articles"]) == len(page.articles) > 3
    for article, areas, blocks in zip(page.articles, regions["articles"], regions["blocks"], strict=True):
        assert len(blocks) == len(article.blocks)
        assert article.bbox is not None and areas
        # Every region lies inside the article's box.
        x0, y0, x1, y1 = article.bbox
        for a in areas:
            assert x0 - 0.5 <= a[0] <= a[2] <= x1 + 0.5 and y0 - 0.5 <= a[1] <= a[3] <= y1 + 0.5
    conn.close()


def test_a_scan_page_gets_its_own_image_scaled(tmp_path: Path) -> None:
    """OCR input names its scan in Source.path: the image step takes that image, not a rendering."""
    import pymupdf

    from banmian.archive.images import page_image
    from banmian.inputs.stream import TextPageJob
    from banmian.model import Source

    scan = tmp_path / "scan.png"
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 2400, 3200), False)
    pix.set_rect(pix.irect, (250, 250, 240))
    pix.save(scan)
    page = Page(articles=[], line_count=0, source=Source(path=str(scan)))
    job = TextPageJob("", None, page.source)
    image = page_image(job, page)
    assert image is not None
    assert (image.width, image.height) == (1200, 1600) and image.scale == 0.5
    # A text page has no image.
    assert page_image(job, Page(articles=[], line_count=0, source=Source(path=str(tmp_path / "p.txt")))) is None

"""The Parquet dataset (banmian/dataset@1): rows, layout, readers, resumption, bad input, ingest."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from banmian import Source, parse_text
from banmian.cli import app
from banmian.export.dataset import (
    filesystem,
    local_runner,
    read_ledger,
    write_dataset,
)
from banmian.export.parquet import (
    DATASET_SCHEMA,
    PageRecord,
    partition_dir,
    read_records,
    record_rows,
    records_from_rows,
    table_schemas,
)
from banmian.inputs.sources import InputRef, resolve_inputs
from banmian.synth import generate_pages
from conftest import SAMPLE_RAW, assert_nothing_lost

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

runner = CliRunner()


def write_inputs(folder: Path, n: int, seed: int = 5) -> dict[str, str]:
    """n generated pages as dated files; name -> text."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i, page in enumerate(generate_pages(n, seed)):
        name = f"paper-19{60 + i % 3}-0{1 + i % 9}-1{i % 10}-p{1 + i % 4}-{i}.txt"
        (folder / name).write_text(page.text, encoding="utf-8")
        texts[name] = page.text
    return texts


def table_rows(root: Path, table: str) -> list[dict[str, Any]]:
    """Every row of a table, in a stable order, read with pyarrow's own dataset reader."""
    rows = pq.read_table(root / table).to_pylist()
    key = ("page_id", "seq") if table != "blocks" else ("article_id", "seq")
    return sorted(rows, key=lambda r: tuple(str(r.get(k)) for k in key))


def run(inputs: list[InputRef], out: Path, jobs: int = 1, **options: Any) -> Any:
    return write_dataset(inputs, str(out), local_runner(jobs), **options)


def test_rows_rebuild_the_page_exactly(sample_text: str) -> None:
    page = parse_text(sample_text, source=Source(path="/in/x.txt", sha256="ab" * 32, encoding="utf-8"))
    assert_nothing_lost(page, sample_text)
    record = PageRecord(page, sample_text, "某报", "1967-03-05", 2, "/in/x.txt", "ab" * 32)
    rows = record_rows(record)
    assert len(rows["pages"]) == 1
    assert len(rows["articles"]) == len(page.articles)
    assert len(rows["blocks"]) == sum(len(a.blocks) for a in page.articles)
    # through Arrow and back (the types the files hold), then to the model again
    schemas = table_schemas()
    tables = {t: pa.Table.from_pylist(r, schema=schemas[t]).to_pylist() for t, r in rows.items()}
    (back,) = records_from_rows(tables["pages"][::-1], tables["articles"][::-1], tables["blocks"][::-1])
    assert back.page.to_dict() == page.to_dict()
    assert (back.text, back.paper, back.date, back.page_no) == (sample_text, "某报", "1967-03-05", 2)


def test_article_rows_carry_the_fields_a_reader_filters_on(sample_text: str) -> None:
    page = parse_text(sample_text)
    rows = record_rows(PageRecord(page, sample_text, "某报", "1967-03-05", 2, "/in/x.txt", "cd" * 32))
    with_dateline = [r for r in rows["articles"] if r["dateline_raw"]]
    assert with_dateline, "the sample page has datelines"
    article = next(a for a in page.articles if a.dateline is not None)
    row = next(r for r in rows["articles"] if r["local_id"] == article.id)
    assert row["dateline_agency"] == article.dateline.agency  # type: ignore[union-attr]
    assert row["title"] == article.title
    assert row["year"] == 1967 and row["page"] == 2 and row["paper"] == "某报"
    assert row["text"].startswith(article.blocks[0].text)
    block = next(r for r in rows["blocks"] if r["article_id"] == row["article_id"])
    assert (block["lines"]["first"], block["lines"]["last"]) == article.blocks[0].lines


def test_partition_names_are_safe_directory_names() -> None:
    assert partition_dir("人民日报", 1967).split("/")[1] == "1967"
    assert partition_dir(None, None) == "unknown/unknown"
    assert "/" not in partition_dir("a/b", 1).split("/", 1)[0].replace("%2F", "")
    assert not partition_dir("_x", 2).startswith("_")
    assert not partition_dir(".x", 2).startswith(".")


def test_dataset_layout_schema_and_every_page_once(tmp_path: Path) -> None:
    texts = write_inputs(tmp_path / "in", 12)
    refs = resolve_inputs([str(tmp_path / "in")])
    report = run(refs, tmp_path / "ds", jobs=2, batch_files=5, paper="某报")
    assert report.written == 12 and not report.failed and report.pages == 12
    marker = json.loads((tmp_path / "ds" / "_banmian" / "dataset.json").read_text())
    assert marker["schema"] == DATASET_SCHEMA
    pages = table_rows(tmp_path / "ds", "pages")
    assert sorted(Path(r["source_path"]).name for r in pages) == sorted(texts)
    assert len({r["page_id"] for r in pages}) == 12
    for row in pages:
        name = Path(row["source_path"]).name
        assert row["text"] == texts[name].replace("\r\n", "\n")
        assert row["paper"] == "某报"
        assert row["year"] == int(name.split("-")[1])
        assert row["date"].isoformat() == "-".join(name.split("-")[1:4])
    # partitioned by paper and year: every file lies under its rows' paper and year
    for table in ("pages", "articles", "blocks"):
        for file in (tmp_path / "ds" / table).rglob("*.parquet"):
            data = pq.read_table(file)
            assert data.schema.metadata[b"banmian.schema"] == DATASET_SCHEMA.encode()
            papers, years = set(data.column("paper").to_pylist()), set(data.column("year").to_pylist())
            assert len(papers) == 1 and len(years) == 1
            assert file.parent.relative_to(tmp_path / "ds" / table).as_posix() == partition_dir(
                papers.pop(), years.pop()
            )
    articles = table_rows(tmp_path / "ds", "articles")
    assert len(articles) == report.articles
    assert {r["page_id"] for r in articles} <= {r["page_id"] for r in pages}


def test_dataset_rows_equal_the_parsed_pages(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 6)
    run(resolve_inputs([str(tmp_path / "in")]), tmp_path / "ds")
    fs, root = filesystem(str(tmp_path / "ds"))
    records = list(read_records(fs, root))
    assert len(records) == 6
    for record in records:
        text = Path(record.source_path).read_text(encoding="utf-8")
        fresh = parse_text(text, source=record.source_path).to_dict()
        fresh["source"]["sha256"] = record.page.source.sha256
        fresh["source"]["encoding"] = record.page.source.encoding
        assert record.page.to_dict() == fresh
        assert_nothing_lost(record.page, text)


def test_rerun_skips_written_inputs_and_replaces_changed_ones(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 8)
    refs = resolve_inputs([str(tmp_path / "in")])
    first = run(refs, tmp_path / "ds", batch_files=3)
    assert first.written == 8
    files_before = sorted((tmp_path / "ds").rglob("*.parquet"))
    again = run(refs, tmp_path / "ds", batch_files=3)
    assert (again.written, again.unchanged, again.pages) == (0, 8, 0)
    assert sorted((tmp_path / "ds").rglob("*.parquet")) == files_before
    # one input changes: its new page replaces the old one; the others stay as they were
    changed = sorted((tmp_path / "in").glob("*.txt"))[4]
    changed.write_text(SAMPLE_RAW.read_text(encoding="utf-8"), encoding="utf-8")
    third = run(refs, tmp_path / "ds", batch_files=3)
    assert (third.written, third.unchanged, third.replaced) == (1, 7, 1)
    pages = table_rows(tmp_path / "ds", "pages")
    assert len(pages) == 8
    mine = [r for r in pages if r["source_path"] == str(changed)]
    assert len(mine) == 1 and mine[0]["text"] == SAMPLE_RAW.read_text(encoding="utf-8")
    ids = {r["page_id"] for r in pages}
    assert {r["page_id"] for r in table_rows(tmp_path / "ds", "articles")} <= ids
    assert {r["article_id"].rsplit("-", 1)[0] for r in table_rows(tmp_path / "ds", "blocks")} <= ids


def test_fragments_without_a_ledger_entry_are_removed(tmp_path: Path) -> None:
    """A run killed between writing a task's fragments and its ledger leaves no duplicate."""
    write_inputs(tmp_path / "in", 6)
    refs = resolve_inputs([str(tmp_path / "in")])
    run(refs, tmp_path / "ds", batch_files=2)
    ledger_files = sorted((tmp_path / "ds" / "_banmian" / "ledger").glob("*.json"))
    lost = json.loads(ledger_files[0].read_text())
    ledger_files[0].unlink()  # as if the run died before this task's ledger entry
    partial = tmp_path / "ds" / "pages" / "unknown" / ".part-x.parquet.123.partial"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"half")
    report = run(refs, tmp_path / "ds", batch_files=2)
    assert report.orphans_removed >= 2
    assert report.written == len(lost["inputs"]) and report.unchanged == 6 - len(lost["inputs"])
    pages = table_rows(tmp_path / "ds", "pages")
    assert len(pages) == 6 and len({r["page_id"] for r in pages}) == 6
    assert not partial.exists()


def test_bad_input_is_recorded_per_file_and_does_not_stop_the_run(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 4)
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    refs = resolve_inputs([str(tmp_path / "in")])
    report = run(refs, tmp_path / "ds", jobs=2, batch_files=2)
    assert report.written == 4
    assert sorted(Path(f.path).name for f in report.failed) == ["binary.txt", "broken.pdf"]
    assert all(f.error for f in report.failed)
    ledger = read_ledger(*filesystem(str(tmp_path / "ds")))
    statuses = {Path(i["path"]).name: i["status"] for e in ledger.tasks.values() for i in e["inputs"]}
    assert statuses["binary.txt"] == "failed" and statuses["broken.pdf"] == "failed"
    # failed inputs are tried again on the next run; the good ones are not
    again = run(refs, tmp_path / "ds", batch_files=2)
    assert again.unchanged == 4 and len(again.failed) == 2


def test_manifest_paths_globs_and_metadata(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 5)
    names = sorted(p.name for p in (tmp_path / "in").glob("*.txt"))
    manifest = tmp_path / "list.txt"
    manifest.write_text(
        "# two named, the rest by pattern\n"
        f"in/{names[0]}\t江城晚报\t1939-06-01\n"
        f"{tmp_path / 'in' / names[1]}\n"
        "\n"
        "in/*-p[0-9]-[24].txt\n",
        encoding="utf-8",
    )
    refs = resolve_inputs([], [str(manifest)])
    assert [Path(r.url).name for r in refs[:2]] == names[:2]
    assert (refs[0].paper, refs[0].date) == ("江城晚报", "1939-06-01")
    assert len(refs) == 4
    run(refs, tmp_path / "ds", paper="某报")
    pages = {Path(r["source_path"]).name: r for r in table_rows(tmp_path / "ds", "pages")}
    assert (pages[names[0]]["paper"], pages[names[0]]["year"]) == ("江城晚报", 1939)
    assert pages[names[1]]["paper"] == "某报"


def test_missing_inputs_are_one_line_errors(tmp_path: Path) -> None:
    from banmian.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        resolve_inputs([str(tmp_path / "missing.txt")])
    with pytest.raises(InputError, match="matches no file"):
        resolve_inputs([str(tmp_path / "*.txt")])
    result = runner.invoke(app, ["parse", str(tmp_path / "nope"), "--format", "parquet", "-o", str(tmp_path / "ds")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_fsspec_urls_are_inputs_and_outputs(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    texts = write_inputs(tmp_path / "in", 3)
    memory = fsspec.filesystem("memory")
    for name, text in texts.items():
        memory.pipe(f"/papers/{name}", text.encode("utf-8"))
    refs = resolve_inputs(["memory://papers/"])
    assert sorted(r.url.rsplit("/", 1)[1] for r in refs) == sorted(texts)
    report = run(refs, tmp_path / "ds")
    assert report.written == 3
    report = write_dataset(refs, "memory://out/ds", local_runner(1))
    assert report.written == 3
    assert memory.exists("/out/ds/_banmian/dataset.json")
    fs, root = filesystem("memory://out/ds")
    assert sorted(r.page.source.path.rsplit("/", 1)[1] for r in read_records(fs, root)) == sorted(texts)  # type: ignore[union-attr]


def test_cli_parse_parquet_and_ingest_the_dataset(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 6)
    out = tmp_path / "ds"
    result = runner.invoke(app, ["parse", str(tmp_path / "in"), "--format", "parquet", "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "6 written" in result.output and "bytes/page" in result.output
    db = tmp_path / "a.sqlite"
    result = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    direct = tmp_path / "b.sqlite"
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(direct)]).exit_code == 0

    def archived(path: Path) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as conn:
            return sorted(conn.execute("SELECT sha256, raw_text, page_json, date, page_no FROM pages"))

    # the archive holds the same pages whether it parsed the files or loaded the dataset
    loaded, parsed = archived(db), archived(direct)
    assert len(loaded) == 6
    assert [r[:2] + r[3:] for r in loaded] == [r[:2] + r[3:] for r in parsed]
    for (_, _, from_dataset, *_), (_, _, from_files, *_) in zip(loaded, parsed, strict=True):
        a, b = json.loads(from_dataset), json.loads(from_files)
        a["source"]["path"] = b["source"]["path"] = None
        assert a == b
    result = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert "6 unchanged" in result.output


def test_cli_refuses_dataset_options_elsewhere_and_a_missing_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE_RAW), "--executor", "dask"])
    assert result.exit_code == 2 and "only with --format parquet" in result.output
    result = runner.invoke(app, ["parse", str(SAMPLE_RAW), "--format", "parquet"])
    assert result.exit_code == 2 and "-o DIR" in result.output
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("x")
    result = runner.invoke(app, ["parse", str(SAMPLE_RAW), "--format", "parquet", "-o", str(tmp_path / "taken")])
    assert result.exit_code == 2 and "not a banmian dataset" in result.output


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(app, ["parse", str(SAMPLE_RAW), "--format", "parquet", "-o", str(tmp_path / "ds")])
    assert result.exit_code == 2
    assert result.output.strip() == "error: pyarrow is not installed: install the extra with pip install 'banmian[parquet]'"
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = runner.invoke(
        app, ["parse", str(SAMPLE_RAW), "--format", "parquet", "-o", str(tmp_path / "d2"), "--executor", "dask"]
    )
    assert result.exit_code == 2 and "banmian[dask]" in result.output and len(result.output.splitlines()) == 1


@pytest.mark.parametrize("reader", ["pandas", "duckdb", "datasets"])
def test_other_readers_read_the_dataset_as_it_is(tmp_path: Path, reader: str) -> None:
    write_inputs(tmp_path / "in", 5)
    run(resolve_inputs([str(tmp_path / "in")]), tmp_path / "ds", batch_files=2, paper="某报")
    expected = table_rows(tmp_path / "ds", "articles")
    ids = sorted(r["article_id"] for r in expected)
    titles = sorted(str(r["title"]) for r in expected)
    folder = tmp_path / "ds" / "articles"
    if reader == "pandas":
        pd = pytest.importorskip("pandas")
        frame = pd.read_parquet(folder)
        assert sorted(frame["article_id"]) == ids
        assert set(frame["paper"]) == {"某报"}
    elif reader == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        got = duckdb.sql(f"SELECT article_id, title, year FROM read_parquet('{folder}/**/*.parquet')").fetchall()
        assert sorted(r[0] for r in got) == ids
        assert sorted(str(r[1]) for r in got) == titles
        assert {r[2] for r in got} <= {1960, 1961, 1962}
    else:
        os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        datasets = pytest.importorskip("datasets")
        loaded = datasets.load_dataset(
            "parquet", data_files={"train": f"{folder}/**/*.parquet"}, split="train",
            cache_dir=str(tmp_path / "hf-cache"),
        )
        assert sorted(loaded["article_id"]) == ids
        assert set(loaded["paper"]) == {"某报"}
        assert loaded[0]["lines"] and set(loaded[0]["lines"][0]) == {"first", "last"}


def test_tasks_hold_one_paper_and_year_so_each_writes_one_file_per_table(tmp_path: Path) -> None:
    from banmian.export.dataset import Ledger, plan_tasks

    write_inputs(tmp_path / "in", 12)  # three years, interleaved in file order
    refs = resolve_inputs([str(tmp_path / "in")])
    tasks = plan_tasks(refs, str(tmp_path / "ds"), Ledger(), batch_files=3)
    assert sorted(r.url for t in tasks for r in t.inputs) == sorted(r.url for r in refs)
    for task in tasks:
        assert len(task.inputs) <= 3
        assert len({Path(r.url).name.split("-")[1] for r in task.inputs}) == 1
    run(refs, tmp_path / "ds", batch_files=3)
    assert len(list((tmp_path / "ds" / "pages").rglob("*.parquet"))) == len(tasks)


def test_a_dataset_run_reads_its_pages_with_the_conventions_given(tmp_path: Path) -> None:
    """`--conventions` reaches the tasks: a Republican-era page read with the modern family
    gives the articles `parse_text` gives with that family, not the detected one's."""
    raw = Path(__file__).parent / "data" / "ecpo" / "jingbao-1939-04-24-0002+0003.txt"
    text = raw.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / raw.name).write_text(text, encoding="utf-8")
    counts = {}
    for family in ("mainland", "republican"):
        out = tmp_path / family
        result = runner.invoke(app, ["parse", str(tmp_path / "in"), "--format", "parquet", "-o", str(out),
                                     "--jobs", "1", "--conventions", family])
        assert result.exit_code == 0, result.output
        counts[family] = len(table_rows(out, "articles"))
        assert counts[family] == len(parse_text(text, conventions=family).articles)
    assert counts["mainland"] != counts["republican"]
    result = runner.invoke(app, ["parse", str(tmp_path / "in"), "--format", "parquet", "-o", str(tmp_path / "x"),
                                 "--conventions", "no-such-family"])
    assert result.exit_code == 2 and not (tmp_path / "x").exists()

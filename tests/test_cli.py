"""`banmian parse` and `banmian eval` from the outside: outputs, options and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from banmian.cli import app
from banmian.evaluate import METRIC_KEYS, score_page
from banmian.model import Page
from banmian.schema import page_schema
from conftest import OCR_PAGES, SAMPLE_GOLD, SAMPLE_RAW, assert_nothing_lost

VALIDATOR = jsonschema.Draft202012Validator(page_schema())
SAMPLE = SAMPLE_RAW.read_text(encoding="utf-8")
TRADITIONAL = "臺灣新聞報導\n\n今日天氣晴朗，氣溫攝氏三十度。市政府表示，將於下週舉辦國際書展。\n記者　王大明／臺北報導\n"
runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def pages_of(stdout: str) -> list[dict[str, Any]]:
    data = json.loads(stdout)
    pages = data if isinstance(data, list) else [data]
    for page in pages:
        assert not list(VALIDATOR.iter_errors(page))
    return pages


def assert_one_line_error(result: Any, fragment: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output


def articles_only(page: dict[str, Any]) -> Any:
    return page["articles"], page["furniture"], page["line_count"]


def test_parse_sample_as_json() -> None:
    result = invoke("parse", str(SAMPLE_RAW))
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), dict)  # one page: an object, not an array
    [page] = pages_of(result.stdout)
    assert page["source"]["path"] == str(SAMPLE_RAW)
    assert page["source"]["encoding"] == "utf-8"
    assert_nothing_lost(Page.from_dict(page), SAMPLE)


def test_directory_as_jsonl_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(f"{name}标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    result = invoke("parse", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    paths = [json.loads(line)["source"]["path"] for line in lines]
    assert [Path(p).name for p in paths] == ["a.txt", "b.txt"]
    for line in lines:
        assert not list(VALIDATOR.iter_errors(json.loads(line)))


def test_several_pages_as_json_is_an_array(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_text("第一页\n\f第二页\n\f第三页\n\f", encoding="utf-8")
    pages = pages_of(invoke("parse", str(dump)).stdout)
    assert [p["page"] for p in pages] == [1, 2, 3]
    [page] = pages_of(invoke("parse", str(dump), "--page", "2").stdout)
    assert page["page"] == 2 and "第二页" in json.dumps(page, ensure_ascii=False)
    assert [p["page"] for p in pages_of(invoke("parse", str(dump), "--pages", "2-3").stdout)] == [2, 3]
    assert_one_line_error(invoke("parse", str(dump), "--page", "4"), "no page 4")
    assert_one_line_error(invoke("parse", str(dump), "--pages", "x"), "bad page list")
    assert_one_line_error(invoke("parse", str(dump), "--page", "1", "--pages", "1"), "not both")


def test_markdown_and_text(tmp_path: Path) -> None:
    md = invoke("parse", str(SAMPLE_RAW), "-f", "md")
    assert md.exit_code == 0
    assert md.stdout.startswith("## ")
    txt = invoke("parse", str(SAMPLE_RAW), "-f", "txt")
    assert txt.exit_code == 0
    # One paragraph per line: wrapped source lines were joined.
    assert len(txt.stdout.splitlines()) < len(SAMPLE.splitlines())
    out = tmp_path / "out.md"
    written = invoke("parse", str(SAMPLE_RAW), "-f", "md", "-o", str(out))
    assert written.exit_code == 0 and written.stdout == ""
    assert out.read_text(encoding="utf-8") == md.stdout


def test_stdin() -> None:
    result = invoke("parse", "-", "-f", "jsonl", stdin="标题\r\n\r\n正文。\r\n".encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["source"] == {**page["source"], "path": "<stdin>", "encoding": "gb18030"}
    assert page["line_count"] >= 3


@pytest.mark.parametrize(
    ("codec", "text"),
    [("gbk", SAMPLE), ("gb18030", SAMPLE), ("big5", TRADITIONAL), ("utf-16", SAMPLE), ("utf-8-sig", SAMPLE)],
)
def test_encodings_give_the_same_articles_as_utf8(tmp_path: Path, codec: str, text: str) -> None:
    plain, encoded = tmp_path / "plain.txt", tmp_path / f"{codec}.txt"
    plain.write_text(text, encoding="utf-8")
    encoded.write_bytes(text.encode(codec))
    [expected] = pages_of(invoke("parse", str(plain)).stdout)
    [got] = pages_of(invoke("parse", str(encoded)).stdout)
    assert articles_only(got) == articles_only(expected)
    assert got["source"]["encoding"] in {codec, "gb18030", "utf-8-sig"}


def test_crlf_and_cr_give_the_same_articles(tmp_path: Path) -> None:
    [expected] = pages_of(invoke("parse", str(SAMPLE_RAW)).stdout)
    for name, ending in (("crlf.txt", "\r\n"), ("cr.txt", "\r")):
        path = tmp_path / name
        path.write_bytes(SAMPLE.replace("\n", ending).encode())
        [got] = pages_of(invoke("parse", str(path)).stdout)
        assert articles_only(got) == articles_only(expected)


def test_jobs_keep_the_order(tmp_path: Path) -> None:
    for index, path in enumerate(OCR_PAGES[:3]):
        (tmp_path / f"{index}.txt").write_bytes(path.read_bytes())
    one = invoke("parse", str(tmp_path), "-f", "jsonl")
    two = invoke("parse", str(tmp_path), "-f", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 3


def test_bad_input(tmp_path: Path) -> None:
    assert_one_line_error(invoke("parse", str(tmp_path / "missing.txt")), "no such file")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert_one_line_error(invoke("parse", str(empty_dir)), "no *.txt or *.pdf")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    # the content decides: a (broken) PNG is an image whatever its name
    assert_one_line_error(invoke("parse", str(binary)), "image")
    binary.write_bytes(b"\x00\x01\x02\x03" + bytes(range(256)))
    assert_one_line_error(invoke("parse", str(binary)), "binary data")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("标题\n正文".encode("gbk"))
    assert_one_line_error(invoke("parse", str(gbk), "--encoding", "utf-8"), "cannot decode as utf-8")
    assert_one_line_error(invoke("parse", str(gbk), "--encoding", "nope"), "unknown encoding")
    assert_one_line_error(invoke("parse", str(gbk), "--format", "xml"), "unknown format")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"x" * (10 * 1024 * 1024))
    assert_one_line_error(invoke("parse", str(huge)), "line 1 has 10,485,760 characters")
    assert_one_line_error(invoke("parse", "-", "-"), "more than once")
    assert_one_line_error(invoke("parse", str(SAMPLE_RAW), "-o", str(tmp_path)), "Is a directory")


def test_empty_file_is_an_empty_page(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = invoke("parse", str(empty))
    assert result.exit_code == 0
    [page] = pages_of(result.stdout)
    assert page["articles"] == [] and page["furniture"] == []
    assert invoke("parse", str(empty), "-f", "txt").stdout.strip() == ""


def test_eval_matches_the_scorer() -> None:
    result = invoke("eval", str(SAMPLE_RAW), str(SAMPLE_GOLD), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    from banmian import parse_text

    expected = score_page(SAMPLE, json.loads(SAMPLE_GOLD.read_text(encoding="utf-8")), parse_text(SAMPLE).to_dict())
    assert report["pages"][0]["metrics"] == expected
    assert set(report["mean"]) == set(METRIC_KEYS)
    table = invoke("eval", "--dir", str(SAMPLE_RAW.parent))
    assert table.exit_code == 0
    for key in METRIC_KEYS:
        assert key in table.stdout


def test_eval_bad_input(tmp_path: Path) -> None:
    assert_one_line_error(invoke("eval", str(SAMPLE_RAW)), "even number")
    assert_one_line_error(invoke("eval"), "nothing to score")
    assert_one_line_error(invoke("eval", "--dir", str(tmp_path)), "no X.txt + X.gold.json pairs")
    bad_gold = tmp_path / "g.json"
    bad_gold.write_text("{}", encoding="utf-8")
    assert_one_line_error(invoke("eval", str(SAMPLE_RAW), str(bad_gold)), "not a gold page")


def test_real_entry_point_exit_status() -> None:
    banmian = Path(sys.executable).with_name("banmian")
    if not banmian.exists():
        pytest.skip("console script not installed")
    done = subprocess.run(
        [str(banmian), "parse", "-", "-f", "txt"], input="标题\n\n正文。\n".encode(), capture_output=True, check=False
    )
    assert done.returncode == 0 and "正文" in done.stdout.decode()
    failed = subprocess.run([str(banmian), "parse", "/nonexistent/x.txt"], capture_output=True, check=False)
    assert failed.returncode == 2
    assert failed.stderr.decode().strip() == "error: /nonexistent/x.txt: no such file or directory"


def rich_page() -> Page:
    from banmian.model import Article, Block, Byline, Dateline, Furniture

    return Page(
        line_count=12,
        articles=[
            Article(
                id="a1", title="城市书展周末开幕", kicker="文化惠民", subtitle="展期五天",
                lines=[(1, 8)],
                byline=Byline(agency="本报", reporters=["张明", "李华"]),
                dateline=Dateline(raw="本报北京7月2日电", agency="本报", place="北京", date="7月2日"),
                continued_from=1, continued_to=3,
                blocks=[
                    Block("paragraph", "第一段，\n接续 Latin\nword。", (4, 5)),
                    Block("subhead", "“书香满城”", (6, 6)),
                    Block("paragraph", "# 不是标题 *也不是强调*", (7, 8)),
                ],
            ),
            Article(
                id="a2", kind="photo", lines=[(9, 10)], byline=Byline(photographers=["王摄"]),
                blocks=[Block("caption", "读者在书展挑选图书。", (9, 9)), Block("credit", "王摄 摄", (10, 10))],
            ),
        ],
        furniture=[Furniture("page-number", "第2版", (12, 12))],
        warnings=["columns interleaved"],
    )


def test_markdown_layout() -> None:
    from banmian.render import to_markdown

    md = to_markdown(rich_page())
    parts = md.split("\n\n")
    assert parts[0] == "## 城市书展周末开幕"
    head = parts[1].split("  \n")
    assert head[0] == "*kicker:* 文化惠民" and head[1] == "*subtitle:* 展期五天"
    for fragment in ("本报", "reporters 张明 李华", "本报北京7月2日电", "continued from page 1", "continued on page 3"):
        assert fragment in head[2]
    assert parts[2] == "第一段，接续 Latin word。"
    assert parts[3] == "### “书香满城”"
    # Markdown syntax inside the text stays text.
    assert parts[4] == "\\# 不是标题 \\*也不是强调\\*"
    assert parts[5] == "## (photo)"
    assert "photo 王摄" in parts[6]
    assert parts[7] == "*读者在书展挑选图书。* — 王摄 摄"
    assert parts[8] == "> warning: columns interleaved\n"
    several = to_markdown([rich_page(), rich_page()])
    assert several.startswith("# page\n\n## 城市书展周末开幕")


def test_text_layout() -> None:
    from banmian.render import to_text

    text = to_text(rich_page())
    articles = text.rstrip("\n").split("\n\n")
    assert articles[0].split("\n") == [
        "文化惠民", "城市书展周末开幕", "展期五天", "第一段，接续 Latin word。", "“书香满城”", "# 不是标题 *也不是强调*",
    ]
    assert articles[1].split("\n") == ["读者在书展挑选图书。", "王摄 摄"]
    assert to_text([rich_page(), rich_page()]).count("\f") == 1


def make_pdf(path: Path, pages: int) -> None:
    import pymupdf

    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page()
        page.insert_text((72, 72), f"第{number}页标题", fontname="china-s", fontsize=16)
        page.insert_text((72, 110), "新华社北京7月2日电　这是正文第一段，内容完整。", fontname="china-s", fontsize=10)
    doc.save(path)


def test_pdf_pages_and_directories_mixing_pdf_and_text(tmp_path: Path) -> None:
    make_pdf(tmp_path / "a.pdf", 3)
    (tmp_path / "b.txt").write_text("第四页标题\n\n正文。\n", encoding="utf-8")
    result = invoke("parse", str(tmp_path / "a.pdf"), "--pages", "2-3", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    pages = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["page"] for p in pages] == [2, 3]
    for page in pages:
        assert not list(VALIDATOR.iter_errors(page))
    assert "第3页标题" in json.dumps(pages[1], ensure_ascii=False)
    both = invoke("parse", str(tmp_path), "-f", "jsonl")
    assert both.exit_code == 0, both.stderr
    assert [Path(json.loads(line)["source"]["path"]).name for line in both.stdout.splitlines()] == ["a.pdf"] * 3 + ["b.txt"]
    assert_one_line_error(invoke("parse", str(tmp_path / "a.pdf"), "--page", "9"), "no page 9")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    assert_one_line_error(invoke("parse", str(broken)), "broken.pdf")


def test_progress_bar_only_for_a_terminal_and_several_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from banmian.cli import parse_cmd

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert parse_cmd._progress(5) is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert parse_cmd._progress(1) is None
    assert parse_cmd._progress(5) is not None


def test_python_dash_m_banmian_is_the_same_command_line() -> None:
    import os

    import banmian

    env = {**os.environ, "PYTHONPATH": str(Path(banmian.__file__).parent.parent)}
    done = subprocess.run([sys.executable, "-m", "banmian", "parse", "-", "-f", "txt"], input="标题\n\n正文。\n".encode(),
                          capture_output=True, check=False, env=env)
    assert done.returncode == 0 and "正文" in done.stdout.decode()
    failed = subprocess.run([sys.executable, "-m", "banmian", "parse", "/nonexistent/x.txt"], capture_output=True,
                            check=False, env=env)
    assert failed.returncode == 2 and failed.stderr.decode().startswith("error: ")

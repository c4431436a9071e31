"""Archive benchmark: ingest, memory on long dumps, search latency, and the web API under load.

What each part measures (every figure printed says which runs it comes from):

1. ingest: pages/s of `ingest_paths` with 1 and 2 jobs on generated page files
   (read, decode, parse, tokenize, write), two runs each, both printed, and their mean.
2. memory: peak RSS of `banmian parse -f jsonl -o` and `banmian ingest` on one dump of
   N form-feed pages, for two sizes of N: it should not grow with N.
3. search in process: latency of `search()` for 1- to 4-character queries cut from the
   archive's own text, on an archive of ARCHIVE_PAGES generated pages (10 articles
   each); percentiles over all runs of all queries.
4. HTTP: `banmian serve` in its own process, 50 concurrent keep-alive clients calling
   /api/search with those queries: requests/s and p50/p95/p99 over all requests, first
   for the cold pass (every query once, nothing cached), then steady for HTTP_SECONDS,
   then while `banmian ingest` writes into the same archive (errors counted).

Targets (issue 5, issue 13): ingest >= 150 pages/s with 2 jobs; search p95 <= 50 ms
in process; /api/search >= 400 requests/s with p95 <= 250 ms on 20,000 pages with 50
clients, and no error while an ingest runs.

    .venv/bin/python benchmarks/bench_archive.py
    BANMIAN_BENCH_QUICK=1 .venv/bin/python benchmarks/bench_archive.py   # small sizes

Sizes: BANMIAN_BENCH_PAGES (ingest), BANMIAN_BENCH_ARCHIVE_PAGES (search and HTTP);
BANMIAN_BENCH_ARCHIVE=path keeps the generated archive there and reuses it (building
20,000 pages takes minutes); BANMIAN_BENCH_PARTS=ingest,memory,search,http picks parts.
The machine is shared: the load average is printed with each figure.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from banmian.api import parse_bytes
from banmian.archive.db import FileToStore, connect, prepare_page, store_files
from banmian.archive.fulltext import SearchFilters, search
from banmian.archive.ingest import ingest_paths
from banmian.model import Article, Block, Byline, Page

ROOT = Path(__file__).resolve().parent.parent
QUICK = os.environ.get("BANMIAN_BENCH_QUICK", "") not in ("", "0")
INGEST_PAGES = int(os.environ.get("BANMIAN_BENCH_PAGES", 60 if QUICK else 600))
ARCHIVE_PAGES = int(os.environ.get("BANMIAN_BENCH_ARCHIVE_PAGES", 1_000 if QUICK else 20_000))
KEPT_ARCHIVE = os.environ.get("BANMIAN_BENCH_ARCHIVE")
PARTS = set((os.environ.get("BANMIAN_BENCH_PARTS") or "ingest,memory,search,http").split(","))
MEMORY_PAGES = (50, 200) if QUICK else (200, 1000)
HTTP_CLIENTS = 50
HTTP_SECONDS = 10 if QUICK else 30
ROUNDS = 3
PROGRESS = os.environ.get("BANMIAN_BENCH_PROGRESS", "") not in ("", "0")
QUERIES_PER_LENGTH = 50 if QUICK else 200
ARTICLES_PER_PAGE = 10
PAPERS = ("甲报", "乙报", "丙报", "丁报")
AGENCIES = (None, "新华社", "中新社", "本报")

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


def sentence_pool() -> list[str]:
    """Sentences to build articles from: the synthetic generator's clean articles and the sample pages."""
    texts: list[str] = []
    try:
        from banmian.synth import load_clean_articles

        for art in load_clean_articles():
            texts.extend(text for _, text in art.paragraphs)
    except ImportError:
        pass
    for path in [ROOT / "examples" / "xinhua-liaocheng-p2.txt", *sorted((ROOT / "tests" / "data" / "ocr").glob("*.txt"))]:
        texts.append(path.read_text(encoding="utf-8").replace("\n", ""))
    sentences = [s.strip() for text in texts for s in re.split(r"(?<=[。！？])", text)]
    return [s for s in sentences if len(s) >= 8]


def write_ingest_pages(out: Path, count: int) -> list[Path]:
    """Raw page dumps to ingest: from banmian.synth when present, else made of pool sentences."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    try:
        from banmian.synth import generate_pages

        pages = (p.text for p in generate_pages(count, seed=2024))
    except ImportError:
        pool = sentence_pool()
        rng = random.Random(2024)
        pages = ("\n\n".join("".join(rng.sample(pool, 4)) for _ in range(12)) for _ in range(count))
    for i, text in enumerate(pages):
        path = out / f"2024-01-{i % 28 + 1:02d}" / f"page-{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def bench_ingest(tmp: Path) -> dict[int, float]:
    paths = write_ingest_pages(tmp / "pages", INGEST_PAGES)
    # For scale: the parser alone (library API, one process, no archive).
    parse_bytes(paths[0].read_bytes())
    started = time.perf_counter()
    for path in paths:
        parse_bytes(path.read_bytes(), source=str(path))
    parse_rate = len(paths) / (time.perf_counter() - started)
    print(f"parse only (parse_bytes, 1 process): {parse_rate:.0f} pages/s")
    rates = {}
    # Two runs per setting, both printed with the machine's load: a busy neighbour
    # halves a run's rate without saying anything about the archive.
    for jobs in (1, 2):
        runs = []
        for attempt in range(2):
            db = tmp / f"ingest-{jobs}-{attempt}.sqlite"
            report = ingest_paths([tmp / "pages"], db, jobs=jobs)
            assert report.pages == len(paths) and not report.failures, report.failures[:3]
            runs.append(report.pages_per_s)
        rates[jobs] = statistics.mean(runs)
        print(f"ingest  jobs={jobs}: {len(paths)} pages, runs {' / '.join(f'{r:.0f}' for r in runs)} pages/s, "
              f"mean of the 2 runs {rates[jobs]:.0f} pages/s (load average {os.getloadavg()[0]:.1f})")
    return rates


def generated_page(rng: random.Random, pool: list[str], number: int) -> tuple[Page, str]:
    """A page of articles built directly (no parsing): titles and bodies drawn from the pool."""
    articles = []
    lines: list[str] = []
    for i in range(ARTICLES_PER_PAGE):
        start = len(lines) + 1
        title = rng.choice(pool)[: rng.randint(6, 16)]
        paragraphs = ["".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(2, 6))]
        lines.append(title)
        blocks = []
        for para in paragraphs:
            lines.append(para)
            blocks.append(Block("paragraph", para, (len(lines), len(lines))))
        agency = rng.choice(AGENCIES)
        articles.append(
            Article(
                id=f"a{i + 1}",
                title=title,
                title_lines=(start, start),
                lines=[(start, len(lines))],
                byline=Byline(agency=agency) if agency else None,
                blocks=blocks,
            )
        )
    return Page(articles=articles, page=number, line_count=len(lines)), "\n".join(lines)


def _prepared_page(n: int) -> FileToStore:
    rng = random.Random(n)
    page, raw = generated_page(rng, _POOL, n % 16 + 1)
    prepared = prepare_page(page, raw, page_index=None, page_no=page.page)
    date = f"20{20 + n % 5}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
    return FileToStore(f"gen/{n}", f"gen-{n}", [prepared], PAPERS[n % len(PAPERS)], date)


_POOL: list[str] = []


def build_search_archive(db: Path) -> float:
    """Insert generated articles through the archive's own store function (tokenized in 2 processes)."""
    _POOL[:] = sentence_pool()
    conn = connect(db)
    started = time.perf_counter()
    pages = ARCHIVE_PAGES
    with multiprocessing.get_context("fork").Pool(2) as pool:
        batch: list[FileToStore] = []
        for item in pool.imap(_prepared_page, range(pages), chunksize=50):
            batch.append(item)
            if len(batch) == 500:
                store_files(conn, batch)
                batch = []
                if PROGRESS:
                    print(f"  {item.path}: {time.perf_counter() - started:.1f} s", flush=True)
        store_files(conn, batch)
    conn.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def sample_queries(db: Path, rng: random.Random) -> dict[int, list[str]]:
    """Queries of 1-4 characters cut from random articles' text (so every one has matches)."""
    conn = connect(db)
    top = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    queries: dict[int, list[str]] = {n: [] for n in range(1, 5)}
    while any(len(q) < QUERIES_PER_LENGTH for q in queries.values()):
        body = conn.execute(
            "SELECT group_concat(text, '') FROM blocks WHERE article_id = ?", (rng.randint(1, top),)
        ).fetchone()
        runs = _CJK_RUN.findall(body[0]) if body and body[0] else []
        if not runs:
            continue
        run = rng.choice(runs)
        for n in range(1, 5):
            if len(queries[n]) < QUERIES_PER_LENGTH:
                start = rng.randrange(0, len(run) - n + 1)
                queries[n].append(run[start : start + n])
    conn.close()
    return queries


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    """p50 / p95 / p99 of latencies given in seconds, in ms."""
    return " / ".join(f"{percentile(values, p) * 1000:.1f}" for p in (50, 95, 99))


def search_archive(tmp: Path) -> Path:
    """The archive of ARCHIVE_PAGES generated pages: built, or reused from BANMIAN_BENCH_ARCHIVE."""
    db = Path(KEPT_ARCHIVE) if KEPT_ARCHIVE else tmp / "search.sqlite"
    marker = db.with_name(db.name + f".{ARCHIVE_PAGES}-pages")
    if db.exists() and marker.exists():
        print(f"search archive: reusing {db} ({ARCHIVE_PAGES} pages, {db.stat().st_size / 1e6:.0f} MB)")
        return db
    for stale in (db, marker):
        stale.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    build_s = build_search_archive(db)
    marker.touch()
    articles = ARCHIVE_PAGES * ARTICLES_PER_PAGE
    print(f"search archive: {ARCHIVE_PAGES} pages, {articles} articles built in {build_s:.1f} s "
          f"({articles / build_s:.0f} articles/s), {db.stat().st_size / 1e6:.0f} MB")
    return db


def bench_search(db: Path) -> float:
    queries = sample_queries(db, random.Random(11))
    conn = connect(db, readonly=True)
    search(conn, "新华")  # warm the page cache once
    all_times: list[float] = []
    for n, group in queries.items():
        # Each query runs ROUNDS times, interleaved with the others; the percentiles are
        # over every run of every query.
        times: list[float] = []
        totals = []
        for _ in range(ROUNDS):
            for query in group:
                started = time.perf_counter()
                results = search(conn, query, limit=20)
                times.append(time.perf_counter() - started)
                totals.append(results.total)
        all_times.extend(times)
        print(f"search {n}-char queries ({len(group)} queries x {ROUNDS} runs): p50/p95/p99 {spread(times)} ms, "
              f"max {max(times) * 1000:.1f} ms; median matches {int(statistics.median(totals))}")
    p95 = percentile(all_times, 95) * 1000
    print(f"search all queries ({len(all_times)} runs): p50/p95/p99 {spread(all_times)} ms "
          f"(load average {os.getloadavg()[0]:.1f})")
    # With a filter every match must be looked up, so filtered searches are slower.
    filtered = []
    for query in [q for group in queries.values() for q in group[:20]]:
        started = time.perf_counter()
        search(conn, query, filters=SearchFilters(paper=PAPERS[0]), limit=20)
        filtered.append(time.perf_counter() - started)
    print(f"search with --paper (1-4 chars, {len(filtered)} queries, one run each): p50/p95/p99 {spread(filtered)} ms")
    conn.close()
    return p95


# ---- memory on long dumps ----------------------------------------------------------------------


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of a command and its children (MB), from the kernel's accounting."""
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def bench_memory(tmp: Path) -> None:
    banmian = str(Path(sys.executable).with_name("banmian"))
    sample = (ROOT / "examples" / "xinhua-liaocheng-p2.txt").read_text(encoding="utf-8")
    for pages in MEMORY_PAGES:
        dump = tmp / f"dump-{pages}.txt"
        dump.write_text("\f".join(f"{sample}\n第{n}页" for n in range(pages)), encoding="utf-8")
        size = dump.stat().st_size / 1e6
        parse_mb = peak_rss_mb([banmian, "parse", str(dump), "-f", "jsonl", "-o", str(tmp / "out.jsonl")])
        ingest_mb = peak_rss_mb([banmian, "ingest", str(dump), "--db", str(tmp / f"mem-{pages}.sqlite"), "-j", "1"])
        print(f"memory: one dump of {pages} pages ({size:.0f} MB): parse -f jsonl -o peak {parse_mb:.0f} MB, "
              f"ingest -j 1 peak {ingest_mb:.0f} MB (largest process)")


# ---- the web API under load -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _client(port: int, paths: list[str], start: int, stop_at: float, once: bool,
                  latencies: list[float], errors: list[str]) -> None:
    """One keep-alive connection sending GETs in turn (a few lines of HTTP/1.1, so that the
    client costs far less CPU than the server it measures)."""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    index = start
    while (index - start < len(paths)) if once else time.perf_counter() < stop_at:
        path = paths[index % len(paths)]
        index += 1
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if head[9:12] != b"200":
                errors.append(head[9:12].decode())
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(type(exc).__name__)
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


def run_load(port: int, paths: list[str], *, seconds: float = 0, once: bool = False) -> tuple[list[float], list[str], float]:
    """HTTP_CLIENTS clients for `seconds` (or, with `once`, the paths shared out once)."""
    latencies: list[float] = []
    errors: list[str] = []

    async def main() -> None:
        stop_at = time.perf_counter() + seconds
        if once:
            share = [paths[i::HTTP_CLIENTS] for i in range(HTTP_CLIENTS)]
            await asyncio.gather(*(_client(port, part, 0, stop_at, True, latencies, errors) for part in share if part))
        else:
            await asyncio.gather(*(
                _client(port, paths, i * len(paths) // HTTP_CLIENTS, stop_at, False, latencies, errors)
                for i in range(HTTP_CLIENTS)
            ))

    started = time.perf_counter()
    asyncio.run(main())
    return latencies, errors, time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report_load(name: str, latencies: list[float], errors: list[str], elapsed: float, cpu: float | None) -> float:
    rate = len(latencies) / elapsed
    per_request = f", server CPU {cpu / max(1, len(latencies)) * 1000:.2f} ms/request" if cpu is not None else ""
    print(f"http {name}: {len(latencies)} requests in {elapsed:.1f} s = {rate:.0f} requests/s; "
          f"p50/p95/p99 {spread(latencies)} ms over all requests; {len(errors)} errors{per_request} "
          f"(load average {os.getloadavg()[0]:.1f})")
    if errors:
        print(f"  errors: {sorted(set(errors))[:5]}")
    return rate


def bench_http(db: Path, tmp: Path) -> tuple[float, float, int]:
    banmian = str(Path(sys.executable).with_name("banmian"))
    queries = [q for group in sample_queries(db, random.Random(11)).values() for q in group]
    paths = ["/api/search?q=" + quote(q) for q in queries]
    port = free_port()
    log = tmp / "serve.log"  # uvicorn's access log: a file, so that no pipe fills up
    server = subprocess.Popen([banmian, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=%E6%96%B0%E9%97%BB", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"banmian serve did not start (see {log})") from None
                time.sleep(0.2)
        print(f"http: banmian serve on {ARCHIVE_PAGES} pages, {HTTP_CLIENTS} clients, {len(paths)} distinct queries "
              f"of 1-4 characters; results are cached until the archive changes")
        cpu0 = cpu_seconds(server.pid)
        cold = run_load(port, paths, once=True)
        cpu1 = cpu_seconds(server.pid)
        report_load("cold (each query once, none cached)", *cold, cpu1 - cpu0)
        steady = run_load(port, paths, seconds=HTTP_SECONDS)
        cpu2 = cpu_seconds(server.pid)
        rate = report_load(f"steady ({HTTP_SECONDS} s)", *steady, cpu2 - cpu1)
        p95 = percentile(steady[0], 95) * 1000

        # While an ingest writes into the same archive: every commit empties the cache.
        pages = write_ingest_pages(tmp / "more-pages", 100 if QUICK else 400)
        ingest_log = tmp / "ingest.log"
        ingest = subprocess.Popen([banmian, "ingest", str(tmp / "more-pages"), "--db", str(db), "-j", "1"],
                                  stdout=subprocess.DEVNULL, stderr=ingest_log.open("w"))
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        while ingest.poll() is None:
            got = run_load(port, paths, seconds=2)
            latencies += got[0]
            errors += got[1]
        elapsed = time.perf_counter() - started
        ingest_error = ingest_log.read_text(encoding="utf-8").strip().splitlines()[-1:] if ingest.returncode else []
        print(f"http during ingest: `banmian ingest` of {len(pages)} pages into the served archive exited "
              f"{ingest.returncode} {ingest_error}")
        report_load("while ingesting", latencies, errors, elapsed, None)
        return rate, p95, len(errors) + (1 if ingest.returncode else 0)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    print(f"mode: {'quick' if QUICK else 'full'} (ingest {INGEST_PAGES} pages, archive {ARCHIVE_PAGES} pages); "
          f"parts: {', '.join(sorted(PARTS))}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp_name:
        tmp = Path(tmp_name)
        if "ingest" in PARTS:
            rates = bench_ingest(tmp)
            verdicts.append(f"ingest 2 jobs >= 150 pages/s: {'met' if rates[2] >= 150 else 'NOT met'} ({rates[2]:.0f})")
        if "memory" in PARTS:
            bench_memory(tmp)
        if "search" in PARTS or "http" in PARTS:
            db = search_archive(tmp)
            if "search" in PARTS:
                p95 = bench_search(db)
                verdicts.append(f"search p95 <= 50 ms: {'met' if p95 <= 50 else 'NOT met'} ({p95:.1f} ms)")
            if "http" in PARTS:
                # The HTTP part writes into the archive: a kept one is copied first.
                served = db
                if KEPT_ARCHIVE:
                    served = tmp / "served.sqlite"
                    shutil.copyfile(db, served)
                rate, http_p95, errors = bench_http(served, tmp)
                met = rate >= 400 and http_p95 <= 250 and errors == 0
                verdicts.append(f"/api/search >= 400 requests/s, p95 <= 250 ms, no error during ingest: "
                                f"{'met' if met else 'NOT met'} ({rate:.0f} requests/s, p95 {http_p95:.0f} ms, "
                                f"{errors} errors)")
    print("targets: " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the whole work queue on a large synthetic book, on SQLite and PostgreSQL.

    python bench/queue.py --database sqlite      # or postgres, or both (default)
    python bench/queue.py --accounts 10000       # a smaller book for a quick look

It builds (once, then reuses) a book of 100,000 accounts with 1,000,000 activities and
300,000 contacts, then, in a fresh process so the peak memory is the queue's own, prints:
the whole queue end to end as `rhythm queue` and the API list it (in as many processes as
it used, RHYTHM_QUEUE_PROCESSES), its queries and peak memory (all processes); the queue
with every account's and book's state (`work_queue`, one process), the time to load the
facts and to run the rules in one process, and the whole `rhythm queue --format json`
export; and the same per account for a naive per-account ORM loop on a 2,000-account
sample. PostgreSQL is reached at RHYTHM_BENCH_POSTGRES (default
postgres://postgres@127.0.0.1:5432/rhythm_bench);
each size of book has its own database (`rhythm_bench_10000` for 10,000 accounts, and
`data/bench/bench_10000.sqlite3`), created if missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on the path, and this file's name would
# hide the standard library's `queue` module that Django needs: drop that folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 22)
POSTGRES = os.environ.get(
    "RHYTHM_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/rhythm_bench"
)


def database_url(kind: str, accounts: int) -> str:
    """Return the database of a book of this size: one per size, so each is kept for reuse."""
    suffix = "" if accounts == 100_000 else f"_{accounts}"
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'data' / 'bench' / f'bench{suffix}.sqlite3'}"
    return POSTGRES + suffix


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RHYTHM_DATA_DIR", str(ROOT / "data" / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "rhythm.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def open_book_for_every_account(description: str) -> tuple[argparse.Namespace, Any]:
    """Read --database, --accounts and --runs, open (or build) that book, and return the
    options with a reader who sees every account, as leadership does (an unsaved
    superuser: it writes nothing to the book). For the scripts that time pages."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2, help="how many times each page is rendered")
    options = parser.parse_args()
    url = database_url(options.database, options.accounts)
    if options.database == "postgres":
        ensure_postgres_database(url)
    setup_django(url)
    build(options.accounts)
    from django.contrib.auth import get_user_model

    return options, get_user_model()(username="bench", is_superuser=True, is_active=True)


def build(accounts: int) -> None:
    """Create the schema and the synthetic book, unless a book of this size is there."""
    from django.core.management import call_command

    from rhythm.accounts.models import Account

    call_command("migrate", verbosity=0)
    if Account.objects.count() == accounts:
        print(f"  reusing the book of {accounts:,} accounts already there", flush=True)
    else:
        started = time.perf_counter()
        from bench.synthetic_book import fill

        fill(accounts, TODAY, random.Random(2026))
        print(f"  built the book in {time.perf_counter() - started:.0f} s", flush=True)
    analyze()


def analyze() -> None:
    """Give PostgreSQL's planner statistics of the book, as its autovacuum daemon would.

    A server with autovacuum off never gathers them: planning for a few hundred rows where
    there are 50,000, it then loaded a share in 3.9 to 4.1 s instead of about 3.1 s. SQLite
    is left as a deployment leaves it, without statistics (Django never gathers them).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def peak_mib(who: int) -> float:
    """Return the high-water mark of resident memory of this process or of its children."""
    return resource.getrusage(who).ru_maxrss / 1024


def measure(sample: int) -> dict:
    """Time the queue end to end, its parts, its queries, then the naive loop."""
    from django.db import connection

    from rhythm.playbook.config import current_settings
    from rhythm.playbook.facts import load_book
    from rhythm.playbook.queue import (
        Scope,
        queue_history_start,
        queue_items,
        scoped_accounts,
        work_queue,
    )
    from rhythm.playbook.rules.engine import build_queue

    # The whole queue as `rhythm queue` and the API list it: large books in shares of whole
    # CSM books, one process each. Each process runs the loader's queries for its share.
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        started = time.perf_counter()
        listed = queue_items(None, Scope(), TODAY)
        total = time.perf_counter() - started
    # High-water marks right after it: this process's own and its largest child's, which
    # ran at the same time (with one child, their sum bounds the total from above).
    peak = peak_mib(resource.RUSAGE_SELF) + peak_mib(resource.RUSAGE_CHILDREN)
    items, processes, listed_queries = len(listed.items), listed.processes, len(queries)
    del listed
    queries.clear()
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        started = time.perf_counter()
        work = work_queue(None, Scope(), TODAY)
        with_states = time.perf_counter() - started
    peak_with_states = peak_mib(resource.RUSAGE_SELF)
    accounts, query_count = len(work.accounts), len(queries)
    assert len(work.items) == items
    del work
    settings = current_settings()
    started = time.perf_counter()
    chosen = scoped_accounts(None, Scope())
    since = queue_history_start(settings, TODAY)
    book = load_book(chosen.accounts, TODAY, since=since, settings=settings)
    load = time.perf_counter() - started
    started = time.perf_counter()
    build_queue(book, settings, TODAY)
    rules = time.perf_counter() - started
    del book
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as nowhere:  # what `rhythm queue --format json` writes
        call_command("queue", on=TODAY.isoformat(), format="json", stdout=nowhere)
    export = time.perf_counter() - started
    from bench.naive import naive_queue

    started = time.perf_counter()
    naive_accounts = naive_queue(settings, TODAY, sample)
    naive = time.perf_counter() - started
    naive_ms = 1000 * naive / naive_accounts
    return {
        "accounts": accounts,
        "items": items,
        "whole_queue_s": round(total, 2),
        "processes": processes,
        "queries_first_process": listed_queries,
        "peak_memory_mib": round(peak),
        "per_account_ms": round(1000 * total / accounts, 3),
        "naive_sample": naive_accounts,
        "naive_per_account_ms": round(naive_ms, 3),
        "speedup": round(naive_ms / (1000 * total / accounts), 1),
        "with_states_s": round(with_states, 2),
        "with_states_queries": query_count,
        "with_states_peak_mib": round(peak_with_states),
        "with_states_speedup": round(naive_ms / (1000 * with_states / accounts), 1),
        "load_facts_s": round(load, 2),
        "run_rules_s": round(rules, 2),
        "export_json_s": round(export, 2),
    }


def run(kind: str, accounts: int, sample: int) -> None:
    url = database_url(kind, accounts)
    print(f"\n{kind}: {url.split('@')[-1]}", flush=True)
    if kind == "postgres":
        ensure_postgres_database(url)
    else:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    build_step = [sys.executable, __file__, "--step", "build", "--url", url]
    subprocess.run([*build_step, "--accounts", str(accounts)], check=True)
    measure_step = [sys.executable, __file__, "--step", "measure", "--url", url]
    measured = [*measure_step, "--sample", str(sample)]
    result = subprocess.run(measured, capture_output=True, text=True)
    if result.returncode != 0:  # say why, not only that the step failed
        sys.stderr.write(result.stderr)
        raise SystemExit(f"measuring the {kind} book failed (exit code {result.returncode})")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for key, value in figures.items():
        print(f"  {key:<22} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="accounts for the naive loop")
    parser.add_argument("--step", choices=["build", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        sys.path.insert(0, str(ROOT))
        setup_django(options.url)
        if options.step == "build":
            build(options.accounts)
        else:
            print(json.dumps(measure(options.sample)))
        return
    kinds = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    print(f"Rhythm queue benchmark: {options.accounts:,} accounts, as of {TODAY}")
    for kind in kinds:
        run(kind, options.accounts, options.sample)


if __name__ == "__main__":
    main()

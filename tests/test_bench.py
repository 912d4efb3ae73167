"""The queue benchmark runs from its command: its steps build a small book and measure it.

The figures themselves are the benchmark's to print (`docs/performance.md`), never a test's
to judge; this only keeps `bench/queue.py` runnable as the code it measures changes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "queue.py"


def step(tmp_path: Path, *args: str) -> str:
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    env = {**os.environ, "RHYTHM_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--url", url, *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_benchmark_builds_a_book_and_measures_it(tmp_path):
    assert "built the book" in step(tmp_path, "--step", "build", "--accounts", "200")
    figures = json.loads(step(tmp_path, "--step", "measure", "--sample", "20").splitlines()[-1])
    assert figures["accounts"] == 200 and figures["items"] > 0
    assert figures["naive_sample"] == 20 and figures["with_states_queries"] > 0
    for key in ("whole_queue_s", "load_facts_s", "run_rules_s", "export_json_s", "speedup"):
        assert figures[key] >= 0, key

"""Run the real `rhythm` command in its own process, as a user's shell would."""

import os
import subprocess
import sys
from pathlib import Path


def run_rhythm(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `rhythm ARGS` with its data in `data_dir` and these environment variables set
    (`DATABASE_URL=...`, `RHYTHM_PLAYBOOK_FILE=...`), its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "rhythm.cli", *args],
        env={**os.environ, "RHYTHM_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )

"""Time `rhythm import activities` on a file of calls: new rows, then the same file again.

    python bench/import_activities.py                 # 10,000 rows, SQLite
    python bench/import_activities.py --rows 2000 --runs 1

Writes a team, two accounts and an activities file (ten kinds of call a day, a day after
another, no attendees: a CRM's export of a year of calls), then for each run imports them
into a new SQLite database in a temporary folder with the `rhythm` command beside this
Python, and prints the time of the first import (every row created) and of the second
(every row found unchanged). Each is the whole command: start, read, check and write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = (
    "cadence_call",
    "webinar",
    "enablement_session",
    "ad_hoc_call",
    "escalation_call",
    "async_request",
    "outreach",
    "health_check",
    "discovery_call",
    "welcome_call",
)
ACCOUNTS = ("Acme Corp", "Globex")
FIRST_DAY = dt.date(2024, 1, 1)

TEAM = """email,name,role,manager_email,region
ann@example.com,Ann Smith,csm,mia@example.com,EMEA
mia@example.com,Mia Jones,manager,,EMEA
"""
ACCOUNT_ROWS = """name,segment,region,industry,tier,arr,initial_transaction_date,csm_email
Acme Corp,enterprise,EMEA,Finance,ultimate,120000,2023-06-01,ann@example.com
Globex,smb,AMER,Retail,premium,15000,2023-09-15,ann@example.com
"""


def write_files(folder: Path, rows: int) -> Path:
    """Write the team, accounts and `rows` activities; return the activities file."""
    (folder / "team.csv").write_text(TEAM)
    (folder / "accounts.csv").write_text(ACCOUNT_ROWS)
    per_day = len(KINDS) * len(ACCOUNTS)
    lines = ["account,kind,date,duration_minutes,attendees,notes"]
    for index in range(rows):
        day = FIRST_DAY + dt.timedelta(days=index // per_day)
        kind = KINDS[index // len(ACCOUNTS) % len(KINDS)]
        lines.append(f"{ACCOUNTS[index % len(ACCOUNTS)]},{kind},{day},30,,Call {index}")
    activities = folder / "activities.csv"
    activities.write_text("\n".join(lines) + "\n")
    return activities


def rhythm(data: Path, *args: str) -> float:
    """Run one `rhythm` command on the database in `data`; return its seconds."""
    command = Path(sys.executable).with_name("rhythm")
    environment = {**os.environ, "RHYTHM_DATA_DIR": str(data)}
    environment.pop("DATABASE_URL", None)
    start = time.perf_counter()
    subprocess.run([str(command), *args], env=environment, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    days = -(-options.rows // (len(KINDS) * len(ACCOUNTS)))
    if FIRST_DAY + dt.timedelta(days=days) > dt.date.today():
        parser.error("too many rows: the calls would run past today")
    print(f"rhythm import activities, {options.rows:,} rows, SQLite")
    print(f"{'run':<5}{'new s':>8}{'again s':>9}")
    for run in range(1, options.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            files = Path(folder)
            activities = write_files(files, options.rows)
            data = files / "data"
            rhythm(data, "migrate")
            rhythm(data, "import", "team", str(files / "team.csv"))
            rhythm(data, "import", "accounts", str(files / "accounts.csv"))
            new = rhythm(data, "import", "activities", str(activities))
            again = rhythm(data, "import", "activities", str(activities))
        print(f"{run:<5}{new:>8.2f}{again:>9.2f}")


if __name__ == "__main__":
    main()

"""Time the Accounts list's first page, sorted by each column, for a view of every account.

    python bench/account_list.py                          # 10,000 accounts, SQLite
    python bench/account_list.py --accounts 20000 --database postgres

It reuses (or builds) the synthetic book of `bench/queue.py` of that size, then renders
`/accounts/?sort=KEY` as leadership sees it (every account) for each column, twice, and
prints the better time and the query count of each. Columns the database holds (name,
segment, ARR, CSM, renewal) are sorted and paged in SQL; those the rules derive (priority,
health, engagement, triage, phase) work out every listed account's state first.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on the path, where `queue.py` would hide
# the standard library's `queue` module that Django needs: drop that folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.queue import open_book_for_every_account  # noqa: E402


def main() -> None:
    options, reader = open_book_for_every_account(__doc__.splitlines()[0])

    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from rhythm.web.account_sorting import COLUMNS, DERIVED
    from rhythm.web.views.accounts import account_list

    print(f"Accounts list, first page, every account ({options.accounts:,}), {options.database}")
    print(f"{'sort':<12}{'kind':<10}{'best s':>8}{'queries':>9}")
    for column in COLUMNS:
        request = RequestFactory().get("/accounts/", {"sort": column.key})
        request.user = reader
        best, queries = float("inf"), 0
        for _ in range(options.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = account_list(request)
                best = min(best, time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        kind = "derived" if column.key in DERIVED else "database"
        print(f"{column.key:<12}{kind:<10}{best:>8.2f}{queries:>9}", flush=True)


if __name__ == "__main__":
    main()

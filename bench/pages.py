"""Time My day and the team dashboard as leadership sees them: every account of a book.

    python bench/pages.py                           # 10,000 accounts, SQLite
    python bench/pages.py --accounts 20000 --database postgres

It reuses (or builds) the synthetic book of `bench/queue.py` of that size, then renders
each page for a reader who sees every account (an administrator; leadership sees the
same), `--runs` times, and prints each rendering's time, its query count and the size
of the HTML. A CSM's or a manager's page evaluates only their book or team.
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

    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from rhythm.web.views.day import my_day
    from rhythm.web.views.team import team_dashboard

    print(f"Pages for every account ({options.accounts:,}), {options.database}")
    print(f"{'page':<10}{'seconds':>9}{'queries':>9}{'HTML bytes':>12}")
    for name, view, path in (("my day", my_day, "/"), ("team", team_dashboard, "/team/")):
        for _ in range(options.runs):
            request = RequestFactory().get(path)
            request.user = reader
            request.session = SessionStore()
            request._messages = FallbackStorage(request)  # the time-off form's notices
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = view(request)
                seconds = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            size = len(response.content)
            print(f"{name:<10}{seconds:>9.2f}{len(captured):>9}{size:>12,}", flush=True)


if __name__ == "__main__":
    main()

"""My day downloads the items it shows as a CSV file, with the same filters."""

import csv
import io

from tests.web.pages import logged_in, shown_items, today, with_late_call


def download(client, query: str) -> tuple[object, list[dict[str, str]]]:
    response = client.get(f"/?{query}")
    text = response.content.decode("utf-8-sig")  # Excel wants the byte-order mark
    return response, list(csv.DictReader(io.StringIO(text)))


def test_the_csv_holds_exactly_the_items_shown(client, alice):
    with_late_call(alice, "Acme Corp")
    with_late_call(alice, "Zenith Ltd")
    logged_in(client, alice)
    page = client.get("/").content.decode()
    assert 'href="?format=csv" download>Download CSV</a>' in page
    response, rows = download(client, "format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"rhythm-queue-{today().isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.startswith("\ufeff".encode())
    shown = shown_items(client.get("/"))
    assert [(r["rule"], r["account"], r["state"], r["why"]) for r in rows] == [
        (i.rule, i.account or "", i.state, i.why) for i in shown
    ]
    assert list(rows[0]) == ["state", "due", "rule", "account", "csm", "severity", "why", "action"]


def test_the_csv_keeps_the_filters_and_the_date(client, alice):
    with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    page = client.get("/?rule=CAD-1&state=late").content.decode()
    assert 'href="?rule=CAD-1&amp;state=late&amp;format=csv"' in page
    _, rows = download(client, "rule=CAD-1&state=late&format=csv")
    assert [(r["rule"], r["state"], r["account"]) for r in rows] == [("CAD-1", "late", "Acme Corp")]
    replay, _ = download(client, "on=2026-06-01&format=csv")
    assert 'filename="rhythm-queue-2026-06-01.csv"' in replay["Content-Disposition"]


def test_an_empty_day_offers_no_download(client, bob):
    assert "Download CSV" not in logged_in(client, bob).get("/").content.decode()

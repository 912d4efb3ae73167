"""The playbook commands: accounts, kpis and playbook show, in each format."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rhythm.accounts.models import Phase
from rhythm.playbook.config import current_settings
from rhythm.playbook.present import KPI_COLUMNS
from rhythm.playbook.queue import Scope, kpis_of, work_queue
from rhythm.playbook.rules.kpis import KPI_LABELS
from rhythm.web.dashboard import kpi_specs, quarter_kpis
from tests.queue.test_imported_book import imported  # noqa: F401  (the fixture)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_accounts_as_json_have_the_documented_keys(imported):  # noqa: F811
    rows = json.loads(run("accounts", "--on", "2026-11-22", "--format", "json"))
    quiet = next(row for row in rows if row["name"] == "Quiet Co")
    assert quiet["csm"] == "cal@team.test"
    assert (quiet["priority"], quiet["engagement"], quiet["triage"]) == ("P1", "non-engaged", True)
    assert quiet["priority_reasons"] == [
        "At risk: non-engaged, with no call or meeting since 2026-08-20, more than 2 months ago."
    ]
    assert quiet["health"] == "yellow" and quiet["phase"]
    assert set(quiet) == {  # as docs/queue.md lists them
        "id", "name", "csm", "priority", "computed_priority", "priority_reasons",
        "priority_override", "engagement", "engagement_reason", "triage", "triage_reasons",
        "health", "health_updated_on", "phase", "items",
    }  # fmt: skip


def test_accounts_table_and_csv(imported):  # noqa: F811
    table = run("accounts", "--on", "2026-11-22")
    assert table.splitlines()[0].split() == [
        "NAME",
        "CSM",
        "PRIORITY",
        "ENGAGEMENT",
        "TRIAGE",
        "HEALTH",
        "PHASE",
    ]
    rows = list(
        csv.DictReader(io.StringIO(run("accounts", "--format", "csv", "--on", "2026-11-22")))
    )
    assert [row["name"] for row in rows] == ["Quiet Co", "Steady Co"]
    # The table names each phase as the pages do; the CSV keeps the code scripts read.
    assert {row["phase"] for row in rows} <= set(Phase.values)
    for row, line in zip(rows, table.splitlines()[1:], strict=True):
        assert line.endswith("  " + Phase(row["phase"]).label)


def test_kpis_as_json_and_series(imported):  # noqa: F811
    kpis = json.loads(run("kpis", "--on", "2026-11-22", "--format", "json"))
    assert kpis["accounts"] == 2 and kpis["non_engaged"] == 1
    assert kpis["ebr_coverage"] == 50.0 and kpis["p1_share"] == 50.0
    series = json.loads(run("kpis", "--series", "--on", "2026-11-22", "--format", "json"))
    assert len(series) == 12 and series[-1]["on"] == "2026-11-22"
    # The table says each figure with its unit, the count of non-engaged accounts too.
    table = run("kpis", "--series", "--on", "2026-11-22").splitlines()
    non_engaged = [line for line in table if line.startswith("    Non-engaged accounts: ")]
    assert non_engaged[0] == "    Non-engaged accounts: 2 accounts"  # 2025-12-31
    assert non_engaged[-1] == "    Non-engaged accounts: 1 account"  # 2026-11-22


def test_kpis_per_cohort_as_json_and_per_segment_as_csv(imported):  # noqa: F811
    rows = json.loads(run("kpis", "--by", "cohort", "--on", "2026-11-22", "--format", "json"))
    # Steady Co signed 2024-03-01, Quiet Co (P1, non-engaged) 2024-06-01.
    assert [(r["group"], r["accounts"], r["non_engaged"], r["p1_share"]) for r in rows] == [
        ("2024-Q1", 1, 0, 0.0),
        ("2024-Q2", 1, 1, 100.0),
    ]
    assert rows[1]["details"]["p1_share"] == {
        "count": 1,
        "total": 1,
        "target_percent": 30.0,
        "lower_is_better": True,
        "percent": 100.0,
        "met": False,
    }
    text = run("kpis", "--by", "segment", "--csm", "cal@team.test", "--on", "2026-11-22",
               "--format", "csv")  # fmt: skip
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ["group", *KPI_COLUMNS]
    [row] = list(reader)
    assert (row["group"], row["accounts"], row["p1_share"]) == ("enterprise", "2", "50.0")
    table = run("kpis", "--by", "region", "--on", "2026-11-22").splitlines()
    # The table is for people: the KPIs by name, each figure with its unit.
    header = re.split(r"\s{2,}", table[0])
    assert header[:5] == ["GROUP", "ON", "ACCOUNTS", "TIME TO FIRST ENGAGE", "TIME TO FIRST VALUE"]
    cells = dict(zip(header, re.split(r"\s{2,}", table[1]), strict=False))
    assert (cells["GROUP"], cells["ON"], cells["ACCOUNTS"]) == ("EMEA", "2026-11-22", "2")
    # The columns past the width are under the row, by name too.
    assert {"    P1 share: 50.0%", "    Non-engaged accounts: 1 account"} <= set(table)
    assert cells["TIME TO FIRST ENGAGE"].endswith(" days")


def test_kpis_by_an_unknown_grouping_or_over_a_series_is_a_clear_error(db):
    with pytest.raises(CommandError) as refused:
        run("kpis", "--by", "tier")
    message = str(refused.value)  # argparse's words, which name every choice
    assert "--by: invalid choice: 'tier'" in message
    assert all(name in message for name in ("csm", "region", "segment", "industry", "cohort"))
    with pytest.raises(CommandError, match="--by and --series do not go together"):
        run("kpis", "--by", "segment", "--series")


def test_unknown_csm_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No CSM with email 'nobody@x.test'"):
        run("queue", "--csm", "nobody@x.test")


def test_playbook_show_prints_every_rule_and_the_defaults(db):
    data = json.loads(run("playbook", "show", "--format", "json"))
    assert data["cadence"]["p1_every"] == "14 days"
    assert {"PRIO-1", "CAD-1", "EBR-2", "REN-1", "MGR-1", "CAP-2"} <= set(data["rules"])
    text = run("playbook", "show")
    assert 'cadence.p1_every = "14 days"' in text


def test_playbook_file_overrides_apply(db, use_playbook):
    use_playbook('[cadence]\np1_every = "7 days"\n')
    data = json.loads(run("playbook", "show", "--format", "json"))
    assert data["cadence"]["p1_every"] == "7 days"


def test_a_teams_settings_apply_to_its_csms_books(imported, settings, use_playbook):  # noqa: F811
    use_playbook('[team."mia@team.test".cadence]\np2_every = "7 days"\n')
    items = json.loads(
        run("queue", "--csm", "cal@team.test", "--on", "2026-11-22", "--format", "json")
    )
    steady = next(i for i in items if (i["rule"], i["account"]) == ("CAD-1", "Steady Co"))
    assert (steady["due"], steady["state"]) == ("2026-11-01", "late")
    # Everything at once spans teams: each book still runs on its own team's settings.
    everyone = json.loads(run("queue", "--on", "2026-11-22", "--format", "json"))
    assert [i for i in everyone if i["csm"] == "cal@team.test"] == items


def test_queue_table_ends_with_the_counts(imported):  # noqa: F811
    out = run("queue", "--csm", "cal@team.test", "--on", "2026-11-22")
    assert out.splitlines()[0].split()[:3] == ["STATE", "DUE", "RULE"]
    assert out.rstrip().endswith("on 2026-11-22: 9 late, 14 due, 3 coming.")


class Terminal(io.StringIO):
    """Standard error as a terminal shows it."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("args", "large", "said"),
    [
        (("queue", "--format", "csv"), 2, "every account as of 2026-11-22: 2 accounts"),
        (("accounts", "--format", "json"), 2, "every account as of 2026-11-22: 2 accounts"),
        (("kpis", "--series"), 2, "every account as of 2026-11-22: 2 accounts"),
        (
            ("queue", "--csm", "cal@team.test"),
            2,
            "the book of cal@team.test as of 2026-11-22: 2 accounts",
        ),
        (("queue",), 3, None),
    ],
)
def test_a_large_scope_says_what_it_is_doing_on_a_terminal_only(
    imported,  # noqa: F811
    monkeypatch,
    args,
    large,
    said,
):
    from rhythm.playbook.management import scope

    monkeypatch.setattr(scope, "LARGE_SCOPE", large)
    out, terminal, piped = io.StringIO(), Terminal(), io.StringIO()
    call_command(*args, "--on", "2026-11-22", stdout=out, stderr=terminal)
    call_command(*args, "--on", "2026-11-22", stdout=io.StringIO(), stderr=piped)
    if said is None:  # fewer accounts than a large scope: nothing to say
        assert terminal.getvalue() == ""
    else:
        first, second = terminal.getvalue().splitlines()
        assert first == f"Working out {said}..."
        assert second.startswith("Done in ") and second.endswith(" s.")
    assert piped.getvalue() == ""  # piped, standard error stays quiet
    assert out.getvalue()  # and the data itself goes to standard output either way


def test_review_matches_the_queues_manager_review_and_capacity_items(imported):  # noqa: F811
    """Each failing checklist line is one MGR-1 item, each capacity flag one CAP-2 item."""
    books = json.loads(run("review", "--on", "2026-11-22", "--format", "json"))
    items = json.loads(run("queue", "--on", "2026-11-22", "--format", "json"))
    assert [book["csm"] for book in books] == ["cal@team.test"]
    cal = books[0]
    assert (cal["accounts"], cal["p1_share"]) == (2, 50.0)
    assert [check["key"] for check in cal["checks"]] == [
        "assignment",
        "onboarding",
        "success_plans",
        "triage_health",
        "renewal_review",
    ]
    failing = [check for check in cal["checks"] if not check["passed"]]
    mgr = sorted(item["why"] for item in items if item["rule"] == "MGR-1")
    assert len(failing) == len(mgr) == 3 and not cal["review_passed"]
    assert cal["review"] == "2 of 5 pass"
    for check in failing:
        assert check["failing"] and any(", ".join(check["failing"]) in why for why in mgr)
    # Steady Co's renewal (2027-03-01) is inside the review window with no review held.
    renewal = next(check for check in cal["checks"] if check["key"] == "renewal_review")
    assert renewal["failing"] == ["Steady Co"]
    cap2 = [item for item in items if item["rule"] == "CAP-2"]
    assert len(cal["flags"]) == len(cap2)
    assert cal["default_week_hours"] == 33.25 and cal["time_off_days"] == 0
    # Each task is rounded to the hundredth on its own, the total once.
    assert cal["expected_hours"] == pytest.approx(sum(cal["tasks"].values()), abs=0.05)
    assert cal["call_hours_range"] == [8.0, 20.0]


def test_review_table_and_csv(imported):  # noqa: F811
    table = run("review", "--on", "2026-11-22").splitlines()
    assert table[0].split()[:4] == ["CSM", "ACCOUNTS", "P1_SHARE", "REVIEW"]
    assert table[1].startswith("cal@team.test") and "2 of 5 pass" in table[1]
    rows = list(csv.DictReader(io.StringIO(run("review", "--on", "2026-11-22", "--format", "csv"))))
    assert rows[0]["failing"].count(": ") == 3 and "renewal_review: Steady Co" in rows[0]["failing"]


def test_review_of_an_unknown_manager_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No manager with email 'nobody@x.test'"):
        run("review", "--manager", "nobody@x.test")


@pytest.mark.parametrize("command", ["queue", "accounts", "kpis", "review"])
def test_a_day_too_far_ahead_is_a_clear_error(db, command):
    with pytest.raises(CommandError, match=r"--on: 2500-01-01 is out of range: choose a day from"):
        run(command, "--on", "2500-01-01")


@pytest.mark.parametrize("day", ["20261101", "2026-W47-1", "2026-11-31", "yesterday"])
def test_a_day_is_written_as_an_import_reads_it(db, day):
    """YYYY-MM-DD only, as the help says: not the other forms ISO 8601 allows."""
    with pytest.raises(CommandError, match=f"--on: '{day}' is not a date; use YYYY-MM-DD"):
        run("queue", "--on", day)


@pytest.mark.parametrize("command", ["queue", "accounts", "kpis", "review"])
def test_an_empty_day_is_refused_rather_than_taken_for_today(db, command):
    with pytest.raises(CommandError, match="--on: '' is not a date; use YYYY-MM-DD"):
        run(command, "--on", "")


def test_an_unknown_account_is_named_without_a_view_the_command_line_does_not_have(db):
    """The command line sees every account: "in your view" is for the API and the pages."""
    with pytest.raises(CommandError) as refused:
        run("queue", "--account", "nope")
    assert str(refused.value) == "No account named 'nope'."


def test_someone_asked_for_as_what_they_are_not_is_told_so(db):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(email="ae@x.test", role="ae")
    TeamMemberFactory(email="csm@x.test", role="csm")
    with pytest.raises(CommandError, match=r"ae@x.test is not a CSM \(account executive\)"):
        run("queue", "--csm", "ae@x.test")
    with pytest.raises(CommandError, match="csm@x.test manages no one: ask for their book"):
        run("queue", "--manager", "csm@x.test")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("accounts",), "No accounts on 2020-01-01."),
        (("review",), "No CSM books with accounts on 2020-01-01."),
        (("kpis", "--by", "region"), "No accounts to group by region on 2020-01-01."),
        (("accounts", "--csm", "cal@team.test"), "No accounts in the book of cal@team.test on"),
        (("queue",), "No accounts on 2020-01-01."),
        (("queue", "--csm", "cal@team.test"), "No accounts in the book of cal@team.test on"),
    ],
)
def test_an_empty_listing_says_so_in_a_sentence_rather_than_a_bare_header(
    imported,  # noqa: F811
    args,
    said,
):
    """Before any account began (2020), or a book with none: a sentence, not a blank screen."""
    out = run(*args, "--on", "2020-01-01")
    assert out.splitlines() == [said + (" 2020-01-01." if said.endswith(" on") else "")]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_empty_listing_as_data_stays_data_and_says_so_on_a_terminal(
    imported,  # noqa: F811
    fmt,
):
    out, terminal, piped = io.StringIO(), Terminal(), io.StringIO()
    call_command("accounts", "--on", "2020-01-01", "--format", fmt, stdout=out, stderr=terminal)
    if fmt == "json":
        assert json.loads(out.getvalue()) == []
    else:
        assert list(csv.reader(io.StringIO(out.getvalue()))) == [
            ["name", "csm", "priority", "engagement", "triage", "health", "phase"]
        ]
    assert terminal.getvalue().strip() == "No accounts on 2020-01-01."
    call_command("accounts", "--on", "2020-01-01", "--format", fmt, stdout=out, stderr=piped)
    assert piped.getvalue() == ""
    queue, terminal = io.StringIO(), Terminal()
    call_command("queue", "--on", "2020-01-01", "--format", fmt, stdout=queue, stderr=terminal)
    assert terminal.getvalue().strip() == "No accounts on 2020-01-01."
    if fmt == "json":
        assert json.loads(queue.getvalue()) == []
    else:
        assert next(csv.reader(io.StringIO(queue.getvalue())))[:3] == ["state", "due", "rule"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--account", "quiet  co"), "No account named 'quiet  co'; did you mean 'Quiet Co'?"),
        (("--account", "Stedy Co"), "No account named 'Stedy Co'; did you mean 'Steady Co'?"),
        (("--account", "Globex"), "No account named 'Globex'."),
        (
            ("--csm", "cal@team.tst"),
            "No CSM with email 'cal@team.tst'; did you mean 'cal@team.test'?",
        ),
    ],
)
def test_a_near_miss_is_answered_with_the_name_meant(imported, args, said):  # noqa: F811
    with pytest.raises(CommandError) as refused:
        run("queue", *args)
    assert str(refused.value) == said


@pytest.mark.parametrize(
    ("command", "option"),
    [("queue", "--csm"), ("queue", "--account"), ("accounts", "--manager"), ("kpis", "--csm")],
)
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_scope_is_refused_rather_than_taken_for_every_account(db, command, option, value):
    with pytest.raises(CommandError) as refused:
        run(command, option, value)
    assert str(refused.value).startswith(f"{option}: {value!r} is empty; give ")
    assert str(refused.value).endswith(f"or leave {option} out for every account.")


def test_the_kpis_table_sets_each_kpi_against_its_target(imported):  # noqa: F811
    lines = run("kpis", "--on", "2026-11-22").splitlines()
    assert lines[0] == "KPIs of every account on 2026-11-22: 2 accounts."
    # Each line: the KPI's name (words, as the dashboard names it), then its figures.
    rows = {
        name: rest.split()
        for name, rest in (re.split(r"\s{2,}", line, maxsplit=1) for line in lines[2:])
    }
    assert lines[1].split() == ["KPI", "VALUE", "TARGET", "HOW", "IT", "STANDS"]
    assert rows["P1 share"] == [
        "50.0%", "at", "most", "30.0%", "not", "met:", "1", "of", "2", "(50.0%)",
    ]  # fmt: skip
    assert rows["EBR coverage"][0:3] == ["50.0%", "75.0%", "not"]
    # Non-engaged accounts are counted (playbook section 3), their share beside the count.
    assert rows["Non-engaged accounts"] == [
        "1", "account", "at", "most", "0.0%", "not", "met:", "1", "of", "2", "(50.0%)",
    ]  # fmt: skip
    assert rows["Time to first engage"][2:5] == ["(median)", "14", "days"]
    # A median time is met within its target, as the dashboard's card says.
    engage = json.loads(run("kpis", "--on", "2026-11-22", "--format", "json"))["details"]
    met = engage["time_to_first_engage"]["met"]
    assert met is not None  # the imported book has a median to judge
    assert rows["Time to first engage"][5] == ("met:" if met else "not")
    keys = [*KPI_COLUMNS[2:], "roundtables_this_quarter", "expansion_this_quarter"]
    assert list(rows) == [KPI_LABELS[key] for key in keys]
    # The names are the dashboard's, cards and quarter panels alike.
    settings = current_settings()
    kpis = kpis_of(work_queue(None, Scope(), dt.date(2026, 11, 22)))
    dashboard = [spec.name for spec in kpi_specs(settings)]
    dashboard += [quarter.name for quarter in quarter_kpis(kpis, [], settings)]
    assert sorted(dashboard) == sorted(rows)
    # Cadence adherence, on the dashboard's cards, is in the table too, without a target.
    [share, *standing] = rows["Cadence adherence"]
    assert share.endswith("%") or share == "-"
    assert not standing or standing[1] == "of"  # "1 of 2 (50.0%)": no target, no "met"
    # The imported book's one industry has held no roundtable this quarter (RT-1), and no
    # expansion playbook is completed: no win rate.
    assert rows["Roundtables"] == [
        "0", "of", "1", "industry", "1", "per", "industry", "not", "met:", "1", "short",
    ]  # fmt: skip
    assert rows["Expansion playbooks"] == ["-", "0", "completed;", "0", "opened"]


def test_playbook_show_for_a_team_and_a_segment(db, use_playbook):
    use_playbook(
        '[team."mia@team.test".cadence]\np2_every = "3 weeks"\n'
        '[segment.smb.cadence]\np1_every = "1 month"\n'
    )
    shown = run(
        "playbook", "show", "--team", "Mia@Team.test", "--segment", "SMB", "--format", "json"
    )
    data = json.loads(shown)
    assert (data["cadence"]["p1_every"], data["cadence"]["p2_every"]) == ("1 month", "3 weeks")
    assert data["scope"]["segment"] == "smb"
    # Each layer alone.
    team_only = json.loads(run("playbook", "show", "--team", "mia@team.test", "--format", "json"))
    assert (team_only["cadence"]["p1_every"], team_only["cadence"]["p2_every"]) == (
        "14 days",
        "3 weeks",
    )
    assert 'cadence.p1_every = "1 month"' in run("playbook", "show", "--segment", "smb")


def test_playbook_show_says_when_a_team_or_segment_changes_nothing(db, use_playbook):
    use_playbook('[cadence]\np1_every = "10 days"\n')
    err = io.StringIO()
    out = io.StringIO()
    call_command("playbook", "show", "--team", "nobody@x.test", "--segment", "enterprise",
                 stdout=out, stderr=err)  # fmt: skip
    assert 'cadence.p1_every = "10 days"' in out.getvalue()
    assert '--team: the playbook file has no [team."nobody@x.test"] table' in err.getvalue()
    assert "--segment: the playbook file has no [segment.enterprise] table" in err.getvalue()
    with pytest.raises(CommandError, match="--segment: 'enterprize' is not a segment; use one"):
        run("playbook", "show", "--segment", "enterprize")
    with pytest.raises(CommandError, match="--team: '' is empty"):
        run("playbook", "show", "--team", " ")

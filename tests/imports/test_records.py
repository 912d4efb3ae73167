"""Importing what happens on accounts: activities, adoption, health, plans, expansions, surveys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.health.models import HealthUpdate
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file, import_rows
from rhythm.meetings.models import Session
from rhythm.plans.models import SuccessPlan
from rhythm.renewals.models import ExpansionPlaybook, ExpansionStageChange
from rhythm.surveys.models import SurveyResponse
from rhythm.timeline.models import Activity
from tests.imports.conftest import dump, write_text


def errors_of(kind: str, rows: list[dict]) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_rows(kind, rows)
    return [str(error) for error in failure.value.errors]


def rule(model, name: str) -> str:
    """Return a model constraint's message as an import reports it (owned by the model)."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return constraint.violation_error_message.rstrip(".")


def test_activities_keep_their_attendees(imported):
    call = Activity.objects.get(account__name="Acme Corp", kind="cadence_call")

    assert (call.date, call.duration_minutes, call.notes) == (
        dt.date(2026, 10, 1),
        30,
        "Quarterly goals",
    )
    assert [c.email for c in call.contacts.all()] == ["carl@acme.test"]
    assert [m.email for m in call.members.all()] == ["ann@rhythm.test"]
    assert Activity.objects.filter(account__name="Globex", kind="ebr").exists()


def test_an_activity_row_updates_the_activity_of_that_kind_and_date(imported):
    rows = [
        {
            "account": "Acme Corp",
            "kind": "cadence_call",
            "date": "2026-10-01",
            "attendees": "vera@acme.test",
            "notes": "Moved to Vera",
        }
    ]

    report = import_rows("activities", rows)

    call = Activity.objects.get(account__name="Acme Corp", kind="cadence_call")
    assert (report.updated, call.notes, call.duration_minutes) == (1, "Moved to Vera", 30)
    assert [c.email for c in call.contacts.all()] == ["vera@acme.test"]
    assert not call.members.exists()


def test_an_imported_ebr_holds_the_one_planned_as_logging_it_does(people):
    """In the planned EBR's window (EBR-2's lead) the row is that EBR held; long before it,
    a row is history on the timeline and the EBR stays planned."""
    from rhythm.meetings.models import Ebr
    from rhythm.meetings.services import plan_ebr

    today = timezone.localdate()
    acme = Account.objects.get(name="Acme Corp")
    plan_ebr(account=acme, planned_on=today + dt.timedelta(days=30))
    old = (today - dt.timedelta(days=400)).isoformat()
    import_rows("activities", [{"account": "Acme Corp", "kind": "ebr", "date": old}])
    assert Ebr.objects.get(account=acme).held_on is None
    row = {"account": "Acme Corp", "kind": "ebr", "date": today.isoformat(), "notes": "Went well"}
    report = import_rows("activities", [row])
    ebr = Ebr.objects.get(account=acme)
    assert (report.created, ebr.held_on) == (1, today)
    assert Activity.objects.get(account=acme, kind="ebr", date=today).notes == "Went well"
    assert import_rows("activities", [row]).unchanged == 1  # the same file again


def test_activity_errors_name_the_row_and_column(people):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    assert errors_of(
        "activities",
        [
            {"account": "Acme Corp", "kind": "cadence_call", "date": str(tomorrow)},
            {
                "account": "Acme Corp",
                "kind": "ebr",
                "date": "2026-01-05",
                "attendees": "carl@acme.test;stranger@else.test",
            },
            {"account": "Acme Corp", "kind": "tea party", "date": "2026-01-05"},
            {
                "account": "Acme Corp",
                "kind": "ebr",
                "date": "2026-01-06",
                "duration_minutes": "2000",
            },
        ],
    ) == [
        f"row 2, column 'date': {tomorrow.isoformat()} is in the future; log what has happened",
        "row 3, column 'attendees': Not a contact of this account or a team member: "
        "stranger@else.test",
        "row 4, column 'kind': 'tea party' is not an activity kind; use one of: cadence_call, ebr, "
        "leadership_check_in, workshop, webinar, roundtable, enablement_session, ad_hoc_call, "
        "escalation_call, async_request, outreach, renewal_review, welcome_call, "
        "onboarding_kickoff, discovery_call, health_check",
        "row 5, column 'duration_minutes': Duration must be between 1 and 1440 minutes",
    ]
    assert not Activity.objects.exists()


def test_a_sessions_rows_make_one_session_logged_on_each_account(imported):
    workshop = Session.objects.get(kind="workshop")
    assert (workshop.topic, workshop.date, workshop.lead.email) == (
        "CI pipelines",
        dt.date(2026, 10, 20),
        "ann@rhythm.test",
    )
    assert [(a.account.name, a.consented_on) for a in workshop.attendance.order_by("id")] == [
        ("Acme Corp", dt.date(2026, 10, 1)),
        ("Globex", dt.date(2026, 10, 3)),
    ]
    logged = Activity.objects.filter(kind="workshop", session=workshop)
    assert sorted(logged.values_list("account__name", "duration_minutes")) == [
        ("Acme Corp", 90),
        ("Globex", 90),
    ]
    roundtable = Session.objects.get(kind="roundtable")
    assert (roundtable.industries, roundtable.lead) == (["Finance"], None)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "account,kind,topic,date,industry,consented_on\n"
            "Acme Corp,roundtable,Shared,2026-11-05,finance | RETAIL|finance,2026-10-01\n"
            "Globex,roundtable,Shared,2026-11-05,Finance|Retail,2026-10-02\n",
            id="commas",
        ),
        pytest.param(
            "account;kind;topic;date;industries;consented_on\n"
            "Acme Corp;roundtable;Shared;2026-11-05;finance | RETAIL|finance;2026-10-01\n"
            "Globex;roundtable;Shared;2026-11-05;Finance|Retail;2026-10-02\n",
            id="semicolons-and-the-alias",
        ),
    ],
)
def test_a_roundtable_imported_names_several_industries_split_by_bars(people, tmp_path, text):
    import_file("sessions", write_text(tmp_path / "sessions.csv", text))
    roundtable = Session.objects.get()
    assert roundtable.industries == ["Finance", "Retail"]  # as the accounts write them, once
    assert roundtable.attendance.count() == 2


def test_a_roundtable_imported_again_keeps_its_industries_unless_given(people, tmp_path):
    header = "account,kind,topic,date,industry,consented_on\n"
    row = "Acme Corp,roundtable,Shared,2026-11-05,{},2026-10-01\n"
    for industries, kept in (
        ("Finance|Retail", ["Finance", "Retail"]),
        ("", ["Finance", "Retail"]),
        ("Retail", ["Retail"]),
    ):
        import_file(
            "sessions", write_text(tmp_path / "sessions.csv", header + row.format(industries))
        )
        assert Session.objects.get().industries == kept
    refused = errors_of(
        "sessions",
        [
            {
                "account": "Acme Corp",
                "kind": "roundtable",
                "topic": "Shared",
                "date": "2026-11-05",
                "industry": "Retail|Mining|Oil",
            }
        ],
    )
    assert refused == [
        "row 2, column 'industry': 'Mining', 'Oil' are not industries of any account; use one "
        "of: Finance, Retail"
    ]


def test_session_errors_name_the_row_and_column(people):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    workshop = {"kind": "workshop", "topic": "Clinic", "date": "2026-10-20"}
    assert errors_of(
        "sessions",
        [
            {"account": "Acme Corp", **workshop, "consented_on": "2026-10-01"},
            {"account": "Globex", **workshop},
            {"account": "Acme Corp", "kind": "roundtable", "topic": "Banks", "date": "2026-10-21"},
            {"account": "Acme Corp", "kind": "webinar", "topic": "A", "date": "2026-10-21"},
            {"account": "Globex", "kind": "workshop", "topic": "B", "date": str(tomorrow)},
            {"account": "Globex", **workshop, "topic": "C", "lead_email": "who@else.test"},
            {
                "account": "Acme Corp",
                "kind": "roundtable",
                "topic": "D",
                "date": "2026-10-21",
                "industry": "Nope",
            },
        ],
    ) == [
        "row 3, column 'consented_on': No consent to a multi-customer session: Globex",
        "row 4, column 'industry': A roundtable is for one or more industries (RT-1); name at "
        "least one industry",
        "row 5, column 'kind': 'webinar' is not a session kind; use one of: workshop, roundtable",
        f"row 6, column 'date': {tomorrow.isoformat()} is in the future; record a session once "
        "it is held",
        "row 7, column 'lead_email': 'who@else.test' is not a team member; import team first",
        "row 8, column 'industry': 'Nope' is not the industry of any account; use one of: "
        "Finance, Retail",
    ]
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_a_sessions_row_without_consent_is_the_one_named(people):
    workshop = {"kind": "workshop", "topic": "T", "date": "2026-10-20"}

    assert errors_of(
        "sessions",
        [
            {"account": "Globex", **workshop},
            {"account": "Acme Corp", **workshop, "consented_on": "2026-10-01"},
        ],
    ) == ["row 2, column 'consented_on': No consent to a multi-customer session: Globex"]
    assert not Session.objects.exists()


def test_a_sessions_rows_that_disagree_on_the_session_are_refused(people):
    """A session has one set of industries, one lead and one length: a later row giving
    others would replace the earlier row's, so it is refused, naming the row it differs from."""
    roundtable = {"kind": "roundtable", "topic": "Shared", "date": "2026-11-05"}
    first = {"industry": "Finance", "lead_email": "ann@rhythm.test", "duration_minutes": "60"}
    other = {
        "industry": "Finance|Retail",
        "lead_email": "mia@rhythm.test",
        "duration_minutes": "90",
    }

    assert errors_of(
        "sessions",
        [
            {"account": "Acme Corp", **roundtable, **first, "consented_on": "2026-10-01"},
            {"account": "Globex", **roundtable, **other, "consented_on": "2026-10-02"},
        ],
    ) == [
        "row 3, column 'industry': 'Finance|Retail', where row 2 gives this session 'Finance': "
        "every row of a session gives the same",
        "row 3, column 'lead_email': 'mia@rhythm.test', where row 2 gives this session "
        "'ann@rhythm.test': every row of a session gives the same",
        "row 3, column 'duration_minutes': '90 minutes', where row 2 gives this session "
        "'60 minutes': every row of a session gives the same",
    ]
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_a_sessions_rows_agree_whatever_the_case_and_order_or_left_empty(people):
    roundtable = {"kind": "roundtable", "topic": "Shared", "date": "2026-11-05"}
    import_rows(
        "sessions",
        [
            {
                "account": "Acme Corp",
                **roundtable,
                "industry": "Retail|finance",
                "lead_email": "ann@rhythm.test",
                "consented_on": "2026-10-01",
            },
            {
                "account": "Globex",
                **roundtable,
                "industry": "FINANCE|Retail",
                "consented_on": "2026-10-02",
            },
        ],
    )
    session = Session.objects.get()
    assert (session.industries, session.lead.email) == (["Finance", "Retail"], "ann@rhythm.test")
    assert session.attendance.count() == 2


def test_renewal_rows_close_renewals_and_errors_name_the_row_and_column(people):
    from rhythm.renewals.models import Renewal

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    row = {"account": "Acme Corp", "renewal_date": "2025-06-01", "closed_on": "2025-05-20"}
    assert errors_of(
        "renewals",
        [
            {**row, "outcome": "open"},
            {**row, "renewal_date": "2024-06-01", "outcome": "churned", "renewed_arr": "5"},
            {**row, "renewal_date": "2023-06-01", "outcome": "renewed", "closed_on": str(tomorrow)},
            {**row, "renewal_date": "2022-06-01", "outcome": "won"},
        ],
    ) == [
        "row 2, column 'outcome': 'open' is not a closed outcome; use renewed or churned",
        "row 3, column 'renewed_arr': A churned renewal renews no ARR; leave it empty or 0",
        f"row 4, column 'closed_on': {tomorrow.isoformat()} is in the future; record a renewal "
        "once it has closed",
        # The outcomes offered are those a closed renewal takes, not `open`.
        "row 5, column 'outcome': 'won' is not a renewal outcome; use one of: renewed, churned",
    ]
    assert not Renewal.objects.exclude(outcome="open").exists()
    report = import_rows("renewals", [{**row, "outcome": "renewed"}])
    closed = Renewal.objects.get(renewal_date=dt.date(2025, 6, 1))
    assert (report.created, closed.outcome, closed.renewed_arr) == (1, "renewed", closed.arr)


def test_use_case_statuses_are_kept_per_date(imported):
    statuses = UseCaseStatus.objects.filter(account__name="Acme Corp")

    assert sorted(statuses.values_list("use_case", "status")) == [
        ("ci", "green"),
        ("devsecops", "red"),
    ]


def test_health_rows_record_who_updated_them(imported):
    update = HealthUpdate.objects.get(account__name="Acme Corp")

    assert (update.overall, update.sentiment, update.note) == (
        "yellow",
        "green",
        "Renewal talks started",
    )
    assert update.updated_by.email == "ann@rhythm.test"


def test_milestones_are_corrected_rather_than_repeated(imported):
    import_rows(
        "milestones", [{"account": "Acme Corp", "milestone": "engagement", "date": "2025-06-12"}]
    )

    engagement = Milestone.objects.get(account__name="Acme Corp", milestone="engagement")
    assert engagement.reached_on == dt.date(2025, 6, 12)
    assert Milestone.objects.count() == 2


def test_a_milestone_before_the_initial_transaction_is_a_row_error(imported):
    rows = [{"account": "Acme Corp", "milestone": "outcome_achieved", "date": "2025-05-31"}]
    assert errors_of("milestones", rows) == [
        "row 2, column 'date': 2025-05-31 is before Acme Corp's initial transaction, "
        "2025-06-01; a milestone is reached after it"
    ]
    assert Milestone.objects.count() == 2


def test_usage_before_the_initial_transaction_is_a_row_error(imported):
    rows = [{"account": "Acme Corp", "date": "2025-05-31", "licenses_activated": "40"}]
    assert errors_of("usage", rows) == [
        "row 2, column 'date': 2025-05-31 is before Acme Corp's initial transaction, "
        "2025-06-01; licenses are activated once bought"
    ]


def test_usage_keeps_the_accounts_licenses_at_the_latest_record(people, tmp_path):
    path = write_text(
        tmp_path / "usage.csv",
        "account,date,licenses_activated\nAcme Corp,2026-11-01,300\nAcme Corp,2026-08-01,150\n",
    )

    import_file("usage", path)

    assert LicenseUsage.objects.count() == 2
    assert Account.objects.get(name="Acme Corp").licenses_activated == 300


def test_success_plans_default_to_draft(imported):
    plans = SuccessPlan.objects.order_by("account__name")

    assert [(p.kind, p.status, p.health, p.shared_on) for p in plans] == [
        ("roi", "active", "green", dt.date(2026, 2, 10)),
        ("stage_adoption", "draft", "", None),
    ]


def test_a_plan_reviewed_before_it_was_shared_is_a_row_error(imported):
    row = {"account": "Acme Corp", "kind": "roi", "shared_on": "2026-03-01"}
    rows = [{**row, "reviewed_on": "2026-02-28"}, {**row, "kind": "stage_adoption"}]
    assert errors_of("success_plans", rows) == [
        "row 2, column 'reviewed_on': 2026-02-28 is before the plan was shared with the "
        "customer, on 2026-03-01; it is reviewed with them once shared"
    ]
    plan = SuccessPlan.objects.get(account__name="Acme Corp", kind="roi")
    assert (plan.shared_on, plan.reviewed_on) == (dt.date(2026, 2, 10), dt.date(2026, 10, 1))


def test_a_plan_imported_with_a_review_and_no_shared_date_is_shared_that_day(imported):
    rows = [{"account": "Globex", "kind": "stage_adoption", "reviewed_on": "2026-09-01"}]
    import_rows("success_plans", rows)
    plan = SuccessPlan.objects.get(account__name="Globex", kind="stage_adoption")
    assert (plan.shared_on, plan.reviewed_on) == (dt.date(2026, 9, 1), dt.date(2026, 9, 1))


def test_an_expansion_records_its_first_stage_on_its_opening_date(imported):
    changes = ExpansionStageChange.objects.order_by("playbook__opened_on")

    assert [(c.stage, c.entered_on) for c in changes] == [
        ("proposal", dt.date(2026, 3, 1)),
        ("discovery", dt.date(2026, 8, 1)),
    ]
    assert ExpansionPlaybook.objects.get(account__name="Globex").outcome == "won"


def test_a_changed_stage_is_recorded_on_the_days_import(imported):
    row = {
        "account": "Acme Corp",
        "kind": "tier_upgrade",
        "opened_on": "2026-08-01",
        "stage": "proposal",
    }

    import_rows("expansions", [row])
    import_rows("expansions", [row])

    playbook = ExpansionPlaybook.objects.get(account__name="Acme Corp")
    assert [(c.stage, c.entered_on) for c in playbook.stage_changes.all()] == [
        ("discovery", dt.date(2026, 8, 1)),
        ("proposal", timezone.localdate()),
    ]


def test_expansion_errors_come_from_the_models_rules(people):
    assert errors_of(
        "expansions",
        [
            {
                "account": "Acme Corp",
                "kind": "tier_upgrade",
                "opened_on": "2026-08-01",
                "closed_on": "2026-09-01",
            },
            {
                "account": "Acme Corp",
                "kind": "new_use_case",
                "opened_on": "2026-08-01",
                "closed_on": "2026-07-01",
                "outcome": "lost",
            },
        ],
    ) == [
        "row 2, column 'outcome': A playbook closed on 2026-09-01 needs its outcome: won or lost",
        f"row 3, column 'closed_on': {rule(ExpansionPlaybook, 'expansion_closes_after_opening')}",
    ]


def test_an_expansion_error_says_which_field_to_fill(people):
    row = {"account": "Acme Corp", "kind": "tier_upgrade", "opened_on": "2026-08-01"}

    assert errors_of(
        "expansions",
        [
            {**row, "closed_on": "2026-10-01"},
            {**row, "kind": "new_use_case", "outcome": "won"},
        ],
    ) == [
        "row 2, column 'outcome': A playbook closed on 2026-10-01 needs its outcome: won or lost",
        "row 3, column 'closed_on': A playbook with an outcome needs the day it closed",
    ]


def test_an_expansion_is_opened_and_closed_on_days_that_have_come(people):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    row = {"account": "Acme Corp", "kind": "tier_upgrade"}

    assert errors_of(
        "expansions",
        [
            {**row, "opened_on": tomorrow},
            {**row, "opened_on": "2026-08-01", "closed_on": tomorrow, "outcome": "won"},
        ],
    ) == [
        f"row 2, column 'opened_on': {tomorrow} is in the future; record a playbook once it is "
        "opened",
        f"row 3, column 'closed_on': {tomorrow} is in the future; record a playbook closed once "
        "it has closed",
    ]
    assert not ExpansionPlaybook.objects.exists()


def test_expansion_dates_are_from_1970(people):
    row = {"account": "Acme Corp", "kind": "tier_upgrade"}

    assert errors_of(
        "expansions",
        [
            {**row, "opened_on": "0026-08-01"},
            {**row, "opened_on": "2026-08-01", "closed_on": "1969-12-31", "outcome": "won"},
        ],
    ) == [
        "row 2, column 'opened_on': 0026-08-01 is before 1970; check the year",
        "row 3, column 'closed_on': 1969-12-31 is before 1970; check the year",
    ]
    assert not ExpansionPlaybook.objects.exists()


def test_surveys_link_the_contact(imported):
    nps = SurveyResponse.objects.get(kind="nps")

    assert (nps.score, nps.contact.email, nps.date) == (9, "carl@acme.test", dt.date(2026, 9, 30))
    assert SurveyResponse.objects.get(kind="csat").contact is None


def test_identical_anonymous_answers_are_each_kept_and_a_second_import_changes_nothing(
    people,
):
    answer = {"account": "Acme Corp", "kind": "csat", "score": "4", "date": "2026-09-30"}
    rows = [answer, {**answer, "score": "2"}, answer, {**answer, "contact_email": ""}]
    report = import_rows("surveys", rows)
    assert (report.created, report.updated) == (4, 0)
    scores = SurveyResponse.objects.order_by("id").values_list("score", flat=True)
    assert list(scores) == [4, 2, 4, 4]
    again = import_rows("surveys", rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    # A file with one answer fewer leaves the others as they are.
    assert import_rows("surveys", rows[:2]).unchanged == 2
    assert SurveyResponse.objects.count() == 4


def test_a_survey_contact_must_belong_to_the_account(people):
    before = dump()

    assert errors_of(
        "surveys",
        [
            {
                "account": "Globex",
                "contact_email": "carl@acme.test",
                "kind": "nps",
                "score": "7",
                "date": "2026-09-01",
            }
        ],
    ) == ["row 2, column 'contact_email': 'carl@acme.test' is not a contact of Globex"]
    assert dump() == before


def test_a_usage_row_that_corrects_the_account_counts_as_updated(imported):
    Account.objects.filter(name="Acme Corp").update(licenses_activated=1)

    report = import_file("usage", imported / "usage.csv")

    assert (report.updated, report.unchanged) == (1, 1)
    assert Account.objects.get(name="Acme Corp").licenses_activated == 220


def test_notes_too_long_are_refused_by_row_and_column(imported):
    before = Activity.objects.count()
    rows = [
        {"account": "Acme Corp", "kind": "ad_hoc_call", "date": "2026-10-02", "notes": "ok"},
        {
            "account": "Acme Corp",
            "kind": "ad_hoc_call",
            "date": "2026-10-03",
            "notes": "x" * 10_001,
        },
    ]
    assert errors_of("activities", rows) == [
        "row 3, column 'notes': Notes are 10,001 characters; keep them to 10,000"
    ]
    health = [
        {"account": "Acme Corp", "date": "2026-10-02", "overall": "green", "note": "x" * 4_001}
    ]
    assert errors_of("health", health) == [
        "row 2, column 'note': The note is 4,001 characters; keep it to 4,000"
    ]
    assert Activity.objects.count() == before


def test_health_and_usage_dated_after_today_are_refused_by_row(imported):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    before = (HealthUpdate.objects.count(), LicenseUsage.objects.count())
    health = [{"account": "Acme Corp", "date": tomorrow, "overall": "green"}]
    assert errors_of("health", health) == [
        f"row 2, column 'date': {tomorrow} is in the future; record health once it is assessed"
    ]
    usage = [{"account": "Acme Corp", "date": tomorrow, "licenses_activated": "5"}]
    assert errors_of("usage", usage) == [
        f"row 2, column 'date': {tomorrow} is in the future; record usage once it is counted"
    ]
    assert (HealthUpdate.objects.count(), LicenseUsage.objects.count()) == before


def test_a_record_dated_before_1970_is_a_row_error(people):
    assert errors_of(
        "activities", [{"account": "Acme Corp", "kind": "cadence_call", "date": "0026-11-20"}]
    ) == ["row 2, column 'date': 0026-11-20 is before 1970; check the year"]
    assert not Activity.objects.exists()

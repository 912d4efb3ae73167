"""A small, complete book as one CSV file per kind, and helpers to write and dump files."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from rhythm.accounts.models import Account, AccountTeamMember, PriorityDecision
from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.contacts.models import Contact
from rhythm.health.models import HealthUpdate
from rhythm.imports.kinds import KINDS
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file, import_rows
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn, Session, SessionAttendance
from rhythm.plans.models import ActionItem, Objective, SuccessPlan
from rhythm.renewals.models import ExpansionPlaybook, ExpansionStageChange, Renewal
from rhythm.surveys.models import SurveyResponse
from rhythm.team.models import TeamMember, TimeOff
from rhythm.timeline.models import Activity

# Meetings planned ahead are planned for today or later: these dates stay ahead of the clock.
QUEUE_BOOK = Path(__file__).resolve().parents[1] / "queue" / "book"  # the queue tests' book
QUEUE_KINDS = ["team", "accounts", "contacts", "activities", "health", "success_plans"]
EBR_AHEAD = (dt.date.today() + dt.timedelta(days=60)).isoformat()
CHECK_IN_AHEAD = (dt.date.today() + dt.timedelta(days=75)).isoformat()

BOOK = {
    "team": """email,name,role,manager_email,region
ann@rhythm.test,Ann CSM,csm,mia@rhythm.test,EMEA
mia@rhythm.test,Mia Manager,manager,,emea
eve@rhythm.test,Eve AE,Account executive,mia@rhythm.test,amer
""",
    "accounts": """name,segment,region,industry,tier,arr,licenses_purchased,licenses_activated,\
deployment,initial_transaction_date,renewal_date,renewal_outlook,csm_email,ae_email,sa_email,\
pse_email
Acme Corp,Enterprise,EMEA,Finance,Ultimate,120000,500,220,SaaS,2025-06-01,2027-06-01,growth,\
ann@rhythm.test,eve@rhythm.test,,
Globex,smb,AMER,Retail,premium,15000.50,50,,self-managed,2025-09-15,2026-12-15,at_risk,\
ann@rhythm.test,,,
""",
    "contacts": """account,name,email,title,persona,function,decision_maker,executive_sponsor,\
introduced_by_email,departed_on
Acme Corp,Carl Champion,carl@acme.test,Lead engineer,champion,engineering,no,no,,
Acme Corp,Vera VP,Vera@Acme.test,VP Engineering,VP,Engineering,yes,yes,carl@acme.test,
Globex,Gina Admin,,Administrator,admin,sre,n,N,,2026-05-01
""",
    "activities": """account,kind,date,duration_minutes,attendees,notes
Acme Corp,cadence_call,2026-10-01,30,carl@acme.test; ann@rhythm.test,Quarterly goals
Globex,EBR,2026-09-15,90,,Held onsite
""",
    "sessions": """account,kind,topic,date,industry,lead_email,consented_on,duration_minutes
Acme Corp,workshop,CI pipelines,2026-10-20,,ann@rhythm.test,2026-10-01,90
Globex,Workshop,CI pipelines,2026-10-20,,ann@rhythm.test,2026-10-03,90
Acme Corp,roundtable,Finance roundtable,2026-11-05,Finance,,,60
""",
    "use_cases": """account,use_case,status,date
Acme Corp,DevSecOps,red,2026-10-01
Acme Corp,ci,green,2026-10-01
""",
    "health": """account,date,overall,sentiment,note,updated_by_email
Acme Corp,2026-10-01,yellow,green,Renewal talks started,ann@rhythm.test
""",
    "milestones": """account,milestone,date
Acme Corp,engagement,2025-06-10
Acme Corp,first_value,2025-07-01
""",
    "usage": """account,date,licenses_activated
Acme Corp,2026-10-01,220
Acme Corp,2026-09-01,180
""",
    "success_plans": """account,kind,status,health,qualified_on,shared_on,reviewed_on
Acme Corp,roi,active,green,2026-02-01,2026-02-10,2026-10-01
Globex,stage_adoption,,,,,
""",
    "objectives": """account,plan_kind,outcome,reason_for_purchase,metric,unit,baseline,target,\
current,target_date,customer_owner_email,vendor_owner_email,status
Acme Corp,roi,Release every week,Slow releases,Releases per month,releases,1,4,2,2027-03-31,\
carl@acme.test,ann@rhythm.test,on_track
Globex,Stage adoption,Adopt CI,,,,,,,,,,
""",
    "expansions": """account,kind,opened_on,stage,closed_on,outcome
Acme Corp,tier_upgrade,2026-08-01,discovery,,
Globex,new_use_case,2026-03-01,proposal,2026-06-01,won
""",
    "renewals": """account,renewal_date,outcome,closed_on,arr,renewed_arr
Acme Corp,2025-06-01,renewed,2025-05-20,100000,120000
Globex,2025-09-15,Churned,2025-09-15,15000,
""",
    "surveys": """account,contact_email,kind,score,date
Acme Corp,carl@acme.test,nps,9,2026-09-30
Acme Corp,,csat,4,2026-09-30
""",
    "action_items": """account,text,created_on,owner_email,due_on,status,done_on,origin
Acme Corp,Send the ROI summary,2026-10-01,ann@rhythm.test,2026-10-15,done,2026-10-10,ebr
Acme Corp,Share the usage report,2026-11-02,Carl@acme.test,,,,
Globex,Evaluate the churn risk,2026-11-01,ann@rhythm.test,2026-12-15,open,,triage
""",
    "priority_decisions": """account,kind,date,by_email,priority,reason
Acme Corp,override,2026-10-15,mia@rhythm.test,P1,Renewal at risk
Acme Corp,review,2026-10-01,ann@rhythm.test,,
Globex,Review,2026-11-01,,,
""",
    "ebrs": f"""account,planned_on,held_on,status,format,length_minutes,focus_areas,agenda,\
attendees,follow_up_sent_on,success_plan_updated_on
Globex,2026-09-15,2026-09-15,held,Onsite,90,,,,2026-09-16,2026-09-18
Acme Corp,{EBR_AHEAD},,scheduled,virtual,120,Adoption and ROI,,,,
""",
    "ebr_steps": """account,number,done_on
Acme Corp,1,2026-11-02
Acme Corp,2,2026-11-10
""",
    "check_ins": f"""account,planned_on,held_on,length_minutes,agenda,goals_reviewed,attendees
Globex,2026-11-10,2026-11-10,45,Goals and adoption,Adopt CI,ann@rhythm.test
Acme Corp,{CHECK_IN_AHEAD},,30,,,
""",
    "time_off": """member_email,starts_on,ends_on,note
ann@rhythm.test,2026-12-21,2027-01-01,Winter holidays
""",
}

DUMPED = [
    get_user_model(),
    TeamMember,
    Account,
    AccountTeamMember,
    Renewal,
    Contact,
    Activity,
    Activity.contacts.through,
    Activity.members.through,
    Session,
    SessionAttendance,
    UseCaseStatus,
    HealthUpdate,
    Milestone,
    LicenseUsage,
    SuccessPlan,
    Objective,
    ExpansionPlaybook,
    ExpansionStageChange,
    SurveyResponse,
    ActionItem,
    PriorityDecision,
    Ebr,
    EbrStep,
    LeadershipCheckIn,
    TimeOff,
]


def refusals(run: Callable[[], object]) -> list[str]:
    """Run an import that must be refused as a whole, and return its error messages."""
    with pytest.raises(ImportFailed) as failure:
        run()
    return [str(error) for error in failure.value.errors]


def errors_of(kind: str, rows: list[dict]) -> list[str]:
    """Import `rows` of `kind`, which must be refused as a whole; return the error messages."""
    return refusals(lambda: import_rows(kind, rows))


def write_text(path: Path, text: str) -> Path:
    """Write a CSV given as text, exactly as written."""
    path.write_text(text, encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    """Write rows (the first is the header) as a CSV file."""
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Write rows (the first is the header) to the first sheet of an XLSX workbook."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def dump() -> dict[str, list[dict]]:
    """Return every row of every table an import writes, to compare before and after."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in DUMPED}


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """Write the whole book, one CSV file per kind, into a folder."""
    for kind, text in BOOK.items():
        write_text(tmp_path / f"{kind}.csv", text)
    return tmp_path


def import_book(folder: Path, kinds: list[str] | None = None) -> dict[str, Any]:
    """Import the book's files in the documented order; return each kind's report."""
    return {kind: import_file(kind, folder / f"{kind}.csv") for kind in kinds or list(KINDS)}


@pytest.fixture
def imported(db, book_dir: Path) -> Path:
    """The whole book, imported once."""
    import_book(book_dir)
    return book_dir


@pytest.fixture
def people(db, book_dir: Path) -> Path:
    """The team, the accounts and the contacts of the book, imported."""
    import_book(book_dir, ["team", "accounts", "contacts"])
    return book_dir

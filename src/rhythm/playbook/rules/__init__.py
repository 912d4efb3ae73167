"""The playbook's rules: pure Python over frozen facts, `today` always an argument.

Standard library only (an import-linter contract forbids Django here). The public API:

- facts: `AccountFacts` and its records, `MemberFacts`, `SessionFacts`, `PeerFacts`, `BookFacts`
- `evaluate_account`, `build_queue`, `evaluate_book` -> `AccountState`, `Queue`, `BookState`
- `account_status` -> `AccountStatus` (priority, engagement, triage, phase)
- `compute_kpis`, `kpi_series` -> `Kpis`; `group_kpis` -> `KpiGroup` (per CSM, region, ...)
- `WorkItem`, `item_state`; `Calendar`, `add_months`, `Duration`
"""

from rhythm.playbook.rules.dates import Calendar, Duration, add_months, parse_duration
from rhythm.playbook.rules.engine import (
    ACCOUNT_RULES,
    AccountState,
    BookState,
    Queue,
    build_queue,
    evaluate_account,
    evaluate_book,
)
from rhythm.playbook.rules.facts import (
    AccountFacts,
    ActionItemFact,
    ActivityFact,
    BookFacts,
    CheckInFact,
    ContactFact,
    EbrFact,
    ExpansionFact,
    HealthFact,
    MemberFacts,
    Milestones,
    ObjectiveFact,
    PeerFacts,
    PriorityOverride,
    RenewalFact,
    RenewalReviewFact,
    SessionFacts,
    StageChange,
    SuccessPlanFact,
    SurveyFact,
    TimeOffFact,
    UsageFact,
    UseCaseFact,
)
from rhythm.playbook.rules.items import COMING, DUE, LATE, STATES, WorkItem, item_state
from rhythm.playbook.rules.kpis import KpiGroup, Kpis, Ratio, compute_kpis, group_kpis, kpi_series
from rhythm.playbook.rules.status import AccountStatus, account_status

__all__ = [
    "ACCOUNT_RULES",
    "COMING",
    "DUE",
    "LATE",
    "STATES",
    "AccountFacts",
    "AccountState",
    "AccountStatus",
    "ActionItemFact",
    "ActivityFact",
    "BookFacts",
    "BookState",
    "Calendar",
    "CheckInFact",
    "ContactFact",
    "Duration",
    "EbrFact",
    "ExpansionFact",
    "HealthFact",
    "KpiGroup",
    "Kpis",
    "MemberFacts",
    "Milestones",
    "ObjectiveFact",
    "PeerFacts",
    "PriorityOverride",
    "Queue",
    "Ratio",
    "RenewalFact",
    "RenewalReviewFact",
    "SessionFacts",
    "StageChange",
    "SuccessPlanFact",
    "SurveyFact",
    "TimeOffFact",
    "UsageFact",
    "UseCaseFact",
    "WorkItem",
    "account_status",
    "add_months",
    "build_queue",
    "compute_kpis",
    "evaluate_account",
    "evaluate_book",
    "group_kpis",
    "item_state",
    "kpi_series",
    "parse_duration",
]

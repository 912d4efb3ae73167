"""The shape of the playbook settings the rules read: one frozen dataclass per section.

`rhythm.playbook.settings` loads them from TOML, merges the layers and validates them;
this module only declares the sections, their types and their value limits (and a lookup
the rules ask for on every account, worked out once from a section's values), so the rules
can name the types without depending on the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rhythm.playbook.rules.dates import Duration
from rhythm.playbook.rules.derived import norm

SEVERITIES = ("high", "medium", "low")
EBR_FORMATS = ("onsite", "virtual")
# What an EBR and a renewal record can hold (their models' constraints and choices): the
# settings may renumber, drop, or retime the steps and reviews, within these.
EBR_STEP_NUMBERS = range(1, 10)  # the 9-step timeline (EBR-3)
RENEWAL_REVIEW_STAGES = ("five_months", "three_months")  # REN-1's two reviews
# The longest duration a setting may be: any playbook's interval or window is far shorter,
# and a date this far out or back is still a date (no overflow, no year past 9999).
MAX_DURATION = Duration(100, "years")

# Field metadata: the range a number runs in, said by what it is.
PERCENT = {"span": ("a percentage", 100)}  # 0 to 100
NPS_SCORE = {"span": ("an NPS score", 10)}  # an NPS answer is 0 to 10


def codes(name: str) -> dict[str, str]:
    """Field metadata: the value (each item of a list, each value of a table) is a code of
    `CODE_LISTS[name]`, a list the application knows outside the settings (its records'
    choices, the holiday calendars' countries). Only the caller of the loader knows those
    codes, so it passes them (`load_settings(..., known=...)`) and the loader checks them."""
    return {"codes": name}


@dataclass(frozen=True)
class CodeList:
    """A list of codes the application knows outside the settings, as an error says it."""

    noun: str  # what one code is: "activity kind"
    explained: str = ""  # for a list too long to quote: what its codes are
    exact: bool = False  # matched as written; codes match case-insensitively otherwise


CODE_LISTS = {
    "activity_kinds": CodeList("activity kind"),
    "team_roles": CodeList("team role"),
    "seat_roles": CodeList("account team role"),
    "survey_kinds": CodeList("survey kind"),
    "plan_kinds": CodeList("success plan kind"),
    "renewal_outlooks": CodeList("renewal outlook"),
    "expansion_kinds": CodeList("expansion kind"),
    # The holiday calendars take a country code as written (GB, not gb).
    "countries": CodeList(
        "country code",
        "a country code the public-holiday calendars know, in capitals, such as US, GB or DE",
        exact=True,
    ),
}


@dataclass(frozen=True)
class RuleSettings:
    """Whether a rule shows work items, and how severe they are."""

    title: str
    severity: str = field(default="medium", metadata={"choices": SEVERITIES})
    enabled: bool = True


@dataclass(frozen=True)
class CodeSettings:
    """The code lists of playbook section 1 (imports match them case-insensitively)."""

    tiers: tuple[str, ...]
    use_cases: tuple[str, ...]
    personas: tuple[str, ...]
    executive_personas: tuple[str, ...]
    functions: tuple[str, ...]
    segments: tuple[str, ...]
    # region code -> public-holiday country code
    regions: dict[str, str] = field(metadata=codes("countries"))


@dataclass(frozen=True)
class ItemSettings:
    """When a work item shows: 'due' within `due_soon`, 'coming' within `look_ahead`."""

    due_soon: Duration
    look_ahead: Duration


@dataclass(frozen=True)
class PrioritySettings:
    """PRIO-1 to PRIO-4."""

    max_green_use_cases: dict[str, int]
    red_use_cases: dict[str, tuple[str, ...]]
    at_risk_outlooks: tuple[str, ...] = field(metadata=codes("renewal_outlooks"))
    expansion_kinds: tuple[str, ...] = field(metadata=codes("expansion_kinds"))
    p1_share_target_percent: float = field(metadata=PERCENT)
    p1_share_max_percent: float = field(metadata=PERCENT)
    p1_share_above_target_for: Duration
    review_every: Duration

    @cached_property
    def adoption_by_tier(self) -> dict[str, tuple[int | None, frozenset[str]]]:
        """Return PRIO-1's low-adoption test per tier, codes normalised: the most green use
        cases that still make P1 (None: no limit) and the use cases that make P1 when red.

        Worked out once: PRIO-1 and PRIO-3 ask for every account.
        """
        limits = {norm(tier): count for tier, count in self.max_green_use_cases.items()}
        red = {
            norm(tier): frozenset(map(norm, codes)) for tier, codes in self.red_use_cases.items()
        }
        return {tier: (limits.get(tier), red.get(tier, frozenset())) for tier in limits | red}


@dataclass(frozen=True)
class CadenceSettings:
    """CAD-1 to CAD-3 and the cadence-adherence KPI."""

    p1_every: Duration
    p2_every: Duration
    call_kinds: tuple[str, ...] = field(metadata=codes("activity_kinds"))
    non_engaged_after: Duration
    engagement_kinds: tuple[str, ...] = field(metadata=codes("activity_kinds"))
    book_size_min: int
    book_size_max: int
    calls_per_week_min: float
    calls_per_week_max: float
    adherence_period: Duration
    non_engaged_target_percent: float = field(metadata=PERCENT)


@dataclass(frozen=True)
class EbrStepSettings:
    """One step of the EBR preparation timeline, counted back from the EBR date."""

    number: int
    name: str
    owner_role: str = field(metadata=codes("team_roles"))
    opens_before: Duration
    closes_before: Duration


@dataclass(frozen=True)
class EbrSettings:
    """EBR-1 to EBR-8."""

    per_year: int
    high_arr_per_year: int
    high_arr_top_n: int
    high_arr_threshold: float
    planning_lead: Duration
    planning_start_by: Duration
    per_month_min: int
    per_month_max: int
    roadmap_horizon: Duration
    coverage_window: Duration
    coverage_target_percent: float = field(metadata=PERCENT)
    follow_up_within: Duration
    plan_update_within: Duration
    length_minutes: int
    format: str = field(metadata={"choices": EBR_FORMATS})
    steps: tuple[EbrStepSettings, ...]


@dataclass(frozen=True)
class CheckInSettings:
    """CHK-1."""

    after_ebr: Duration
    length_minutes_min: int
    length_minutes_max: int


@dataclass(frozen=True)
class ExecutiveSettings:
    """EXEC-1 and EXEC-2."""

    engage_every: Duration
    decision_maker_is_executive: bool


@dataclass(frozen=True)
class OnboardingSettings:
    """TTV-1 to TTV-3."""

    engage_within: Duration
    first_value_within: Duration
    onboard_within: Duration
    first_value_license_percent: float = field(metadata=PERCENT)
    track_for: Duration


@dataclass(frozen=True)
class AdoptionSettings:
    """ADOPT-1 and ADOPT-2."""

    license_percent: float = field(metadata=PERCENT)


@dataclass(frozen=True)
class PlanSettings:
    """PLAN-1 to PLAN-3."""

    review_every: Duration
    customer_facing_kind: str = field(metadata=codes("plan_kinds"))
    green_target_percent: float = field(metadata=PERCENT)


@dataclass(frozen=True)
class HealthSettings:
    """HEALTH-1 and HEALTH-2."""

    fresh_within: Duration
    freshness_target_percent: float = field(metadata=PERCENT)


@dataclass(frozen=True)
class RenewalReviewSettings:
    """One renewal review meeting, due `before` the renewal date."""

    stage: str
    before: Duration


@dataclass(frozen=True)
class RenewalSettings:
    """REN-1 to REN-6."""

    window: Duration
    reviews: tuple[RenewalReviewSettings, ...]
    attendee_roles: tuple[str, ...] = field(metadata=codes("seat_roles"))
    rate_period: Duration
    reviews_on_time_target_percent: float = field(metadata=PERCENT)


@dataclass(frozen=True)
class SurveySettings:
    """NPS-1."""

    every: Duration
    kinds: tuple[str, ...] = field(metadata=codes("survey_kinds"))
    promoter_min: int = field(metadata=NPS_SCORE)
    detractor_max: int = field(metadata=NPS_SCORE)
    nps_period: Duration


@dataclass(frozen=True)
class WorkshopSettings:
    """WS-1, WS-2 and RT-1."""

    p1_every: Duration
    other_every: Duration
    lead_every: Duration
    kinds: tuple[str, ...] = field(metadata=codes("activity_kinds"))
    roundtables_per_industry_per_quarter: int


@dataclass(frozen=True)
class ManagerReviewSettings:
    """MGR-1."""

    onboarding_kinds: tuple[str, ...] = field(metadata=codes("activity_kinds"))


@dataclass(frozen=True)
class CapacitySettings:
    """CAP-1 and CAP-2: the rhythm-of-business week."""

    weekly_hours: dict[str, float]
    call_tasks: tuple[str, ...]
    pto_days_per_year: int
    working_days_per_year: int
    call_hours_per_week: float
    call_hours_min: float
    call_hours_max: float
    cadence_call_hours: float
    cadence_prep_hours: float
    ebr_hours: float
    ebr_call_hours: float
    workshop_hours: float
    workshop_call_hours: float
    check_in_hours: float
    check_in_call_hours: float

    @property
    def weekly_total(self) -> float:
        """The CAP-1 week: the sum of the task hours (33.25 by default)."""
        return sum(self.weekly_hours.values())


@dataclass(frozen=True)
class KpiSettings:
    """The KPI series."""

    series_months: int


SECTIONS: dict[str, type] = {
    "items": ItemSettings,
    "codes": CodeSettings,
    "prioritisation": PrioritySettings,
    "cadence": CadenceSettings,
    "ebr": EbrSettings,
    "check_ins": CheckInSettings,
    "executives": ExecutiveSettings,
    "onboarding": OnboardingSettings,
    "adoption": AdoptionSettings,
    "plans": PlanSettings,
    "health": HealthSettings,
    "renewals": RenewalSettings,
    "surveys": SurveySettings,
    "workshops": WorkshopSettings,
    "manager_review": ManagerReviewSettings,
    "capacity": CapacitySettings,
    "kpis": KpiSettings,
}

"""Playbook settings: every number of the playbook, with the handbook's default.

Defaults live in `defaults.toml` next to this file. A team's TOML file overrides them:
its top-level tables override the defaults, `[team.<name>]` tables override per team and
`[segment.<name>]` tables per segment (segment wins over team, team over the file's top
level, the file over the defaults). A bad file fails with `PlaybookSettingsError`, which
names the exact key path and the reason of each mistake the file has: its unknown keys,
values of the wrong kind and unknown codes all at once, then, once every value reads,
values that do not agree with each other, in every combination of tables a book can run on.
Standard library only: the rules import this.
"""

from __future__ import annotations

import math
import re
import tomllib
import typing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rhythm.playbook.rules.dates import Duration, every, last, parse_duration
from rhythm.playbook.rules.schema import (
    CODE_LISTS,
    EBR_STEP_NUMBERS,
    MAX_DURATION,
    RENEWAL_REVIEW_STAGES,
    SECTIONS,
    SEVERITIES,
    AdoptionSettings,
    CadenceSettings,
    CapacitySettings,
    CheckInSettings,
    CodeList,
    CodeSettings,
    EbrSettings,
    EbrStepSettings,
    ExecutiveSettings,
    HealthSettings,
    ItemSettings,
    KpiSettings,
    ManagerReviewSettings,
    OnboardingSettings,
    PlanSettings,
    PrioritySettings,
    RenewalReviewSettings,
    RenewalSettings,
    RuleSettings,
    SurveySettings,
    WorkshopSettings,
)

DEFAULTS_PATH = Path(__file__).with_name("defaults.toml")

# The codes of each list named in `schema.CODE_LISTS`, by its name, as a caller of
# `load_settings` knows them (Rhythm's: `rhythm.playbook.config.known_codes`).
KnownCodes = Mapping[str, Collection[str]]
_NO_CODES: KnownCodes = MappingProxyType({})

# The section types are re-exported: callers import everything settings from here.
__all__ = [
    "SEVERITIES",
    "AdoptionSettings",
    "CadenceSettings",
    "CapacitySettings",
    "CheckInSettings",
    "CodeSettings",
    "EbrSettings",
    "EbrStepSettings",
    "ExecutiveSettings",
    "HealthSettings",
    "ItemSettings",
    "KnownCodes",
    "KpiSettings",
    "ManagerReviewSettings",
    "OnboardingSettings",
    "PlanSettings",
    "PlaybookSettings",
    "PlaybookSettingsError",
    "PrioritySettings",
    "RenewalReviewSettings",
    "RenewalSettings",
    "RuleSettings",
    "SurveySettings",
    "WorkshopSettings",
    "load_settings",
]


class PlaybookSettingsError(ValueError):
    """A settings file cannot be used: `path` is the key path, `reason` says why.

    A file with several mistakes is refused with all of them in `problems`, each a key path
    and its reason, table by table; `path` and `reason` are the first's.
    """

    def __init__(
        self, source: str, path: str, reason: str, *, more: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.source, self.path, self.reason = source, path, reason
        self.problems = ((path, reason), *more)
        said = [f"{where}: {why}" if where else why for where, why in self.problems]
        if len(said) == 1:
            super().__init__(f"{source}: {said[0]}")
        else:
            listed = "\n".join(f"  {line}" for line in said)
            super().__init__(f"{source}: {len(said)} problems:\n{listed}")


class _Problems:
    """Collect the mistakes of a file's parts checked one after another, to refuse the file
    once with all of them (`found`), instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[tuple[str, str]] = []

    @contextmanager
    def each(self) -> Iterator[None]:
        """Check one part: a mistake in it is kept, and the next part is checked."""
        try:
            yield
        except PlaybookSettingsError as error:
            self.found.extend(error.problems)

    def refuse_any(self) -> None:
        """Refuse the file with every mistake kept so far, if there is one."""
        if self.found:
            (path, reason), *more = self.found
            raise PlaybookSettingsError(self.source, path, reason, more=more)


@dataclass(frozen=True)
class PlaybookSettings:
    """The effective playbook for one scope (defaults, file, team, segment)."""

    items: ItemSettings
    codes: CodeSettings
    prioritisation: PrioritySettings
    cadence: CadenceSettings
    ebr: EbrSettings
    check_ins: CheckInSettings
    executives: ExecutiveSettings
    onboarding: OnboardingSettings
    adoption: AdoptionSettings
    plans: PlanSettings
    health: HealthSettings
    renewals: RenewalSettings
    surveys: SurveySettings
    workshops: WorkshopSettings
    manager_review: ManagerReviewSettings
    capacity: CapacitySettings
    kpis: KpiSettings
    rules: dict[str, RuleSettings]
    team: str | None = None
    segment: str | None = None
    source: str = "defaults.toml"
    # The teams the file has tables for (`[team."<name>"]`), whichever one these are for.
    team_names: tuple[str, ...] = field(default=(), compare=False)
    _base: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _segments: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    # The file's team tables, by name in lower case (set on the file's own settings only).
    _teams: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    _cache: dict[str, PlaybookSettings] = field(default_factory=dict, compare=False, repr=False)

    def rule(self, rule_id: str) -> RuleSettings:
        """Return one rule's settings; an unknown id is a programming error."""
        return self.rules[rule_id]

    def for_segment(self, segment: str | None) -> PlaybookSettings:
        """Return these settings with the segment's overrides applied (itself if none)."""
        key = (segment or "").casefold()
        if self.segment is not None or key not in self._segments:
            return self
        if key not in self._cache:
            raw = _merge(self._base, self._segments[key])
            label = f"segment.{_key(key)}"
            built = _build(raw, self.source, team=self.team, segment=key, scope=label)
            self._cache[key] = built
        return self._cache[key]

    def for_team(self, team: str | None) -> PlaybookSettings:
        """Return the file's settings with a team's table applied, as `load_settings(path,
        team=team)` gives them, without reading and checking the file again (every team
        was checked with it). A team without a table gets the file's values."""
        if team == self.team:
            return self
        if self.team is not None:
            raise ValueError("for_team applies a team to the file's settings, not a team's")
        table = self._teams.get(team.casefold(), {}) if team else {}
        base = _merge(self._base, table)
        built = _build(base, self.source, team=team, scope=f"team.{_key(team)}" if team else "")
        return _with_layers(built, base, self._segments, self.team_names, {})

    def segment_variants(self) -> tuple[PlaybookSettings, ...]:
        """Return these settings and each segment's, as `for_segment` gives them."""
        return (self, *(self.for_segment(segment) for segment in self._segments))

    def as_dict(self) -> dict[str, Any]:
        """Return the effective settings as plain JSON-ready data (durations as text)."""
        data: dict[str, Any] = {name: _plain(getattr(self, name)) for name in SECTIONS}
        data["rules"] = _plain(self.rules)
        data["scope"] = {"team": self.team, "segment": self.segment, "source": self.source}
        return data


def load_settings(
    path: str | None = None,
    *,
    team: str | None = None,
    segment: str | None = None,
    known: KnownCodes = _NO_CODES,
) -> PlaybookSettings:
    """Load the defaults merged with an optional override file, for a team and a segment.

    Every layer is validated on its own, so an error names the table it came from. The
    file is refused with every unknown key, value of the wrong kind and unknown code in all
    its tables; values that do not agree with each other are checked once every value
    reads, in every scope a book can run on (the top level, each team, each segment over
    either), so a file that loads holds for every team and segment. `known` gives the codes
    of the lists in `schema.CODE_LISTS` (a list it leaves out is not checked).
    """
    defaults = _read_toml(DEFAULTS_PATH, "defaults.toml")
    _validate_top(defaults, "defaults.toml", partial=False, known=known)
    source = path or "defaults.toml"
    base: dict[str, Any] = defaults
    teams: dict[str, Any] = {}
    segments: dict[str, Any] = {}
    if path is not None:
        override = _read_toml(Path(path), source)
        teams, segments = _validate_file(override, defaults, source, known)
        base = _merge(defaults, override)
    # A team is named by its manager's email, which is compared ignoring case.
    named = {name.casefold(): table for name, table in teams.items()}
    settings = _with_layers(_build(base, source, scope=""), base, segments, tuple(teams), named)
    settings = settings.for_team(team)
    if segment is None:
        return settings
    known_segments = [code.casefold() for code in settings.codes.segments]
    if segment.casefold() not in known_segments:
        raise PlaybookSettingsError(source, "segment", f"unknown segment {segment!r}")
    return settings.for_segment(segment)


def _validate_file(
    override: dict[str, Any], defaults: dict, source: str, known: KnownCodes
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check an override file (popping its team and segment tables) and return its team
    tables and its segment tables (names that differ only in case merged, by the name in
    lower case); refuse it with every mistake it has."""
    problems = _Problems(source)
    teams: dict[str, Any] = {}
    segments: dict[str, Any] = {}
    with problems.each():
        teams = _pop_table(override, "team", source)
    with problems.each():
        segments = _pop_table(override, "segment", source)
    with problems.each():
        _validate_layer(override, defaults, source, prefix="", known=known)
    for name, table in teams.items():
        with problems.each():
            _validate_layer(table, defaults, source, prefix=f"team.{_key(name)}.", known=known)
    codes = _merge(defaults, override).get("codes")
    listed = codes.get("segments") if isinstance(codes, dict) else None
    for name, table in segments.items():
        # Said with the file's other mistakes; a list of segments that does not read is one.
        if isinstance(listed, list) and name.casefold() not in _casefolded(listed):
            problems.found.append((f"segment.{_key(name)}", "unknown segment"))
        with problems.each():
            _validate_layer(table, defaults, source, prefix=f"segment.{_key(name)}.", known=known)
    problems.refuse_any()
    merged: dict[str, Any] = {}
    for name, table in segments.items():
        merged[name.casefold()] = _merge(merged.get(name.casefold(), {}), table)
    _check_scopes(_merge(defaults, override), teams, merged, problems)
    problems.refuse_any()
    return teams, merged


def _check_scopes(base: dict, teams: dict, segments: dict, problems: _Problems) -> None:
    """Check the values of every scope a book can run on against each other: the file's
    top level, each team, each segment over the top level and over each team.

    Each scope says its first such problem. A scope is combined with a segment only once
    it holds on its own, and a team with a segment only once the segment holds over the
    top level, so one mistake is not said again for each combination. A team's segment
    names its team: `segment.smb.cadence.book_size_min: ..., for team."<email>"`.
    """

    def holds(raw: dict, scope: str, team: str = "") -> bool:
        try:
            _build(raw, problems.source, scope=scope)
        except PlaybookSettingsError as error:
            said = f", for {team}" if team else ""
            problems.found.extend((path, f"{reason}{said}") for path, reason in error.problems)
            return False
        return True

    top = holds(base, "")
    held_teams = []
    for name, table in teams.items():
        raw = _merge(base, table)
        if holds(raw, f"team.{_key(name)}"):
            held_teams.append((f"team.{_key(name)}", raw))
    if not top:
        return
    for name, table in segments.items():
        label = f"segment.{_key(name)}"
        if not holds(_merge(base, table), label):
            continue
        for team, raw in held_teams:
            if name not in _casefolded(raw["codes"]["segments"]):
                reason = f"unknown segment: not one of {team}.codes.segments"
                problems.found.append((label, reason))
            else:
                holds(_merge(raw, table), label, team)


def _casefolded(codes: Sequence[Any]) -> set[str]:
    return {code.casefold() for code in codes if isinstance(code, str)}


def _validate_layer(
    raw: Any, defaults: dict, source: str, *, prefix: str, known: KnownCodes
) -> None:
    """Check one override table: known keys, right types, known rule ids and codes; refuse
    it with every mistake it has."""
    if not isinstance(raw, dict):
        raise PlaybookSettingsError(source, prefix.rstrip("."), "expected a table")
    problems = _Problems(source)
    with problems.each():
        _validate_top(raw, source, partial=True, prefix=prefix, known=known)
    rules = raw.get("rules", {})
    for rule_id in rules if isinstance(rules, dict) else ():
        if rule_id not in defaults["rules"]:
            path = f"{prefix}rules.{_key(rule_id)}"
            problems.found.append((path, f"unknown rule id {rule_id!r}"))
    problems.refuse_any()


def _with_layers(
    settings: PlaybookSettings,
    base: dict,
    segments: dict,
    team_names: tuple[str, ...],
    teams: dict[str, Any],
) -> PlaybookSettings:
    settings._base.update(base)
    settings._segments.update(segments)
    settings._teams.update(teams)
    return replace(settings, team_names=team_names)


def _read_toml(path: Path, source: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise PlaybookSettingsError(
            source, "", f"cannot read the file ({error.strerror})"
        ) from None
    except UnicodeDecodeError as error:
        byte = error.object[error.start : error.start + 1].hex()
        reason = f"not UTF-8 text (byte 0x{byte} at offset {error.start}); save it as UTF-8"
        raise PlaybookSettingsError(source, "", reason) from None
    except tomllib.TOMLDecodeError as error:
        raise PlaybookSettingsError(source, "", f"not valid TOML ({error})") from None


def _pop_table(raw: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    table = raw.pop(name, {})
    if not isinstance(table, dict):
        raise PlaybookSettingsError(source, name, "expected a table of named tables")
    return table


def _validate_top(
    raw: dict, source: str, *, partial: bool, prefix: str = "", known: KnownCodes = _NO_CODES
) -> None:
    problems = _Problems(source)
    for key in raw:
        if key not in SECTIONS and key != "rules":
            problems.found.append((f"{prefix}{key}", "unknown key"))
    for name, cls in SECTIONS.items():
        if name in raw:
            with problems.each():
                _convert(cls, raw[name], f"{prefix}{name}", source, partial, known)
        elif not partial:
            problems.found.append((f"{prefix}{name}", "missing table"))
    if "rules" in raw:
        with problems.each():
            _convert(dict[str, RuleSettings], raw["rules"], f"{prefix}rules", source, partial)
    problems.refuse_any()


def _build(raw: dict, source: str, *, team=None, segment=None, scope: str) -> PlaybookSettings:
    """Turn a complete, merged raw table into settings and check values against each other."""
    sections = {
        name: _convert(cls, raw[name], name, source, False) for name, cls in SECTIONS.items()
    }
    rules = _convert(dict[str, RuleSettings], raw["rules"], "rules", source, False)
    rules = _worded_titles(rules, sections, source, f"{scope}." if scope else "")
    settings = PlaybookSettings(**sections, rules=rules, team=team, segment=segment, source=source)
    _check_consistency(settings, source, scope)
    return settings


# A setting named in a rule's title: "{cadence.p1_every}", "{cadence.p1_every:every}" for a
# duration said as a recurrence ("every 14 days", "every month"), or "{ebr.coverage_window:last}"
# for a window up to today ("the last 12 months", "the last month").
_NAMED_SETTING = re.compile(r"\{(\w+)\.(\w+)(?::(every|last))?\}")
# Any brace of a title: a pair with what it holds, or one alone. Each must name a setting.
_BRACE = re.compile(r"\{[^{}]*\}|[{}]")
_BRACE_HOLDS = "a brace holds {section.key}, {section.key:every} or {section.key:last}"
_DURATION_WORDS: dict[str, Callable[[Duration], str]] = {"every": every, "last": last}


def _worded_titles(
    rules: dict[str, RuleSettings], sections: dict[str, Any], source: str, prefix: str
) -> dict[str, RuleSettings]:
    """Put the settings a rule's title names into its words, so a title says the numbers
    in force ("Cadence call every 10 days for P1" for a team calling every 10 days)."""
    worded = {}
    for rule_id, rule in rules.items():
        path = f"{prefix}rules.{_key(rule_id)}.title"

        def value(brace: re.Match[str], path: str = path) -> str:
            match = _NAMED_SETTING.fullmatch(brace.group(0))
            if match is None:
                shown = brace.group(0) if len(brace.group(0)) > 1 else f"a lone {brace.group(0)!r}"
                raise PlaybookSettingsError(
                    source, path, f"{shown} names no setting: {_BRACE_HOLDS}"
                )
            section, key, said = match.groups()
            found = sections.get(section)
            item = getattr(found, key, None) if found is not None and key[0] != "_" else None
            if isinstance(item, Duration):
                return _DURATION_WORDS[said](item) if said else str(item)
            if said or isinstance(item, bool) or not isinstance(item, int | float | str):
                what = "a duration" if said else "a number, duration or word"
                raise PlaybookSettingsError(
                    source, path, f"{match.group(0)} names no setting that is {what}"
                )
            return f"{item:g}" if isinstance(item, float) else str(item)

        worded[rule_id] = replace(rule, title=_BRACE.sub(value, rule.title))
    return worded


def _convert(
    tp: Any, value: Any, path: str, source: str, partial: bool, known: KnownCodes = _NO_CODES
) -> Any:
    """Check one value against its declared type and return it converted; `known` gives
    the codes a field's `schema.codes` metadata names (those it leaves out are not checked)."""

    def fail(reason: str) -> typing.NoReturn:
        raise PlaybookSettingsError(source, path, reason)

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if is_dataclass(tp) and tp is not Duration:
        return _convert_dataclass(tp, value, path, source, partial, known)
    if origin is tuple:
        if not isinstance(value, list):
            fail(f"expected a list, got {_describe(value)}")
        items = {index: (f"{path}[{index}]", item) for index, item in enumerate(value)}
        return tuple(_convert_each(args[0], items, source, partial=False, known=known).values())
    if origin is dict:
        if not isinstance(value, dict):
            fail(f"expected a table, got {_describe(value)}")
        items = {key: (f"{path}.{_key(key)}", item) for key, item in value.items()}
        return _convert_each(args[1], items, source, partial=partial, known=known)
    return _convert_scalar(tp, value, fail)


def _convert_each(
    tp: Any, items: dict[Any, tuple[str, Any]], source: str, *, partial: bool, known: KnownCodes
) -> dict[Any, Any]:
    """Convert the items of a list or table (by index or key: their path and value),
    refusing them with every mistake."""
    problems, converted = _Problems(source), {}
    for key, (path, item) in items.items():
        with problems.each():
            converted[key] = _convert(tp, item, path, source, partial, known)
    problems.refuse_any()
    return converted


def _convert_scalar(tp: Any, value: Any, fail: Any) -> Any:
    if tp is Duration:
        if not isinstance(value, str):
            fail(f"expected a duration like '14 days', got {_describe(value)}")
        try:
            duration = parse_duration(value)
        except ValueError as error:
            fail(str(error))
        if duration.amount < 0:
            fail(f"must not be negative, got {value!r}")
        if duration.approximate_days > MAX_DURATION.approximate_days:
            fail(f"must be at most {MAX_DURATION}, got {value!r}")
        return duration
    if tp is bool:
        if not isinstance(value, bool):
            fail(f"expected true or false, got {_describe(value)}")
        return value
    if tp is str:
        if not isinstance(value, str):
            fail(f"expected a string, got {_describe(value)}")
        return value
    if tp is int and (isinstance(value, bool) or not isinstance(value, int)):
        fail(f"expected a whole number, got {_describe(value)}")
    if tp is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        fail(f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):  # TOML's nan and inf
        fail(f"expected a finite number, got {value}")
    if value < 0:
        fail(f"must not be negative, got {value}")
    return float(value) if tp is float else value


@cache
def _declared(cls: type) -> tuple[dict[str, Any], dict[str, Field[Any]]]:
    """Return a section's type hints and its fields (but private ones), worked out once."""
    hints = typing.get_type_hints(cls)
    return hints, {f.name: f for f in fields(cls) if not f.name.startswith("_")}


def _convert_dataclass(
    cls: Any, value: Any, path: str, source: str, partial: bool, known: KnownCodes
) -> Any:
    if not isinstance(value, dict):
        raise PlaybookSettingsError(source, path, f"expected a table, got {_describe(value)}")
    hints, declared = _declared(cls)
    problems = _Problems(source)
    for key in value:
        if key not in declared:
            problems.found.append((f"{path}.{_key(key)}", "unknown key"))
    converted = {}
    for name, spec in declared.items():
        if name not in value:
            if not partial and spec.default is MISSING and spec.default_factory is MISSING:
                problems.found.append((f"{path}.{name}", "missing key"))
            continue
        item_path = f"{path}.{name}"
        with problems.each():
            item = _convert(hints[name], value[name], item_path, source, partial, known)
            _check_metadata(spec.metadata, item, item_path, source, known)
            converted[name] = item
    problems.refuse_any()
    return converted if partial else cls(**converted)


def _check_metadata(
    metadata: Any, item: Any, path: str, source: str, known: KnownCodes = _NO_CODES
) -> None:
    span = metadata.get("span")  # (what the number is, its largest value)
    if span and not item <= span[1]:
        raise PlaybookSettingsError(source, path, f"{span[0]} runs 0 to {span[1]}, got {item}")
    choices = metadata.get("choices")
    if choices and item not in choices:
        raise PlaybookSettingsError(source, path, f"expected one of {', '.join(choices)}")
    name = metadata.get("codes")
    if name in known:
        _check_known(CODE_LISTS[name], known[name], item, path, source)


def _check_known(
    listed: CodeList, codes: Collection[str], item: Any, path: str, source: str
) -> None:
    """Refuse the codes of a value (a code, a list's items, a table's values) that are not
    in `codes`, with every one of them."""
    if isinstance(item, str):
        values = {path: item}
    elif isinstance(item, dict):
        values = {f"{path}.{_key(key)}": code for key, code in item.items()}
    else:
        values = {f"{path}[{index}]": code for index, code in enumerate(item)}

    def fold(code: str) -> str:
        return code if listed.exact else code.strip().casefold()

    allowed = {fold(code) for code in codes}
    expected = listed.explained or f"one of {', '.join(codes)}"
    problems = _Problems(source)
    for where, code in values.items():
        if fold(code) not in allowed:
            problems.found.append((where, f"unknown {listed.noun} {code!r}: expected {expected}"))
    problems.refuse_any()


# (low key, high key) pairs: the low value must not exceed the high one.
_RANGES = (
    ("cadence.book_size_min", "cadence.book_size_max"),
    ("cadence.calls_per_week_min", "cadence.calls_per_week_max"),
    ("prioritisation.p1_share_target_percent", "prioritisation.p1_share_max_percent"),
    ("ebr.per_month_min", "ebr.per_month_max"),
    ("check_ins.length_minutes_min", "check_ins.length_minutes_max"),
    ("capacity.call_hours_min", "capacity.call_hours_per_week"),
    ("capacity.call_hours_per_week", "capacity.call_hours_max"),
    ("surveys.detractor_max", "surveys.promoter_min"),
    ("capacity.ebr_call_hours", "capacity.ebr_hours"),
    ("capacity.workshop_call_hours", "capacity.workshop_hours"),
    ("capacity.check_in_call_hours", "capacity.check_in_hours"),
    ("capacity.pto_days_per_year", "capacity.working_days_per_year"),
)


# Keys that must be more than zero: every interval, period, window and lead (a cadence
# call every 0 days, a window of no time), and the counts of which none means nothing
# (EBR-1: at least one EBR a year). A deadline after an event may be 0 (the same day), and
# so may a tolerance (`prioritisation.p1_share_above_target_for`) or a threshold.
_POSITIVE = (
    "prioritisation.review_every",
    "cadence.p1_every",
    "cadence.p2_every",
    "cadence.non_engaged_after",
    "cadence.adherence_period",
    "ebr.per_year",
    "ebr.high_arr_per_year",
    "ebr.planning_lead",
    "ebr.planning_start_by",
    "ebr.roadmap_horizon",
    "ebr.coverage_window",
    "ebr.length_minutes",
    "check_ins.after_ebr",
    "executives.engage_every",
    "onboarding.track_for",
    "plans.review_every",
    "health.fresh_within",
    "renewals.window",
    "renewals.rate_period",
    "surveys.every",
    "surveys.nps_period",
    "workshops.p1_every",
    "workshops.other_every",
    "workshops.lead_every",
    "kpis.series_months",
    "capacity.working_days_per_year",
)


def _check_consistency(settings: PlaybookSettings, source: str, scope: str) -> None:
    prefix = f"{scope}." if scope else ""
    for key in _POSITIVE:
        value = _lookup(settings, key)
        amount = value.amount if isinstance(value, Duration) else value
        if amount <= 0:
            shown = repr(str(value)) if isinstance(value, Duration) else value
            raise PlaybookSettingsError(
                source, f"{prefix}{key}", f"must be more than 0, got {shown}"
            )
    for low_key, high_key in _RANGES:
        low, high = _lookup(settings, low_key), _lookup(settings, high_key)
        if low > high:
            reason = f"{low} is greater than {prefix}{high_key} ({high})"
            raise PlaybookSettingsError(source, f"{prefix}{low_key}", reason)
    if settings.surveys.detractor_max == settings.surveys.promoter_min:
        reason = "a score cannot be both a detractor and a promoter"
        raise PlaybookSettingsError(source, f"{prefix}surveys.detractor_max", reason)
    if settings.items.due_soon.approximate_days > settings.items.look_ahead.approximate_days:
        reason = "the due-soon window is longer than the look-ahead window"
        raise PlaybookSettingsError(source, f"{prefix}items.due_soon", reason)
    _check_leads(settings, source, prefix)
    _check_codes(settings, source, prefix)
    _check_recordable(settings, source, prefix)


def _check_recordable(settings: PlaybookSettings, source: str, prefix: str) -> None:
    """Refuse an EBR step or a renewal review that could show as an item but never be
    recorded done: a step numbered outside the 9-step timeline, a review stage the renewal
    records do not know, or either listed twice."""
    numbers: set[int] = set()
    for index, step in enumerate(settings.ebr.steps):
        path = f"{prefix}ebr.steps[{index}].number"
        if step.number not in EBR_STEP_NUMBERS:
            first, last = EBR_STEP_NUMBERS[0], EBR_STEP_NUMBERS[-1]
            reason = f"EBR steps are numbered {first} to {last}, got {step.number}"
            raise PlaybookSettingsError(source, path, reason)
        if step.number in numbers:
            raise PlaybookSettingsError(source, path, f"step {step.number} is listed twice")
        numbers.add(step.number)
    stages: set[str] = set()
    for index, review in enumerate(settings.renewals.reviews):
        path = f"{prefix}renewals.reviews[{index}].stage"
        if review.stage not in RENEWAL_REVIEW_STAGES:
            reason = f"expected one of {', '.join(RENEWAL_REVIEW_STAGES)}, got {review.stage!r}"
            raise PlaybookSettingsError(source, path, reason)
        if review.stage in stages:
            raise PlaybookSettingsError(source, path, f"{review.stage!r} is listed twice")
        stages.add(review.stage)


def _check_leads(settings: PlaybookSettings, source: str, prefix: str) -> None:
    """Refuse a window that opens after what it shows is due: it would show already late.

    Durations are compared in days, a month counted as 365.25 / 12 of them.
    """

    def longer(short: Duration, long: Duration) -> bool:
        return short.approximate_days > long.approximate_days

    ebr, renewals = settings.ebr, settings.renewals
    if longer(ebr.planning_start_by, ebr.planning_lead):
        reason = (
            f"{str(ebr.planning_start_by)!r} is longer than {prefix}ebr.planning_lead "
            f"({str(ebr.planning_lead)!r}): EBR planning would show already late"
        )
        raise PlaybookSettingsError(source, f"{prefix}ebr.planning_start_by", reason)
    for index, step in enumerate(ebr.steps):
        if longer(step.closes_before, step.opens_before):
            path = f"{prefix}ebr.steps[{index}]"
            reason = (
                f"closes_before ({str(step.closes_before)!r}) is longer than opens_before "
                f"({str(step.opens_before)!r}): the step would close before it opens"
            )
            raise PlaybookSettingsError(source, f"{path}.closes_before", reason)
    for index, review in enumerate(renewals.reviews):
        path = f"{prefix}renewals.reviews[{index}].before"
        if review.before.amount <= 0:
            reason = f"must be more than 0, got {str(review.before)!r}"
            raise PlaybookSettingsError(source, path, reason)
        if longer(review.before, renewals.window):
            reason = (
                f"{str(renewals.window)!r} is shorter than {path} ({str(review.before)!r}): "
                "the review would show already late"
            )
            raise PlaybookSettingsError(source, f"{prefix}renewals.window", reason)


def _check_codes(settings: PlaybookSettings, source: str, prefix: str) -> None:
    """Refuse a code that is not in the list of it the settings hold themselves, which a
    file may extend: the `codes` tables and capacity.weekly_hours' tasks."""
    tiers = {code.casefold() for code in settings.codes.tiers}
    use_cases = {code.casefold() for code in settings.codes.use_cases}
    priority = settings.prioritisation
    for table, values in (
        ("max_green_use_cases", priority.max_green_use_cases),
        ("red_use_cases", priority.red_use_cases),
    ):
        for tier in values:
            if tier.casefold() not in tiers:
                path = f"{prefix}prioritisation.{table}.{tier}"
                raise PlaybookSettingsError(source, path, f"unknown tier {tier!r}")
    for tier, codes in priority.red_use_cases.items():
        for code in codes:
            if code.casefold() not in use_cases:
                path = f"{prefix}prioritisation.red_use_cases.{tier}"
                raise PlaybookSettingsError(source, path, f"unknown use case {code!r}")
    personas = {code.casefold() for code in settings.codes.personas}
    for index, code in enumerate(settings.codes.executive_personas):
        if code.casefold() not in personas:
            path = f"{prefix}codes.executive_personas[{index}]"
            reason = f"unknown persona {code!r}: not one of {prefix}codes.personas"
            raise PlaybookSettingsError(source, path, reason)
    # CAP-2 looks a call task up by its name as capacity.weekly_hours writes it.
    for index, task in enumerate(settings.capacity.call_tasks):
        if task not in settings.capacity.weekly_hours:
            path = f"{prefix}capacity.call_tasks[{index}]"
            reason = f"unknown task {task!r}: not one of {prefix}capacity.weekly_hours"
            raise PlaybookSettingsError(source, path, reason)


def _lookup(settings: PlaybookSettings, dotted: str) -> Any:
    section, name = dotted.split(".")
    return getattr(getattr(settings, section), name)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge tables key by key; lists and values replace what they override."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _plain(value: Any) -> Any:
    if isinstance(value, Duration):
        return str(value)
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "a whole number", float: "a number", str: "a string"}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


def _key(key: str) -> str:
    """Quote a key that needs quoting in TOML (e.g. a rule id such as "CAD-1")."""
    return key if key.replace("_", "").isalnum() else f'"{key}"'

"""Product terms as typed, frozen data: what a product definition file says, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from claimdesk.rules.reasons import ReasonCode


@dataclass(frozen=True, slots=True)
class PolicyParameter:
    """A term whose figure comes from the policy schedule (`policy.parameters.<name>`)."""

    name: str


# A term figure: fixed by the product, or supplied by the policy.
Figure = Decimal | PolicyParameter


@dataclass(frozen=True, slots=True)
class Message:
    zh: str
    en: str
    clause: str


@dataclass(frozen=True, slots=True)
class MaterialRule:
    """A material required when the claim has a visit of one of `visit_kinds` (or any claim)."""

    material: str
    visit_kinds: frozenset[str] | None = None
    when: str | None = None  # None, "other_payer_paid", "no_social_security_card", "minor"
    outcome_kinds: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class HospitalRequirement:
    designated: bool = False
    public: bool = False
    min_level: int = 0
    excluded_wards: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class VisitGates:
    policy_period: bool = True
    designation_exempt_kinds: frozenset[str] = frozenset()
    hospital_requirements: Mapping[str, HospitalRequirement] = field(default_factory=dict)
    allowed_regions: frozenset[str] | None = None
    receipt_required: bool = True
    inpatient_standard_kinds: frozenset[str] = frozenset()
    inpatient_standard_not_met: frozenset[str] = frozenset()
    excluded_services: Mapping[str, str] = field(default_factory=dict)  # service -> clause
    accident_window_days: int | None = None
    accident_kinds: frozenset[str] | None = None  # None: every visit of an accident claim


@dataclass(frozen=True, slots=True)
class SupplyLimitRule:
    """First matching rule gives a drug line's supply limit in days (None = any)."""

    line_types: frozenset[str]
    visit_kinds: frozenset[str]
    days: int
    clause: str
    diagnoses: frozenset[str] | None = None
    conditions: frozenset[str] | None = None
    auxiliary: bool | None = None


@dataclass(frozen=True, slots=True)
class ItemSessionLimit:
    """Per visit: at most `max_items` lines of `line_type`, each at most `max_sessions`."""

    line_type: str
    visit_kinds: frozenset[str]
    max_items: int
    max_sessions: int
    clause: str


@dataclass(frozen=True, slots=True)
class AnnualSessionLimit:
    """Per policy year, across claims: at most `sessions` of `line_type`."""

    line_type: str
    sessions: int
    accumulator: str
    clause: str


@dataclass(frozen=True, slots=True)
class ExamReview:
    """Special exams without a basic exam in the same visit are flagged (释义6)."""

    special_types: frozenset[str]
    basic_types: frozenset[str]
    exempt_kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class Coverage:
    """One benefit bucket (e.g. outpatient): its deductible, co-insurance and sub-limit."""

    name: str
    visit_kinds: frozenset[str]
    deductible: Figure
    deductible_accumulator: str | None
    coinsurance_ratio: Figure
    sublimit: Figure | None
    paid_accumulator: str


@dataclass(frozen=True, slots=True)
class AnnualLimit:
    amount: Figure
    accumulators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AllowanceTerms:
    """A fixed amount per hospital day of a covered stay, after deductible days, up to a
    yearly maximum of days (学生平安住院津贴 附加险 2)."""

    cover: Figure | bool
    visit_kinds: frozenset[str]
    daily_amount: Figure
    deductible_days: Figure
    max_days: Figure
    days_accumulator: str
    paid_accumulator: str


@dataclass(frozen=True, slots=True)
class MedicalTerms:
    eligible_parts: tuple[str, ...]
    reported_parts: Mapping[str, ReasonCode]
    excluded_fee_types: frozenset[str]
    supply_limits: tuple[SupplyLimitRule, ...]
    item_session_limits: tuple[ItemSessionLimit, ...]
    annual_session_limits: tuple[AnnualSessionLimit, ...]
    exam_review: ExamReview | None
    coverages: tuple[Coverage, ...]
    annual_limit: AnnualLimit | None
    allowance: AllowanceTerms | None = None


@dataclass(frozen=True, slots=True)
class AccidentTerms:
    """Lump-sum accident cover: death pays the sum insured, disability a grade ratio of it."""

    sum_insured: Figure
    disability_cover: Figure | bool
    window_days: int
    grade_ratios: Mapping[int, Decimal]
    disability_accumulator: str
    death_accumulator: str


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name_zh: str
    name_en: str
    currency: str
    accumulators: Mapping[str, str]  # name -> "money" | "count"
    messages: Mapping[ReasonCode, Message]
    materials: tuple[MaterialRule, ...]
    visit_kinds: frozenset[str]
    line_types: frozenset[str]
    blacklist_gate: bool = True
    claim_deadline_months: int | None = None
    requires_accident: bool = False
    accident_exclusions: Mapping[str, tuple[ReasonCode, str]] = field(default_factory=dict)
    schedule_flag: str | None = None  # insured flag choosing a nested parameter schedule
    schedules: Mapping[bool, str] = field(default_factory=dict)
    visit_gates: VisitGates = field(default_factory=VisitGates)
    medical: MedicalTerms | None = None
    accident: AccidentTerms | None = None
    source: str = ""
    line_of_business: str = "health"  # health | accident (auto products: rules.auto.terms)

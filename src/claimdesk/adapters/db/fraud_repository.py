"""Anti-fraud storage: blacklist, flags, investigations, scores, and the queries behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, select, union
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import identity_key

from claimdesk.adapters.db.models import (
    RECEIPT_KEY,
    VISIT_HOSPITAL,
    AdjudicationRow,
    BillLineRow,
    ClaimRow,
    InsuredPersonRow,
    PolicyRow,
    VisitRow,
)
from claimdesk.adapters.db.models_auto import AutoReportRow, TenderQuoteRow
from claimdesk.adapters.db.models_fraud import (
    BlacklistEntryRow,
    ClaimAssessmentRow,
    ClaimFlagRow,
    ClaimScoreRow,
    InvestigationNoteRow,
    InvestigationRow,
)
from claimdesk.adapters.db.transaction_memo import BLACKLIST, TransactionMemo, forget_in
from claimdesk.domain.errors import NotFound
from claimdesk.fraud.blacklist import BlacklistEntry, normalise_id_number
from claimdesk.fraud.cases import (
    ClaimAssessment,
    ClaimScore,
    Investigation,
    InvestigationNote,
    InvestigationStatus,
    Outcome,
    ReferralSource,
    StoredBlacklistEntry,
    StoredFlag,
)
from claimdesk.fraud.claim_features import ClaimFeatureFacts
from claimdesk.fraud.duplicates import InvoiceRecord
from claimdesk.fraud.rings import ClaimParty
from claimdesk.services.fraud.ports import RankedClaim

_INSERT_FLAGS = insert(cast(Table, ClaimFlagRow.__table__))
_ASSESSED = ("routing", "total_weight", "assessed_at")
_INVESTIGATIONS = cast(Table, InvestigationRow.__table__)
_INSERT_INVESTIGATION = insert(_INVESTIGATIONS).returning(_INVESTIGATIONS.c.id)


class SqlFraud:
    def __init__(self, session: Session) -> None:
        self.session = session
        # The insured's entries, read by the fraud facts and the 预赔 engine request of a report.
        self._blacklist: TransactionMemo[str, tuple[BlacklistEntry, ...]] = TransactionMemo(
            session, BLACKLIST
        )

    # Blacklist ------------------------------------------------------------------------------
    def add_blacklist_entry(self, entry: StoredBlacklistEntry) -> StoredBlacklistEntry:
        forget_in(self.session, BLACKLIST)
        values = {k: v for k, v in vars(entry).items() if k != "id"}
        row = BlacklistEntryRow(**{**values, "id_number": normalise_id_number(entry.id_number)})
        self.session.add(row)
        self.session.flush()
        return entry_from_row(row)

    def blacklist_for(self, id_number: str) -> list[BlacklistEntry]:
        wanted = normalise_id_number(id_number)
        if (known := self._blacklist.get(wanted)) is not None:
            return list(known)
        found = tuple(
            BlacklistEntry(r.id_number, r.reason, r.evidence, r.valid_from, r.valid_until,
                           r.added_by)
            for r in self.session.scalars(_BLACKLIST_FOR, {"id_number": wanted})
        )  # fmt: skip
        return list(self._blacklist.put(wanted, found))

    def blacklist_page(self, *, after_id: int | None, limit: int) -> list[StoredBlacklistEntry]:
        query = select(BlacklistEntryRow).order_by(BlacklistEntryRow.id.desc()).limit(limit)
        if after_id is not None:
            query = query.where(BlacklistEntryRow.id < after_id)
        return [entry_from_row(row) for row in self.session.scalars(query)]

    def open_claim_ids_of_person(self, id_number: str) -> list[int]:
        query = (
            select(ClaimRow.id)
            .join(InsuredPersonRow, InsuredPersonRow.id == ClaimRow.insured_person_id)
            .where(func.upper(InsuredPersonRow.id_number) == normalise_id_number(id_number))
            .where(ClaimRow.status.not_in(CLOSED_STATUSES))
            .order_by(ClaimRow.id)
        )
        return list(self.session.scalars(query))

    # Facts of one claim ------------------------------------------------------------------------
    def prior_claims(self, insured_person_id: int, policy_id: int, before_claim: int) -> int:
        values = {"person": insured_person_id, "policy": policy_id, "claim": before_claim}
        return int(self.session.execute(_PRIOR_CLAIMS, values).scalar_one())

    def paid_in_policy(
        self, insured_person_id: int, policy_id: int, *, excluding_claim: int
    ) -> Decimal:
        values = {"person": insured_person_id, "policy": policy_id, "claim": excluding_claim}
        return Decimal(self.session.execute(_PAID_IN_POLICY, values).scalar_one() or 0)

    def invoices_like(
        self, numbers: set[str], visits: set[tuple[str, date]], claim_id: int
    ) -> list[InvoiceRecord]:
        if not numbers and not visits:
            return []
        ordered = sorted(visits)
        values: dict[str, Any] = {"numbers": sorted(numbers), "claim": claim_id}
        values.update({f"hospital_{n}": hospital for n, (hospital, _) in enumerate(ordered)})
        values.update({f"day_{n}": day for n, (_, day) in enumerate(ordered)})
        return [
            InvoiceRecord(str(visit_id), claim_no, str(insured), receipt, hospital, day,
                          Decimal(amount or 0))
            for visit_id, claim_no, insured, receipt, hospital, day, amount
            in self.session.execute(invoice_query(len(ordered)), values)
        ]  # fmt: skip

    def incident_time(self, claim_id: int) -> datetime | None:
        return self.session.execute(_INCIDENT_TIME, {"claim": claim_id}).scalar_one_or_none()

    # Flags -------------------------------------------------------------------------------------
    def save_assessment(self, assessment: ClaimAssessment) -> None:
        claim_id = assessment.claim_id
        self.session.execute(delete(ClaimFlagRow).where(ClaimFlagRow.claim_id == claim_id))
        # One upsert, not an ORM get + flush (issue 17: a flush of every report); a row held
        # by this session is expired so that `assessment_for` reads what was written.
        values = {name: getattr(assessment, name) for name in _ASSESSED}
        dialect = self.session.get_bind().dialect.name
        self.session.execute(assessment_upsert(dialect), {"claim_id": claim_id, **values})
        held = self.session.identity_map.get(identity_key(ClaimAssessmentRow, claim_id))
        if held is not None:
            self.session.expire(held)
        if assessment.flags:  # never read back from the identity map: no ORM flush for them
            flags = [{"claim_id": claim_id, **vars(flag)} for flag in assessment.flags]
            self.session.execute(_INSERT_FLAGS, flags)

    def assessment_for(self, claim_id: int) -> ClaimAssessment | None:
        row = self.session.get(ClaimAssessmentRow, claim_id)
        if row is None:
            return None
        query = select(ClaimFlagRow).where(ClaimFlagRow.claim_id == claim_id)
        return assessment_from_rows(row, self.session.scalars(query.order_by(ClaimFlagRow.id)))

    # Investigations ----------------------------------------------------------------------------
    def add_investigation(self, investigation: Investigation) -> Investigation:
        # A table INSERT … RETURNING built once, not an ORM object flushed on its own (issue
        # 17: a flush of every referred report); `save_investigation` reads the row back.
        values = investigation_values(investigation)
        new_id = self.session.execute(_INSERT_INVESTIGATION, values).scalar_one()
        return investigation_from_row(cast(InvestigationRow, SimpleNamespace(id=new_id, **values)))

    def save_investigation(self, investigation: Investigation) -> None:
        row = self.session.get(InvestigationRow, investigation.id)
        for key, value in investigation_values(investigation).items():
            setattr(row, key, value)
        self.session.flush()

    def get_investigation(self, investigation_id: int) -> Investigation:
        row = self.session.get(InvestigationRow, investigation_id)
        if row is None:
            raise NotFound("调查 investigation", investigation_id)
        return investigation_from_row(row)

    def investigations_for(self, claim_id: int) -> list[Investigation]:
        rows = self.session.scalars(_INVESTIGATIONS_FOR, {"claim": claim_id})
        return [investigation_from_row(row) for row in rows]

    def investigations_page(
        self, *, status: str | None, after_id: int | None, limit: int
    ) -> list[Investigation]:
        query = select(InvestigationRow).order_by(InvestigationRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(InvestigationRow.status == status)
        if after_id is not None:
            query = query.where(InvestigationRow.id < after_id)
        return [investigation_from_row(row) for row in self.session.scalars(query)]

    def claim_numbers(self, claim_ids: Sequence[int]) -> dict[int, str]:
        if not claim_ids:
            return {}
        query = select(ClaimRow.id, ClaimRow.claim_no).where(ClaimRow.id.in_(set(claim_ids)))
        return {claim_id: claim_no for claim_id, claim_no in self.session.execute(query)}

    def closed_investigations(self) -> list[Investigation]:
        query = select(InvestigationRow).where(InvestigationRow.status == "closed")
        return [investigation_from_row(row) for row in self.session.scalars(query)]

    def add_note(self, note: InvestigationNote) -> InvestigationNote:
        row = InvestigationNoteRow(**{k: v for k, v in vars(note).items() if k != "id"})
        self.session.add(row)
        self.session.flush()
        return note_from_row(row)

    def notes_for(self, investigation_id: int) -> list[InvestigationNote]:
        query = select(InvestigationNoteRow).where(
            InvestigationNoteRow.investigation_id == investigation_id
        )
        rows = self.session.scalars(query.order_by(InvestigationNoteRow.id))
        return [note_from_row(row) for row in rows]

    # Rings -------------------------------------------------------------------------------------
    def ring_parties(self) -> tuple[list[ClaimParty], dict[str, str]]:
        claims = self.session.execute(
            select(ClaimRow.id, ClaimRow.claim_no, InsuredPersonRow.id, InsuredPersonRow.name,
                   InsuredPersonRow.phone, InsuredPersonRow.bank_account)
            .join(InsuredPersonRow, InsuredPersonRow.id == ClaimRow.insured_person_id)
        ).all()  # fmt: skip
        hospitals = self.session.execute(
            select(VisitRow.claim_id, VisitRow.hospital_code).distinct()
        ).all()
        shops = self.session.execute(
            select(TenderQuoteRow.claim_id, TenderQuoteRow.repair_shop).distinct()
        ).all()
        return party_rows(claims, hospitals, shops)

    # Scores ------------------------------------------------------------------------------------
    def feature_facts(self, claim_ids: Sequence[int] | None) -> list[ClaimFeatureFacts]:
        query = _facts_query().order_by(ClaimRow.id)
        if claim_ids is not None:
            query = query.where(ClaimRow.id.in_(list(claim_ids)))
        return [ClaimFeatureFacts(*row) for row in self.session.execute(query)]

    def outcome_labels(self) -> dict[int, int]:
        labels: dict[int, int] = {}
        for investigation in self.closed_investigations():
            proven = int(investigation.outcome == Outcome.FRAUD_PROVEN)
            labels[investigation.claim_id] = max(labels.get(investigation.claim_id, 0), proven)
        return labels

    def save_scores(self, scores: Iterable[ClaimScore]) -> None:
        for score in scores:
            self.session.merge(
                ClaimScoreRow(claim_id=score.claim_id, risk_score=score.risk_score,
                              reasons=list(score.reasons), scored_at=score.scored_at)
            )  # fmt: skip
        self.session.flush()

    def score_for(self, claim_id: int) -> ClaimScore | None:
        row = self.session.get(ClaimScoreRow, claim_id)
        if row is None:
            return None
        return ClaimScore(row.claim_id, row.risk_score, tuple(row.reasons), row.scored_at)

    def ranked_open(self, *, after: tuple[float, int] | None, limit: int) -> list[RankedClaim]:
        """Highest score first; the cursor is (score, claim id) of the last row (keyset)."""
        query = (
            select(ClaimScoreRow, ClaimRow.claim_no, ClaimRow.status)
            .join(ClaimRow, ClaimRow.id == ClaimScoreRow.claim_id)
            .where(ClaimRow.status.not_in(CLOSED_STATUSES))
            .order_by(ClaimScoreRow.risk_score.desc(), ClaimScoreRow.claim_id.desc())
            .limit(limit)
        )
        if after is not None:
            query = query.where(_below(*after))
        return [
            RankedClaim(row.claim_id, claim_no, status, row.risk_score, tuple(row.reasons))
            for row, claim_no, status in self.session.execute(query)
        ]


def _below(score: float, claim_id: int) -> Any:
    return or_(
        ClaimScoreRow.risk_score < score,
        and_(ClaimScoreRow.risk_score == score, ClaimScoreRow.claim_id < claim_id),
    )


# Translation and query helpers ---------------------------------------------------------------
# A claim in one of these states is settled: no longer ranked, flagged or routed.
CLOSED_STATUSES = ("paid", "closed", "archived", "denied", "withdrawn")
# Money the insurer has agreed to pay or paid: the numerator of the loss ratio.
PAID_STATUSES = ("approved", "payment_pending", "paid", "closed", "archived")

# The facts a fraud assessment reads on every report and move, built once with their values
# as parameters (issue 10: building a statement and its cache key cost more than running it).
_PRIOR_CLAIMS = select(func.count(ClaimRow.id)).where(
    ClaimRow.insured_person_id == bindparam("person"),
    ClaimRow.policy_id == bindparam("policy"),
    ClaimRow.id < bindparam("claim"),
    ClaimRow.status != "withdrawn",
)
_PAID_IN_POLICY = (
    select(func.coalesce(func.sum(AdjudicationRow.payable), 0))
    .join(ClaimRow, ClaimRow.id == AdjudicationRow.claim_id)
    .where(AdjudicationRow.active.is_(True), ClaimRow.status.in_(PAID_STATUSES))
    .where(ClaimRow.insured_person_id == bindparam("person"))
    .where(ClaimRow.policy_id == bindparam("policy"), ClaimRow.id != bindparam("claim"))
)
_INCIDENT_TIME = select(AutoReportRow.accident_at).where(
    AutoReportRow.claim_id == bindparam("claim")
)
_BLACKLIST_FOR = select(BlacklistEntryRow).where(
    BlacklistEntryRow.id_number == bindparam("id_number")
)
_INVESTIGATIONS_FOR = (
    select(InvestigationRow)
    .where(InvestigationRow.claim_id == bindparam("claim"))
    .order_by(InvestigationRow.id)
)


def _facts_query() -> Any:
    earlier = aliased(ClaimRow)
    prior = select(func.count(earlier.id)).where(
        earlier.insured_person_id == ClaimRow.insured_person_id,
        earlier.policy_id == ClaimRow.policy_id,
        earlier.id < ClaimRow.id,
        earlier.status != "withdrawn",
    )
    of_claim = VisitRow.claim_id == ClaimRow.id
    visits = select(func.count(VisitRow.id)).where(of_claim)
    level = select(func.coalesce(func.max(VisitRow.hospital_level), 0)).where(of_claim)
    accident = select(AutoReportRow.accident_at).where(AutoReportRow.claim_id == ClaimRow.id)
    return select(
        ClaimRow.id, ClaimRow.claimed_amount, ClaimRow.line_of_business, ClaimRow.product_code,
        PolicyRow.period_start, ClaimRow.incident_date, ClaimRow.reported_at,
        prior.scalar_subquery(), visits.scalar_subquery(), level.scalar_subquery(),
        accident.scalar_subquery(),
    ).join(PolicyRow, PolicyRow.id == ClaimRow.policy_id)  # fmt: skip


@cache
def assessment_upsert(dialect: str) -> Any:
    """The claim's latest assessment written over the previous one, built once per dialect."""
    table = cast(Table, ClaimAssessmentRow.__table__)
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    changed = {name: statement.excluded[name] for name in _ASSESSED}
    return statement.on_conflict_do_update(index_elements=["claim_id"], set_=changed)


@cache
def invoice_query(visit_count: int) -> Any:
    """Visits sharing a receipt number (`numbers`) or a hospital + day (`hospital_n`, `day_n`
    for each of `visit_count` visits) with the given ones (any claim), in visit order (oldest
    first). A UNION of index lookups, one per key, so that no report scans `visits` (issue
    17). Built once per count: building it was a fifth of the scan.

    Of a day's visits at a hospital only those whose amount is the amount of one of the
    claim's (`claim`) visits that day come back: no other can share a hospital + day + amount
    key with the claim (the key strips the hospital's spaces, hence any of its visits that
    day), and a hospital's other visits that day were most of the rows read."""
    own = aliased(VisitRow)
    own_amounts = [select(_amount(own)).where(own.claim_id == bindparam("claim"),
                                              own.date == bindparam(f"day_{n}"))
                   for n in range(visit_count)]  # fmt: skip
    by_number = select(VisitRow.id).where(RECEIPT_KEY.in_(bindparam("numbers", expanding=True)))
    by_visit = [
        select(VisitRow.id).where(
            VisitRow.date == bindparam(f"day_{n}"),
            bindparam(f"hospital_{n}") == VISIT_HOSPITAL,
            _amount(VisitRow).in_(own_amounts[n]),
        )
        for n in range(visit_count)
    ]
    return (
        select(VisitRow.id, ClaimRow.claim_no, ClaimRow.insured_person_id,
               VisitRow.receipt_number, VISIT_HOSPITAL.label("hospital"), VisitRow.date,
               _amount(VisitRow).label("amount"))
        .join(ClaimRow, ClaimRow.id == VisitRow.claim_id)
        .where(ClaimRow.status != "withdrawn")
        .where(VisitRow.id.in_(union(by_number, *by_visit)))
        .order_by(VisitRow.id)
    )  # fmt: skip


def _amount(visit: Any) -> Any:
    """A visit's amount: the sum of its bill lines."""
    return (
        select(func.coalesce(func.sum(BillLineRow.amount), 0))
        .where(BillLineRow.visit_id == visit.id)
        .scalar_subquery()
    )


def party_rows(
    claims: Sequence[tuple[int, str, int, str, str, str]],
    hospitals: Sequence[tuple[int, str]],
    shops: Sequence[tuple[int, str]],
) -> tuple[list[ClaimParty], dict[str, str]]:
    """One party per claim (phone, bank account), plus one per hospital and repair shop used."""
    number = {claim_id: (claim_no, str(insured)) for claim_id, claim_no, insured, *_ in claims}
    parties = [
        ClaimParty(claim_no, str(insured), {"phone": phone, "bank_account": account})
        for _, claim_no, insured, _, phone, account in claims
    ]
    for kind, rows in (("hospital", hospitals), ("repair_shop", shops)):
        parties += [ClaimParty(*number[cid], {kind: value}) for cid, value in rows if cid in number]
    names = {str(insured): name for _, _, insured, name, _, _ in claims}
    return parties, names


def entry_from_row(row: BlacklistEntryRow) -> StoredBlacklistEntry:
    return StoredBlacklistEntry(
        row.id, row.id_number, row.name, row.reason, row.evidence, row.valid_from,
        row.valid_until, row.added_by, row.added_at,
    )  # fmt: skip


def assessment_from_rows(row: ClaimAssessmentRow, flags: Iterable[ClaimFlagRow]) -> ClaimAssessment:
    stored = tuple(
        StoredFlag(f.code, f.weight, f.message_zh, f.message_en, dict(f.explanation or {}))
        for f in flags
    )
    return ClaimAssessment(row.claim_id, row.routing, row.total_weight, stored, row.assessed_at)


def investigation_values(investigation: Investigation) -> dict[str, Any]:
    values = {k: v for k, v in vars(investigation).items() if k != "id"}
    values["source"] = str(investigation.source)
    values["status"] = str(investigation.status)
    values["outcome"] = None if investigation.outcome is None else str(investigation.outcome)
    return values


def investigation_from_row(row: InvestigationRow) -> Investigation:
    return Investigation(
        row.id, row.claim_id, row.referred_by, row.reason, ReferralSource(row.source),
        row.opened_at, row.assigned_to, InvestigationStatus(row.status),
        None if row.outcome is None else Outcome(row.outcome), row.avoided_loss,
        row.closed_at, row.closed_by,
    )  # fmt: skip


def note_from_row(row: InvestigationNoteRow) -> InvestigationNote:
    return InvestigationNote(row.id, row.investigation_id, row.author, row.text, row.at)

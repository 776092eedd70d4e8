"""Unit of work: one session, one transaction; repositories share it so a change is atomic."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from claimdesk.adapters.db.adjudication_repository import SqlAdjudications
from claimdesk.adapters.db.archive_repository import SqlArchive
from claimdesk.adapters.db.audit_store import SqlAuditStore
from claimdesk.adapters.db.auto_repository import SqlAutoClaims
from claimdesk.adapters.db.auto_settlement_repository import SqlAutoSettlements
from claimdesk.adapters.db.claim_repository import SqlClaimRepository
from claimdesk.adapters.db.claim_support import SqlClaimNumbers, SqlIdempotencyKeys, SqlMaterials
from claimdesk.adapters.db.complaint_repository import SqlComplaints
from claimdesk.adapters.db.estimate_repository import SqlEstimates
from claimdesk.adapters.db.fraud_repository import SqlFraud
from claimdesk.adapters.db.hospital_repository import SqlHospitals
from claimdesk.adapters.db.injury_repository import SqlInjuries
from claimdesk.adapters.db.management_repository import SqlManagement
from claimdesk.adapters.db.materials_repository import SqlClaimTracking
from claimdesk.adapters.db.outbox_repository import SqlOutbox
from claimdesk.adapters.db.partner_repository import SqlPartners
from claimdesk.adapters.db.payee_change_repository import SqlPayeeChanges
from claimdesk.adapters.db.payment_repository import SqlPayments
from claimdesk.adapters.db.policy_repository import SqlPolicyRepository
from claimdesk.adapters.db.portal_repository import SqlPortal
from claimdesk.adapters.db.report_repository import SqlMonitoringReports
from claimdesk.adapters.db.reserve_repository import SqlReserves
from claimdesk.adapters.db.security_repository import SqlSecondFactors, SqlSignInThrottle
from claimdesk.adapters.db.service_desk_repository import SqlServiceDesk
from claimdesk.adapters.db.task_repository import SqlTasks
from claimdesk.adapters.db.user_repository import SqlUserRepository
from claimdesk.adapters.db.verification_repository import SqlVerification


class SqlUnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self.session_factory()
        self.claims = SqlClaimRepository(self.session)
        self.policies = SqlPolicyRepository(self.session)
        self.users = SqlUserRepository(self.session)
        self.audit = SqlAuditStore(self.session)
        self.claim_numbers = SqlClaimNumbers(self.session)
        self.idempotency = SqlIdempotencyKeys(self.session)
        self.materials = SqlMaterials(self.session)
        self.adjudications = SqlAdjudications(self.session)
        self.tracking = SqlClaimTracking(self.session)
        self.auto = SqlAutoClaims(self.session)
        self.tasks = SqlTasks(self.session)
        self.payments = SqlPayments(self.session)
        self.portal = SqlPortal(self.session)
        self.fraud = SqlFraud(self.session)
        self.outbox = SqlOutbox(self.session)
        self.service_desk = SqlServiceDesk(self.session)
        self.complaints = SqlComplaints(self.session)
        self.management = SqlManagement(self.session)
        self.sign_in_throttle = SqlSignInThrottle(self.session)
        self.second_factors = SqlSecondFactors(self.session)
        self.reports = SqlMonitoringReports(self.session)
        self.hospitals = SqlHospitals(self.session)
        self.archive = SqlArchive(self.session)
        self.verification = SqlVerification(self.session)
        self.reserves = SqlReserves(self.session)
        self.auto_settlements = SqlAutoSettlements(self.session)
        self.partners = SqlPartners(self.session)
        self.injuries = SqlInjuries(self.session)
        self.estimates = SqlEstimates(self.session)
        self.payee_changes = SqlPayeeChanges(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Anything not committed explicitly is rolled back: never a half-written claim. close()
        # alone does it (the connection's transaction ends in a rollback as it goes back to the
        # pool); a rollback() first was a second pass through the session for every read.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

"""Partners API (合作机构): registry and price agreements with imports; salvage; recoveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile

from claimdesk.adapters.tabular import read_rows
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.partners import PartnerKind
from claimdesk.services.partners import recoveries, registry, salvage
from claimdesk.web.api.partner_schemas import (
    AgreementIn,
    AgreementOut,
    ClaimRecoveriesOut,
    ImportReportOut,
    PartnerIn,
    PartnerOut,
    ReceiptIn,
    RecoveryIn,
    RecoveryOut,
    SaleIn,
    SalvageIn,
    SalvageOut,
    WriteOffIn,
)
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import Id

router = APIRouter(tags=["partners"])
MAX_IMPORT_BYTES = 10 * 1024 * 1024


@router.get("/api/partners", response_model=list[PartnerOut])
def list_partners(
    user: ApiUser, wiring: WiringDep, kind: Annotated[PartnerKind | None, Query()] = None
) -> list[PartnerOut]:
    found = registry.list_partners(wiring.context(), actor=user, kind=kind)
    return [PartnerOut.of(p) for p in found]


@router.post("/api/partners", response_model=PartnerOut, status_code=201)
def add_partner(body: PartnerIn, user: ApiUser, wiring: WiringDep) -> PartnerOut:
    saved = registry.save_partner(wiring.context(), actor=user, fields=body.fields())
    return PartnerOut.of(saved)


@router.put("/api/partners/{partner_id}", response_model=PartnerOut)
def edit_partner(partner_id: Id, body: PartnerIn, user: ApiUser, wiring: WiringDep) -> PartnerOut:
    saved = registry.save_partner(
        wiring.context(), actor=user, fields=body.fields(), partner_id=partner_id
    )
    return PartnerOut.of(saved)


@router.post("/api/partners/import", response_model=ImportReportOut)
async def import_partners(file: UploadFile, user: ApiUser, wiring: WiringDep) -> ImportReportOut:
    rows = read_rows(await _content(file))
    return ImportReportOut.of(registry.import_partners(wiring.context(), actor=user, rows=rows))


@router.get("/api/price-agreements", response_model=list[AgreementOut])
def list_agreements(user: ApiUser, wiring: WiringDep) -> list[AgreementOut]:
    return [AgreementOut.of(a) for a in registry.list_agreements(wiring.context(), actor=user)]


@router.post("/api/price-agreements", response_model=AgreementOut, status_code=201)
def add_agreement(body: AgreementIn, user: ApiUser, wiring: WiringDep) -> AgreementOut:
    saved = registry.save_agreement(wiring.context(), actor=user, fields=body.fields())
    return AgreementOut.of(saved)


@router.post("/api/price-agreements/import", response_model=ImportReportOut)
async def import_agreements(file: UploadFile, user: ApiUser, wiring: WiringDep) -> ImportReportOut:
    rows = read_rows(await _content(file))
    report = registry.import_agreements(wiring.context(), actor=user, rows=rows)
    return ImportReportOut.of(report)


@router.get("/api/auto-claims/{claim_id}/recoveries", response_model=ClaimRecoveriesOut)
def claim_recoveries(claim_id: Id, user: ApiUser, wiring: WiringDep) -> ClaimRecoveriesOut:
    view = recoveries.claim_recoveries(wiring.context(), actor=user, claim_id=claim_id)
    return ClaimRecoveriesOut.of(view)


@router.post("/api/auto-claims/{claim_id}/recoveries", response_model=RecoveryOut, status_code=201)
def open_recovery(claim_id: Id, body: RecoveryIn, user: ApiUser, wiring: WiringDep) -> RecoveryOut:
    case = recoveries.open_recovery(
        wiring.context(), actor=user, claim_id=claim_id, against=body.against,
        amount_claimed=body.amount_claimed, against_insurer=body.against_insurer,
    )  # fmt: skip
    return RecoveryOut.of(case)


@router.post("/api/recoveries/{recovery_id}/receipts", response_model=RecoveryOut)
def record_receipt(
    recovery_id: Id, body: ReceiptIn, user: ApiUser, wiring: WiringDep
) -> RecoveryOut:
    case = recoveries.record_receipt(
        wiring.context(), actor=user, recovery_id=recovery_id, amount=body.amount,
        received_on=body.received_on,
    )  # fmt: skip
    return RecoveryOut.of(case)


@router.post("/api/recoveries/{recovery_id}/write-off", response_model=RecoveryOut)
def write_off(recovery_id: Id, body: WriteOffIn, user: ApiUser, wiring: WiringDep) -> RecoveryOut:
    case = recoveries.write_off_recovery(
        wiring.context(), actor=user, recovery_id=recovery_id, reason=body.reason
    )
    return RecoveryOut.of(case)


@router.put("/api/auto-claims/{claim_id}/salvage", response_model=SalvageOut)
def record_salvage(claim_id: Id, body: SalvageIn, user: ApiUser, wiring: WiringDep) -> SalvageOut:
    handling = salvage.record_salvage(
        wiring.context(), actor=user, claim_id=claim_id, method=body.method,
        description=body.description or None, value=body.value,
    )  # fmt: skip
    return SalvageOut.of(handling)


@router.post("/api/auto-claims/{claim_id}/salvage/sale", response_model=SalvageOut)
def sell_salvage(claim_id: Id, body: SaleIn, user: ApiUser, wiring: WiringDep) -> SalvageOut:
    handling = salvage.sell_salvage(
        wiring.context(), actor=user, claim_id=claim_id, buyer=body.buyer, price=body.price,
        sold_on=body.sold_on,
    )  # fmt: skip
    return SalvageOut.of(handling)


@router.post("/api/auto-claims/{claim_id}/salvage/sign-off", response_model=SalvageOut)
def sign_off_salvage(claim_id: Id, user: ApiUser, wiring: WiringDep) -> SalvageOut:
    return SalvageOut.of(salvage.sign_off_salvage(wiring.context(), actor=user, claim_id=claim_id))


async def _content(file: UploadFile) -> bytes:
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("文件过大（上限 10 MB）", "file too large (limit 10 MB)", field="file")
    return content

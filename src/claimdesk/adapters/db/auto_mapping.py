"""Auto claims: rows ⇄ domain dataclasses (reports, surveys, open-list rows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.models_auto import (
    AssessmentLineRow,
    AutoReportRow,
    SurveyRow,
)
from claimdesk.adapters.db.models_reserves import ReserveRow
from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoFile,
    AutoIncident,
    DispatchReason,
    Driver,
    OpenAutoClaim,
    Salvage,
    Survey,
    SurveyKind,
    SurveyRecord,
    SurveyStatus,
    Vehicle,
)


def file_to_row(auto_file: AutoFile) -> AutoReportRow:
    incident = auto_file.incident
    return AutoReportRow(
        claim_id=auto_file.claim_id,
        accident_at=incident.accident_at,
        place=incident.place,
        cause=incident.cause,
        description=incident.description,
        vehicle_plate=incident.vehicle.plate,
        vehicle_model=incident.vehicle.model,
        first_registered=incident.vehicle.first_registered,
        rare_model=incident.vehicle.rare_model,
        vehicle_new=incident.vehicle_new,
        driver_name=incident.driver.name,
        driver_licence_valid=incident.driver.licence_valid,
        handled_by_traffic_police=incident.handled_by_traffic_police,
        police_report_no=incident.police_report_no,
        injury=incident.injury,
        property_damage=incident.property_damage,
        third_party_vehicles=[_vehicle_json(v) for v in incident.third_party_vehicles],
        movable=incident.movable,
        rear_damage_only=incident.rear_damage_only,
        total_loss=incident.total_loss,
        out_of_town=incident.out_of_town,
        on_public_road=incident.on_public_road,
        estimated_loss=incident.estimated_loss,
        suspicions=list(incident.suspicions),
        dispatch_reasons=[vars(reason) for reason in auto_file.reasons],
        fast_track=auto_file.fast_track,
        large_case=auto_file.large_case,
        resurvey_required=auto_file.resurvey_required,
        tender_required=auto_file.tender_required,
    )


def file_from_row(row: AutoReportRow) -> AutoFile:
    vehicle = Vehicle(row.vehicle_plate, row.vehicle_model, row.first_registered, row.rare_model)
    incident = AutoIncident(
        accident_at=row.accident_at,
        place=row.place,
        cause=row.cause,
        vehicle=vehicle,
        driver=Driver(row.driver_name, row.driver_licence_valid),
        estimated_loss=row.estimated_loss,
        description=row.description,
        handled_by_traffic_police=row.handled_by_traffic_police,
        police_report_no=row.police_report_no,
        injury=row.injury,
        property_damage=row.property_damage,
        third_party_vehicles=tuple(_vehicle_from_json(v) for v in row.third_party_vehicles),
        movable=row.movable,
        rear_damage_only=row.rear_damage_only,
        total_loss=row.total_loss,
        out_of_town=row.out_of_town,
        on_public_road=row.on_public_road,
        vehicle_new=row.vehicle_new,
        suspicions=tuple(row.suspicions),
    )
    reasons = tuple(DispatchReason(**reason) for reason in row.dispatch_reasons)
    return AutoFile(
        row.claim_id,
        incident,
        reasons,
        row.fast_track,
        row.large_case,
        row.resurvey_required,
        row.tender_required,
    )


def _vehicle_json(vehicle: Vehicle) -> dict[str, Any]:
    registered = vehicle.first_registered
    return {
        "plate": vehicle.plate,
        "model": vehicle.model,
        "first_registered": None if registered is None else registered.isoformat(),
        "rare_model": vehicle.rare_model,
    }


def _vehicle_from_json(data: dict[str, Any]) -> Vehicle:
    registered = data.get("first_registered")
    return Vehicle(
        data["plate"],
        data.get("model", ""),
        None if registered is None else date.fromisoformat(registered),
        bool(data.get("rare_model", False)),
    )


def survey_to_row(survey: Survey, row: SurveyRow) -> None:
    row.claim_id, row.kind, row.surveyor_id = survey.claim_id, survey.kind, survey.surveyor_id
    row.status, row.dispatched_at = survey.status, survey.dispatched_at
    row.contact_due_at, row.contact_at_risk_at = survey.contact_due_at, survey.contact_at_risk_at
    row.contacted_at, row.recorded_at = survey.contacted_at, survey.recorded_at
    row.customer_signed_at, row.signed_by = survey.customer_signed_at, survey.signed_by
    row.contact_reached, row.appointment_at = survey.contact_reached, survey.appointment_at
    record = survey.record
    if record is not None:
        row.scene_facts, row.photo_ids = record.scene_facts, list(record.photo_ids)
        row.assessed_loss = record.assessed_loss
        row.salvage_description = None if record.salvage is None else record.salvage.description
        row.salvage_value = None if record.salvage is None else record.salvage.value
        row.repair_shop_id, row.repair_shop = record.repair_shop_id, record.repair_shop


def survey_from_row(row: SurveyRow, lines: list[AssessmentLineRow]) -> Survey:
    record = None
    if row.assessed_loss is not None:
        salvage = None
        if row.salvage_description is not None and row.salvage_value is not None:
            salvage = Salvage(row.salvage_description, row.salvage_value)
        items = tuple(_item(li) for li in lines)
        photos = tuple(int(photo) for photo in row.photo_ids)
        record = SurveyRecord(
            row.scene_facts,
            photos,
            items,
            row.assessed_loss,
            salvage,
            row.repair_shop_id,
            row.repair_shop or "",
        )
    return Survey(
        row.id,
        row.claim_id,
        SurveyKind(row.kind),
        row.surveyor_id,
        SurveyStatus(row.status),
        row.dispatched_at,
        row.contact_due_at,
        row.contact_at_risk_at,
        row.contacted_at,
        record,
        row.recorded_at,
        row.customer_signed_at,
        row.signed_by,
        row.contact_reached,
        row.appointment_at,
    )


def _item(line: AssessmentLineRow) -> AssessmentItem:
    return AssessmentItem(
        line.part,
        line.action,
        line.amount,
        line.reason,
        line.part_code or "",
        line.labour if line.labour is not None else Decimal("0.00"),
        line.agreed_price,
        line.over_price_reason or "",
    )


def open_claim_from_rows(
    claim: ClaimRow, auto: AutoReportRow, reserve: ReserveRow | None, survey: SurveyRow | None
) -> OpenAutoClaim:
    if survey is not None:
        survey_status, kind = survey.status, survey.kind
    else:
        survey_status, kind = (
            ("awaiting_dispatch" if auto.dispatch_reasons else "not_required"),
            None,
        )
    return OpenAutoClaim(
        claim_id=claim.id,
        claim_no=claim.claim_no,
        status=claim.status,
        reported_at=claim.reported_at,
        reserve=reserve.amount if reserve is not None else auto.estimated_loss,
        large_case=auto.large_case,
        survey_status=survey_status,
        survey_kind=kind,
    )

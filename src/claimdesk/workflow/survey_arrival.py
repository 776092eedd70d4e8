"""The surveyor's arrival (到达现场): the appointment agreed on the call is the deadline.

Pure: the contact call either reached the customer (with an appointment in the future) or not
(a later call may follow); the survey is on time when it is recorded by the appointment, at
risk in the last ARRIVAL_AT_RISK before it, breached after it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from claimdesk.workflow.deadlines import DeadlineStatus

ARRIVAL_AT_RISK = timedelta(minutes=30)


def appointment_acceptable(
    called_at: datetime, reached: bool, appointment_at: datetime | None
) -> bool:
    """An appointment only when the customer was reached, and never before the call."""
    if appointment_at is None:
        return True
    return reached and appointment_at.tzinfo is not None and appointment_at > called_at


def arrival_status(
    appointment_at: datetime | None, recorded_at: datetime | None, now: datetime
) -> DeadlineStatus | None:
    """None until an appointment is agreed; then met/breached once recorded, else by the clock."""
    if appointment_at is None:
        return None
    if recorded_at is not None:
        return DeadlineStatus.MET if recorded_at <= appointment_at else DeadlineStatus.BREACHED
    if now > appointment_at:
        return DeadlineStatus.BREACHED
    if now >= appointment_at - ARRIVAL_AT_RISK:
        return DeadlineStatus.AT_RISK
    return DeadlineStatus.ON_TRACK

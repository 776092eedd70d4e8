"""The milestone fold: which action stamps which step, first or last time, and 结案."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claimdesk.domain.milestones import Milestones, OpenReason, open_reason, stamp

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def test_acceptance_counts_the_first_time_adjudication_the_last() -> None:
    m = stamp(Milestones(), "move:accepted", _at(1), "accepted")
    m = stamp(m, "move:adjudicated", _at(2), "adjudicated")
    m = stamp(m, "move:under_review", _at(3), "under_review")  # 核赔退回
    m = stamp(m, "move:accepted", _at(4), "accepted")
    m = stamp(m, "move:adjudicated", _at(5), "adjudicated")
    assert (m.accepted_at, m.materials_complete_at, m.adjudicated_at) == (_at(1), _at(3), _at(5))


def test_payment_settles_the_claim_and_closing_keeps_the_settlement_time() -> None:
    m = stamp(Milestones(), "move:paid", _at(1), "paid")
    m = stamp(m, "move:closed", _at(9), "closed")
    assert (m.closed_at, m.outcome, m.paid_at) == (_at(1), "paid", _at(1))


def test_reopening_makes_the_claim_open_again() -> None:
    m = stamp(Milestones(), "move:denied", _at(1), "denied")
    assert (m.closed_at, m.outcome) == (_at(1), "denied")
    m = stamp(m, "move:reopened", _at(2), "reopened")
    assert (m.closed_at, m.outcome) == (None, None)


def test_a_record_that_is_not_a_move_leaves_a_settled_claim_settled() -> None:
    m = stamp(Milestones(), "move:withdrawn", _at(1), "withdrawn")
    assert stamp(m, "record_callback", _at(5), "withdrawn") == m


def test_open_reason_is_the_staffs_then_the_states_and_none_once_settled() -> None:
    assert open_reason("materials_pending", None) is OpenReason.AWAITING_MATERIALS
    assert open_reason("under_review", "dispute") is OpenReason.DISPUTE
    assert open_reason("paid", "dispute") is None

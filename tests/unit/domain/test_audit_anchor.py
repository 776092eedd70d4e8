"""Signed checkpoints: a forged one and a chain that no longer matches one are both named."""

from __future__ import annotations

from datetime import UTC, datetime

from claimdesk.domain.audit_anchor import check_anchors, sign

KEY, AT = b"k" * 32, datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_a_matching_checkpoint_passes() -> None:
    assert check_anchors(KEY, [sign(KEY, 2, "b" * 64, AT)], {1: "a" * 64, 2: "b" * 64}) is None


def test_a_rewritten_chain_no_longer_matches_its_checkpoint() -> None:
    broken = check_anchors(KEY, [sign(KEY, 2, "b" * 64, AT)], {1: "a" * 64, 2: "c" * 64})
    assert broken is not None and broken.seq == 2 and "rewritten" in broken.problem


def test_a_checkpoint_signed_with_another_key_is_forged() -> None:
    broken = check_anchors(KEY, [sign(b"x" * 32, 2, "c" * 64, AT)], {2: "c" * 64})
    assert broken is not None and "forged" in broken.problem


def test_a_checkpoint_past_the_newest_record_means_deletion() -> None:
    broken = check_anchors(KEY, [sign(KEY, 3, "d" * 64, AT)], {1: "a" * 64, 2: "b" * 64})
    assert broken is not None and broken.seq == 3 and "deleted" in broken.problem

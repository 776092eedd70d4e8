"""FAQ search (知识库): jieba tokens, IDF weighting, question words count double; deterministic."""

from __future__ import annotations

import pytest

from claimdesk.services.service_desk.callbacks import CallbackFacts, needs_callback
from claimdesk.services.service_desk.faq_search import FaqEntry, build_index, default_index, search

CASES = [
    ("理赔需要哪些材料", "claim-materials"),
    ("多久能到账", "payment-time"),
    ("门诊免赔额是多少", "outpatient-deductible"),
    ("住院需要什么材料", "inpatient-materials"),
    ("可以在非定点医院就诊吗", "non-designated-hospital"),
    ("理赔时效", "claim-time-limit"),
    ("如何投诉", "how-to-complain"),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[1] for c in CASES])
def test_the_matching_answer_ranks_first(query: str, expected: str) -> None:
    hits = search(default_index(), query)
    assert hits[0].entry.id == expected
    assert hits[0].score > hits[1].score


def test_the_shipped_faq_has_at_least_fifteen_answers() -> None:
    assert len(default_index().entries) >= 15


def test_a_question_word_weighs_more_than_the_same_word_in_an_answer() -> None:
    index = build_index(
        [FaqEntry("a", "怎么报案", "到账时间另见"), FaqEntry("b", "多久能到账", "三日内")]
    )
    assert [hit.entry.id for hit in search(index, "到账")] == ["b", "a"]


def test_search_is_deterministic_and_ignores_unknown_words() -> None:
    first = search(default_index(), "理赔需要哪些材料")
    assert first == search(default_index(), "理赔需要哪些材料")
    assert search(default_index(), "？？ xyzzy") == []


@pytest.mark.parametrize(
    ("facts", "wanted"),
    [
        (CallbackFacts(claim_id=11, complaints=1, rating=None), True),
        (CallbackFacts(claim_id=11, complaints=0, rating=2), True),
        (CallbackFacts(claim_id=11, complaints=0, rating=5), False),
        (CallbackFacts(claim_id=11, complaints=0, rating=None), False),
        (CallbackFacts(claim_id=20, complaints=0, rating=None), True),
    ],
    ids=["complaint", "low-rating", "happy", "no-signal", "one-in-ten-sample"],
)
def test_callbacks_go_to_complaints_low_ratings_and_a_one_in_ten_sample(
    facts: CallbackFacts, wanted: bool
) -> None:
    assert needs_callback(facts, every=10) is wanted

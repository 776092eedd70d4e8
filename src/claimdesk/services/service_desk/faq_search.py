"""FAQ search (知识库检索): jieba segmentation and a small, deterministic IDF-weighted ranking.

Score = Σ over distinct query tokens of IDF(token) × weight, where a token found in the
question weighs 2 and one found only in the answer weighs 1. Ties go to the FAQ's file order.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

QUESTION_WEIGHT = 2.0
ANSWER_WEIGHT = 1.0


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str
    source: str = ""


@dataclass(frozen=True)
class FaqHit:
    entry: FaqEntry
    score: float


@dataclass(frozen=True)
class FaqIndex:
    entries: tuple[FaqEntry, ...]
    question_tokens: tuple[frozenset[str], ...]
    answer_tokens: tuple[frozenset[str], ...]
    idf: dict[str, float]


def tokens(text: str) -> frozenset[str]:
    """Search-mode words, without punctuation and spaces."""
    words = _jieba().cut_for_search(text.lower())
    return frozenset(t for t in words if any(c.isalnum() for c in t))


@cache
def _jieba() -> Any:
    """jieba, imported on the first search, not at every server start (~0.2 s CPU with the
    pkg_resources it loads); the index is built on the first search anyway."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def build_index(entries: Sequence[FaqEntry]) -> FaqIndex:
    questions = tuple(tokens(e.question) for e in entries)
    answers = tuple(tokens(e.answer) for e in entries)
    documents = [q | a for q, a in zip(questions, answers, strict=True)]
    frequency: dict[str, int] = {}
    for document in documents:
        for token in document:
            frequency[token] = frequency.get(token, 0) + 1
    count = len(documents)
    idf = {t: math.log((count + 1) / (n + 1)) + 1 for t, n in frequency.items()}
    return FaqIndex(tuple(entries), questions, answers, idf)


def search(index: FaqIndex, query: str, limit: int = 5) -> list[FaqHit]:
    wanted = tokens(query)
    scored = []
    for position, entry in enumerate(index.entries):
        score = sum(_weight(index, position, t) * index.idf.get(t, 0.0) for t in wanted)
        if score > 0:
            scored.append((-round(score, 6), position, FaqHit(entry, round(score, 4))))
    return [hit for _, _, hit in sorted(scored, key=lambda s: (s[0], s[1]))[:limit]]


def _weight(index: FaqIndex, position: int, token: str) -> float:
    if token in index.question_tokens[position]:
        return QUESTION_WEIGHT
    return ANSWER_WEIGHT if token in index.answer_tokens[position] else 0.0


def parse_entries(raw: Any) -> tuple[FaqEntry, ...]:
    """Validated on load: every entry has an id, a question and an answer; ids are unique."""
    entries = tuple(FaqEntry(**{k: str(v).strip() for k, v in item.items()}) for item in raw)
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids) or not all(e.id and e.question and e.answer for e in entries):
        raise ValueError("faq.yaml: every entry needs a unique id, a question and an answer")
    return entries


@cache
def default_index() -> FaqIndex:
    text = (
        resources.files("claimdesk.services.service_desk").joinpath("faq.yaml").read_text("utf-8")
    )
    return build_index(parse_entries(yaml.safe_load(text)))

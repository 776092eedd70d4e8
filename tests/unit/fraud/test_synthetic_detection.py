from __future__ import annotations

from datetime import date

from claimdesk.fraud.blacklist import check_blacklist
from claimdesk.fraud.duplicates import duplicated_record_ids
from claimdesk.fraud.synthetic import generate_book


def test_given_planted_duplicates_when_checked_then_every_one_is_found_and_nothing_else() -> None:
    book = generate_book(insureds=500, rings=5, seed=11)
    assert duplicated_record_ids(book.invoices) == book.planted_duplicate_ids


def test_given_planted_blacklist_when_checked_then_exactly_the_listed_insureds_hit() -> None:
    book = generate_book(insureds=500, rings=5, seed=11)
    hits = {
        insured
        for insured, id_number in book.id_numbers.items()
        if check_blacklist(id_number, book.blacklist, date(2024, 6, 1)).hit
    }
    assert hits == book.planted_blacklisted

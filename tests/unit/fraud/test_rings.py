from __future__ import annotations

from claimdesk.fraud.ring_svg import ring_svg
from claimdesk.fraud.rings import ClaimParty, find_rings, ring_subgraph
from claimdesk.fraud.synthetic import generate_book


def chain(prefix: str, size: int, kind: str) -> list[ClaimParty]:
    return [
        ClaimParty(f"{prefix}C{i}", f"{prefix}{i}", {kind: f"{prefix}-{kind}-{i // 2}"})
        for i in range(size)
    ] + [
        ClaimParty(f"{prefix}D{i}", f"{prefix}{i - 1}", {kind: f"{prefix}-{kind}-{i // 2}"})
        for i in range(1, size)
    ]


def test_given_three_insureds_sharing_an_account_when_searched_then_one_ring_with_its_link() -> (
    None
):
    parties = [ClaimParty(f"C{i}", f"I{i}", {"bank_account": "6222 0000 1111"}) for i in range(3)]
    (ring,) = find_rings(parties)
    assert ring.insured_ids == ("I0", "I1", "I2")
    assert ring.links == (("bank_account", "6222 0000 1111", 3),)


def test_given_a_switchboard_phone_shared_by_many_when_searched_then_the_hub_links_nobody() -> None:
    crowd = [ClaimParty(f"C{i}", f"I{i}", {"phone": "010-88888888"}) for i in range(30)]
    assert find_rings(crowd, max_attribute_degree=10) == []


def test_given_a_ring_also_using_the_hub_when_searched_then_only_the_ring_is_returned() -> None:
    crowd = [ClaimParty(f"C{i}", f"I{i}", {"phone": "010-88888888"}) for i in range(30)]
    ring = [*chain("R", 4, "doctor"), ClaimParty("RX", "R0", {"phone": "010-88888888"})]
    (found,) = find_rings(crowd + ring, max_attribute_degree=10)
    assert set(found.insured_ids) == {"R0", "R1", "R2", "R3"}


def test_given_a_pair_when_searched_with_minimum_three_then_it_is_not_a_ring() -> None:
    assert find_rings(chain("P", 2, "address"), min_size=3) == []


def test_given_the_synthetic_book_when_searched_then_rings_are_found_precisely() -> None:
    book = generate_book(insureds=600, rings=8, seed=3)
    found = {member for group in find_rings(book.parties) for member in group.insured_ids}
    planted = {member for ring in book.planted_rings for member in ring}
    assert len(found & planted) / len(found) >= 0.95
    assert len(found & planted) / len(planted) >= 0.85


def test_given_a_ring_when_drawn_then_the_svg_shows_every_member() -> None:
    parties = chain("R", 3, "phone")
    (ring,) = find_rings(parties)
    picture = ring_svg(ring_subgraph(parties, ring))
    assert picture.startswith("<svg") and all(member in picture for member in ring.insured_ids)

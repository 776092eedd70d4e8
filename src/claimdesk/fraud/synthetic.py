"""A seeded synthetic book of Chinese claims with planted fraud, to measure the detectors.

Planted: rings (insureds chained by a shared phone, bank account, address, repair shop or
doctor), duplicate invoices (same number, or same hospital + date + amount; within one claim,
across claims, across insureds) and blacklisted insureds. Noise that must not be flagged:
a hospital switchboard phone and big partner repair shops shared by very many (hubs), and
families of two sharing an address.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from claimdesk.fraud.blacklist import BlacklistEntry
from claimdesk.fraud.duplicates import InvoiceRecord
from claimdesk.fraud.rings import LINK_KINDS, ClaimParty

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
DISTRICTS = ("朝阳区", "海淀区", "浦东新区", "天河区", "南山区", "武侯区", "西湖区", "江北区")
HOSPITALS = ("市第一人民医院", "市中心医院", "中医院", "妇幼保健院", "协和医院", "仁济医院")
SWITCHBOARD = "010-88888888"


@dataclass(frozen=True)
class SyntheticBook:
    parties: tuple[ClaimParty, ...]
    invoices: tuple[InvoiceRecord, ...]
    blacklist: tuple[BlacklistEntry, ...]
    id_numbers: dict[str, str]
    planted_rings: tuple[frozenset[str], ...]
    planted_duplicate_ids: frozenset[str]
    planted_blacklisted: frozenset[str]


def generate_book(insureds: int = 2000, rings: int = 20, seed: int = 0) -> SyntheticBook:
    rng = random.Random(seed)
    ids = [f"I{n:06d}" for n in range(insureds)]
    parties = [_honest_party(rng, insured, n) for n, insured in enumerate(ids)]
    parties += _family_pairs(rng, ids)
    ring_members, ring_parties = _plant_rings(rng, ids, rings)
    parties += ring_parties
    invoices, duplicates = _invoices(rng, parties)
    id_numbers = {insured: _id_number(rng) for insured in ids}
    blacklist, hits = _blacklist(rng, ids, id_numbers)
    return SyntheticBook(
        tuple(parties), tuple(invoices), tuple(blacklist), id_numbers,
        tuple(ring_members), frozenset(duplicates), frozenset(hits),
    )  # fmt: skip


def _honest_party(rng: random.Random, insured: str, number: int) -> ClaimParty:
    attributes = {
        "phone": f"1{rng.randint(30, 99)}{number:08d}",
        "bank_account": f"6222{number:012d}",
        "address": f"{rng.choice(DISTRICTS)}{number}号",
        # Big partner repair shops serve hundreds: a hub, never a ring link.
        "repair_shop": f"协作修理厂{rng.randint(1, 5)}",
    }
    if rng.random() < 0.2:
        attributes["phone"] = SWITCHBOARD  # claimant gave the hospital switchboard number
    return ClaimParty(f"C-{insured}-0", insured, attributes)


def _family_pairs(rng: random.Random, ids: list[str]) -> list[ClaimParty]:
    """Two relatives at one address: a real but innocent link, smaller than a ring."""
    pairs = []
    relatives = rng.sample(ids, 2 * (len(ids) // 20))  # each insured in at most one family
    for number in range(len(ids) // 20):
        first, second = relatives[2 * number], relatives[2 * number + 1]
        address = {"address": f"家庭住址{number}号"}
        pairs += [
            ClaimParty(f"F{number}-a", first, address),
            ClaimParty(f"F{number}-b", second, address),
        ]
    return pairs


def _plant_rings(
    rng: random.Random, ids: list[str], rings: int
) -> tuple[list[frozenset[str]], list[ClaimParty]]:
    members_by_ring: list[frozenset[str]] = []
    parties: list[ClaimParty] = []
    for ring in range(rings):
        size = rng.randint(3, 8)
        members = [f"R{ring:03d}-{index}" for index in range(size)]
        members_by_ring.append(frozenset(members))
        for index, member in enumerate(members):
            # Chain: each member shares one attribute with the next, so the ring is connected.
            kind = rng.choice(LINK_KINDS)
            link = {kind: f"团伙{ring}-{kind}-{index // 2}"}
            parties.append(ClaimParty(f"RC{ring}-{index}", member, link))
            if index:
                parties.append(ClaimParty(f"RC{ring}-{index}b", members[index - 1], link))
    return members_by_ring, parties


def _invoices(
    rng: random.Random, parties: list[ClaimParty]
) -> tuple[list[InvoiceRecord], list[str]]:
    invoices = [_invoice(rng, party, n) for n, party in enumerate(parties)]
    duplicates: list[str] = []
    for n in range(len(invoices) // 25):
        original = rng.choice(invoices[: len(parties)])
        other = rng.choice(parties)
        twin = replace(
            original, record_id=f"DUP{n}", claim_id=other.claim_id, insured_id=other.insured_id
        )
        if n % 2:  # a re-numbered copy of the same visit: hospital + date + amount
            twin = replace(twin, invoice_number=f"X{n:09d}")
        invoices.append(twin)
        duplicates += [original.record_id, twin.record_id]
    return invoices, duplicates


def _invoice(rng: random.Random, party: ClaimParty, number: int) -> InvoiceRecord:
    return InvoiceRecord(
        record_id=f"INV{number}",
        claim_id=party.claim_id,
        insured_id=party.insured_id,
        invoice_number=f"{number:012d}",
        hospital=rng.choice(HOSPITALS),
        issued_on=date(2024, 1, 1) + timedelta(days=number % 366),
        amount=Decimal(rng.randint(100, 900_000)) / 100 + Decimal(number) * 10_000,
    )


def _id_number(rng: random.Random) -> str:
    return f"{rng.randint(110000, 659999)}19{rng.randint(50, 99)}0101{rng.randint(1000, 9999)}"


def _blacklist(
    rng: random.Random, ids: list[str], id_numbers: dict[str, str]
) -> tuple[list[BlacklistEntry], list[str]]:
    chosen = rng.sample(ids, max(1, len(ids) // 100))
    entries = [
        BlacklistEntry(
            id_numbers[insured], "虚假理赔", "调查报告", date(2024, 1, 1), None, "审核员"
        )
        for insured in chosen
    ]
    expired = rng.choice([insured for insured in ids if insured not in chosen])
    entries.append(
        BlacklistEntry(
            id_numbers[expired],
            "虚假理赔",
            "调查报告",
            date(2020, 1, 1),
            date(2021, 12, 31),
            "审核员",
        )
    )
    return entries, chosen

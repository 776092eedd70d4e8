"""Product terms in plain words (系统管理 → 产品): money as ¥, ratios as 70%, figures the
policy schedule sets said so, and every code (benefit, visit kind, material, excluded service,
line of business) by its label. The pages never show a product code or a reason code."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain import labels
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.terms import Figure, PolicyParameter, Product

Name = Callable[[str, str], str]
Money = Callable[[Decimal], str]
BY_POLICY = ("按保单约定", "as the policy schedule sets")


@dataclass(frozen=True)
class ProductCard:
    code: str
    name: str
    line: str


@dataclass(frozen=True)
class Benefit:
    name: str
    visits: str
    deductible: str
    ratio: str
    sublimit: str


@dataclass(frozen=True)
class Wording:
    text: str
    clause: str


@dataclass(frozen=True)
class ProductTerms:
    name: str
    line: str
    benefits: list[Benefit]
    facts: list[tuple[str, str]]  # (what, figure): yearly limit, sum insured, days…
    materials: list[str]
    exclusions: list[Wording]
    wordings: list[Wording]


class Words:
    """The page's helpers bound to the reader's language."""

    def __init__(self, lang: str, name: Name, money: Money) -> None:
        self.lang, self.name, self.money = lang, name, money

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "en" else pair[0]

    def figure(self, value: Figure | None, *, ratio: bool = False) -> str:
        if value is None:
            return self.pick(("不设", "none"))
        if isinstance(value, PolicyParameter):
            return self.pick(BY_POLICY)
        return percent(value) if ratio else self.money(value)

    def visit(self, kind: str) -> str:
        if kind in labels.ACCIDENT_VISIT_KINDS:
            return labels.label("accident_visit_kind", kind, self.lang)
        return self.name("visit_kind", kind)

    def visits(self, kinds: Iterable[str]) -> str:
        return "、".join(self.visit(k) for k in sorted(kinds))


def percent(ratio: Decimal) -> str:
    """0.70 → 70%, 0.125 → 12.5%."""
    return f"{(ratio * 100).normalize():f}%"


def cards(
    products: Mapping[str, Product], auto: Mapping[str, AutoProduct], words: Words
) -> list[ProductCard]:
    every: list[Product | AutoProduct] = [*products.values(), *auto.values()]
    return sorted(
        (ProductCard(p.code, words.pick((p.name_zh, p.name_en)),
                     words.name("line", p.line_of_business)) for p in every),
        key=lambda card: (card.line, card.name),
    )  # fmt: skip


def terms(product: Product | AutoProduct, words: Words) -> ProductTerms:
    name = words.pick((product.name_zh, product.name_en))
    line = words.name("line", product.line_of_business)
    wordings = [Wording(words.pick((m.zh, m.en)), m.clause) for m in product.messages.values()]
    if isinstance(product, AutoProduct):
        return ProductTerms(name, line, [], _auto_facts(product, words), [], [], wordings)
    benefits = [
        Benefit(words.name("coverage", c.name), words.visits(c.visit_kinds),
                words.figure(c.deductible), words.figure(c.coinsurance_ratio, ratio=True),
                words.figure(c.sublimit))
        for c in (product.medical.coverages if product.medical else ())
    ]  # fmt: skip
    exclusions = [
        Wording(words.name("excluded_service", service), clause)
        for service, clause in product.visit_gates.excluded_services.items()
    ]
    return ProductTerms(name, line, benefits, _facts(product, words),
                        _materials(product, words), exclusions, wordings)  # fmt: skip


def _facts(product: Product, words: Words) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if product.medical and product.medical.annual_limit:
        facts.append((words.pick(("年度累计限额", "Yearly limit")),
                      words.figure(product.medical.annual_limit.amount)))  # fmt: skip
    if product.accident:
        accident = product.accident
        facts.append((words.pick(("保险金额", "Sum insured")), words.figure(accident.sum_insured)))
        days = words.pick(("事故发生之日起 {} 日内", "within {} days of the accident"))
        facts.append((words.pick(("责任期间", "Cover window")), days.format(accident.window_days)))
    if product.claim_deadline_months:
        months = words.pick(("{} 个月", "{} months")).format(product.claim_deadline_months)
        facts.append((words.pick(("索赔时效", "Time to claim")), months))
    return facts


def _auto_facts(product: AutoProduct, words: Words) -> list[tuple[str, str]]:
    facts = [(words.pick(("招标定损起点", "Tender from")), words.money(product.tender_from))]
    if product.vehicle_damage:
        damage = product.vehicle_damage
        facts.append((words.pick(("车损险绝对免赔额", "Vehicle damage deductible")),
                      words.figure(damage.deductible)))  # fmt: skip
        facts.append((words.pick(("车损险绝对免赔率", "Vehicle damage deductible rate")),
                      words.figure(damage.deductible_rate, ratio=True)))  # fmt: skip
    if product.third_party:
        facts.append((words.pick(("第三者责任限额", "Third-party limit")),
                      words.figure(product.third_party.limit)))  # fmt: skip
    return facts


def _materials(product: Product, words: Words) -> list[str]:
    shown = []
    for rule in product.materials:
        text = words.name("material", rule.material)
        if rule.visit_kinds:
            text += f"（{words.visits(rule.visit_kinds)}）"
        if rule.when:
            text += words.pick(("（如适用）", " (if applicable)"))
        shown.append(text)
    return shown

"""A readable explanation of an auto settlement (zh-CN or en): every amount with its working
and clause, as the plain rows of `rules.explain.Explanation` the CLI renders as a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimdesk.rules.explain import Explanation

LABELS = {
    "zh": {
        "title": "车险理算结果", "claim": "赔案", "decision": "结论", "payable": "赔付金额",
        "net_incurred": "净赔款(已付+未决−追回)", "reasons": "原因", "cover": "险别",
        "section": "项目", "loss": "损失", "limit": "限额", "working": "计算", "basis": "依据",
        "approved": "赔付", "denied": "拒赔", "pending_assessment": "待定损",
        "compulsory": "交强险", "vehicle_damage": "车损险", "third_party_liability": "三者险",
        "assessment": "定损", "death_disability": "死亡伤残", "medical": "医疗费用",
        "property_damage": "财产损失", "property_damage_substitution": "无责代赔",
        "own_vehicle": "本车", "third_parties": "第三者", "injury": "人伤",
        "driver": "本车驾驶人", "passenger": "本车乘客", "third_party": "第三者",
        "on_board_liability": "车上人员险",
    },
    "en": {
        "title": "Auto settlement", "claim": "Claim", "decision": "Decision",
        "payable": "Payable", "net_incurred": "Net incurred (paid + reserve − recoveries)",
        "reasons": "Reasons", "cover": "Cover", "section": "Section", "loss": "Loss",
        "limit": "Limit", "working": "Working", "basis": "Basis", "approved": "approved",
        "denied": "denied", "pending_assessment": "pending assessment",
        "compulsory": "compulsory (交强险)", "vehicle_damage": "vehicle damage",
        "third_party_liability": "third-party liability", "assessment": "assessment",
        "death_disability": "death/disability", "medical": "medical",
        "property_damage": "property damage",
        "property_damage_substitution": "no-fault substitution", "own_vehicle": "own vehicle",
        "third_parties": "third parties", "injury": "bodily injury", "driver": "driver",
        "passenger": "passenger", "third_party": "third party",
        "on_board_liability": "on-board liability",
    },
}  # fmt: skip


def describe(reasons: list[Mapping[str, str]], lang: str) -> str:
    key = "message_zh" if lang == "zh" else "message_en"
    return "; ".join(f"{reason[key]} ({reason['clause']})" for reason in reasons)


def explain_auto(result: Mapping[str, Any], lang: str = "zh") -> Explanation:
    labels = LABELS[lang]
    summary = [
        (labels["claim"], str(result["claim_id"])),
        (labels["decision"], labels.get(result["decision"], result["decision"])),
        (labels["payable"], f"{result['payable']} {result['currency']}"),
        (labels["net_incurred"], f"{result['incurred']['net_incurred']} {result['currency']}"),
    ]
    if result["reasons"]:
        summary.append((labels["reasons"], describe(result["reasons"], lang)))
    columns = tuple(
        labels[key]
        for key in ("cover", "section", "loss", "limit", "payable", "working", "reasons")
    )
    return Explanation(labels["title"], tuple(summary), columns, rows(result, labels, lang))


def rows(
    result: Mapping[str, Any], labels: Mapping[str, str], lang: str
) -> tuple[tuple[str, ...], ...]:
    lines = [assessment_row(loss, labels, lang) for loss in result["assessments"]]
    lines += [injury_row(injury, labels, lang) for injury in result.get("injuries", ())]
    for item in result["settlement"]:
        lines.append(
            (
                labels.get(item["cover"], item["cover"]),
                labels.get(item["section"], item["section"]),
                item["loss"],
                item["limit"] or "",
                item["payable"],
                item["working"],
                describe(item["reasons"], lang),
            )
        )
    return tuple(lines)


def assessment_row(
    loss: Mapping[str, Any], labels: Mapping[str, str], lang: str
) -> tuple[str, ...]:
    """The assessed amount and where it came from (estimate shown, never used)."""
    subject = loss["subject"].replace("own_vehicle", labels["own_vehicle"])
    subject = subject.replace("third_party:", f"{labels['third_parties']} ")
    figures = [f"{key}={loss[key]}" for key in ("reported_estimate", "surveyed", "resurveyed",
               "resurvey_deviation", "tender", "salvage") if loss[key] is not None]  # fmt: skip
    return (
        labels["assessment"], subject, loss["assessed"], "", "", ", ".join(figures),
        describe(loss["reasons"], lang),
    )  # fmt: skip


def injury_row(injury: Mapping[str, Any], labels: Mapping[str, str], lang: str) -> tuple[str, ...]:
    """人伤: billed, reviewed line by line, and what counts in the medical and death/disability
    sections (a one-off settlement's amount split between them)."""
    figures = [f"billed={injury['billed']}", f"{labels['medical']}={injury['medical']}",
               f"{labels['death_disability']}={injury['death_disability']}"]  # fmt: skip
    if injury["settlement"] is not None:
        figures.append(f"settlement={injury['settlement']}")
    figures += [
        f"{item['kind']}: {item['working']}" for item in injury.get("death_disability_items", ())
    ]
    who = f"{injury['party_id']} {labels.get(injury['role'], injury['role'])}"
    return (
        labels["injury"], who, injury["billed"], "", "", ", ".join(figures),
        describe(injury["reasons"], lang),
    )  # fmt: skip

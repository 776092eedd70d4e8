"""The 理赔时效监测表 end to end on both databases: API (JSON, Excel, CSV, PDF), stored and
submitted reports, 未结案原因, the monthly job, the CLI and the page."""

from __future__ import annotations

import io
from copy import deepcopy
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select
from typer.testing import CliRunner

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.models_payments import PaymentInstructionRow
from claimdesk.adapters.db.models_read_side import ClaimMilestoneRow
from claimdesk.analytics.dashboard import manager_dashboard
from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.months import Month
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.reports import use_cases as report_service
from claimdesk.web.reports import figure_source
from tests.builders import World, a_lab_line, a_report, a_world, token_for, with_all_materials
from tests.integration.test_web_pages import sign_in
from tests.world_snapshots import snapshotted

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
NOVEMBER = Month(2026, 11)
runner = CliRunner()


def _at(world: World, moment: datetime) -> None:
    world.container.clock.moment = moment  # type: ignore[attr-defined]


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, **extra: object) -> Claim:
    c = world.container
    return move_claim(c.context(), actor=world.users[who], claim_id=claim.id or 0, target=target,
                      reason=str(extra.pop("reason", "")), expected_version=claim.version,
                      **extra)  # type: ignore[arg-type]  # fmt: skip


def _reviewed(world: World) -> Claim:
    c = world.container
    lines = (a_lab_line("L1", "1000.00"),)
    claim, _ = report_claim(c.context(), actor=world.users["agent"], report=a_report(lines=lines))
    with_all_materials(c, world.users["agent"], claim.id or 0)
    _move(world, "specialist", claim, S.ACCEPTED)
    return get_claim(c.context(), actor=world.users["agent"], claim_id=claim.id or 0)


def _paid(world: World) -> Claim:
    c, finance = world.container, world.users["finance"]
    claim = _move(world, "approver", _move(world, "specialist2", _reviewed(world),
                  S.ADJUDICATED), S.APPROVED)  # fmt: skip
    (instruction,) = payment_flow.claim_payments(c.context(), actor=finance, claim_id=claim.id or 0)
    payment_flow.release_payment(c.context(), actor=finance, instruction_id=instruction.id or 0)
    payment_flow.export_batch(c.context(), actor=finance)
    results = [payment_flow.BankResult(instruction.id or 0, True)]
    payment_flow.import_results(c.context(), actor=finance, results=results)
    return claim


@pytest.fixture
def november(container: Container) -> tuple[World, list[Claim]]:
    """Three claims reported in November 2026: one paid, one denied, one left open. Built by
    the use cases once per database and process (eleven tests, both databases), then from its
    snapshot (tests/world_snapshots.py), the uploaded materials' files put back in this test's
    file store."""
    world, claims = snapshotted(
        container.engine,
        ("november", container.clock.now().isoformat()),
        lambda: _november(container),
        keep=lambda built: (
            (built[0].policy, built[0].insured, built[0].users),
            built[1],
            _stored_files(container.files.root),
        ),
        rebuild=lambda kept: _put_back(container, deepcopy(kept)),
    )
    _at(world, datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    return world, claims


def _november(container: Container) -> tuple[World, list[Claim]]:
    world = a_world(container)
    _at(world, datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    paid = _paid(world)
    _at(world, datetime(2026, 11, 3, 1, 0, tzinfo=UTC))
    denied = _move(world, "specialist", _reviewed(world), S.DENIED, reason="不属于保险责任",
                   denial=Denial(("not_covered",), "第五条"))  # fmt: skip
    _at(world, datetime(2026, 11, 4, 1, 0, tzinfo=UTC))
    open_claim = _reviewed(world)
    return world, [paid, denied, open_claim]


def _stored_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _put_back(container: Container, kept: Any) -> tuple[World, list[Claim]]:
    world, claims, files = kept
    for content in files.values():
        container.files.put(content)  # content-addressed: the same names as in the build
    return World(container, *world), claims


def _independent_counts(container: Container) -> tuple[int, int, Decimal]:
    """Straight from the write side: reported in the Beijing month, settled, money paid."""
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        in_month = (ClaimRow.reported_at >= NOVEMBER.start, ClaimRow.reported_at < NOVEMBER.end)
        reported = session.execute(select(func.count()).where(*in_month)).scalar_one()
        settled = session.execute(
            select(func.count()).where(*in_month, ClaimRow.status.in_(("paid", "denied")))
        ).scalar_one()
        amounts = session.execute(
            select(PaymentInstructionRow.amount).where(PaymentInstructionRow.status == "paid")
        ).scalars()
        return reported, settled, sum(amounts, Decimal("0.00"))


def test_the_months_figures_reconcile_with_the_claims_in_the_database(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    world, _ = november
    body = client.get("/api/reports/monitoring", params={"month": "2026-11"},
                      headers=token_for(client, "manager")).json()  # fmt: skip
    total = next(line for line in body["figures"]["lines"] if line["line"] == "all")
    reported, settled, paid = _independent_counts(world.container)
    assert (total["reported"], total["closed"], Decimal(total["paid_amount"])) == (
        reported, settled, paid)  # fmt: skip
    assert (reported, settled) == (3, 2) and paid > 0
    assert total["open_at_end"] == 1 and body["generated_by"] == "manager"


def test_excel_has_chinese_headers_and_formatted_numbers(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    response = client.get("/api/reports/monitoring",
                          params={"month": "2026-11", "format": "xlsx"},
                          headers=token_for(client, "manager"))  # fmt: skip
    assert response.status_code == 200 and "2026-11.xlsx" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["时效监测汇总", "各环节处理时长", "时效达成率", "月末未结案件",
                               "超时未结案件清单", "当月赔付率"]  # fmt: skip
    assert [c.value for c in book["当月赔付率"][1]][:6] == [
        "险种", "已赚保费（元）", "已决赔款（元）", "未决赔款准备金（元）", "已发生赔款（元）",
        "赔付率",
    ]  # fmt: skip
    summary = book["时效监测汇总"]
    assert [c.value for c in summary[1]][:4] == ["险种", "报案件数", "立案件数", "结案件数"]
    total = next(row for row in summary.iter_rows(min_row=2) if row[0].value == "合计")
    assert (total[1].value, total[3].value) == (3, 2)
    assert total[7].number_format == "0.0%" and total[8].number_format == "#,##0.00"


def test_the_month_loss_ratio_by_line_is_the_management_figure(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    world, _ = november
    headers = token_for(client, "manager")
    client.put(f"/api/policies/{world.policy.id}/premium", headers=headers,
               json={"premium": "36500.00"})  # fmt: skip
    body = client.get("/api/reports/monitoring", params={"month": "2026-11"},
                      headers=headers).json()  # fmt: skip
    lines = {row["line"]: row for row in body["figures"]["loss_ratio"]}
    management = client.get("/api/management/loss-ratio", params={"month": "2026-11"},
                            headers=headers).json()  # fmt: skip
    (health,) = [r for r in management["rows"] if r["line"] == "health" and not r["product_code"]]
    assert lines["health"]["earned_premium"] == health["earned_premium"] == "3000.00"
    assert lines["health"]["loss_ratio"] == health["loss_ratio"]
    assert (lines["health"]["paid"], lines["health"]["reserve"]) == (health["paid"],
                                                                     health["reserve"])  # fmt: skip
    assert lines["all"]["earned_premium"] == "3000.00"


def test_pdf_renders_chinese_and_csv_opens_in_excel(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    headers = token_for(client, "manager")
    pdf = client.get("/api/reports/monitoring", params={"month": "2026-11", "format": "pdf"},
                     headers=headers)  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "理赔时效监测表" in text and "时效监测汇总" in text and "健康险" in text
    csv = client.get("/api/reports/monitoring", params={"month": "2026-11", "format": "csv",
                     "lang": "en"}, headers=headers)  # fmt: skip
    assert csv.content.startswith(b"\xef\xbb\xbf") and "Reported" in csv.content.decode("utf-8-sig")


def test_only_report_readers_may_generate_and_bad_months_are_refused(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    specialist = client.get("/api/reports/monitoring", params={"month": "2026-11"},
                            headers=token_for(client, "specialist"))  # fmt: skip
    assert specialist.status_code == 403
    bad = client.get("/api/reports/monitoring", params={"month": "2026-13"},
                     headers=token_for(client, "manager"))  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "MONTH_INVALID"


def test_a_submitted_report_is_kept_as_submitted(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    headers = token_for(client, "manager")
    first = client.get("/api/reports/monitoring", params={"month": "2026-11"}, headers=headers)
    submitted = client.post("/api/reports/monitoring/2026-11/submit", headers=headers).json()
    again = client.get("/api/reports/monitoring", params={"month": "2026-11"}, headers=headers)
    assert submitted["submitted_by"] == "manager" and submitted["version"] == 1
    assert again.json()["version"] == first.json()["version"] == 1
    (listed,) = client.get("/api/reports/monitoring/stored", headers=headers).json()
    assert listed["month"] == "2026-11" and listed["submitted_at"] is not None


def test_staff_set_and_clear_an_open_reason_audited_and_shown_in_the_report(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    world, (_paid_claim, denied, open_claim) = november
    headers = token_for(client, "specialist")
    body = {"code": "awaiting_third_party", "note": "等待医院出具诊断证明"}
    put = client.put(f"/api/claims/{open_claim.id}/open-reason", json=body, headers=headers)
    assert put.status_code == 204
    with world.container.uow() as uow:
        row = uow.session.get(ClaimMilestoneRow, open_claim.id)  # type: ignore[attr-defined]
        assert (row.open_reason, row.open_reason_note) == ("awaiting_third_party",
                                                            "等待医院出具诊断证明")  # fmt: skip
        actions = [r.entry.action for r in uow.audit.for_entity("claim", str(open_claim.id))]
    assert actions[-1] == "set_open_reason"
    figures = client.get("/api/reports/monitoring", params={"month": "2026-11"},
                         headers=token_for(client, "manager")).json()["figures"]  # fmt: skip
    assert {"line": "all", "key": "awaiting_third_party", "claims": 1} in figures["open_by_reason"]
    settled = client.put(f"/api/claims/{denied.id}/open-reason", json=body, headers=headers)
    assert settled.status_code == 409 and settled.json()["code"] == "OPEN_REASON_CLAIM_SETTLED"
    unknown = client.put(f"/api/claims/{open_claim.id}/open-reason", json={"code": "bored"},
                         headers=headers)  # fmt: skip
    assert unknown.status_code == 422
    assert client.delete(f"/api/claims/{open_claim.id}/open-reason",
                         headers=headers).status_code == 204  # fmt: skip
    with world.container.uow() as uow:
        row = uow.session.get(ClaimMilestoneRow, open_claim.id)  # type: ignore[attr-defined]
        assert row.open_reason is None


def test_the_monthly_job_makes_last_months_report_once(
    november: tuple[World, list[Claim]],
) -> None:
    c = november[0].container
    assert report_service.last_month_report(c.context(), figures=figure_source) is True
    assert report_service.last_month_report(c.context(), figures=figure_source) is False
    with c.uow() as uow:
        stored = uow.reports.get("2026-11")
    assert stored is not None and stored.generated_by == "system"


def test_cli_writes_the_excel_file(
    november: tuple[World, list[Claim]], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    c = november[0].container
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", c.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(c.settings.home))
    out = c.settings.home / "f.xlsx"
    result = runner.invoke(app, ["report", "monitoring", "--month", "2026-11", "--format",
                                 "xlsx", "--out", str(out), "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = load_workbook(out)["时效监测汇总"]
    assert next(r for r in summary.iter_rows(values_only=True) if r[0] == "合计")[1] == 3
    bad = runner.invoke(app, ["report", "monitoring", "--month", "2026-11", "--format", "doc"])
    assert bad.exit_code == 2 and "xlsx" in bad.output


def test_reports_page_shows_labels_and_downloads(
    november: tuple[World, list[Claim]], client: TestClient
) -> None:
    sign_in(client, "manager")
    page = client.get("/reports", params={"month": "2026-11"})
    assert page.status_code == 200 and "理赔时效监测表" in page.text
    generated = client.post("/reports/generate", data={"month": "2026-11", "csrf_token":
                            _token(page.text)}, follow_redirects=True)  # fmt: skip
    assert "报案→结案（全程）" in generated.text and "report_to_close" not in generated.text
    assert 'href="/reports/2026-11/monitoring.xlsx"' in generated.text
    english = client.get("/reports", params={"month": "2026-11", "lang": "en"})
    assert "Report → close (whole claim)" in english.text
    download = client.get("/reports/2026-11/monitoring.pdf")
    assert download.headers["content-type"] == "application/pdf"


def _token(html: str) -> str:
    from tests.integration.test_web_pages import _csrf

    return _csrf(html)


def test_the_dashboard_aggregates_the_milestones(
    november: tuple[World, list[Claim]],
) -> None:
    world, _ = november
    c = world.container
    figures = manager_dashboard(c.uow(), world.users["manager"], c.clock.now())
    (volume,) = figures.volume
    _, _, paid = _independent_counts(c)
    assert (volume.line, volume.month, volume.cases, volume.paid) == ("health", "2026-11", 3, paid)
    stages = {row.status: row for row in figures.stages}
    assert stages["reported"].claims == 3 and stages["adjudicated"].claims == 1
    assert {row.bucket: row.claims for row in figures.aging} == {"0–7": 0, "8–30": 1,
                                                                  "31–90": 0, ">90": 0}  # fmt: skip
    assert figures.aging[1].claimed == Decimal("1000.00")

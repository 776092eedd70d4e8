"""Column typing a data scientist can trust: dates parsed, ambiguity reported, missing tokens."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from claimdesk.fraud.columns import DropReason, InvalidTable, plan_columns, read_table
from claimdesk.fraud.dates import detect, parse
from claimdesk.fraud.encoding import encode, fit_encoder
from claimdesk.fraud.timesplit import chronological_mask

MINUTE = "%Y-%m-%d %H:%M"


@pytest.mark.parametrize(
    ("values", "fmt", "first"),
    [
        (["2026-11-01", "2025-01-30"], "iso", "2026-11-01 00:00"),
        (
            ["2026-11-01 08:30:00", "2025-01-30 23:00:00"],
            "iso-datetime",
            "2026-11-01 08:30",
        ),
        (["2026/11/01", "2025/01/30"], "yyyy/mm/dd", "2026-11-01 00:00"),
        (["01/11/2026", "30/01/2025"], "dd/mm/yyyy", "2026-11-01 00:00"),
        (["11/01/2026", "01/30/2025"], "mm/dd/yyyy", "2026-11-01 00:00"),
        (["2026年11月1日", "2025年1月30日"], "chinese", "2026-11-01 00:00"),
    ],
    ids=["iso", "iso_time", "ymd_slash", "day_first", "month_first", "chinese"],
)
def test_given_a_date_format_when_detected_then_parsed_to_the_right_day(
    values: list[str], fmt: str, first: str
) -> None:
    found = detect(pl.Series("incident", values))
    assert found is not None and found.format == fmt and not found.ambiguous
    assert parse(pl.Series("incident", values), fmt).dt.strftime(MINUTE)[0] == first


def test_given_excel_serials_in_a_date_named_column_when_detected_then_days_from_1899() -> None:
    column = pl.Series("claim_date", [45_000, 45_001])
    found = detect(column)
    assert found is not None
    assert parse(column, found.format).dt.strftime(MINUTE)[0] == "2023-03-15 00:00"
    assert detect(pl.Series("amount", [45_000, 45_001])) is None


def test_given_no_day_above_12_when_detected_then_ambiguous_and_the_plan_says_so() -> None:
    found = detect(pl.Series("d", ["01/02/2026", "03/04/2026", "12/11/2025"]))
    assert found is not None and found.ambiguous and "mm/dd/yyyy" in found.note


def test_given_unique_dates_when_planned_then_kept_as_dates_not_dropped_as_ids() -> None:
    days = [f"{d:02d}/{m:02d}/2025" for m in range(1, 13) for d in range(1, 29)]
    table = pl.DataFrame({"incident_date": days, "fraud": [i % 2 for i in range(len(days))]})
    plan = plan_columns(table, "fraud")
    assert [d.name for d in plan.dates] == ["incident_date"]
    assert "incident_date" not in plan.dropped


def test_given_two_dates_when_encoded_then_weekday_and_the_gap_in_days() -> None:
    table = pl.DataFrame(
        {
            "incident_date": ["2026-11-02", "2026-11-07", "?"],
            "report_date": ["2026-11-05", "2026-11-07", "2026-11-09"],
            "fraud": [0, 1, 0],
        }
    ).with_columns(pl.col("incident_date").replace("?", None))
    plan = plan_columns(table, "fraud")
    encoder = fit_encoder(table, plan)
    matrix = encode(encoder, table)
    gap = matrix[:, encoder.names.index("report_date-incident_date~days")]
    weekday = matrix[:, encoder.names.index("incident_date~weekday")]
    assert gap[:2].tolist() == [3.0, 0.0] and np.isnan(gap[2])
    assert weekday[:2].tolist() == [1.0, 6.0]  # Monday, Saturday


def test_given_missing_tokens_when_read_then_missing_not_a_category(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "region,amount,past,fraud\n?,100,none,0\n-,N/A,1 to 2,1\n"
        "无,null,none,0\nnorth,300,none,1\n",
        encoding="utf-8",
    )
    table = read_table(str(path))
    assert table["region"].null_count() == 3 and table["amount"].dtype.is_numeric()
    assert table["past"].to_list() == ["none", "1 to 2", "none", "none"]  # "none" is a value


def test_given_dated_rows_when_split_chronologically_then_by_parsed_day_not_text() -> None:
    # As text "31/12/2025" > "01/06/2026"; as dates it is earlier.
    table = pl.DataFrame(
        {
            "incident_date": ["31/12/2025", "01/06/2026", "15/01/2026", "28/02/2026"],
            "fraud": [0, 1, 1, 0],
        }
    )
    plan = plan_columns(table, "fraud", time_column="incident_date")
    mask = chronological_mask(table, plan, "incident_date", "2026-01-31")
    assert mask.to_list() == [True, False, True, False]


def test_given_an_unparseable_time_column_when_split_then_refused_in_both_languages() -> None:
    table = pl.DataFrame({"when": ["soon", "later", "never", "soon"], "fraud": [0, 1, 1, 0]})
    plan = plan_columns(table, "fraud", time_column="when")
    assert plan.dropped["when"] is DropReason.TIME_COLUMN
    with pytest.raises(InvalidTable, match=r"时间列.*neither dates nor numbers"):
        chronological_mask(table, plan, "when", "later")

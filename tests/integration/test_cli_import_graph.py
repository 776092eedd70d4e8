"""`claimdesk --help` and `claimdesk adjudicate one.json` load no heavy library (issue 17).

Each case runs the real entry point in a fresh interpreter and lists the top-level modules
it loaded; web, database, dataframe and machine-learning libraries load only in the commands
that use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk.rules.loader import packaged_products_dir

EXAMPLE = packaged_products_dir() / "examples" / "tianan-group-medical"
HEAVY = {
    "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "jinja2",
    "polars", "numpy", "sklearn", "lightgbm", "networkx", "openpyxl", "reportlab", "httpx",
    "jieba", "pydantic_settings", "babel", "mlxtend", "pandas", "matplotlib", "scipy",
}  # fmt: skip
PROBE = """
import json, sys
sys.argv = ["claimdesk", *json.loads(sys.argv[1])]
from claimdesk.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
with open(OUT, "w") as out:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, out)
"""


def loaded_by(arguments: list[str], tmp_path: Path) -> tuple[object, set[str]]:
    out = tmp_path / "modules.json"
    probe = PROBE.replace("OUT", repr(str(out)))
    subprocess.run(
        [sys.executable, "-c", probe, json.dumps(arguments)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    return report["code"], set(report["modules"])


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["adjudicate", "--help"], ["calendar", "--help"],
     ["adjudicate", str(EXAMPLE / "outpatient-deductible-and-supply-limit.json")]],
    ids=["help", "adjudicate-help", "calendar-help", "adjudicate-one-claim"],
)  # fmt: skip
def test_given_a_light_command_then_no_heavy_library_is_imported(
    arguments: list[str], tmp_path: Path
) -> None:
    code, modules = loaded_by(arguments, tmp_path)
    assert code in (0, None)
    assert "claimdesk" in modules
    assert modules & HEAVY == set()


def test_given_db_upgrade_then_only_the_migrations_are_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`db upgrade` (and the parent of `serve --workers N`, same `migrate`) loads Alembic and
    the tables, not the composition root: no web app, dataframes or arrays."""
    monkeypatch.setenv("CLAIMDESK_HOME", str(tmp_path / "home"))
    # Throw-away data: without the ~900 fsyncs of migrating a fresh home (the same modules).
    monkeypatch.setenv("CLAIMDESK_SQLITE_SYNCHRONOUS", "NORMAL")
    monkeypatch.delenv("CLAIMDESK_DATABASE_URL", raising=False)
    code, modules = loaded_by(["db", "upgrade"], tmp_path)
    assert code in (0, None)
    assert (tmp_path / "home" / "claimdesk.db").is_file()  # it did migrate
    assert {"alembic", "sqlalchemy"} <= modules
    assert modules & {"fastapi", "starlette", "polars", "numpy", "jinja2"} == set()


def test_given_a_columnar_file_then_polars_is_imported_so_the_probe_can_see_it(
    tmp_path: Path,
) -> None:
    table = tmp_path / "lines.csv"
    table.write_text("product,claim_id\n", encoding="utf-8")
    _, modules = loaded_by(["adjudicate", str(table)], tmp_path)
    assert "polars" in modules


MODEL_LIBRARIES = {"lightgbm", "sklearn", "scipy"}
SPREADSHEETS = {"openpyxl"}  # on the first Excel upload or download
SERVER_PROBE = """
import json, sys
from pathlib import Path
from claimdesk.bootstrap import build_app, build_container, migrate
from claimdesk.config import Settings
settings = Settings(home=Path(HOME), secret_key="import-probe-key", sqlite_synchronous="NORMAL")
migrate(settings)
container = build_container(settings, fast_hashing=True)
container.refit_estimator()  # as a server starts: too few settled claims, nothing fitted
build_app(container)
with open(OUT, "w") as out:
    json.dump({"model_loaded": container.fraud_model is not None,
               "modules": sorted({m.split(".")[0] for m in sys.modules})}, out)
"""


def test_given_a_server_starting_then_no_model_library_is_imported(tmp_path: Path) -> None:
    """LightGBM, scikit-learn and SciPy load only where a model is trained or scored: every
    server and CLI process the tests (and deployments) start used to pay about a second of
    CPU importing them; openpyxl (~0.2 s) only where a spreadsheet is read or written. The
    server starts with a retrained model on disk: loaded, not yet scored (without one it
    does less: `stored_model` returns before loading anything)."""
    home = tmp_path / "home"
    _save_a_claims_model(home / "fraud_model.json")
    out = tmp_path / "modules.json"
    probe = SERVER_PROBE.replace("HOME", repr(str(home))).replace("OUT", repr(str(out)))
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, timeout=120)
    report = json.loads(out.read_text(encoding="utf-8"))
    modules = set(report["modules"])
    assert {"claimdesk", "fastapi", "sqlalchemy"} <= modules  # the app was really built
    assert report["model_loaded"]
    assert modules & MODEL_LIBRARIES == set()
    assert modules & SPREADSHEETS == set()


def _save_a_claims_model(path: Path) -> None:
    """A stored-claims model file as a retrain writes it (trained here, in the test, and
    small: only its loading is probed)."""
    from claimdesk.fraud.claim_features import claim_plan, synthetic_claim_table
    from claimdesk.fraud.model import save_model, train_model
    from claimdesk.services.fraud.scoring import CLAIM_MODEL_PARAMS

    path.parent.mkdir(parents=True)
    params = {**CLAIM_MODEL_PARAMS, "n_estimators": 5}
    save_model(train_model(synthetic_claim_table(rows=200), claim_plan(), params), path)

"""tests/prewarm.py writes what pytest and Hypothesis would compute in each worker: the same
rewritten code where pytest reads it, and Hypothesis' Unicode tables where it looks."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from _pytest.assertion.rewrite import AssertionRewritingHook, _read_pyc, _rewrite_test

from tests import prewarm

SAMPLES = (
    Path(__file__),
    prewarm.TESTS / "conftest.py",
    prewarm.TESTS / "integration" / "test_contract_schemathesis.py",
)


@pytest.mark.parametrize("source", SAMPLES, ids=lambda path: path.name)
def test_a_prewarmed_module_is_what_pytest_itself_would_rewrite(
    source: Path, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    pyc = prewarm.write_rewritten(copy)
    assert pyc == prewarm.rewritten_pyc(copy) and pyc.parent == tmp_path / "__pycache__"
    cached = _read_pyc(copy, pyc)
    assert cached is not None, "pytest would not accept the prewarmed file"
    assert cached == _rewrite_test(copy, pytestconfig)[1]
    assert "@pytest_ar" in cached.co_names  # the rewrite's own import: asserts were rewritten
    copy.write_text(copy.read_text() + "\n# changed\n")
    assert _read_pyc(copy, pyc) is None, "a changed source must be rewritten again"


def test_every_module_pytest_rewrote_in_this_process_is_prewarmed() -> None:
    listed = set(prewarm.rewritten_modules())
    rewritten = {
        Path(module.__file__).resolve()
        for module in list(sys.modules.values())
        if isinstance(getattr(module, "__loader__", None), AssertionRewritingHook)
        and module.__file__ is not None
        and prewarm.TESTS in Path(module.__file__).resolve().parents
    }
    assert rewritten and rewritten <= listed, sorted(map(str, rewritten - listed))
    assert Path(__file__).resolve() in listed and prewarm.TESTS / "prewarm.py" not in listed


def test_the_unicode_tables_are_where_hypothesis_reads_them() -> None:
    from hypothesis.internal import charmap

    prewarm.warm_unicode_tables()
    for codec in prewarm.CODECS:
        assert charmap.charmap_file(f"codec-v2-{codec}").is_file()


def test_the_imports_are_those_at_the_top_of_the_test_modules(tmp_path: Path) -> None:
    module = tmp_path / "test_sample.py"
    module.write_text(
        "import os, json\nfrom pathlib import Path\nfrom . import sibling\n"
        "def test_x() -> None:\n    import decimal\n"
    )
    assert prewarm.imported_by([module]) == ["json", "os", "pathlib"]
    assert "claimdesk.bootstrap" in prewarm.imported_by([prewarm.TESTS / "conftest.py"])

"""Caches every xdist worker would otherwise fill for itself, filled once before the suite
(`.ci/run` runs `python -m tests.prewarm` beside the lint, as it runs `compileall` for plain
bytecode).

- **Assertion-rewritten test modules.** Each worker collects every test module, and pytest
  rewrites the asserts of each one it imports (about 4 s of CPU per worker over ~330 files).
  It keeps the result in `__pycache__/*.cpython-311-pytest-<version>.pyc`, checked against the
  source's hash, but on a fresh clone there is none yet and the workers start together, so
  both rewrite everything. Here the same rewrite (pytest's own functions) is written where
  pytest looks for it; a file that changed since, or another pytest version, is simply
  rewritten again by pytest as before.
- **Bytecode of what the test modules import** (SQLAlchemy, FastAPI, pydantic, scikit-learn,
  schemathesis …): uv installs packages without it, and both workers would compile the same
  modules at once (≈ 9.5 s of CPU each). Imported here once, so Python writes it, when the
  environment lets it write bytecode (`.ci/run` does).
- **Hypothesis' Unicode tables** (`.hypothesis/unicode_data/`): the characters a codec can
  encode, computed by trying all 1.1 million code points (about 1.4 s for UTF-8, the codec
  schemathesis draws strings from) on a worker's first generated string, and kept there.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from _pytest.assertion.rewrite import PYC_TAIL, _rewrite_test, _write_pyc_fp, get_cache_dir

TESTS = Path(__file__).resolve().parent
# What the suite generates strings with: schemathesis' default codec (no operation takes a
# header parameter, so its ASCII header values are never drawn).
CODECS = ("utf-8",)


def rewritten_modules(root: Path = TESTS) -> Iterator[Path]:
    """The files pytest rewrites on import: test modules (default `python_files`) and conftests."""
    for path in sorted(root.rglob("*.py")):
        name = path.name
        if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
            yield path


def rewritten_pyc(path: Path) -> Path:
    return get_cache_dir(path) / (path.name[:-3] + PYC_TAIL)


def write_rewritten(path: Path) -> Path:
    """pytest's rewrite of one module, written atomically where pytest reads it."""
    # No config: it only switches on `enable_assertion_pass_hook`, which this project leaves off.
    source_hash, code = _rewrite_test(path, None)  # type: ignore[arg-type]
    pyc = rewritten_pyc(path)
    pyc.parent.mkdir(exist_ok=True)
    partial = pyc.with_name(f"{pyc.name}.{os.getpid()}")
    with open(partial, "wb") as out:
        _write_pyc_fp(out, source_hash, code)
    os.replace(partial, pyc)
    return pyc


def imported_by(paths: list[Path]) -> list[str]:
    """The absolute module imports at the top of these files (what collecting them imports)."""
    names: set[str] = set()
    for path in paths:
        for node in ast.parse(path.read_bytes()).body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(names)


def compile_imports(paths: list[Path]) -> int:
    """Import what the test modules import, so that Python writes its bytecode; a module that
    cannot be imported here (a test directory's own helper) is left to the worker."""
    if sys.dont_write_bytecode:
        return 0
    sys.path.insert(0, str(TESTS.parent))
    loaded = 0
    for name in imported_by(paths):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
            loaded += 1
    return loaded


def warm_unicode_tables() -> None:
    from hypothesis.internal import charmap

    charmap.charmap()
    for codec in CODECS:
        charmap.intervals_from_codec(codec)


def main() -> int:
    modules = list(rewritten_modules())
    for path in modules:
        write_rewritten(path)
    warm_unicode_tables()
    loaded = compile_imports(modules)
    print(f"prewarm: {len(modules)} rewritten test modules, Unicode tables for {CODECS},")
    print(f"         {loaded} modules imported for their bytecode")
    return 0


if __name__ == "__main__":
    sys.exit(main())

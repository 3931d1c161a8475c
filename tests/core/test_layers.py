"""The layers of DESIGN.md, checked by import-linter on every test run (as `make lint` does).

The second test shows the check can fail: the same project against a contract that puts
agencies below accounts breaks on the real imports (agencies reads accounts).
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

BROKEN_ORDER = """
[tool.importlinter]
root_packages = ["povertyprog", "events", "households", "agencies"]

[[tool.importlinter.contracts]]
id = "layers"
name = "Layers in the wrong order"
type = "layers"
layers = [
    "povertyprog.urls : povertyprog.dashboard : povertyprog.demo",
    "events",
    "households",
    "povertyprog.areas : povertyprog.accounts : povertyprog.audit : povertyprog.thai",
    "agencies",
    "povertyprog.core",
]
"""


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_layers_contract_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Imports point down only (DESIGN.md) KEPT" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text(BROKEN_ORDER)
    result = lint_imports(str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Layers in the wrong order BROKEN" in result.stdout
    # agencies reads accounts (its selectors ask for the user's scope), now above it.
    assert "agencies is not allowed to import povertyprog.accounts" in result.stdout


@pytest.mark.parametrize(
    "module",
    ["povertyprog.areas", "povertyprog.accounts", "povertyprog.audit", "povertyprog.core"],
)
def test_the_core_imports_no_app(module):
    """The same rule as the contract, said of each core package in the test's own words."""
    root = Path(settings.BASE_DIR, *module.split("."))
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {line.strip()}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for line in path.read_text().splitlines()
        if line.strip().startswith(("from agencies", "from households", "from events"))
        or line.strip().startswith(("import agencies", "import households", "import events"))
        or "povertyprog.dashboard" in line
        or "povertyprog.demo" in line
    ]
    assert offenders == []

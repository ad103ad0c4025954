"""The import contracts of .importlinter hold, and a contract that the code breaks fails the check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(config)], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_projects_contracts_are_kept() -> None:
    result = _lint(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_across_a_forbidden_boundary_fails_the_check(tmp_path: Path) -> None:
    """Progress reads clients through clients' service today; a contract forbidding that is reported broken,
    with the importing line, which is how make lint fails when a domain reaches into another."""
    config = tmp_path / "contracts.ini"
    config.write_text(
        "[importlinter]\nroot_package = fitnesscrm\n\n"
        "[importlinter:contract:x]\nname = progress may not use clients\ntype = forbidden\n"
        "source_modules =\n    fitnesscrm.progress\nforbidden_modules =\n    fitnesscrm.clients\n"
    )
    result = _lint(config)
    assert result.returncode == 1
    assert "progress may not use clients BROKEN" in result.stdout
    assert "fitnesscrm.progress.policy -> fitnesscrm.clients.service" in result.stdout


def _without_debt_line(tmp_path: Path, line: str) -> Path:
    """The project's contracts with one listed exception taken out: as if that import were new."""
    text = (ROOT / ".importlinter").read_text()
    assert f"    {line}\n" in text
    config = tmp_path / "contracts.ini"
    config.write_text(text.replace(f"    {line}\n", "", 1))
    return config


def test_reading_another_domains_tables_fails_the_check(tmp_path: Path) -> None:
    result = _lint(_without_debt_line(tmp_path, "fitnesscrm.training.demo -> fitnesscrm.clients.models"))
    assert result.returncode == 1
    assert "a domain's tables are its own: other domains use its service BROKEN" in result.stdout
    assert "fitnesscrm.training.demo -> fitnesscrm.clients.models" in result.stdout


def test_a_cycle_between_domains_fails_the_check(tmp_path: Path) -> None:
    """Progress builds on training; training importing progress closes a cycle. The import is written into a copy
    of the package, which the check then reads instead of the installed one."""
    copy = tmp_path / "fitnesscrm"
    shutil.copytree(ROOT / "src" / "fitnesscrm", copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "training" / "demo.py"
    module.write_text(module.read_text() + "\nfrom ..progress import demo as progress_demo  # noqa: E402, F401\n")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / ".importlinter")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no cycles between packages" in result.stdout
    assert "BROKEN" in result.stdout
    assert "- .training -> .progress (1 import)" in result.stdout

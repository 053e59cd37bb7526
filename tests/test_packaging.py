"""The project's own consistency: environments agree, the CLI is documented, the API resolves."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

import helpers
from helpers.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_deps() -> tuple[list[str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return conda, pip


def test_environment_yml_equals_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(d): d.replace(" ", "") for d in project["dependencies"]}
    conda, pip = _conda_deps()
    env = {_name(d): d.replace(" ", "") for d in conda if _name(d) not in ("python", "pip")}
    env.update({_name(d): d.replace(" ", "") for d in pip if not d.startswith("-e")})
    assert env == declared
    assert pip[-1].startswith("-e ."), "environment.yml ends in pip: [-e .]"
    assert "python=3.11" in conda


def test_model_pin_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = (ROOT / "requirements" / "model.txt").read_text()
    line = next(d for d in project["dependencies"] if d.startswith("en-core-web-sm"))
    assert line in pinned and "--hash=sha256:" in pinned


def test_every_cli_command_is_documented_and_available() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    readme = (ROOT / "README.md").read_text()
    for name, command in sub.choices.items():
        assert f"corpus-atlas {name}" in readme, f"`corpus-atlas {name}` is not in the README"
        assert "unavailable" not in (command.description or "") + str(
            sub._name_parser_map[name].format_help()
        )


@pytest.mark.parametrize("name", helpers.__all__)
def test_public_api_resolves(name: str) -> None:
    assert getattr(helpers, name) is not None


def test_readme_credits_geonames() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "GeoNames" in readme and "CC BY 4.0" in readme

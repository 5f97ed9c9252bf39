"""The repository keeps its promises: one dependency list, every chapter listed and importable."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _normalize(spec):
    return re.sub(r"\s+", "", spec).lower()


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    from_pyproject = {_normalize(s) for s in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        from_pyproject |= {_normalize(s) for s in extra}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    from_conda = {_normalize(s) for s in env["dependencies"]
                  if isinstance(s, str) and not re.match(r"^(python|pip)\b(?!-)", s)}
    assert from_conda == from_pyproject, (
        f"only in environment.yml: {sorted(from_conda - from_pyproject)}; "
        f"only in pyproject.toml: {sorted(from_pyproject - from_conda)}")
    pip = next(s["pip"] for s in env["dependencies"] if isinstance(s, dict))
    assert pip == ["-e ."]


def test_book_toml_lists_exactly_the_notebooks():
    book = tomllib.loads((ROOT / "book.toml").read_text())
    listed = book["book"]["chapters"]
    assert len(listed) == len(set(listed)), "a chapter is listed twice"
    on_disk = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(listed) == on_disk
    assert {"title", "authors", "license"} <= set(book["book"])


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "conda env create -f environment.yml" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)

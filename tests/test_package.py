"""The snippets package installs with pip: numpy is its only dependency, matplotlib (and pillow)
an extra for the figure modules, and the declared versions agree with the code and the lock file."""

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
MODULES = sorted(p for p in (ROOT / "snippets").glob("*.py") if p.name != "__init__.py")
DISTRIBUTIONS = {"PIL": "pillow"}  # import name -> the distribution that provides it
NOT_COPIED = (
    ".git",
    ".venv",
    ".cache",
    "node_modules",
    "site",
    "build",
    "*.egg-info",
    "__pycache__",
)


def third_party(module: Path) -> set[str]:
    """Top-level packages ``module`` imports that are neither the standard library nor ours."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module.split(".")[0])
    found -= set(sys.stdlib_module_names) | {"snippets", "__future__"}
    return {DISTRIBUTIONS.get(name, name) for name in found}


def needs_matplotlib(module: Path) -> bool:
    """Whether ``module``, or a snippets module it imports, imports matplotlib."""
    text = module.read_text(encoding="utf-8")
    if "matplotlib" in third_party(module):
        return True
    local = re.findall(r"^(?:from|import) (?:snippets\.|\.)(\w+)", text, re.M)
    return any(needs_matplotlib(ROOT / "snippets" / f"{name}.py") for name in local)


def lower_bound(requirement: str) -> tuple[str, str]:
    name, bound = re.fullmatch(r"([\w-]+)>=([\d.]+)", requirement).groups()
    return name, bound


def test_dependencies_declare_exactly_what_the_code_imports_at_the_locked_versions():
    lock = dict(re.findall(r"^([\w-]+)==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M))
    required = dict(map(lower_bound, PYPROJECT["dependencies"]))
    extras = dict(map(lower_bound, PYPROJECT["optional-dependencies"]["figures"]))
    imported = {m.stem: third_party(m) for m in MODULES}
    assert set(required) == {"numpy"}
    assert set().union(*imported.values()) == set(required) | set(extras)
    for name, bound in {**required, **extras}.items():
        # The lower bound is the locked minor version: the one the suite runs.
        assert lock[name].startswith(bound + "."), (name, bound, lock[name])


def test_pip_install_in_a_fresh_environment_gives_snippets_with_numpy_alone(tmp_path):
    source = tmp_path / "repository"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_COPIED))
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True)
    python = env / "bin" / "python"
    # This environment's pip installs into the new one (`--python`): nothing but what the
    # package pulls in lands there. Wheels come from pip's cache after the first run.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
         "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    plain = [m.stem for m in MODULES if not needs_matplotlib(m)]
    assert "dropout" in plain
    check = (
        "import importlib, importlib.metadata as metadata, sys\n"
        "import numpy as np\n"
        "from snippets.dropout import dropout\n"
        "assert dropout(np.ones(4), 0.0, rng=0).tolist() == [1.0] * 4\n"
        f"for name in {plain!r}: importlib.import_module('snippets.' + name)\n"
        "print(sorted(d.metadata['Name'] for d in metadata.distributions()))\n"
        "print(metadata.requires('ml-numpy-snippets'))\n"
    )
    result = subprocess.run(
        [python, "-I", "-c", check], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    distributions, requires = result.stdout.splitlines()
    assert distributions == "['ml-numpy-snippets', 'numpy']"
    plain_requires = [r for r in ast.literal_eval(requires) if "extra ==" not in r]
    assert plain_requires == PYPROJECT["dependencies"]

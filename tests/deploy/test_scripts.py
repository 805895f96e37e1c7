"""The shell scripts that the Makefile runs parse, and say only what it evaluates."""

import contextlib
import os
import re
import shutil
import signal
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPTS = sorted((ROOT / "scripts").glob("*.sh"))
BASH = shutil.which("bash")
EXPORT_LINE = re.compile(r"^export [A-Z_]+=\S+$")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_script_parses(script):
    result = subprocess.run(
        [BASH, "-n", str(script)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def chatty_tools(folder):
    """Stand-ins for the system tools that all write noise on standard output.

    `su` answers "1" so the script believes the role and database exist;
    `redis-cli` succeeds so it believes Redis answers; the others only talk.
    """
    tools = {
        "apt-get": "echo 'Cluster apt noise'",
        "pg_ctlcluster": "echo 'Cluster is already running.'",
        "pg_createcluster": "echo 'Creating new PostgreSQL cluster 15/main ...'",
        "pg_lsclusters": "echo 'Ver Cluster Port Status'",
        "pg_isready": "echo 'accepting connections'",
        "su": "echo 'Cluster role check'; echo 1",
        "redis-cli": "echo PONG",
        "redis-server": "echo 'Server started'",
    }
    for name, body in tools.items():
        path = folder / name
        path.write_text(f"#!/bin/sh\n{body}\nexit 0\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)


# The script reads the installed PostgreSQL version from this folder.
needs_postgresql = pytest.mark.skipif(
    not Path("/usr/lib/postgresql").is_dir(),
    reason="PostgreSQL is not installed, so the script would install it",
)


@needs_postgresql
def test_ci_services_writes_only_export_lines_on_standard_output(tmp_path):
    """`eval "$(bash scripts/ci-services.sh)"` runs only assignments: every tool's
    chatter (here, stand-ins that print "Cluster ..." like pg_ctlcluster does) ends on
    standard error."""
    chatty_tools(tmp_path)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    result = subprocess.run(
        [BASH, str(ROOT / "scripts" / "ci-services.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("=")[0] for line in lines] == [
        "export DATABASE_URL",
        "export REDIS_URL",
    ]
    assert all(EXPORT_LINE.match(line) for line in lines), lines
    assert "Cluster" in result.stderr


@needs_postgresql
def test_evaluating_the_output_sets_the_urls_and_runs_nothing_else(tmp_path):
    """The Makefile's own use of the script, with stand-in tools: the shell that
    evaluates the output ends with both URLs set and no command-not-found error."""
    chatty_tools(tmp_path)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [
            BASH,
            "-c",
            'set -e; out=$(bash scripts/ci-services.sh 2>/dev/null); eval "$out"; '
            "bash -c 'echo \"$DATABASE_URL $REDIS_URL\"'",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.split() == [
        "postgres://microscope:microscope@127.0.0.1:5432/microscope",
        "redis://127.0.0.1:6379/1",
    ]


@needs_postgresql
def test_a_server_the_script_starts_does_not_hold_the_callers_output_open(tmp_path):
    """PostgreSQL and Redis outlive the script. A daemon left holding the pipe
    of ``$(bash scripts/ci-services.sh)`` keeps the caller waiting for ever:
    the first CI run on a machine where neither was running hung so until its
    time ran out. Here the stand-in pg_ctlcluster leaves a process behind, as
    the real one leaves the server."""
    chatty_tools(tmp_path)
    pids = tmp_path / "daemon.pid"
    daemon = tmp_path / "pg_ctlcluster"
    daemon.write_text(
        "#!/bin/sh\necho 'Removed stale pid file.'\n"
        f"sleep 300 >/dev/null 2>&1 </dev/null &\necho $! > {pids}\nexit 0\n"
    )
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    try:
        result = subprocess.run(
            [BASH, "-c", 'out=$(bash scripts/ci-services.sh 2>/dev/null); echo "$out"'],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        if pids.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pids.read_text()), signal.SIGTERM)
    assert result.returncode == 0, result.stderr
    assert "export DATABASE_URL=" in result.stdout

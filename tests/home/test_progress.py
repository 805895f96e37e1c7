"""Long commands say how far they have gone, and nothing at --verbosity 0."""

import io

import pytest
from django.core.management import call_command

from home.progress import Progress
from people import services


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_a_line_at_most_every_ten_seconds_and_one_at_the_end():
    out, clock = io.StringIO(), Clock()
    with Progress(out, "Import", total=300, clock=clock, unit="rows") as progress:
        for _ in range(25):
            clock.now += 1  # 25 s in all, 12 rows a second
            progress.advance(12)
    lines = out.getvalue().splitlines()
    assert lines == [
        "Import: 120/300 rows so far (12/s, 10 s)",
        "Import: 240/300 rows so far (12/s, 20 s)",
        "Import: 300/300 rows done (12/s, 25 s)",
    ]


def test_a_short_run_prints_no_progress_line():
    out = io.StringIO()
    with Progress(out, "Import", clock=Clock()) as progress:
        progress.advance(5)
    assert out.getvalue() == ""


def test_a_terminal_gets_a_bar_with_count_and_rate():
    out = Terminal()
    with Progress(out, "Import", total=5, unit="rows") as progress:
        for _ in range(5):
            progress.advance()
    shown = out.getvalue()
    assert "Import" in shown and "5/5" in shown and "rows/s" in shown


def test_verbosity_zero_prints_nothing_even_on_a_terminal():
    out, clock = Terminal(), Clock()
    with Progress(out, "Import", total=50, verbosity=0, clock=clock) as progress:
        for _ in range(50):
            clock.now += 1
            progress.advance()
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_the_commands_stay_silent_at_verbosity_zero(initial_data, tmp_path):
    grace = services.register(full_name="Grace Hopper", email="grace@example.org")
    services.erase(grace, source="test")
    csv = tmp_path / "people.csv"
    csv.write_text(
        "full_name,email,laboratory,address,country\n"
        "Ada Lovelace,ada@example.org,LABGeM,,FR\n"
    )
    for command, args in (
        ("replay_erasures", []),
        ("purge_personal_data", ["--dry-run"]),
        ("import_registered_users", [str(csv)]),
    ):
        out = io.StringIO()
        call_command(command, *args, verbosity=0, stdout=out, stderr=io.StringIO())
        assert out.getvalue() == "", command
        loud = io.StringIO()
        call_command(command, *args, verbosity=1, stdout=loud, stderr=io.StringIO())
        assert loud.getvalue(), command

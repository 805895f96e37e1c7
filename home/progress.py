"""How far a long command has gone.

On a terminal, a progress bar with the count and the rate (tqdm); when the
output goes to a file or a log (cron, the scheduler), one plain line at most
every ``every`` seconds and one at the end; with ``--verbosity 0``, nothing.
Only counts are printed, never what is counted (no address, no name).
"""

import time

from tqdm import tqdm


def underlying(stream):
    """The real file behind Django's ``OutputWrapper``."""
    return getattr(stream, "_out", stream)


class Progress:
    def __init__(
        self,
        stream,
        label,
        *,
        total=None,
        verbosity=1,
        unit="rows",
        every=10.0,
        clock=time.monotonic,
    ):
        self.stream = underlying(stream)
        self.label = label
        self.total = total
        self.unit = unit
        self.every = every
        self.clock = clock
        self.count = 0
        self.started = clock()
        self.last_line = self.started
        self.silent = verbosity == 0
        self.bar = None
        if not self.silent and self.is_terminal():
            self.bar = tqdm(
                total=total,
                desc=label,
                unit=f" {unit}",
                file=self.stream,
                dynamic_ncols=True,
                leave=True,
            )

    def is_terminal(self):
        isatty = getattr(self.stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def advance(self, count=1):
        if not count:
            return
        self.count += count
        if self.silent:
            return
        if self.bar is not None:
            self.bar.update(count)
            return
        now = self.clock()
        if now - self.last_line >= self.every:
            self.last_line = now
            self.write_line(now)

    def rate(self, now):
        elapsed = now - self.started
        return self.count / elapsed if elapsed > 0 else 0.0

    def write_line(self, now, final=False):
        done = f"{self.count:,}" + (f"/{self.total:,}" if self.total else "")
        ending = "done" if final else "so far"
        self.stream.write(
            f"{self.label}: {done} {self.unit} {ending} "
            f"({self.rate(now):,.0f}/s, {now - self.started:,.0f} s)\n"
        )
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()

    def close(self):
        if self.silent:
            return
        if self.bar is not None:
            self.bar.close()
            self.bar = None
            return
        if self.count and self.last_line != self.started:
            # Lines were printed along the way: say where it ended.
            self.write_line(self.clock(), final=True)

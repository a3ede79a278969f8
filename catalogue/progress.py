import sys


class ProgressBar:
    """A one-line progress bar for management commands.

    On a terminal it redraws in place; in a log (CI) it prints a line every 10%.
    """

    def __init__(self, total, label, stream=None, width=30):
        self.total, self.label, self.width = max(total, 0), label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def advance(self, step=1):
        self.done = min(self.done + step, self.total)
        fraction = self.done / self.total if self.total else 1
        if self.interactive:
            filled = int(self.width * fraction)
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r{self.label:<12} [{bar}] {self.done}/{self.total}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            decile = int(fraction * 10)
            if decile != self._last_decile and (decile > self._last_decile):
                self._last_decile = decile
                self.stream.write(
                    f"{self.label}: {self.done}/{self.total} ({int(fraction * 100)}%)\n"
                )
                self.stream.flush()

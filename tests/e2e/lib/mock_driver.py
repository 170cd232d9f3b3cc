"""Drives a running warren_mock_cluster from a test script: commands go into its stdin FIFO, its
answers (`ok ...` / `error ...` lines) are read back from the file its stdout goes to. One copy for
lib/status_scenario.py and burrow/scenario.py.

Import it from a script run as `python3 path/to/script.py` with its directory on sys.path and
bytecode writing off (no __pycache__ in the source tree):

    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
    from mock_driver import MockDriver, MockError
"""

import os
import time


class MockError(RuntimeError):
    """The mock cluster did not answer every command in time, or refused one."""


class MockDriver:
    """Commands into the mock's stdin FIFO; its answers (`ok ...` / `error ...`) from its stdout."""

    def __init__(self, fifo, out_path, timeout):
        self.out_path = out_path
        self.timeout = timeout
        self.answered = len(self._answers())
        # Non-blocking open: fails at once (ENXIO) instead of hanging when nobody reads the FIFO.
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        self.fifo = os.fdopen(fd, "w", buffering=1)

    def _answers(self):
        with open(self.out_path) as f:
            return [line.rstrip("\n") for line in f if line.startswith(("ok ", "error "))]

    def send(self, lines):
        """Writes the commands and waits (up to timeout seconds) for one answer each; returns the
        new answers. Raises MockError on a missing answer or an `error ...` answer."""
        for line in lines:
            self.fifo.write(line + "\n")
        self.fifo.flush()
        deadline = time.monotonic() + self.timeout
        while True:
            answers = self._answers()
            if len(answers) >= self.answered + len(lines):
                break
            if time.monotonic() > deadline:
                got = len(answers) - self.answered
                raise MockError(f"the mock cluster answered {got} of {len(lines)} commands within {self.timeout:.0f}s")
            time.sleep(0.05)
        new = answers[self.answered:]
        self.answered = len(answers)
        errors = [a for a in new if a.startswith("error ")]
        if errors:
            raise MockError("the mock cluster refused: " + "; ".join(errors))
        return new

    def close(self):
        self.fifo.close()

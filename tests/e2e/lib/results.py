"""Result lines shared by the Python checks: `ok   - ...` / `FAIL - ...` per check and a closing
`N passed, M failed`, the same format as the shell tests' tests/e2e/lib/checks.sh."""

counts = {"passed": 0, "failed": 0}


def ok(what):
    counts["passed"] += 1
    print("ok   - " + what)


def fail(what):
    counts["failed"] += 1
    print("FAIL - " + what)


def check(what, cond, detail=""):
    """Records one check; `detail` (any value) is appended to a failure. Returns `cond`."""
    if cond:
        ok(what)
    else:
        fail(what + (": " + str(detail) if detail not in ("", None) else ""))
    return cond


def summary():
    """Prints the closing line; returns the exit status (1 if anything failed)."""
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0

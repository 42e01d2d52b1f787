#!/usr/bin/env python3
"""Prints 'N passed, N failed' over every test case of a meson test run,
counting the subtests of TAP tests rather than the executables."""
import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        result = json.loads(line)
        tap = [m for m in re.finditer(r"^(ok|not ok) \d+[^\n]*$", result.get("stdout") or "", re.M)]
        if tap:
            for m in tap:
                if "# SKIP" in m.group(0):
                    skipped += 1
                elif m.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
            if result["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(
                    m.group(1) == "not ok" for m in tap):
                failed += 1  # crashed after its last reported case
        elif result["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result["result"] == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")

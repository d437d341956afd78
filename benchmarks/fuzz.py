"""How many malformed inputs the fuzz harness makes per input family, and what it found.

Runs ``tests/test_fuzz.py`` under pytest with ``--hypothesis-show-statistics`` in the chosen
profile (``ci`` is what ``make test`` runs, ``long`` what ``make fuzz`` runs), and adds up the
passing examples Hypothesis reports for each family's tests; the crafted documents and the
truncations at every record boundary are counted from ``tests/fuzz.py`` itself. Any failing test
is a finding: the script prints pytest's summary and exits 1.

    python -m benchmarks.fuzz [--profile ci|long] [--json [OUT]]

Target: at least 1,000 malformed inputs per family in ``make test`` and 10,000 in ``make fuzz``,
with no failure (no traceback, no good document lost).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from tests import fuzz

from .common import REPO, machine_line, parser, table, write_json

NAME = "fuzz"
FAMILIES = {
    "files (.txt .md .html .json)": (r"test_mutated_files_read_or_fail_cleanly", r"test_random_bytes_as_a_file"),
    "JSONL (.jsonl .jsonl.gz)": (r"test_mutated_batches_read_or_fail_cleanly\[\.jsonl(\.gz)?\]",),
    "WARC (.warc .warc.gz)": (r"test_mutated_batches_read_or_fail_cleanly\[\.warc(\.gz)?\]",),
    "feeds (.rss)": (r"test_mutated_feeds_read_or_fail_cleanly",),
    "compare --pairs": (r"test_mutated_pairs_files_read_or_fail_cleanly",),
}  # fmt: skip
SUFFIXES = {
    "files (.txt .md .html .json)": (".txt", ".md", ".html", ".json"),
    "JSONL (.jsonl .jsonl.gz)": (".jsonl", ".jsonl.gz"),
    "WARC (.warc .warc.gz)": (".warc", ".warc.gz"),
    "feeds (.rss)": (".rss",),
    "compare --pairs": (),
}


def passing_examples(output: str) -> dict[str, int]:
    """test id -> passing examples over all phases, from Hypothesis's statistics."""
    counts: dict[str, int] = {}
    current = None
    for line in output.splitlines():
        head = re.match(r"^(tests/test_fuzz\.py::\S+):$", line.strip())
        if head:
            current = head.group(1)
            continue
        found = re.search(r"(\d+) passing(?: examples)?,", line)
        if found and current:
            counts[current] = counts.get(current, 0) + int(found.group(1))
    return counts


def fixed_inputs(family: str) -> int:
    """Crafted documents and boundary truncations of a family (not Hypothesis's)."""
    seeds = fuzz.seeds()
    n = 0
    for suffix in SUFFIXES[family]:
        n += len(fuzz.crafted(suffix, seeds[suffix]))
        if suffix in (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".rss"):
            n += len(fuzz.boundaries(suffix, seeds[suffix]))
    return n


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--profile", choices=["ci", "long"], default="ci")
    args = p.parse_args()
    env = dict(os.environ, UNSPIN_FUZZ=args.profile)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           "--hypothesis-show-statistics", "tests/test_fuzz.py"]  # fmt: skip
    started = time.perf_counter()
    run = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    counts = passing_examples(run.stdout)
    rows, results = [], {}
    for family, patterns in FAMILIES.items():
        generated = sum(n for t, n in counts.items() if any(re.search(p, t) for p in patterns))
        fixed = fixed_inputs(family)
        results[family] = dict(generated=generated, fixed=fixed, total=generated + fixed)
        rows.append((family, generated, fixed, generated + fixed))
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-500:]
    print(machine_line())
    print(table(["family", "Hypothesis examples", "crafted + boundary", "total"], rows,
                title=f"profile {args.profile}: {summary} ({seconds:.0f} s)"))  # fmt: skip
    if run.returncode:
        print(run.stdout[-4000:])
    if args.json:
        write_json(args.json, NAME, args, dict(families=results, pytest=summary,
                                              seconds=round(seconds), passed=run.returncode == 0))  # fmt: skip
    sys.exit(1 if run.returncode else 0)


if __name__ == "__main__":
    main()

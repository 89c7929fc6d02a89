"""`python -m pipeline.bench` / `pii-pipeline bench`: parse flags, pin, run, print, write JSON.

Nothing imported here loads numpy or spaCy: `main` pins the process to one core and sets the
thread variables first; the runner imports the corpus, the engine and spaCy only when it runs,
so their native thread pools start already limited to one thread.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.bench.affinity import pin_to_one_core
from pipeline.bench.report import default_progress, print_report
from pipeline.bench.runner import BenchOptions, run_bench


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The bench flags; defaults match `BenchOptions`."""
    parser = argparse.ArgumentParser(
        prog="pii-pipeline bench",
        description="Events/s on one core and planted-value survival: engine vs naive Presidio.",
    )
    parser.add_argument("--events", type=int, default=3000, help="engine corpus size")
    parser.add_argument(
        "--baseline-events",
        type=int,
        default=60,
        help="first M events of the corpus through the naive baseline (~100 ms/event)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--batch-size", type=int, default=256, help="engine batch per stream")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write figures")
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="do not pin to one core (figures are not per core then)",
    )
    args = parser.parse_args(argv)
    for name in ("events", "baseline_events", "batch_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench; returns the process exit code."""
    args = parse_args(argv)
    if not args.no_pin:
        pin_to_one_core()  # before anything loads numpy/spaCy: pools size themselves at import
    options = BenchOptions(
        events=args.events,
        baseline_events=args.baseline_events,
        seed=args.seed,
        batch_size=args.batch_size,
        json_path=args.json,
        pin_cpu=not args.no_pin,
    )
    result = run_bench(options, progress=default_progress())
    # Figures first: a closed stdout (`| head`) must not lose a run that took minutes.
    if options.json_path is not None:
        options.json_path.write_text(json.dumps(result.to_json(), indent=2) + "\n", "utf-8")
    print_report(result)
    return 0

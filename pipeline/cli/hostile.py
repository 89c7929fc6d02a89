"""`pii-pipeline hostile`: generated evasive events per class, and how many leaked."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the sub-command."""
    parser = sub.add_parser(
        "hostile", help="leaks per class of generated evasive input (keys, ids, encodings…)"
    )
    parser.add_argument("--variants", type=int, default=70, help="generated cases per class")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--class", dest="classes", action="append", help="only this class")
    parser.add_argument("--rules", action="store_true", help="also print leaks per rule")
    parser.add_argument(
        "--with-release",
        action="store_true",
        help="keep the free-text release (default: measure detection without it)",
    )
    parser.add_argument("--config", help="policy file (default: config/policy.yaml)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print variants, leaked and rejected per class; exit 1 when anything leaked."""
    from pipeline.config.loader import load_config
    from pipeline.engine import Engine
    from pipeline.hostile.measure import CLASSES, detection_only, measure
    from pipeline.secrets import Secrets
    from pipeline.vault.keys import MemoryKeyStore

    unknown = sorted(set(args.classes or ()) - set(CLASSES))
    if unknown:
        print(f"error: unknown class {unknown[0]!r}; one of {', '.join(CLASSES)}", file=sys.stderr)
        return 2
    config = load_config(Path(args.config) if args.config else None)
    engine = Engine(config, Secrets.generate(), MemoryKeyStore())
    target = engine if args.with_release else detection_only(engine)
    results = measure(target, args.variants, args.seed, args.classes)
    print(f"{'class':<18}{'variants':>9}{'leaked':>8}{'rejected':>10}{'words lost':>12}")
    for cls, res in results.items():
        lost = f"{res.words_lost}/{res.words}"
        print(f"{cls:<18}{res.variants:>9}{res.leaked:>8}{res.rejected:>10}{lost:>12}")
        if args.rules:
            for rule, (n, bad) in sorted(res.by_rule.items()):
                print(f"    {rule:<40}{n:>5}{bad:>5}")
    total = sum(r.leaked for r in results.values())
    print(f"leaked in total: {total} of {sum(r.variants for r in results.values())}")
    if args.json:
        data = {"seed": args.seed, "classes": {c: r.to_json() for c, r in results.items()}}
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n")
    sys.stdout.flush()
    return 1 if total else 0

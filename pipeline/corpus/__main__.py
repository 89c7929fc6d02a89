"""`python -m pipeline.corpus STREAM|mixed N --seed S [--labels FILE]`: raw JSONL to stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from itertools import islice
from typing import cast

from pipeline.corpus.generate import iterate
from pipeline.corpus.jsonl import write_jsonl
from pipeline.corpus.labels import STREAMS, Stream


def main(argv: Sequence[str] | None = None) -> int:
    """Generate labelled raw events; the labels go to a separate file."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.corpus", description=__doc__)
    parser.add_argument("stream", choices=[*STREAMS, "mixed"])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--seed", default="0", help="same seed, same events (default 0)")
    parser.add_argument("--labels", type=argparse.FileType("w", encoding="utf-8"))
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must not be negative")
    stream = None if args.stream == "mixed" else cast(Stream, args.stream)
    events = islice(iterate(stream, args.seed), args.n)
    try:
        write_jsonl(events, sys.stdout, args.labels)
    finally:
        if args.labels is not None:
            args.labels.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

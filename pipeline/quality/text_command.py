"""`pii-pipeline quality --conll FILE` / `--text FILE`: the free-text evaluation command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.quality.labelled_text import (
    Sentence,
    group_documents,
    read_conll,
    read_conll_documents,
    read_marked,
    read_plain,
    split_sentences,
)
from pipeline.quality.text_eval import PLACEMENTS, Placement, evaluate_text, render_text

# A text is placed XML-escaped in this wrapper (the larger of the two placements), and the
# engine refuses any string over its limit: a document's chunks are measured this way.
_SPEAK_WRAPPER = "<Response><Speak></Speak></Response>"


def _placed_size(text: str) -> int:
    return len(escape(text))


def run(args: argparse.Namespace) -> int:
    """Evaluate labelled sentences; print the table, write `--json` and `--misses` if asked."""
    from rich.console import Console

    from pipeline.config.loader import load_config, with_free_text
    from pipeline.engine import Engine
    from pipeline.secrets import Secrets
    from pipeline.vault.keys import MemoryKeyStore

    config = load_config(Path(args.config) if args.config else None)
    sentences: list[Sentence] = []
    if args.conll:
        kind = getattr(args, "conll_kind", "social")
        if getattr(args, "conll_group", "sentence") == "document":
            limit = config.policy.limits.max_string_chars - len(_SPEAK_WRAPPER)
            documents = read_conll_documents(Path(args.conll), kind)
            sentences.extend(group_documents(documents, limit, "\n", _placed_size))
        else:
            sentences.extend(read_conll(Path(args.conll), kind))
    if args.text:
        sentences.extend(read_marked(Path(args.text)))
    if getattr(args, "plain", None):
        sentences.extend(read_plain(Path(args.plain)))
    sentences = split_sentences(sentences, getattr(args, "split", "all"))
    if args.limit is not None:
        sentences = sentences[: max(0, args.limit)]
    placements: tuple[Placement, ...] = (
        PLACEMENTS if args.placement == "both" else (args.placement,)
    )
    # detection is what this measures: texts redacted, unless --free-text asks for another mode
    config = with_free_text(
        config, getattr(args, "free_text", None) or "redacted", getattr(args, "text_k", None)
    )
    engine = Engine(config, Secrets.generate(), MemoryKeyStore())
    print(f"sanitizing {len(sentences)} texts in {', '.join(placements)}…", file=sys.stderr)
    report = evaluate_text(engine, sentences, placements, keep_misses=bool(args.misses))
    Console(width=120).print(render_text(report))
    if report.missing_text:
        print(f"{report.missing_text} sanitized records carried no text", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2) + "\n")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as out:
            for miss in report.misses:
                out.write(json.dumps(miss.__dict__, ensure_ascii=False) + "\n")
    return 0

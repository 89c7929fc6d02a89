"""Free text: scanned, its PII redacted (and vaulted by entity), then released, withheld or dropped."""

from __future__ import annotations

from typing import Any

from pipeline.detection.spans import merge
from pipeline.errors import LimitError
from pipeline.processing.context import EventContext, mask
from pipeline.processing.handlers import DROP
from pipeline.transforms.redact import redact


def free_text(text: str, path: str, ctx: EventContext) -> Any:
    """Scan and redact; found PII goes to the vault according to each entity's action.

    The redacted text is then released, withheld (a marker) or dropped by the free-text rule.
    """
    limit = ctx.policy.limits.max_string_chars
    if len(text) > limit:  # every decoded layer (XML text, a body's parts) has the same bound
        raise LimitError(f"string of {len(text)} characters exceeds {limit}", path)
    dets = ctx.scan(text)
    out = text
    if dets:
        actions = ctx.policy.actions
        for det in merge(dets):
            if actions.for_entity(det.entity_type) == "vault":
                ctx.keep(det.entity_type, path, text[det.start : det.end])
        out = redact(text, dets)
    decision = ctx.release_text(path, out)
    if ctx.explain:
        shown = _shown(decision.value, 60)
        if dets:
            best = max(dets, key=lambda d: d.score)
            ctx.note(
                path,
                "free_text",
                f"redacted; {decision.why}",
                shown,
                tuple(sorted({d.entity_type for d in dets})),
                ",".join(sorted({d.recognizer for d in dets})),
                best.score,
                source=mask(text),
            )
        else:
            ctx.note(path, "free_text", f"nothing found; {decision.why}", shown, source=mask(text))
    return DROP if decision.verdict == "dropped" else decision.value


def _shown(value: Any, width: int) -> str:
    if isinstance(value, dict):
        return f"withheld {value['template']} ({value['chars']} chars)"
    text = "" if value is None else str(value)
    return text if len(text) < width else text[: width - 3] + "…"

"""k-anonymous release of free text: a redacted text reaches a sanitized record only once k
distinct data subjects have produced the same template; until then a withheld marker stands in.

Pure: no broker. The streaming layer shares `TemplateCounts` between workers through a topic.
"""

from pipeline.textrelease.counts import TemplateCounts, TemplateState
from pipeline.textrelease.gate import ReleaseStats, TextDecision, TextGate
from pipeline.textrelease.template import (
    TemplateKeys,
    entity_counts,
    is_withheld,
    is_withheld_text,
    normalise,
    withheld_marker,
)

__all__ = [
    "ReleaseStats",
    "TemplateCounts",
    "TemplateKeys",
    "TemplateState",
    "TextDecision",
    "TextGate",
    "entity_counts",
    "is_withheld",
    "is_withheld_text",
    "normalise",
    "withheld_marker",
]

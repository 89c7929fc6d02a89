"""@handles and labelled user names in free text identify a person: USERNAME, and vaulted.

Issue 10 asks for them to be treated as USERNAME and kept in the vault; `test_identifiers`
checks that they are found. Here, through the whole engine: the sanitized text carries the
placeholder, the vault holds the handle under USERNAME, and it decrypts to what was written.
"""

from __future__ import annotations

import json

import pytest

from pipeline.engine import Engine
from pipeline.outcome import Sanitized
from tests.engine_fixture import engine  # noqa: F401 - session fixture

# (text, the value as the vault keeps it: an @handle with its "@")
CASES = [
    ("thanks @lowtide_marek for the tip", "@lowtide_marek"),
    ("ask @Quill88 about the refund", "@Quill88"),
    ("my username is kestrel_204, please unlock it", "kestrel_204"),
    ("login: fenwick.ola7 cannot sign in", "fenwick.ola7"),
]


@pytest.mark.parametrize(("text", "handle"), CASES)
def test_a_handle_in_free_text_is_a_vaulted_username(
    engine: Engine,  # noqa: F811
    text: str,
    handle: str,
) -> None:
    event = {"event_id": "h-1", "event_type": "feedback", "properties": {"message": text}}
    [out] = engine.process("analytics_events", [json.dumps(event).encode()])
    assert isinstance(out, Sanitized), out
    assert handle.lstrip("@").lower() not in json.dumps(out.record).lower()
    assert "<USERNAME>" in out.record["properties"]["message"]
    kept = [v for v in out.vault if v.entity_type == "USERNAME"]
    assert [engine.cipher.open(v) for v in kept] == [handle]
    assert kept[0].path == "properties.message"

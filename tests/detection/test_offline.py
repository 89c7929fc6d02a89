"""Nothing reaches the network at run time: Presidio's e-mail check uses tldextract's bundled list."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import tldextract.tldextract as tld

from pipeline.detection.presidio.offline import make_offline


def test_tldextract_uses_the_bundled_suffix_list_without_any_connection(
    monkeypatch: pytest.MonkeyPatch, detector: Any
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    make_offline()
    assert tld.TLD_EXTRACTOR.suffix_list_urls == ()
    dets = detector.detect("write to someone.new@mail.example.co.uk today")
    assert "EMAIL_ADDRESS" in {d.entity_type for d in dets}
    assert attempts == []

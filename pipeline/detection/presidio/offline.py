"""Keep Presidio's dependencies from reaching the internet at run time.

Presidio's e-mail recognizer validates with `tldextract.extract`, whose default extractor fetches
the public-suffix list over HTTPS on first use (and retries with long tracebacks when offline).
We swap in an extractor that uses the snapshot bundled with tldextract and no disk cache.
"""

from __future__ import annotations

import os

import tldextract
import tldextract.tldextract as _tld

_done = False


def make_offline() -> None:
    """Point tldextract at its bundled suffix list; idempotent, call before Presidio is used."""
    global _done
    if _done:
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    _tld.TLD_EXTRACTOR = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )
    _done = True

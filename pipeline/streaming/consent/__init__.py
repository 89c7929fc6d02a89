"""Consent: the model (`model`: one subject's state, merge, what it allows, subject tokens), the
book that follows `control.consent` (`book`), the worker's blocklist and its enforcement
(`blocklist`, `enforcement`: under 13 and erasure withhold events and destroy keys)."""

"""Turning one raw event into an outcome: decoding, walking fields, applying transforms.

The field handlers (`handlers`) are registered by `fields` (values, objects), `identifiers`
(values of a known kind) and `bodies` (headers, webhook bodies), which `processor` imports.
The package itself imports none of them, so `guard`, which the worker's event loop uses, comes
without the detectors (Presidio, spaCy).
"""

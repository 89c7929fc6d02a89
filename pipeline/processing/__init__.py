"""Turning one raw event into an outcome: decoding, walking fields, applying transforms."""

"""Streaming PII separation: sanitized records, an encrypted vault and k-anonymous aggregates."""

__version__ = "0.1.0"

"""Turning one raw event into an outcome: decoding, walking fields, applying transforms.

Importing the package registers every field handler (`handlers`): those of `fields` (values,
objects), of `identifiers` (values of a known kind, which `fields` imports) and of `bodies`
(headers, webhook bodies).
"""

from pipeline.processing import bodies, fields

__all__ = ["bodies", "fields"]

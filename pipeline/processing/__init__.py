"""Turning one raw event into an outcome: decoding, walking fields, applying transforms.

Importing the package registers every field handler (`handlers`): those of `fields` (values,
objects) and of `bodies` (headers, webhook bodies).
"""

from pipeline.processing import bodies, fields

__all__ = ["bodies", "fields"]

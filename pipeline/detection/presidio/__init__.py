"""Presidio made fast and closed: the spaCy model, linear pattern recognizers and their gates."""

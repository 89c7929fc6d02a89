"""Numbers that identify (phones, cards, IBANs) and numbers that do not (tables, scores, Unix times)."""

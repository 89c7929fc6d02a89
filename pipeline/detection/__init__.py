"""Finding PII: Presidio recognizers, spaCy NER and our own name/address resources."""

"""Payment card numbers of any brand: 13-19 digits that pass the Luhn check.

Presidio's CreditCardRecognizer lists brand prefixes and misses newer ranges (Mastercard's
2221-2720 series, for one). A number of card length that passes Luhn is treated as a card
whatever its prefix, also glued to a word ("card number4917…"); Presidio's recognizer still
runs beside it.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pipeline.detection.numbers.tables import table_numbers


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class LuhnCardRecognizer(PatternRecognizer):
    """Card-length digit runs (spaces or dashes allowed) validated by Luhn."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("card_luhn", r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)", 0.3),
        # "4111.1111.1111.1111": groups of four with dots (the first three read as a MAC address)
        Pattern("card_luhn_dots", r"(?<![\d.])\d{4}(?:\.\d{4}){2}\.\d{1,7}(?![\d.])", 0.3),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "amex",
        "charged",
        "payment",
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="LuhnCardRecognizer",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Only Luhn-valid numbers (the score then rises to a confident 0.7), and no run of table
        numbers or scores ("22 13 1 8 105 377 27", "9-15 15-11 15-4 15-7"), one in ten of which
        passes Luhn by chance."""
        if table_numbers(pattern_text):
            return False
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        return 13 <= len(digits) <= 19 and luhn_valid(digits)

"""Words that never count as name tokens, because a clean sanitized record may contain them.

A surname such as "Page" or "Grant" is also an ordinary word; if its bare token were a leak
form, the benign sentence "your grant application" would be reported as a leak. The full name
stays a leak form either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from faker.providers.address.en_US import Provider as _EnAddress
from faker.providers.lorem.en_US import Provider as _EnLorem

from pipeline.corpus import catalog
from pipeline.corpus.message_templates import BENIGN_MESSAGES, PII_MESSAGES, SPEECH_TRANSCRIPTS
from pipeline.corpus.speak_templates import BENIGN_SPEAK, PII_SPEAK

_WORD = re.compile(r"[^\W\d_]+")

# Surnames and first names that are also common English words, name particles, and month or
# weekday names; the lorem list below covers the most frequent English words already.
_NAME_WORDS = """
baker bell bird black brown bush butler carpenter chance church clay cook cross day dean
dawn faith fisher fox frost gay glass grace grant gray green hall hill holly hope hunt hunter
ivy jade joy june king knight lamb lane law little long love major mark mason may miller moon
page park parker penny pearl porter price rich rose ruby savage sharp short small smith stone
summer swift taylor turner walker ward waters west white wolf wood woods young april august
autumn amber crystal daisy lily violet iris heather olive river sky storm angel bishop brook
banks castle chase cole dale drew earl field ford forest gale glen heath holmes jay lord
marsh miles nash neil noble north pool reed rivers rowe sage shepherd sterling strong wells
january february march july september october november december monday tuesday wednesday
thursday friday saturday sunday van von der den del della dos das des ter zu het ten
dei degli delle dal dalla los las san santa
"""


def _words(texts: Iterable[str]) -> set[str]:
    return {word.casefold() for text in texts for word in _WORD.findall(text)}


def _build() -> frozenset[str]:
    sources: list[Iterable[str]] = [
        _EnLorem.word_list,
        _EnAddress.countries,
        _NAME_WORDS.split(),
        PII_SPEAK,
        BENIGN_SPEAK,
        PII_MESSAGES,
        BENIGN_MESSAGES,
        SPEECH_TRANSCRIPTS,
        [catalog.SANITIZER_WORDS, catalog.PLIVO_WORDS, " ".join(catalog.USER_AGENTS)],
        catalog.EVENT_TYPES,
        catalog.HANGUP_SOURCES,
        catalog.CALL_STATUSES,
        catalog.SITE_PATHS,
        catalog.SITE_ORIGINS,
        catalog.WEBHOOK_HOSTS,
        catalog.WEBHOOK_PATHS,
        catalog.REFERRERS,
        catalog.PLANS,
        catalog.FORM_IDS,
        catalog.BUTTON_IDS,
        catalog.SEARCH_QUERIES,
        catalog.PAGE_TITLES,
        catalog.BUTTON_LABELS,
        catalog.LOGIN_METHODS,
        catalog.TAG_WORDS,
        catalog.EMAIL_DOMAINS,
    ]
    return frozenset(word for source in sources for word in _words(source))


EXCLUDED_NAME_TOKENS: frozenset[str] = _build()


def is_ordinary_word(token: str) -> bool:
    """Whether `token` may appear in clean output, so it cannot stand for a name on its own."""
    return token.casefold() in EXCLUDED_NAME_TOKENS

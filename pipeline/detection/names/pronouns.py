"""A sentence's subject told a person by a gendered pronoun later in the sentence.

News writes a person by surname alone once introduced, and many surnames are English nouns
(WordNet lists famous people as nouns: "Dole", "Seles", "Shearer"); the subject rule of
`subjects` holds back on them, because a mass noun opens a sentence the same way ("Cocoa
rose", "Turnover was"). A pronoun that only a person takes tells them apart: "Seles easily won
both her singles matches", "Domingos redeemed himself", "Dole 's remarks prompted questions
about whether he was seeking a ban".

- The word opens the sentence, title-case, before a finite verb or the possessive (an
  auxiliary, a report, an irregular past, an -s or -ed form, "'s"; not a base form ending in
  -ss: "bless"), past a bracketed score or an adverb.
- It is no everyday, function, date, title, office, institution or role word, no place, no
  people's word ("Australian"), no abstract noun ("Inflation") and no English plural unless a
  singular verb follows ("Bonds has"; never "-men": "Women 's"); no -ly or -ing word, no
  verb's agent noun that is no known surname ("Collector fills his house").
- A reflexive right after the verb agrees with the subject, a plural's form too ("Domingos
  redeemed himself").
- Otherwise, later in the same sentence, with no other title-case word before it that is no
  date word or place (an antecedent of its own: "Marathon talks … the role of Takemura …
  his"): his, him, himself, her, herself; or he / she as the subject of a verb that is no report
  (", he said" attributes a quote to someone else: "Volume was thin , he said").

The test looks at the word, the token after it and the rest of the sentence once: linear in the
text. No name or word of any evaluation set is listed here.
"""

from __future__ import annotations

from pipeline.detection.names.edges import demonym_modifier, unlike_name_word
from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.shapes import IRREGULAR_PAST, REPORTING, Doc
from pipeline.detection.names.subjects import after_aside, english_plural, verb_form
from pipeline.detection.names.vocabulary import CALENDAR, NOT_NAME_ENDS

__all__ = ["pronoun_subject"]

# A person's pronouns that are no subject: possessive, object, reflexive.
_OBJECT_PRONOUNS = frozenset(["his", "him", "himself", "her", "herself"])
_SUBJECT_PRONOUNS = frozenset(["he", "she"])
_REFLEXIVES = frozenset(["himself", "herself"])
# Verbs of report after he / she: the pronoun is a speaker, not the subject's referent.
_MORE_REPORTING = frozenset(
    ["added", "adds", "noted", "stressed", "argued", "explained", "continued", "wrote"]
)
_AUXILIARIES = frozenset(
    ["is", "was", "has", "had", "did", "does", "will", "would", "can", "could", "may", "might"]
)
_SINGULAR = frozenset(["is", "was", "has", "does"])
_SENTENCE_ENDS = frozenset([".", "!", "?", ";"])
_NOT_NAME_ENDS = (*NOT_NAME_ENDS, "ure", "ship")
# Pronouns within this many tokens of the subject.
_REACH = 40


def pronoun_subject(doc: Doc, i: int, lexicon: NameLexicon) -> bool:
    """Whether the title-case doc[i], opening a sentence, is a person's surname by a pronoun
    that refers to it (see the module docstring)."""
    text = doc[i].text
    key = fold(text)
    if (
        unlike_name_word(text, lexicon, _NOT_NAME_ENDS)
        or demonym_modifier(text, lexicon)
        or _agent_noun(key, lexicon)
    ):
        return False
    k = after_aside(doc, i + 1)
    if k >= len(doc):
        return False
    word = doc[k].text
    if k + 1 < len(doc) and doc[k + 1].text in _REFLEXIVES and _finite(word, lexicon):
        return True  # "Domingos redeemed himself": a reflexive agrees with its subject
    if english_plural(key, lexicon) and not lexicon.is_last(text):
        if key.endswith("men") or not (word in _SINGULAR or _s_form(word, lexicon)):
            return False  # "Sales rose", "Women 's"; "Bonds has" stays a name
    elif not _finite(word, lexicon):
        return False
    return _person_pronoun(doc, k + 1, lexicon)


def _agent_noun(key: str, lexicon: NameLexicon) -> bool:
    """A verb's agent noun that is no known surname ("collector", "trader"): a role, no name."""
    if not key.endswith(("er", "or")) or key in lexicon.last:
        return False
    return verb_form(key[:-2], lexicon) or verb_form(key[:-1], lexicon)


def _finite(word: str, lexicon: NameLexicon) -> bool:
    """A finite verb or the possessive after a subject."""
    return (
        word in ("'s", "’s")
        or word in _AUXILIARIES
        or word in REPORTING
        or word in IRREGULAR_PAST
        or _s_form(word, lexicon)
        or (word.endswith("ed") and verb_form(word, lexicon))
    )


def _s_form(word: str, lexicon: NameLexicon) -> bool:
    """A verb's -s form ("takes"; not the base form "bless")."""
    return word.endswith("s") and not word.endswith("ss") and verb_form(word, lexicon)


def _person_pronoun(doc: Doc, k: int, lexicon: NameLexicon) -> bool:
    """Whether a person's pronoun that is no speaker's comes after doc[k] in its sentence, with
    no other title-case word before it that it may refer to (a date word or a place aside)."""
    n = min(len(doc), k + _REACH)
    for j in range(k, n):
        low = doc[j].text
        if low in _SENTENCE_ENDS or low[:1] in ('"', "“", "”"):
            return False  # the sentence or the quoted words end
        if low[:1].isupper() and low[1:].islower():
            if fold(low) not in CALENDAR and not lexicon.is_place(low):
                return False  # "… the role of Takemura , seen by … his": another antecedent
            continue
        if low in _OBJECT_PRONOUNS:
            return True
        if low in _SUBJECT_PRONOUNS and j + 1 < len(doc):
            nxt = doc[j + 1].text
            if nxt not in REPORTING and nxt not in _MORE_REPORTING:
                return True
    return False

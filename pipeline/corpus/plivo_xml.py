"""Plivo XML answers (`<Response>` documents) whose text nodes carry PII or benign speech."""

from __future__ import annotations

from xml.sax.saxutils import escape

from pipeline.corpus.builder import Labels
from pipeline.corpus.people import Person
from pipeline.corpus.sources import Sources
from pipeline.corpus.speak_templates import BENIGN_SPEAK, PII_SPEAK
from pipeline.corpus.text import Text

_VOICES = ('voice="WOMAN"', 'voice="MAN"', 'voice="Polly.Joanna"', 'language="en-GB"', "")


def _speak(src: Sources, inner: Text | str) -> Text:
    attributes = src.rng.choice(_VOICES)
    opening = f"<Speak {attributes}>" if attributes else "<Speak>"
    text = inner if isinstance(inner, Text) else Text.of(inner)
    return Text.of(opening, text.mapped(escape), "</Speak>")


def response_xml(src: Sources, labels: Labels, person: Person, path: str) -> str:
    """A `<Response>` with PII in `<Speak>`/`<Dial>` and benign prompts recorded as safe."""
    rng = src.rng
    parts: list[Text | str] = []
    kind = rng.random()
    if kind < 0.75:
        parts.append(_speak(src, src.sentence(PII_SPEAK, person)))
        if rng.random() < 0.3:
            parts.append(_speak(src, src.sentence(PII_SPEAK, person)))
    if kind >= 0.5 or rng.random() < 0.5:
        benign = src.benign(BENIGN_SPEAK)
        labels.keep(path, escape(benign), "contains")
        if rng.random() < 0.5:
            parts.append(_speak(src, benign))
        else:
            parts.append(
                Text.of(
                    '<GetInput action="https://ivr.example.com/input" method="POST" '
                    'inputType="dtmf speech" digitEndTimeout="5">',
                    _speak(src, benign),
                    "</GetInput>",
                )
            )
    if rng.random() < 0.35:
        callee = src.phones.make() if rng.random() < 0.5 else person.phone
        caller_id = src.phones.make().fragment("digits_cc")
        parts.append(
            Text.of(
                '<Dial callerId="',
                caller_id,
                '"><Number>',
                callee.fragment("digits_cc"),
                "</Number></Dial>",
            )
        )
    if rng.random() < 0.2:
        parts.append('<Record action="https://ivr.example.com/recording" maxLength="60"/>')
    if not parts or rng.random() < 0.3:
        parts.append("<Hangup/>")
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n' if rng.random() < 0.3 else ""
    return labels.text(path, Text.of(declaration, "<Response>", *parts, "</Response>"))

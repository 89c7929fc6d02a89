"""Person names in the structured lines of sports news: scorecards, results, line-ups and lists.

Results and scorecards put a person in a slot that only a person fills, whatever the word:

- Dismissal: a bowler after the scorecard's "b" and a fielder after its "c" or "st", before the
  runs ("Jo Bloggs c Fielder b Bowler 46", "Ann Other lbw b Bowler 12").
- Figures: a name before a bowling analysis of four numbers ("Law 9.5-0-44-1"), before two to
  four golf rounds ("Ann Other ( Ireland ) 68 71 ,"), or heading a row of bowling averages
  (overs, maidens, runs, wickets, the average: "Marlow 47.4 10 125 2 62.50").
- Scorers and innings: a name before a goal's minute ("( Marlow 27th , Hale 44th )",
  "Marlow ( 32nd )") or, in a cricket summary's brackets after a total, before the runs or the
  figures ("290 ( R. Marlow 108 , P. Hale 8-118 )", "Marlow 65 not out").
- Record: a name opening a sentence before a win-loss record in brackets, then a verb or a comma
  ("Wall ( 9-4 ) struck out four", "Marlow ( 1-0 ) , who …").
- Ranking: a name after a rank number ("3. Marlow 10-1", "1. Marlow 30 points"), unless a place
  or a table row of numbers follows it (teams are ranked so).
- Result: a name before its country in brackets in a result line, at the start, after a seed
  ("17 - ") or after "beat" / "vs." ("Guy Hale ( France ) beat …").
- Name list: a comma list of four or more short items, three or more of them found names: its
  other capitalised items are names too ("Given , <name> , <name> , <name>").

The slots are told by their shape alone (figures, brackets, the words "b", "c", "beat", list
position, names already found beside them); no name is listed here. Every rule is one linear
regex over the text or one pass over a line's commas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.detection.names.lexicon import NameLexicon, fold
from pipeline.detection.names.vocabulary import CALENDAR
from pipeline.detection.spans import Coverage, Detection

__all__ = ["lineup_names"]

_SCORE = 0.5
# A capitalised word of a name ("Marlow", "McAteer", "O'Neill", "Ata-ur-Rehman"): no capitals
# word ("ENGLAND") and no initial alone.
_WORD = r"[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*"
# A name: initials, then one to three such words ("P. Hale", "D.A. Marlow", "Guy Hale")
_NAME = rf"(?:[A-Z]\.\s?){{0,3}}{_WORD}(?: {_WORD}){{0,2}}"
_NAME4 = rf"(?:[A-Z]\.\s?){{0,3}}{_WORD}(?: {_WORD}){{0,3}}"

# after the batter's name; the runs end the line or an item ("… b Bowler 46 ,")
_DISMISSAL = re.compile(
    rf"(?<=[A-Za-z'’] )(?:(?:c|st)\s+(?P<f>{_NAME})\s+)?(?:lbw\s+|c\s+(?:and|&)\s+)?"
    rf"b\s+(?P<n>{_NAME})\s+\d{{1,3}}\*?(?=[ \t]*$|\s*[,;(])",
    re.M,
)
# an item opens a line, follows a list's separator or a total ("134 Ann Other 68 66")
_ITEM_START = r"(?:^|(?<=[,;:(] )|(?<=^\d\d )|(?<=^\d\d\d ))"
_BOWLING = (
    r"(?P<overs>\d{1,3})(?:\.\d)?-(?P<maidens>\d{1,2})-\d{1,3}-(?P<wickets>\d{1,2})(?![\d.-])"
)
_ROUNDS = r"(?: [6-8]\d(?![\d.:/-])){2,4}(?=\s*(?:[,;]|$))"
_FIGURES = re.compile(
    rf"{_ITEM_START}(?P<n>{_NAME})(?: \( [^()\n]{{2,30}} \))?(?: {_BOWLING}|{_ROUNDS})", re.M
)
_AVERAGES = re.compile(
    rf"^[ \t]*(?P<n>{_NAME}) (?P<overs>\d{{1,3}})(?:\.\d)? (?P<maidens>\d{{1,3}}) (?P<runs>\d{{1,4}})"
    r" (?P<wickets>\d{1,3}) (?P<average>\d{1,4}\.\d\d|-)[ \t]*$",
    re.M,
)
# the last item of a line of figures, its own figures on the next line ("…, Hale 9-3-28-0 , Law")
_FIGURES_TAIL = re.compile(rf"(?<=[,;] )(?P<n>{_NAME})[ \t]*[,;]?[ \t]*$", re.M)
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
_SCORERS = re.compile(
    rf"(?:(?<=\( )|(?<=, )|(?<=- ))(?P<n>{_NAME})"
    rf"(?: {_ORDINAL}\b| \( {_ORDINAL}(?: minute| min| pen| penalty)? \))"
)
_INNINGS = re.compile(
    rf"(?:(?P<open>\d \( )|(?<=[,;] )|(?<=^\( ))(?P<n>{_NAME}) \d{{1,3}}(?P<figures>-\d{{1,3}})?"
    r"(?P<not_out> not out)?(?= [,;)]|\s*$)",
    re.M,
)
_RECORD = re.compile(
    rf"(?:^|(?<=[.;:\"“] )|(?<=^\( ))(?P<n>{_NAME}) \( \d{{1,2}}-\d{{1,2}} \)(?= ,| [a-z])", re.M
)
_RANKED = re.compile(rf"^[ \t]*[1-9]\d?\.[ \t]+(?P<n>{_NAME})(?=[ \t]+\d|[ \t]*$)", re.M)
_TABLE_AFTER = re.compile(r"(?:[ \t]+(?:\d+|-)){4,}")
# the first player of a result, before the verb ("v" is football's, between clubs)
_RESULT = re.compile(
    rf"(?:^|(?<=- ))(?P<n>{_NAME4}) \( (?P<p>[^()\n]{{2,30}}) \)(?= (?:beat|bt|vs\.|def\.?) )",
    re.M,
)
# the second player, after the verb and a seed, before the scores or the line's end
_RESULT_LAST = re.compile(
    rf"(?:(?<=beat )|(?<=vs\. )|(?<=beat \d - )|(?<=beat \d\d - )|(?<=vs\. \d - ))"
    rf"(?P<n>{_NAME4}) \( (?P<p>[^()\n]{{2,30}}) \)(?=[ \t]*$| \d)",
    re.M,
)
# a batting average in an aside: "Marlow , a .333 hitter ,", "Marlow , hitting .467"
_HITTER = re.compile(rf"(?P<n>{_NAME}) , (?:a |hitting |batting )\.\d{{3}}\b")
# a line-up's numbered players: "1 - Ann Hale , 4 - Jo Marlow ( 14 - Al Ross , 57th )"
_SHIRT = re.compile(
    rf"(?:^|(?<=, )|(?<=; )|(?<=\( )|(?<=- ))\d{{1,2}} ?- ?(?P<n>{_NAME})"
    r"(?= ,| ;| \(| \)|[ \t]*$)",
    re.M,
)
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}|[A-Z]{2,4}")
_SEPARATOR = re.compile(r"[,;]")
_LIST_ITEM = re.compile(rf"(?:\d{{1,2}} ?- ?)?(?:and )?(?P<n>{_NAME})\s*\.?")
_LIST_MIN = 4
_LIST_FOUND = 3
# how every rule's name starts (_WORD): a text without one fills no slot (most texts a worker
# sees, URL parts and header values, are looked at no further)
_WORD_START = re.compile(r"[A-Z](?:[a-z]|['’][A-Z])")


def lineup_names(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """`dets` plus the names in scorecard, result and list slots (see the module docstring)."""
    if _WORD_START.search(text) is None:
        return [*dets]
    found: list[Detection] = []
    if "(" in text or any(ch.isdigit() for ch in text):  # results: "… ( France ) vs. …"
        places = Coverage((d.start, d.end) for d in dets if d.entity_type == "LOCATION")
        found.extend(_slots(text, lexicon, places))
    if text.count(",") + text.count(";") >= _LIST_MIN - 1:
        found.extend(_name_lists(text, dets, lexicon))
    return [*dets, *found]


def _person(start: int, end: int, rule: str) -> Detection:
    return Detection(start, end, "PERSON", _SCORE, f"lineup:{rule}")


def _plain(name: str, lexicon: NameLexicon) -> bool:
    """A name of function words or date words only ("The", "May"): no name (an initial makes
    one: "P. Such")."""
    if "." in name:
        return False
    return all(lexicon.is_stop(w) or fold(w) in CALENDAR for w in name.split())


def _slots(text: str, lexicon: NameLexicon, places: Coverage) -> list[Detection]:
    found: list[Detection] = []

    def add(match: re.Match[str], group: str, rule: str) -> None:
        start, end = match.span(group)
        if start < 0 or _plain(match.group(group), lexicon):
            return
        first, _, rest = match.group(group).partition(" ")
        if (
            rest
            and len(first) > 2
            and lexicon.is_english(first)
            and not lexicon.is_name(first)
            and lexicon.is_first(rest.split()[0])
        ):
            start += len(first) + 1  # "Reliever Mark Acre": a role before a given name
        found.append(_person(start, end, rule))

    for m in _DISMISSAL.finditer(text):
        add(m, "n", "dismissal")
        if m.group("f") is not None:
            add(m, "f", "dismissal")
    for pattern in (_FIGURES, _AVERAGES):
        for m in pattern.finditer(text):
            if _bowling(m):
                add(m, "n", "figures")
    for line in re.finditer(r"[^\n]+", text):
        if len(list(_FIGURES.finditer(text, line.start(), line.end()))) >= 2:
            tail = _FIGURES_TAIL.search(text, line.start(), line.end())
            if tail is not None:
                add(tail, "n", "figures")
    for m in _SCORERS.finditer(text):
        add(m, "n", "scorers")
    for m in _INNINGS.finditer(text):
        initialled = "." in m.group("n")
        if m.group("open") or initialled or m.group("not_out"):
            add(m, "n", "innings")
    for m in _RECORD.finditer(text):
        if not _place(m.group("n"), m.start("n"), lexicon, places):
            add(m, "n", "record")
    for m in _RANKED.finditer(text):
        start, end = m.span("n")
        if _TABLE_AFTER.match(text, end) or _place(m.group("n"), start, lexicon, places):
            continue
        add(m, "n", "ranked")
    for pattern in (_RESULT, _RESULT_LAST):
        for m in pattern.finditer(text):
            country = m.group("p")
            if _ABBREVIATION.fullmatch(country) or _place(country, m.start("p"), lexicon, places):
                add(m, "n", "result")
    for m in _HITTER.finditer(text):
        add(m, "n", "record")
    for line in re.finditer(r"[^\n]+", text):
        shirts = list(_SHIRT.finditer(text, line.start(), line.end()))
        if len(shirts) >= 2:
            for m in shirts:
                add(m, "n", "shirts")
    return found


def _bowling(m: re.Match[str]) -> bool:
    """Figures that a bowler's can be: no more maidens than overs, at most ten wickets an
    innings, and an average that is the runs a wicket ("-" for none)."""
    if m.group("overs") is None:  # golf rounds
        return True
    if int(m.group("maidens")) > int(m.group("overs")):
        return False
    wickets = int(m.group("wickets"))
    if m.groupdict().get("average") is None:
        return wickets <= 10
    if m.group("average") == "-":
        return wickets == 0
    return wickets > 0 and abs(int(m.group("runs")) / wickets - float(m.group("average"))) < 0.01


def _place(value: str, start: int, lexicon: NameLexicon, places: Coverage) -> bool:
    """A place: found as a location at `start`, or a place of the lexicon."""
    return places.covers(start, start + len(value)) or lexicon.is_place(value)


def _name_lists(text: str, dets: Sequence[Detection], lexicon: NameLexicon) -> list[Detection]:
    """The capitalised items nothing found, of comma lists whose items are mostly found names."""
    persons = Coverage((d.start, d.end) for d in dets if d.entity_type == "PERSON")
    others = Coverage((d.start, d.end) for d in dets if d.entity_type != "PERSON")
    found: list[Detection] = []
    for line in re.finditer(r"[^\n]+", text):
        run: list[tuple[str, int, int]] = []  # (kind, start, end) of the current list's items
        start = line.start()
        if ":" in line.group():  # "Scorers : A , B , C": the items start after the heading
            start += line.group().rindex(":") + 1
        bounds = [m.start() for m in _SEPARATOR.finditer(text, start, line.end())]
        for end in [*bounds, line.end()]:
            item = _list_item(text, start, end, persons, others)
            if item is None:
                found.extend(_list_names(text, run, lexicon))
                run = []
            else:
                run.append(item)
            start = end + 1
        found.extend(_list_names(text, run, lexicon))
    return found


def _list_item(
    text: str, start: int, end: int, persons: Coverage, others: Coverage
) -> tuple[str, int, int] | None:
    """One list item: a found name ("person"), another found entity ("other"), a capitalised
    name nothing found ("bare"), or None when the item is no short name."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    m = _LIST_ITEM.fullmatch(text, start, end)
    if m is None:
        return None
    n0, n1 = m.span("n")
    if persons.covers(n0, n1):
        return ("person", n0, n1)
    if others.covers(n0, n1):
        return ("other", n0, n1)
    return ("bare", n0, n1)


def _list_names(
    text: str, run: Sequence[tuple[str, int, int]], lexicon: NameLexicon
) -> list[Detection]:
    if len(run) < _LIST_MIN:
        return []
    kinds = [kind for kind, _, _ in run]
    found_names = kinds.count("person")
    bare = kinds.count("bare")
    if found_names < _LIST_FOUND or found_names < 2 * bare or found_names <= kinds.count("other"):
        return []
    return [
        _person(s, e, "name_list")
        for kind, s, e in run
        if kind == "bare" and not _plain(text[s:e], lexicon) and not lexicon.is_place(text[s:e])
    ]

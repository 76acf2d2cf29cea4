"""From the matcher's candidate spans to key figures: keep the levels stated for a period.

A match is dropped when its figure is a change or a reference point ("ned 1,3 prosent", "mot 9,3
prosent i 2022"), a target or forecast ("mål om 67 prosent", a year after the report year), a
variant ("uten bufferfond"), or about another subject (another municipality, "landet").
The period is the year the figure's clause names, else one the sentence names, else the report year.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline import codes
from pipeline.facts.catalogue import Markers, load_catalogue, phrase_in, word_matches
from pipeline.facts.entities import MUNICIPALITY
from pipeline.facts.nlp import KEY_FIGURES
from pipeline.ingest.metadata import fold
from pipeline.settings import FactSettings
from pipeline.vocabulary import SENTENCE_END_CHARS, YEAR_AT_SENTENCE_END


@dataclass(frozen=True)
class KeyFigure:
    key: str
    value: float
    unit: str
    period: int | None
    sentence: Span
    figure: Token


@dataclass(frozen=True)
class Rejected:
    """A figure a phrasing matched that is not a key figure of the municipality, and why (a code)."""

    key: str
    reason: str
    sentence: Span
    figure: Token


def _clause_bounds(sent: Span, i: int, markers: Markers) -> tuple[int, int]:
    """Token range [start, end) of the clause around token i."""
    start, end = sent.start, sent.end
    for token in sent:
        if token.lower_ in markers.clause_breaks:
            if token.i < i:
                start = token.i + 1
            elif token.i > i:
                end = token.i
                break
    return start, end


def _figure_clause(sent: Span, figure: int, markers: Markers) -> tuple[int, int]:
    """The figure's clause; after the figure it ends at a contrast ("9,0 prosent mot budsjettert 8,5")."""
    start, clause_end = _clause_bounds(sent, figure, markers)
    end = figure + 1
    while end < clause_end and not sent.doc[end]._.gap_stop:
        end += 1
    return start, end


def _years(sent: Span, markers: Markers, window: int) -> list[tuple[Token, bool]]:
    """Years named as a period in the sentence, each with whether it is a point of comparison."""
    doc = sent.doc
    found = []
    for token in sent:
        if not YEAR_AT_SENTENCE_END.match(token.text) or token.i == sent.start:
            continue
        if doc[token.i - 1].lower_ not in markers.period_words and doc[token.i - 1].lower_ not in markers.comparison_words:
            continue
        before = doc[max(sent.start, token.i - window):token.i]
        found.append((token, any(t.lower_ in markers.comparison_words for t in before)))
    return found


def _year_value(token: Token, stock: bool) -> int:
    """The year a period names; a stock counted on 1 January ("per 1. januar 2024") is the year before's."""
    year = int(token.text.rstrip("."))
    doc = token.doc
    if stock and token.i >= 2 and doc[token.i - 1].lower_ == "januar" and doc[token.i - 2].text in ("1.", "01."):
        return year - 1
    return year


def _period(sent: Span, clause: tuple[int, int], figure: int, report_year: int | None,
            markers: Markers, stock: bool, window: int) -> tuple[int | None, bool]:
    """The figure's period, and whether the figure is a change between years (no level at all)."""
    years = _years(sent, markers, window)
    in_clause = [(t, cmp) for t, cmp in years if clause[0] <= t.i < clause[1]]
    stated = [t for t, cmp in in_clause if not cmp]
    if not stated and any(cmp for _, cmp in in_clause):
        return None, True
    if not stated and report_year is not None and phrase_in([t.lower_ for t in sent.doc[clause[0]:clause[1]]],
                                                         markers.previous_year):
        return report_year - 1, False
    if not stated:
        stated = [t for t, cmp in years if not cmp]
    if stated:
        # the nearest year; on a tie the one after the figure ("9,3 prosent i 2022")
        return _year_value(min(stated, key=lambda t: (abs(t.i - figure), t.i < figure)), stock), False
    return report_year, False


def _other_subject(region: Span, home: str | None, markers: Markers) -> bool:
    if phrase_in([t.lower_ for t in region], markers.other_subject):
        return True
    return any(ent.label_ == MUNICIPALITY and not _is_home(ent.text, home) for ent in region.ents)


def _is_home(name: str, home: str | None) -> bool:
    """Whether a municipality named in the text is the report's own ("Asker" for "Asker kommune")."""
    if home is None:
        return False
    home, name = home.casefold(), name.casefold()
    return home == name or home.startswith(name + " ")


def _not_a_level(span: Span, sent: Span, home: str | None, not_with: tuple[str, ...], markers: Markers,
                 settings: FactSettings) -> codes.Code | None:
    """Why the figure is not a level of this subject (a change, target, variant, another subject or
    a part of it in its clauses), or None when it is one."""
    doc = span.doc
    figure = span._.figure
    start = _clause_bounds(sent, span.start, markers)[0]
    end = _figure_clause(sent, figure, markers)[1]
    region = doc[min(start, span.start):max(end, span.end)]
    before = doc[figure - 1] if figure > sent.start else None
    if before is not None and before.lower_ in markers.before_figure and before.i not in span._.literal:
        return codes.NOT_A_LEVEL
    after = doc[figure + 1] if figure + 1 < sent.end else None
    if after is not None and after.lower_ in markers.after_figure and after.i not in span._.literal:
        return codes.NOT_A_LEVEL
    blockers = markers.not_a_level + not_with
    if any(word_matches(t.lower_, blockers) for t in region if t.i not in span._.literal):
        return codes.NOT_A_LEVEL
    if any(t.lower_ in markers.modal for t in span if t.i not in span._.literal):
        return codes.NOT_A_LEVEL
    if _other_subject(region, home, markers):
        return codes.OTHER_SUBJECT
    return codes.PART_OF_MUNICIPALITY if _of_a_part(span, sent, home, markers, settings) else None


def _of_a_part(span: Span, sent: Span, home: str | None, markers: Markers, settings: FactSettings) -> bool:
    """Whether the figure is stated for a part of the municipality: "sykefraværet i barnehagene",
    "1 200 ansatte i helse og omsorg", "Sykehjemmet har 120 ansatte"."""
    doc = span.doc
    concept = [w[:6] for w in span.label_.split("_") if len(w) >= 6]  # `investeringer` is the key's own
    for i in sorted(span._.literal - {span._.figure}):
        prep, obj = i + 1, i + 2
        if obj >= sent.end or not {prep, obj}.isdisjoint(span._.literal):
            continue
        # after the figure, `for` starts a purpose ("6500 ansatte for innsatsen"), not a part
        preps = markers.part_prepositions if i < span._.figure else tuple(p for p in markers.part_prepositions if p != "for")
        if doc[prep].lower_ not in preps or _whole(doc[obj], home, markers):
            continue
        if obj + 1 < sent.end and doc[obj + 1].lower_ == "av":
            continue  # a measure, not a place: "i overkant av", "i starten av året"
        if not any(fold(doc[obj].lower_).startswith(c) for c in concept):
            return True
    if doc[span.start].lower_ in markers.subject_verbs:
        subject = [t for t in doc[sent.start:span.start] if t.lower_ not in markers.auxiliaries]
        if not subject or subject[0].lower_ in markers.adverbial_openers:
            return False
        # verb second: "Samtidig har kommunen 5 000 ansatte" has its subject after the verb
        if any(t.lower_ in markers.whole_subject or _is_home(t.text, home) for t in doc[span.start + 1:span._.figure]):
            return False
        # a short subject of its own at the sentence start; longer openings are adverbials
        return len(subject) <= settings.subject_words and not any(_whole(t, home, markers) for t in subject)
    return False


def _whole(token: Token, home: str | None, markers: Markers) -> bool:
    """A word that still means the whole municipality (or a time, a number), not a part of it."""
    return (token.text[:1].isdigit() or token.lower_ in markers.whole_subject
            or token.lower_ in markers.period_words or _is_home(token.text, home))


def _signed(value: float, span: Span, markers: Markers) -> float:
    """A figure stated as negative in words: "et negativt netto driftsresultat på 58 mill. kroner"."""
    doc = span.doc
    context = [doc[i] for i in (span.start - 1, span._.figure - 1) if i >= 0]
    negative = any(t.lower_ in markers.negative_words for t in context)
    return -abs(value) if negative else value


def _table_row(sent: Span, settings: FactSettings) -> bool:
    """A line of figures without a sentence end: a table row the page layout left in the prose."""
    figures = sum(1 for t in sent if t._.qty is not None)
    return figures >= settings.table_row_figures and sent[-1].text not in SENTENCE_END_CHARS


def key_figures(doc: Doc, report_year: int | None, home: str | None,
                settings: FactSettings = FactSettings()) -> tuple[list[KeyFigure], list[Rejected]]:
    """The key figures stated in a processed Doc, and the figures rejected with their reasons; a
    figure claimed by several phrasings goes to the nearest."""
    catalogue = load_catalogue()
    markers = catalogue.markers
    not_with = {fact.key: fact.not_with for fact in catalogue.facts}
    stock = {fact.key: fact.stock for fact in catalogue.facts}
    best: dict[int, Span] = {}
    for span in doc.spans[KEY_FIGURES]:
        sent = doc[span._.figure].sent
        if span.start < sent.start or span.end > sent.end:
            continue
        current = best.get(span._.figure)
        if current is None or len(span) < len(current):
            best[span._.figure] = span
    found, rejected = [], []
    for figure, span in sorted(best.items()):
        sent, token = doc[figure].sent, doc[figure]
        reason = codes.TABLE_ROW_IN_PROSE if _table_row(sent, settings) else _not_a_level(
            span, sent, home, not_with[span.label_], markers, settings)
        if reason is None:
            clause = _figure_clause(sent, figure, markers)
            period, change = _period(sent, clause, figure, report_year, markers, stock[span.label_],
                                     settings.comparison_window)
            if change:
                reason = codes.CHANGE_BETWEEN_YEARS
            elif period is not None and report_year is not None and period > report_year:
                reason = codes.LATER_YEAR
        if reason is not None:
            rejected.append(Rejected(span.label_, reason.name, sent, token))
            continue
        found.append(KeyFigure(span.label_, _signed(token._.qty.value, span, markers), token._.qty_unit,
                               period, sent, token))
    return found, rejected

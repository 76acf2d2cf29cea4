"""The spaCy pipeline for Norwegian bokmål: sentences, figures, entities and key-figure matches.

No trained Norwegian model is installable here, so the pipeline is spacy.blank("nb") with the
sentencizer and rule components only. Components are registered explicitly by build_nlp(),
each does one job and writes its result onto the Doc:
  hard_breaks   sentence starts after a sentence-final year (blank lines already cut the page into blocks)
  quantities    merges each figure ("296 mill. kroner") into one token with its value and unit
  entity_ruler  municipalities, companies, people with roles, plans (patterns from entities.py)
  key_figures   catalogue phrasings (Matcher) -> doc.spans["key_figures"], one span per match
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.facts.catalogue import GAP, QTY, compile_phrasing, is_gap_stop, load_catalogue
from pipeline.facts.entities import entity_patterns
from pipeline.facts.quantities import find_quantities
from pipeline.vocabulary import YEAR_DIGITS

KEY_FIGURES = "key_figures"
# A sentence stating a key figure is a few dozen tokens; a "sentence" of hundreds is a table or
# damaged text left without full stops, where the catalogue's gap patterns would cost time
# quadratic in its length.
MAX_SENTENCE_TOKENS = 200
FIGURES = "figures"  # doc.user_data key: character offsets of the figures in catalogue units
# a year the tokenizer keeps whole with its full stop ("2023.") before a capital, where the
# sentencizer misses the sentence end
_BREAK = re.compile(rf"(?<!\d){YEAR_DIGITS}\.\s+(?=[A-ZÆØÅ])")


def hard_breaks(doc: Doc) -> Doc:
    for match in _BREAK.finditer(doc.text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            span[0].is_sent_start = True
    return doc


def quantities(doc: Doc) -> Doc:
    found = find_quantities(doc.text)
    spans = []
    for q in found:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            span._.pending_qty = q
            spans.append(span)
    # two figures expanded to overlapping tokens ("30%–40%") cannot both be merged: keep the longest
    with doc.retokenize() as retokenizer:
        for span in filter_spans(spans):
            q = span._.pending_qty
            retokenizer.merge(span, attrs={"_": {"qty": q, "qty_unit": q.unit}})
    doc.user_data[FIGURES] = [q.start for q in found if q.unit]
    return doc


class KeyFigureMatcher:
    """Finds the catalogue's phrasings; each match keeps which of its tokens is the figure."""

    def __init__(self, nlp: Language):
        catalogue = load_catalogue()
        self.matcher = Matcher(nlp.vocab)
        self.figure_index: dict[str, int] = {}  # match label -> position of {QTY} in its pattern
        self.gap_index: dict[str, set[int]] = {}  # match label -> positions of its gaps
        for fact in catalogue.facts:
            for n, phrasing in enumerate(fact.phrasings):
                label = f"{fact.key}#{n}"
                self.matcher.add(label, [compile_phrasing(phrasing, fact.units,
                                                          catalogue.gap_tokens)])
                words = phrasing.split()
                self.figure_index[label] = words.index(QTY)
                self.gap_index[label] = {n for n, word in enumerate(words) if word == GAP}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        figures = doc.user_data.get(FIGURES, [])
        # only sentences holding a figure in a catalogue unit can match: skip the rest (most of a report)
        for sent in doc.sents:
            if len(sent) > MAX_SENTENCE_TOKENS or bisect_left(figures, sent.start_char) == bisect_left(
                    figures, sent.end_char):
                continue
            for match_id, start, end, alignment in self.matcher(sent, with_alignments=True):
                label = doc.vocab.strings[match_id]
                start, end = start + sent.start, end + sent.start
                span = Span(doc, start, end, label=label.split("#")[0])
                span._.figure = start + alignment.index(self.figure_index[label])
                span._.literal = frozenset(start + n for n, a in enumerate(alignment) if a not in self.gap_index[label])
                spans.append(span)
        doc.spans[KEY_FIGURES] = spans
        return doc


def _register() -> None:
    for name in ("qty", "qty_unit"):
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)
    if not Token.has_extension("gap_stop"):
        markers = load_catalogue().markers
        Token.set_extension("gap_stop", getter=lambda token: is_gap_stop(token, markers))
    if not Span.has_extension("pending_qty"):
        Span.set_extension("pending_qty", default=None)
    if not Span.has_extension("figure"):
        Span.set_extension("figure", default=None)  # index of the figure's token in the Doc
        Span.set_extension("literal", default=frozenset())  # tokens matched by the phrasing's words
    if not Language.has_factory("key_figures"):
        Language.component("hard_breaks", func=hard_breaks)
        Language.component("quantities", func=quantities)
        Language.factory("key_figures", func=lambda nlp, name: KeyFigureMatcher(nlp))


@cache
def build_nlp() -> Language:
    """The pipeline, built once per process (about 0.3 s)."""
    _register()
    nlp = spacy.blank("nb")
    nlp.add_pipe("quantities")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hard_breaks")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(entity_patterns())
    nlp.add_pipe("key_figures")
    return nlp

"""Key figures and entities stated in prose.

Each page's restored text runs through the spaCy pipeline (nlp.py); matches of the fact catalogue's
phrasings are kept when they state a level for a period (keyfigures.py). A key figure stated
several times with different values for one period keeps the value stated most often (the first
one on a tie), so a side remark does not stand beside the headline figure.
"""
from __future__ import annotations

from collections import Counter

from pipeline.facts.entities import entities_of
from pipeline.facts.keyfigures import KeyFigure, key_figures
from pipeline.facts.nlp import build_nlp
from pipeline.facts.pagetext import PageText, page_text
from pipeline.models import Document, Entity, Fact


def _fact(figure: KeyFigure, page: PageText) -> Fact:
    sent = figure.sentence
    line_start, line_end, raw = page.raw_between(sent.start_char, sent.end_char)
    return Fact(key=figure.key, value=figure.value, unit=figure.unit, period=figure.period,
                page_no=page.page_no, line_start=line_start, line_end=line_end,
                evidence=sent.text.strip(), evidence_raw=raw, raw_value=figure.figure.text)


def consolidate(facts: list[Fact]) -> list[Fact]:
    """One fact per (key, unit, period): the value stated most often, the first one on a tie."""
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact.key, fact.unit, fact.period), []).append(fact)
    chosen = []
    for group in groups.values():
        counts = Counter(f.value for f in group)
        top = max(counts.values())
        chosen.append(next(f for f in group if counts[f.value] == top))
    return sorted(chosen, key=lambda f: (f.page_no or 0, f.line_start or 0, f.key))


def extract_facts(doc: Document) -> tuple[list[Fact], list[Entity]]:
    nlp = build_nlp()
    pages = [page_text(page) for page in doc.pages]
    docs = list(nlp.pipe(p.text for p in pages))
    entities = [e for page, sdoc in zip(pages, docs) for e in entities_of(sdoc, page)]
    # report year and municipality come from the metadata step, which runs before this one
    facts = [_fact(figure, page) for page, sdoc in zip(pages, docs)
             for figure in key_figures(sdoc, doc.report_year, doc.municipality)]
    return consolidate(facts), entities

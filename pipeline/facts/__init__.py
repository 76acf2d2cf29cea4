"""Key figures and entities stated in prose.

Each page's restored text runs through the spaCy pipeline (nlp.py); matches of the fact catalogue's
phrasings are kept when they state a level for a period (keyfigures.py). A key figure stated
several times with different values for one period keeps the value stated most often (the first
one on a tie), so a side remark does not stand beside the headline figure. A page the pipeline
fails on is an issue; the other pages' facts stand. Rejected figures keep their reason for --debug.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline import codes
from pipeline.facts.entities import entities_of
from pipeline.facts.keyfigures import KeyFigure, Rejected, key_figures
from pipeline.facts.nlp import build_nlp
from pipeline.facts.pagetext import PageText, page_text, prose_share
from pipeline.models import Document, Entity, Fact, Issue, Stage
from pipeline.settings import FactSettings
from pipeline.stages import each


@dataclass(frozen=True)
class FactsOutput:
    facts: tuple[Fact, ...]
    entities: tuple[Entity, ...]
    issues: tuple[Issue, ...] = ()
    trace: dict[str, Any] = field(default_factory=dict)


def _fact(figure: KeyFigure, page: PageText) -> Fact:
    sent = figure.sentence
    line_start, line_end, raw = page.raw_between(sent.start_char, sent.end_char)
    return Fact(key=figure.key, value=figure.value, unit=figure.unit, period=figure.period,
                page_no=page.page_no, line_start=line_start, line_end=line_end,
                evidence=sent.text.strip(), evidence_raw=raw, raw_value=figure.figure.text)


def _rejected(rejected: Rejected, page: PageText) -> dict[str, Any]:
    line_start, _, _ = page.raw_between(rejected.sentence.start_char, rejected.sentence.end_char)
    return {"key": rejected.key, "reason": rejected.reason, "figure": rejected.figure.text, "page_no": page.page_no,
            "line_no": line_start, "sentence": rejected.sentence.text.strip()}


def consolidate(facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """One fact per (key, unit, period): the value stated most often, the first one on a tie; and
    the facts outvoted."""
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact.key, fact.unit, fact.period), []).append(fact)
    chosen, outvoted = [], []
    for group in groups.values():
        counts = Counter(f.value for f in group)
        top = max(counts.values())
        winner = next(f for f in group if counts[f.value] == top)
        chosen.append(winner)
        outvoted += [f for f in group if f.value != winner.value]
    return sorted(chosen, key=lambda f: (f.page_no or 0, f.line_start or 0, f.key)), outvoted


def extract_facts(doc: Document, settings: FactSettings = FactSettings()) -> FactsOutput:
    nlp = build_nlp()

    def read(page) -> tuple[list[Fact], list[Entity], list[dict]]:
        facts, entities, rejected = [], [], []
        blocks = [b for b in page_text(page, settings).blocks() if prose_share(b.text) >= settings.min_prose_share]
        for block, sdoc in zip(blocks, nlp.pipe(block.text for block in blocks)):
            # report year and municipality come from the metadata step, which runs before this one
            found, not_taken = key_figures(sdoc, doc.report_year, doc.municipality, settings)
            facts += [_fact(f, block) for f in found]
            entities += entities_of(sdoc, block)
            rejected += [_rejected(r, block) for r in not_taken]
        first = {}  # one entity per (label, text, role) on the page, at its first mention
        for entity in entities:
            first.setdefault((entity.label, entity.text, entity.role), entity)
        return facts, list(first.values()), rejected

    per_page, issues = each(Stage.FACTS, doc.pages, read, lambda page: page.number)
    facts, outvoted = consolidate([f for found, _, _ in per_page for f in found])
    rejected = [r for _, _, rejected in per_page for r in rejected]
    rejected += [{"key": f.key, "reason": codes.OUTVOTED.name, "figure": f.raw_value, "page_no": f.page_no,
                  "line_no": f.line_start, "sentence": f.evidence} for f in outvoted]
    entities = tuple(e for _, found, _ in per_page for e in found)
    return FactsOutput(tuple(facts), entities, tuple(issues), {"rejected_figures": rejected})


__all__ = ["FactsOutput", "extract_facts"]

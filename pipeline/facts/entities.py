"""Named things in the prose: municipalities, companies (IKS, AS ...), people with their roles, plans.

The EntityRuler's patterns are built from data/entities.json and the municipality list; this module
also turns the ruler's spans into Entity records with page, line and evidence sentence.
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span

from pipeline.facts.catalogue import load_data_file
from pipeline.facts.pagetext import PageText
from pipeline.ingest.municipalities import municipality_names
from pipeline.models import Entity

MUNICIPALITY, ORG, PERSON, PLAN = "MUNICIPALITY", "ORG", "PERSON", "PLAN"
ORG_WORDS = 6  # words before the company form that a match may hold
ORG_LOWER_WORDS = 2  # lower-case words a company name may hold besides joiners ("brann og redning")
_CAPITALISED = {"REGEX": r"^[A-ZÆØÅ]"}


def _person_patterns(roles: list[str]) -> list[dict]:
    # a role title, then a name of two or three capitalised words: "ordfører Lene Conradi"
    titles = sorted({word for role in roles for word in role.split()})
    given = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": titles}}  # not a list of titles
    name = [given, dict(given, OP="{1,2}")]
    return [{"label": PERSON, "id": role, "pattern": [{"LOWER": word} for word in role.split()] + name}
            for role in roles]


def _org_patterns(suffixes: list[str]) -> list[dict]:
    # words before a company form: "Asker Vekst AS", "Asker og Bærum brann og redning IKS";
    # the match may start in the prose before the name (company_name() cuts it off), but never
    # runs over another company's form
    first = {"IS_ALPHA": True, "TEXT": dict(_CAPITALISED, NOT_IN=suffixes)}
    word = {"IS_ALPHA": True, "TEXT": {"NOT_IN": suffixes}, "OP": f"{{0,{ORG_WORDS}}}"}
    return [{"label": ORG, "pattern": [first, word, {"TEXT": {"IN": suffixes}}]}]


def company_name(span: Span, joiners: frozenset[str]) -> Span | None:
    """The company's name in an ORG match: from the last capitalised word that follows a prose word.

    Lower-case words belong to the name only after a capitalised word or a joiner ("og", "i");
    a match holding more of them than a name does is prose, not a company."""
    start = 0
    for i in range(1, len(span) - 1):
        if span[i].text[0].isupper() and span[i - 1].is_lower and span[i - 1].lower_ not in joiners:
            start = i
    name = span[start:]
    lower = sum(1 for t in name[:-1] if t.is_lower and t.lower_ not in joiners)
    return name if lower <= ORG_LOWER_WORDS else None


def _plan_patterns(heads: list[str], tails: list[str]) -> list[dict]:
    # a compound naming a plan ("temaplan", "kommuneplanens samfunnsdel"), with what it is for
    head = {"LOWER": {"REGEX": r"^\w{3,}(?:" + "|".join(heads) + r")$"}}
    topic = [{"LOWER": {"IN": tails}}, {"IS_ALPHA": True, "IS_LOWER": True, "LENGTH": {">=": 4}}]
    period = {"TEXT": {"REGEX": r"^\d{4}(?:[-–]\d{4})?$"}}
    return [{"label": PLAN, "pattern": [head]},
            {"label": PLAN, "pattern": [head, {"LOWER": {"IN": ["samfunnsdel", "arealdel"]}}]},
            {"label": PLAN, "pattern": [head, period]},
            {"label": PLAN, "pattern": [head] + topic},
            {"label": PLAN, "pattern": [head] + topic + topic}]


@cache
def _entity_data() -> dict:
    return load_data_file("entities.json")


@cache
def entity_patterns() -> list[dict]:
    data = _entity_data()
    municipalities = [{"label": MUNICIPALITY, "pattern": name} for name in municipality_names()]
    return (municipalities + _person_patterns(data["roles"]) + _org_patterns(data["org_suffixes"])
            + _plan_patterns(data["plan_heads"], data["plan_tails"]))


def _name(ent: Span, joiners: frozenset[str]) -> Span | None:
    """The entity's name: without the role title of a person, cut from the prose before a company."""
    if ent.ent_id_:  # the ruler's span holds the title too
        return ent[len(ent.ent_id_.split()):]
    if ent.label_ == ORG:
        return company_name(ent, joiners)
    return ent


def entities_of(doc: Doc, page: PageText) -> list[Entity]:
    """An Entity per mention in the block (extract_facts keeps a page's first of each)."""
    joiners = frozenset(_entity_data()["org_joiners"])
    found = []
    for ent in doc.ents:
        name = _name(ent, joiners)
        if name is None:
            continue
        found.append(Entity(label=ent.label_, text=name.text, role=ent.ent_id_ or None, page_no=page.page_no,
                            line_no=page.line_at(name.start_char).number, evidence=ent.sent.text.strip()))
    return found

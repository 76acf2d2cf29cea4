"""Named things in the prose: municipalities, companies (IKS, AS ...), people with their roles, plans.

The EntityRuler's patterns are built from data/entities.json and the municipality list; this module
also turns the ruler's spans into Entity records with page, line and evidence sentence.
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from pipeline.facts.catalogue import load_data_file
from pipeline.facts.pagetext import PageText
from pipeline.ingest.municipalities import municipality_names
from pipeline.models import Entity

MUNICIPALITY, ORG, PERSON, PLAN = "MUNICIPALITY", "ORG", "PERSON", "PLAN"
_CAPITALISED = {"REGEX": r"^[A-ZÆØÅ]"}


def _person_patterns(roles: list[str]) -> list[dict]:
    # a role title, then a name of two or three capitalised words: "ordfører Lene Conradi"
    titles = sorted({word for role in roles for word in role.split()})
    given = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": titles}}  # not a list of titles
    name = [given, dict(given, OP="{1,2}")]
    return [{"label": PERSON, "id": role, "pattern": [{"LOWER": word} for word in role.split()] + name}
            for role in roles]


def _org_patterns(suffixes: list[str], joiners: list[str]) -> list[dict]:
    # capitalised words (and joiners such as "og") before a company form: "Asker Vekst AS"
    middle = {"OP": "{0,5}", "TEXT": {"REGEX": r"^(?:[A-ZÆØÅ]|(?:" + "|".join(joiners) + r")$)"}}
    return [{"label": ORG, "pattern": [{"TEXT": _CAPITALISED}, middle, {"ORTH": {"IN": suffixes}}]}]


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
def entity_patterns() -> list[dict]:
    data = load_data_file("entities.json")
    municipalities = [{"label": MUNICIPALITY, "pattern": name} for name in municipality_names()]
    return (municipalities + _person_patterns(data["roles"]) + _org_patterns(data["org_suffixes"], data["org_joiners"])
            + _plan_patterns(data["plan_heads"], data["plan_tails"]))


def entities_of(doc: Doc, page: PageText) -> list[Entity]:
    """One Entity per distinct (label, text, role) on the page, at its first mention."""
    seen = set()
    found = []
    for ent in doc.ents:
        role = ent.ent_id_ or None
        text = ent.text
        if role:  # the ruler's span holds the title too: keep only the name
            text = ent[len(role.split()):].text
        if (ent.label_, text, role) in seen:
            continue
        seen.add((ent.label_, text, role))
        found.append(Entity(label=ent.label_, text=text, role=role, page_no=page.page_no,
                            line_no=page.line_at(ent.start_char).number, evidence=ent.sent.text.strip()))
    return found

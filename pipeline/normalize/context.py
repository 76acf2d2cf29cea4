"""Context for the ambiguous pairs, where both the printed word and its restoration are words.

`for`/`før`, `var`/`vår`, `sa`/`så` ... are each a common word, so frequency alone always picks
the same reading. Here the neighbouring words add evidence from Norwegian grammar: a possessive
(`vår`, `våre`) follows a preposition and precedes a noun, a past tense (`var`, `sa`, `ga`) follows
its subject, an infinitive (`gå`, `vare`) follows a modal verb or `å`, `før` ends a comparison
(`enn før`) or precedes a point in time. The cues are word classes, not sample phrases.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PREPOSITIONS = frozenset(
    "i på til av med for fra om over under mot etter ved hos gjennom mellom uten blant innen "
    "innenfor utenfor langs rundt bak foran siden".split()
)
SUBJECT_PRONOUNS = frozenset("jeg du han hun vi dere de det den dette disse som man alle".split())
MODALS = frozenset("å skal vil kan må bør kunne skulle ville måtte burde få".split())
FUNCTION_WORDS = frozenset(
    "det den de en et ei i på til av med for fra om ikke også da så der her at som og eller men "
    "blitt vært hatt ble mer mindre mye lite godt bedre høy lav stor store nok svært veldig "
    "spesielt særlig helt litt noe noen ingen alle flere mange få".split()
)
# Where something lies: `lå an`, `bor hjemme` (not `i`: `la i 2023 frem` is as common as `lå i`).
LOCATIVES = frozenset("på an under over innenfor utenfor bak foran nær hjemme alene sammen høyt lavt godt".split())
TIME_POINTS = frozenset(
    "utgangen starten slutten oppstart jul påske sommeren høsten våren vinteren nyttår fristen".split()
)
COMPARISON = frozenset("enn aldri lenge kort like rett".split())
# `året før`, `dagen før`: the period before.
PERIODS = frozenset("året dagen uka uken måneden kvelden natten tiden".split())
# Words a finite verb is often followed by, an infinitive rarely.
AFTER_FINITE = frozenset("en et ei oss meg deg seg dem ham henne også ikke derfor likevel dessuten".split())
# How far back a modal verb may stand from its infinitive (`vil fra 2024 i større grad gå`).
MODAL_REACH = 6
KINSHIP = frozenset("mor foreldre barn".split())


@dataclass(frozen=True)
class Neighbours:
    """The restored words around a token, in lower case ('' at the edge of a line)."""

    prev: str
    next: str
    preceding: tuple[str, ...]  # up to MODAL_REACH words before, nearest last
    trail: str  # the token's own punctuation after it (`sa:`)
    sentence_start: bool  # first word of a line or after . ! ? :
    clause_end: bool  # the token carries . , ; : ! ? or ends the line
    next_is_number: bool


Cue = Callable[[Neighbours], float]


def _possessive(n: Neighbours) -> float:
    if n.next in FUNCTION_WORDS or n.next_is_number:
        return -2.0
    if n.prev in SUBJECT_PRONOUNS:
        return -2.0
    if n.prev in PREPOSITIONS:
        return 2.0 if (n.next or n.clause_end) else 0.0
    return 1.0 if n.sentence_start else 0.0


def _past_after_subject(n: Neighbours) -> float:
    """A finite verb follows its subject or precedes its object; an infinitive does neither."""
    if n.prev in MODALS:
        return 0.0
    return 1.5 if n.prev in SUBJECT_PRONOUNS or n.next in AFTER_FINITE else 0.0


def _infinitive(n: Neighbours) -> float:
    """An infinitive needs a modal verb or `å` before it, next to it or a few words back."""
    if n.prev in MODALS:
        return 2.0
    return 1.0 if MODALS.intersection(n.preceding) else -1.0


def _before(n: Neighbours) -> float:
    score = 0.0
    if n.clause_end and (n.prev in COMPARISON or n.prev in PERIODS):
        score += 3.0
    if n.next in TIME_POINTS:
        score += 2.0
    if n.next == "å":
        score -= 3.0
    return score


def _located(n: Neighbours) -> float:
    return 1.5 if n.next in LOCATIVES and n.prev not in MODALS else 0.0


def _said(n: Neighbours) -> float:
    said_what = n.next == "at" or n.trail.startswith(":")
    return 2.5 if said_what and (n.prev in SUBJECT_PRONOUNS or not n.prev) else 0.0


def _kin(n: Neighbours) -> float:
    return 3.0 if KINSHIP.intersection(n.preceding[-2:]) or n.next in KINSHIP else 0.0


def _modal_use(n: Neighbours) -> float:
    return 1.0 if n.next.endswith("es") or n.next in {"være", "ha", "bli", "vi", "det", "man", "kunne"} else 0.0


def _ware(n: Neighbours) -> float:
    """`vare` the noun (`en vare`), the verb (`skal vare`) and the idiom `ta vare på`."""
    if n.prev in {"ta", "tar", "tatt", "tok"} and n.next == "på":
        return 3.0
    return max(_infinitive(n), 2.0 if n.prev in {"en", "ei", "denne", "hver"} else 0.0)


# Printed word -> {reading: cue}: each reading scores its frequency, minus the channel cost, plus its cue.
CUES: dict[str, dict[str, Cue]] = {
    "for": {"før": _before},
    "var": {"vår": _possessive, "var": _past_after_subject},
    "vare": {"vare": _ware},
    "sa": {"sa": _said},
    "la": {"lå": _located},
    "far": {"far": _kin, "før": _before},
    "bor": {"bor": _located, "bør": _modal_use},
    "ga": {"ga": _past_after_subject, "gå": _infinitive},
}


def context_score(printed: str, reading: str, neighbours: Neighbours) -> float:
    cue = CUES.get(printed, {}).get(reading)
    return cue(neighbours) if cue else 0.0

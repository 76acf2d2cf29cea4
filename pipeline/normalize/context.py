"""Context for the ambiguous words, where the printed word and its restorations are all words.

`for`/`før`, `var`/`vår`, `sa`/`så`, `vare`/`være`/`våre`, `bor`/`bør` ... are each a common word,
so frequency alone always picks the same reading. Here each reading is scored by its grammatical
role, taken from the lexicon's word classes (the Norsk ordbank: noun, adjective, adverb, verb as
infinitive, present or past) and from the closed classes of grammar (pronouns, prepositions,
modal verbs, possessives, subjunctions), against the word classes and clause structure around
it: an infinitive has a modal verb or `å` before it, a finite verb follows its subject, a
possessive stands between a preposition and a noun, the subjunction `før` opens a subordinate
clause (subject and finite verb), `sa` follows reported speech with its subject. A form that is a
noun and a verb mixes the cues of both by how often it is a verb. A cue is a role's rule, never a
phrase, and it names itself by a code.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from pipeline.normalize.lexicon import ADJ, ADV, BARE, INF, NOUN, PAST, PRES, VERB

PREPOSITIONS = frozenset(
    "i på til av med for fra om over under mot etter ved hos gjennom mellom uten blant innen "
    "innenfor utenfor langs rundt bak foran siden".split()
)
SUBJECT_PRONOUNS = frozenset("jeg du han hun vi dere de det den dette disse man".split())
# Who may do something: the pronouns, and a relative `som`.
SUBJECTS = SUBJECT_PRONOUNS | {"som", "alle", "noen", "ingen"}
MODALS = frozenset("å skal vil kan må bør kunne skulle ville måtte burde få tør".split())
# Auxiliaries a past participle follows (`har vært`).
AUXILIARIES = frozenset("har hadde ha hatt".split())
ARTICLES = frozenset("en et ei".split())
DETERMINERS = ARTICLES | frozenset("denne dette hver hvert ethvert enhver samme".split())
POSSESSIVES = frozenset("vår våre vårt".split())
FUNCTION_WORDS = frozenset(
    "det den de en et ei i på til av med for fra om ikke også da så der her at som og eller men "
    "blitt vært hatt ble mer mindre mye lite godt bedre høy lav stor store nok svært veldig "
    "spesielt særlig helt litt noe noen ingen alle flere mange få".split()
)
# Words that open a clause, where a possessive may begin the subject (`fordi vår tid er`).
CLAUSE_OPENERS = frozenset("fordi at hvis når mens om da".split())
# Words of the closed classes, whatever else the ordbank lists them as (`jeg` and `å` are nouns too).
CLOSED_CLASSES = FUNCTION_WORDS | SUBJECTS | PREPOSITIONS | MODALS | CLAUSE_OPENERS | frozenset(
    "meg deg seg oss dem ham henne".split())
# Verbs of position: where something lies or someone lives (`lå an`, `bor hjemme`).
POSITION_VERBS = frozenset("lå ligger bor".split())
LOCATIVES = frozenset("på an under over innenfor utenfor bak foran nær hjemme alene sammen høyt lavt godt".split())
TIME_POINTS = frozenset(
    "utgangen starten slutten oppstart jul påske sommeren høsten våren vinteren nyttår fristen".split()
)
COMPARISON = frozenset("enn aldri lenge kort like rett".split())
# `året før`, `dagen før`: the period before.
PERIODS = frozenset("året dagen uka uken måneden kvelden natten tiden".split())
# Spans of time a thing happens before (`tre uker før valget`).
TIME_SPANS = frozenset("uker dager måneder timer minutter døgn".split())
# Subjects of reported speech (`sa han`, `hun sa`); `vi så` is as often `we saw`.
SPEAKERS = frozenset("han hun de".split())
# Words a finite verb is often followed by, an infinitive rarely.
AFTER_FINITE = frozenset("en et ei oss meg deg seg dem ham henne også ikke derfor likevel dessuten".split())
SUBJUNCTIONS = frozenset({"før"})
SPEECH_VERBS = frozenset({"sa"})
# Kin that make a kin reading likely; `far` is kin too, but as a neighbour it may be a `får` or `før`
# not yet restored, so it only gets the cue as a reading.
KINSHIP = frozenset("mor foreldre barn".split())
# No form of two classes is taken for sure to be one of them.
MIN_SHARE = 0.02
MAX_SHARE_BESIDE_ADJECTIVE = 0.2
# How far back a modal verb may stand from its infinitive (`vil fra 2024 i større grad gå`).
MODAL_REACH = 6
# How far a subordinate clause's finite verb may stand from the subjunction (`før det nye rådet trer`).
CLAUSE_REACH = 4
# What ends a quotation or a clause before reported speech: `..., sa han`, `«...» sa hun`.
SPEECH_END = frozenset(",»\"”–-")


class Neighbours(NamedTuple):
    """The words around a token, restored and in lower case ('' at the edge of a line), with the
    word classes of the one before and of the following ones."""

    prev: str
    prev_classes: int
    prev_capitalised: bool  # the word before is a name (not the first word of a sentence)
    next: str
    preceding: tuple[str, ...]  # up to MODAL_REACH words before, nearest last
    following: tuple[str, ...]  # up to CLAUSE_REACH words after, nearest first
    following_classes: tuple[int, ...]
    trail: str  # the token's own punctuation after it (`sa:`)
    prev_trail: str  # the punctuation after the word before (`klare,`)
    next_trail: str  # the punctuation after the next word (`han.`)
    next_capitalised: bool  # the next word is a name (or begins a sentence)
    sentence_start: bool  # first word of a sentence (after . ! ? : or a line that ended one)
    clause_end: bool  # the token carries . , ; : ! ? or ends the line
    next_is_number: bool

    @property
    def next_classes(self) -> int:
        return self.following_classes[0] if self.following_classes else 0

    def finite_at(self, k: int) -> bool:
        """The k-th word after the token is a finite verb and nothing else (`foreligger`, `ble`)."""
        if k >= len(self.following):
            return False
        classes = self.following_classes[k]
        finite = classes & (PRES | PAST) and not classes & (NOUN | ADJ | INF)
        return bool(finite) and self.following[k] not in CLAUSE_OPENERS


def _possessive(n: Neighbours) -> tuple[float, str]:
    if n.next in CLOSED_CLASSES or n.next_is_number or n.prev in SUBJECTS:
        return -2.0, "possessive_without_noun"
    if n.prev in PREPOSITIONS and (n.next or n.clause_end):
        return 2.0, "possessive_after_preposition"
    # Before a bare noun, where no subject precedes (after a verb, a clause opener, a sentence start).
    bare_noun = n.next_classes & BARE and not n.next_classes & (ADJ | ADV | VERB)
    if bare_noun and (n.prev_classes & VERB or n.prev in CLAUSE_OPENERS or n.sentence_start):
        return 2.0, "possessive_before_noun"
    return 0.0, ""


def _finite(n: Neighbours) -> tuple[float, str]:
    """A finite verb follows its subject or precedes its object; it never follows a modal or a
    article or a preposition (`en dommer ikke`; `denne` and `dette` may be subjects)."""
    if n.prev in MODALS:
        return -1.5, "finite_after_modal"
    if n.prev in ARTICLES or n.prev in PREPOSITIONS:
        return -1.5, "finite_after_article_or_preposition"
    if n.prev in SUBJECT_PRONOUNS or n.next in AFTER_FINITE:
        return 1.5, "finite_after_subject"
    return 0.0, ""


def _participle(n: Neighbours) -> tuple[float, str]:
    if n.prev in AUXILIARIES or AUXILIARIES.intersection(n.preceding[-2:]):
        return 2.5, "participle_after_auxiliary"
    return _finite(n)


def _past(n: Neighbours) -> tuple[float, str]:
    """A past tense (not a participle: those the ordbank lists as adjectives too) never follows `har`."""
    if n.prev in AUXILIARIES:
        return -1.5, "past_after_auxiliary"
    return _finite(n)


def _infinitive(n: Neighbours) -> tuple[float, str]:
    """An infinitive needs a modal verb or `å` before it, next to it or a few words back, and no
    other verb right before it (`ta vare på`, not `ta være`)."""
    if n.prev in MODALS:
        return 2.0, "infinitive_after_modal"
    if n.prev_classes & VERB and not n.prev_classes & (NOUN | ADJ | ADV) and n.prev not in CLOSED_CLASSES:
        return -1.5, "infinitive_after_verb"
    if MODALS.intersection(n.preceding):
        return 1.0, "infinitive_after_modal"
    return -0.5, "infinitive_without_modal"


def _before_infinitive(n: Neighbours) -> bool:
    infinitive = n.next_classes & INF and not n.next_classes & ADV and n.next not in CLOSED_CLASSES
    return bool(infinitive) or n.next in {"ikke", "også", "derfor", "kunne"}


def _modal(n: Neighbours) -> tuple[float, str]:
    """A modal verb (`bør`) has an infinitive after it (`bør vurderes`, `bør være`; `bor nå` is
    `now`), and as a finite verb never follows a preposition."""
    if n.prev in PREPOSITIONS:
        return -1.5, "finite_after_article_or_preposition"
    return (2.0, "modal_before_infinitive") if _before_infinitive(n) else (0.0, "")


def _marker(n: Neighbours) -> tuple[float, str]:
    """The infinitive marker `å` (`for å sikre`, `å være`)."""
    return (2.0, "marker_before_infinitive") if _before_infinitive(n) else (0.0, "")


def _before(n: Neighbours) -> tuple[float, str]:
    """`før` ends a comparison (`enn før.`, `året før`, `aldri før har`), follows a span of time (`tre
    uker før valget`), precedes a point in time (`før sommeren`) or opens a subordinate clause: a
    subject, then its finite verb (`før det foreligger`, `før velgerne hadde`). Where a noun stands
    before it (`ansvaret for tjenesten ligger`) or a clause begins with it (`, for det er`), `for`."""
    if n.next == "å":
        return -3.0, "preposition_before_infinitive"
    if (n.prev in COMPARISON or n.prev in PERIODS) and (n.clause_end or n.finite_at(0)):
        return 3.0, "comparison_end"
    if n.prev in TIME_SPANS:
        return 2.0, "time_span"
    if n.next in TIME_POINTS:
        return 2.0, "time_point"
    if n.sentence_start or n.prev_trail or n.prev in SUBJECTS or n.next_trail:
        return 0.0, ""
    # After a noun, `for` + noun + verb is a noun's complement (`ansvaret for tjenesten ligger`); a
    # pronoun after it is a clause's subject all the same (`finne sted før det foreligger`).
    after_noun = n.prev_classes & NOUN and not n.prev_classes & (VERB | ADV)
    noun_subject = n.next_capitalised or n.next_classes & NOUN and not n.next_classes & BARE
    subject = n.next in SUBJECT_PRONOUNS or noun_subject and not after_noun
    if subject and n.finite_at(1):
        return 2.5, "subordinate_clause"
    return 0.0, ""


def _said(n: Neighbours) -> tuple[float, str]:
    """`sa` after its subject (`hun sa at`, `Jensen sa til`, `Rice sa i forrige uke at`), before what
    was said (`sa:`, `sa at`,
    `sa han at`) or after the reported speech, before its subject (`..., sa han.`, `«...» sa Rice`)."""
    if n.trail.startswith(":") or n.next == "at":
        return 2.5, "reported_speech"
    speaker_next = n.next in SPEAKERS or n.next_capitalised
    if speaker_next and {"at", "til"}.intersection(n.following[1:5]):
        return 2.5, "reported_speech"
    speaker_before = n.prev in SPEAKERS or n.prev_capitalised
    said_later = "at" in n.following[:5] and not n.next_classes & (ADJ | ADV)  # not `så kraftig at`
    if speaker_before and (n.clause_end or n.next == "til" or said_later):
        return 2.5, "reported_speech"
    after_speech = bool(n.prev_trail) and n.prev_trail[-1] in SPEECH_END or n.prev in {"–", "-"}
    subject_ends = bool(n.next_trail) or len(n.following) < 2 or n.following[1] in {"at", "til", "om", "og", "i"}
    definite = n.next_classes & NOUN and not n.next_classes & BARE and n.next not in CLOSED_CLASSES
    subject = n.next in SUBJECT_PRONOUNS or n.next_capitalised or definite
    if after_speech and subject and (subject_ends or n.next_capitalised or n.next in SPEAKERS):
        return 3.0, "reported_speech"
    return 0.0, ""


def _located(n: Neighbours) -> tuple[float, str]:
    if n.next in LOCATIVES and n.prev not in MODALS:
        return 1.5, "position_verb_with_place"
    return 0.0, ""


def _kin(n: Neighbours) -> tuple[float, str]:
    if KINSHIP.intersection(n.preceding[-2:]) or n.next in KINSHIP:
        return 3.0, "kinship"
    return 0.0, ""


def _degree(n: Neighbours) -> tuple[float, str]:
    """An adverb of degree stands before an adjective (`svært viktig`, `så langt`)."""
    if n.next_classes & ADJ and not n.next_classes & (NOUN | VERB) and n.next not in CLOSED_CLASSES:
        return 1.0, "adverb_before_adjective"
    return 0.0, ""


def _noun(n: Neighbours) -> tuple[float, str]:
    """A noun ends the noun phrase its determiner opens (`et møte`, not `et ganske stort`), and never
    follows the infinitive marker (`å møte`, not `å måte`)."""
    if n.prev == "å":
        return -2.0, "noun_after_marker"
    if n.prev in DETERMINERS and (n.next in CLOSED_CLASSES or not n.next_classes & (NOUN | ADJ)):
        return 1.5, "noun_after_determiner"
    return 0.0, ""


def context_score(reading: str, classes: int, verb_share: float, n: Neighbours) -> tuple[float, str]:
    """The evidence for `reading` from its neighbours, and the code of its cue. A closed-class word has
    its own cue; an open-class word scores the strongest cue of its verb roles and that of its other
    roles, weighed by how often it is used as a verb (`verb_share`: `ta vare på` is the noun, `å
    være` the verb)."""
    if reading in POSSESSIVES:
        return _possessive(n)
    if reading in SUBJUNCTIONS:
        return _before(n)
    if reading in SPEECH_VERBS:
        return _said(n)
    if reading == "å":
        return _marker(n)
    if reading in MODALS:
        return _modal(n)
    if reading in PREPOSITIONS or reading in CLAUSE_OPENERS:  # `for` is no form of the verb `fore`
        return 0.0, ""
    verb_cues = [_participle(n) if classes & ADJ else _past(n)] if classes & PAST else []
    verb_cues += [cue(n) for role, cue in ((INF, _infinitive), (PRES, _finite)) if classes & role]
    other_cues = [cue(n) for role, cue in ((NOUN, _noun), (ADV, _degree)) if classes & role]
    if reading in POSITION_VERBS:
        verb_cues.append(_located(n))
    if reading in KINSHIP or reading == "far":
        other_cues.append(_kin(n))
    verb = max(verb_cues, default=(0.0, ""), key=lambda cue: cue[0])
    other = max(other_cues, default=(0.0, ""), key=lambda cue: cue[0])
    if not verb_cues or not other_cues:
        return verb if verb_cues else other
    # A mixture of the two readings of the form, each as likely as its share says and its cue (in log10
    # units) multiplies. The ordbank's paradigms say nothing of how often a form is an adjective or an
    # adverb (`høy`, `så`), its commonest uses: one that may be one counts as a verb at most a fifth of
    # the time.
    share = min(max(verb_share, MIN_SHARE), 1 - MIN_SHARE, MAX_SHARE_BESIDE_ADJECTIVE if classes & (ADJ | ADV) else 1.0)
    verb_weight, other_weight = share * 10 ** verb[0], (1 - share) * 10 ** other[0]
    score = math.log10(verb_weight + other_weight)
    return score, (verb[1] if verb_weight >= other_weight else other[1]) if score else ""

"""Restore each token of OCR'd text to the most probable bokmål word.

A token's readings are the lexicon forms the confusion channel reaches from it; each scores its
Zipf frequency minus the channel cost (plus context cues for the ambiguous pairs), and the printed
form itself scores its own frequency. What a change must overcome depends on the document: where
the OCR lost å (no word of the document has one), `pa` is far more likely `på` than the rare word
`pa`; where the document does print å, a word without it is what the report says, and a reading
that adds an å pays a keep margin. Each of æ, ø and å is judged on its own (an engine may lose one
and keep the others); in a document that has lost none, every change pays the margin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from pipeline.normalize.channel import candidates, channel_form, words_from
from pipeline.normalize.context import CUES, MODAL_REACH, Neighbours, context_score
from pipeline.normalize.lexicon import Lexicon, load_lexicon, word_set

NORWEGIAN_LETTERS = "æøå"
# A letter printed in at most this share of words has been lost by the OCR (ordinary bokmål has å in ~4 %
# of its words, ø in ~3 %, æ in ~1 %).
LOST_LETTER_SHARE = 0.001
# Words frequent in any bokmål text and absent from English: a fifth of a Norwegian text's plain words.
NORWEGIAN_FUNCTION_WORDS = frozenset(
    "og er det som til av med ikke den har et fra skal kan vil ble blir også ogsa på pa må ma når nar".split()
)
NORWEGIAN_FUNCTION_SHARE = 0.03
MIN_WORDS_TO_TELL_LANGUAGE = 50
# How much more likely (log10) a reading must be than the printed word when the OCR kept its letters.
KEEP_MARGIN = 3.0
# Endings of Norwegian place names (island, bay, lake, hill, farm ...): a capitalised word the lexicon
# lacks may be a local name whose ending lost its letter (`Sandgy` → `Sandøy`, `Bjerkas` → `Bjerkås`).
PLACE_ENDINGS = (
    "øy øya øyene øyan bø sjø sjøen vær væra våg vågen ås åsen åa strøm strømmen rød gård gården "
    "stø støa øra øren fjære bråten løkka mo møen".split()
)
PLACE_ZIPF = 2.0
# Compounds are read only when no whole word matches; a split costs as much as a letter confusion,
# so that many short frequent parts (`opp`+`leer`+...) do not outweigh one restored letter.
MIN_HEAD, MIN_TAIL = 3, 3
SPLIT_COST = 1.0
# A part that changes needs more evidence than a whole word: its parts' frequency says less.
CHANGE_COST = 0.5
# A compound's part with more confusions than this is not worth the search.
MAX_PART_COST = 2.0

_SPACE = re.compile(r"(\s+)")
_TOKEN = re.compile(r"^(?P<lead>[\"'«(\[]*)(?P<core>.*?)(?P<trail>[.,;:!?\"'»)\]]*)$")
_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")  # Latin letters, not × and ÷
# Numbers, codes, addresses. One digit after a consonant may be a misread letter (`p3` for `på`);
# after a vowel it is a footnote mark (`pa4`).
_NOT_A_WORD = re.compile(r"^\d|\d.*\d|[aeiouyAEIOUY]\d|://|www\.|\w@\w+\.\w|/")
# What a sentence (or a list item) starts after: its end, or a bullet.
_SENTENCE_END = re.compile(r"[.!?:•▪●]$|^[-–*]$")


@cache
def _place_endings() -> Lexicon:
    return word_set(PLACE_ENDINGS)


@dataclass(frozen=True)
class Token:
    lead: str
    core: str
    trail: str

    @classmethod
    def parse(cls, text: str) -> Token:
        match = _TOKEN.match(text)
        assert match  # the pattern matches every string
        return cls(match["lead"], match["core"], match["trail"])


@dataclass(frozen=True)
class Split:
    """A reading of a compound's tail: its score, the summed and the lowest frequency of its parts,
    and the channel and split costs it has paid."""

    score: float
    frequency: float
    text: str
    rarest: float
    costs: float


def _restorable(core: str) -> bool:
    if not core or len(core) > 60 or _NOT_A_WORD.search(core):
        return False
    return bool(_LETTER.search(core)) or core in {"&", "|"}


def _recase(printed: str, restored: str, capitalise: bool) -> str:
    """Give `restored` the capitals of `printed`."""
    letters = [c for c in printed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return restored.upper()
    first = printed[0]
    if first in "I|" and restored.startswith("l"):
        return restored  # `Igsninger`: the capital was an OCR confusion for `l`
    # `@` and `&` carry no case: a sentence's first word gets its capital (`@kt` → `Økt`).
    if first.isupper() or (first in "@&" and capitalise):
        return restored[:1].upper() + restored[1:]
    return restored


def plain_words(lines: list[str]) -> list[str]:
    """The lower-case words of a text that are letters only (no numbers, no punctuation attached)."""
    return [w.lower() for line in lines for w in line.split() if w.isalpha()]


def lost_letters(words: list[str]) -> frozenset[str]:
    """The letters among æ, ø and å that the OCR dropped from a text's (lower-case, plain) words."""
    return frozenset(c for c in NORWEGIAN_LETTERS if sum(c in w for w in words) <= LOST_LETTER_SHARE * len(words))


def is_norwegian(words: list[str]) -> bool:
    """False for a text long enough to tell that is in another language (an English summary): its
    letters are not ours to restore, and `a` is not `å` there."""
    if len(words) < MIN_WORDS_TO_TELL_LANGUAGE:
        return True
    return sum(w in NORWEGIAN_FUNCTION_WORDS for w in words) >= NORWEGIAN_FUNCTION_SHARE * len(words)


class Restorer:
    """Restores the words of one document, given the letters its OCR lost; caches per word form."""

    def __init__(self, lexicon: Lexicon, lost: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.kept_letters = frozenset(NORWEGIAN_LETTERS) - lost
        self.nothing_lost = not lost
        self._readings = lru_cache(maxsize=200_000)(self._readings_uncached)
        # A report repeats its words: each (word, sentence start) is read without context once.
        self._restore_alone = lru_cache(maxsize=200_000)(
            lambda word, capitalise: self.restore_word(word, capitalise=capitalise))
        # Compounds share their tails (-området, -økonomi): the words found in a tail are kept.
        self._parts = lru_cache(maxsize=200_000)(self._parts_uncached)
        self._words_at = lru_cache(maxsize=200_000)(partial(words_from, lexicon=lexicon, max_cost=MAX_PART_COST))

    def _readings_uncached(self, form: str, fragment: bool) -> dict[str, float]:
        """Reading -> score from frequency and channel, before context. A line-end fragment has no
        frequency of its own: there the cheapest reading wins."""
        printed = form.lower()
        found = candidates(form, self.lexicon, fragment=fragment)
        if not found and not fragment:
            return self._compound(form)
        return {
            reading: (0.0 if fragment else self.lexicon.zipf(reading)) - cost
            - (self._keep_margin(reading) if reading != printed else 0.0)
            for reading, cost in found.items()
        }

    def _place_name(self, form: str) -> dict[str, float]:
        """A name the lexicon lacks, read as its printed stem and a restored place-name ending."""
        best: dict[str, float] = {}
        for split in range(2, len(form) - 1):
            for ending, cost in candidates(form[split:], _place_endings(), word_start=False).items():
                if cost:
                    best[form[:split].lower() + ending] = PLACE_ZIPF - cost - self._keep_margin(ending)
        return best

    def _keep_margin(self, reading: str) -> float:
        """What a change to `reading` must overcome: nothing where it restores a lost letter."""
        return KEEP_MARGIN if self.nothing_lost or self.kept_letters.intersection(reading) else 0.0

    def _compound(self, form: str) -> dict[str, float]:
        """The best reading of a compound the lexicon lacks (`sirkulaergkonomi`): lexicon words, each
        but the last optionally followed by a linking s or e. It scores the frequency of its rarest
        part minus the channel costs, a cost per changed part and a cost per split."""
        best = self._parts(form, word_start=True, whole=False)
        return {best.text: best.score} if best else {}

    def _parts_uncached(self, form: str, word_start: bool, whole: bool) -> Split | None:
        """The best reading of `form` as parts (as one part too, when `whole`)."""
        best: Split | None = None
        for (end, word), cost in self._words_at(form, word_start=word_start).items():
            zipf = self.lexicon.zipf(word)
            # Changing a part pays what changing a whole word does (the keep margin) and more.
            penalty = cost + (CHANGE_COST + self._keep_margin(word) if cost else 0.0)
            options = []
            if end == len(form):
                if whole and end >= MIN_TAIL:
                    options.append(Split(zipf - penalty, zipf, word, zipf, penalty))
            elif end >= MIN_HEAD:
                for link in ("", form[end]) if form[end] in "se" else ("",):
                    rest = self._parts(form[end + len(link):], word_start=False, whole=True)
                    if rest:
                        rarest, costs = min(zipf, rest.rarest), penalty + rest.costs + SPLIT_COST
                        options.append(Split(rarest - costs, zipf + rest.frequency, word + link + rest.text, rarest, costs))
            for option in options:
                if best is None or (option.score, option.frequency) > (best.score, best.frequency):
                    best = option
        return best

    def restore_word(self, word: str, *, fragment: bool = False, neighbours: Neighbours | None = None,
                     capitalise: bool = False) -> str:
        """One word without surrounding punctuation; hyphenated parts are restored one by one, a
        trailing hyphen marks the last part as the start of a word (`kjgnns-`, `FN-barekrafts-`)."""
        stem = word.rstrip("-")
        hyphen = word[len(stem):]
        if "-" in stem:
            parts = stem.split("-")
            return "-".join(
                self.restore_word(p, fragment=bool(hyphen or fragment) and i == len(parts) - 1,
                                  capitalise=capitalise and i == 0) if p else p
                for i, p in enumerate(parts)
            ) + hyphen
        if not _restorable(stem) or (len(stem) == 1 and neighbours is None):
            return word  # a lone letter is read only in its sentence (`a` for `å`, `A-larm` stays)
        form = channel_form(stem)
        readings = dict(self._readings(form, fragment or bool(hyphen)))
        printed = stem.lower()
        if not readings and stem[0].isupper() and not (fragment or hyphen):
            readings = self._place_name(form)
        if not readings:
            return word
        if neighbours is not None and printed in CUES:
            for reading in readings:
                readings[reading] += context_score(printed, reading, neighbours)
        best = max(readings, key=readings.__getitem__)
        if best == printed:
            return word
        if printed in self.lexicon:
            if readings[best] <= readings.get(printed, float("-inf")):
                return word
        elif self._keep_margin(best) and readings[best] <= 0:
            return word  # an unknown word where the OCR kept its letters: a name, not a misprint
        return _recase(stem, best, capitalise) + hyphen

    def restore_line(self, line: str, continues_sentence: bool = False) -> str:
        """One line; `continues_sentence` when the line before ended mid-sentence."""
        pieces = _SPACE.split(line)
        slots = [k for k in range(0, len(pieces), 2) if pieces[k]]  # not the empty ends of padded lines
        tokens = [Token.parse(pieces[k]) for k in slots]
        starts_sentence = [
            not continues_sentence if j == 0 else bool(_SENTENCE_END.search(pieces[slots[j - 1]]))
            for j in range(len(tokens))
        ]
        first_pass = [self._restore_alone(t.core, starts_sentence[j]) if t.core else "" for j, t in enumerate(tokens)]
        lowered = [w.lower() for w in first_pass]
        for j, token in enumerate(tokens):
            restored = first_pass[j]
            printed = token.core.lower()
            if printed in CUES or printed in {"&", "|", "a"}:
                neighbours = Neighbours(
                    prev=lowered[j - 1] if j else "",
                    next=lowered[j + 1] if j + 1 < len(tokens) else "",
                    preceding=tuple(lowered[max(0, j - MODAL_REACH):j]),
                    trail=token.trail,
                    sentence_start=starts_sentence[j],
                    clause_end=bool(token.trail) or j + 1 == len(tokens),
                    next_is_number=j + 1 < len(tokens) and tokens[j + 1].core[:1].isdigit(),
                )
                before = first_pass[j - 1] if j else ""
                after = first_pass[j + 1] if j + 1 < len(tokens) else ""
                restored = self._standalone(token, neighbours, before, after) or self.restore_word(
                    token.core, neighbours=neighbours, capitalise=starts_sentence[j])
            if token.core:
                pieces[slots[j]] = token.lead + restored + token.trail
        return "".join(pieces)

    def _standalone(self, token: Token, n: Neighbours, before: str, after: str) -> str | None:
        """Single-character tokens: restored only before a lower-case word (`| tillegg`, `& bosette`),
        never in a table row (`| 120 |`), list label (`a)`) or name (`A & B`, `Ernst & Young`).
        `before` and `after` are the neighbouring words with their capitals."""
        core = token.core
        if core not in {"&", "|", "a", "A"}:
            return None
        next_is_word = after[:1].isalpha() and after[:1].islower()
        if core == "|":
            return "I" if n.sentence_start and (next_is_word or (n.next_is_number and len(after) == 4)) else core
        # `til &` / `for a` at the end of a line, the verb on the next; a capital `A` there is a name.
        ends_line_after_word = not after and before[:1].isalpha() and before[:1].islower() and core != "A"
        if token.trail.startswith(")") or not (next_is_word or ends_line_after_word):
            return core
        return None


def restore_lines(lines: list[str], lexicon: Lexicon | None = None) -> list[str]:
    """One restored line per input line, tokens restored in place."""
    words = plain_words(lines)
    if not is_norwegian(words):
        return list(lines)
    restorer = Restorer(lexicon if lexicon is not None else load_lexicon(), lost_letters(words))
    restored, continues = [], False
    for line in lines:
        restored.append(restorer.restore_line(line, continues))
        # A blank line ends a paragraph, and with it the sentence.
        continues = bool(line.strip()) and not _SENTENCE_END.search(line.rstrip())
    return restored


"""Restore each token of OCR'd text to the most probable bokmål word.

A token's readings are the lexicon forms the confusion channel reaches from it; each scores its
Zipf frequency minus the channel cost (plus context cues for the ambiguous pairs), and the printed
form itself scores its own frequency plus a bonus for being left alone. The bonus depends on the
document: when the OCR lost every æ, ø and å (no token of the document has one), `pa` is far more
likely `på` than the rare word `pa`; in text that has them, a word stays unless its restoration is
overwhelmingly more likely.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial

from pipeline.normalize.channel import candidates, channel_form, words_from
from pipeline.normalize.context import CUES, Neighbours, context_score
from pipeline.normalize.lexicon import Lexicon, load_lexicon

NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")
# Below this share of words with æ/ø/å the OCR has lost them (ordinary bokmål has several per cent).
LOST_LETTERS_SHARE = 0.005
KEEP_BONUS = {"lost": 0.0, "clean": 3.0}
# Compounds are read only when no whole word matches; a split costs as much as a rare confusion.
MIN_HEAD, MIN_TAIL = 3, 3
SPLIT_COST = 0.5
# A part that changes needs more evidence than a whole word: its parts' frequency says less.
CHANGE_COST = 0.5
# A compound's part with more confusions than this is not worth the search.
MAX_PART_COST = 2.0

_SPACE = re.compile(r"(\s+)")
_TOKEN = re.compile(r"^(?P<lead>[\"'«(\[]*)(?P<core>.*?)(?P<trail>[.,;:!?\"'»)\]]*)$")
_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
_NOT_A_WORD = re.compile(r"\d|://|www\.|\w@\w+\.\w|/")
_SENTENCE_END = re.compile(r"[.!?:]$")


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
    if first.isupper() or (first == "@" and capitalise):
        return restored[:1].upper() + restored[1:]
    return restored


def document_mode(lines: list[str]) -> str:
    """'lost' when the OCR dropped æ, ø and å from the whole text, else 'clean'."""
    words = [w for line in lines for w in line.split() if w.isalpha()]
    with_letters = sum(1 for w in words if NORWEGIAN_LETTERS.intersection(w))
    return "lost" if words and with_letters / len(words) < LOST_LETTERS_SHARE else "clean"


class Restorer:
    def __init__(self, lexicon: Lexicon, mode: str) -> None:
        self.lexicon = lexicon
        self.keep_bonus = KEEP_BONUS[mode]
        self._readings = lru_cache(maxsize=200_000)(self._readings_uncached)
        # Compounds share their tails (-området, -økonomi): the words found in a tail are kept.
        self._parts = lru_cache(maxsize=200_000)(self._parts_uncached)
        self._words_at = lru_cache(maxsize=200_000)(partial(words_from, lexicon=lexicon, max_cost=MAX_PART_COST))

    def _readings_uncached(self, form: str, fragment: bool) -> dict[str, float]:
        """Reading -> score from frequency and channel, before context."""
        printed = form.lower()
        if fragment:
            # A line-end fragment has no frequency of its own: the cheapest reading wins.
            return {reading: -cost for reading, cost in candidates(form, self.lexicon, fragment=True).items()}
        whole = candidates(form, self.lexicon)
        if not whole:
            return self._compound(form)
        return {
            reading: self.lexicon.zipf(reading) - cost + (self.keep_bonus if reading == printed else 0.0)
            for reading, cost in whole.items()
        }

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
            # Changing a part pays what changing a whole word does (the keep bonus) and more.
            penalty = cost + (CHANGE_COST + self.keep_bonus if cost else 0.0)
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
        """One word without surrounding punctuation; hyphenated parts are restored one by one."""
        if "-" in word.strip("-"):
            parts = word.split("-")
            return "-".join(
                self.restore_word(p, fragment=fragment and i == len(parts) - 1, capitalise=capitalise and i == 0)
                if p else p
                for i, p in enumerate(parts)
            )
        stem = word.rstrip("-")
        hyphen = word[len(stem):]
        if not _restorable(stem) or (len(stem) == 1 and neighbours is None):
            return word  # a lone letter is read only in its sentence (`a` for `å`, `A-larm` stays)
        form = channel_form(stem)
        readings = dict(self._readings(form, fragment or bool(hyphen)))
        printed = stem.lower()
        if not readings:
            return word
        if neighbours is not None and printed in CUES:
            for reading in readings:
                readings[reading] += context_score(printed, reading, neighbours)
        best = max(readings, key=readings.__getitem__)
        if best == printed or (printed in self.lexicon and readings[best] <= readings.get(printed, float("-inf"))):
            return word
        return _recase(stem, best, capitalise) + hyphen

    def restore_line(self, line: str) -> str:
        pieces = _SPACE.split(line)
        tokens = [Token.parse(p) for p in pieces[::2]]
        first_pass = [self.restore_word(t.core, capitalise=i == 0) if t.core else "" for i, t in enumerate(tokens)]
        out = []
        for i, token in enumerate(tokens):
            restored = first_pass[i]
            printed = token.core.lower()
            prev = tokens[i - 1] if i else None
            starts_sentence = prev is None or bool(_SENTENCE_END.search(pieces[2 * i - 2]))
            if printed in CUES or printed in {"&", "|", "a"}:
                neighbours = Neighbours(
                    prev=first_pass[i - 1].lower() if i else "",
                    preceding=tuple(w.lower() for w in first_pass[:i]),
                    next=first_pass[i + 1].lower() if i + 1 < len(tokens) else "",
                    sentence_start=starts_sentence,
                    clause_end=bool(token.trail) or i + 1 == len(tokens),
                    next_is_number=i + 1 < len(tokens) and tokens[i + 1].core[:1].isdigit(),
                )
                restored = self._standalone(token, neighbours) or self.restore_word(
                    token.core, neighbours=neighbours, capitalise=starts_sentence)
            out.append(token.lead + restored + token.trail if token.core else pieces[2 * i])
        pieces[::2] = out
        return "".join(pieces)

    def _standalone(self, token: Token, n: Neighbours) -> str | None:
        """Single-character tokens: restored only before a lower-case word (`| tillegg`, `& bosette`),
        never in a table row (`| 120 |`), list label (`a)`) or name (`A & B`)."""
        core = token.core
        if core not in {"&", "|", "a", "A"}:
            return None
        next_is_word = bool(n.next) and n.next[:1].isalpha() and n.next[:1].islower()
        if core == "|":
            return "I" if n.sentence_start and (next_is_word or (n.next_is_number and len(n.next) == 4)) else core
        # `til &` / `for a` at the end of a line, the verb on the next; a capital `A` there is a name.
        ends_line_after_word = not n.next and n.prev[:1].isalpha() and n.prev[:1].islower() and core != "A"
        if token.trail.startswith(")") or not (next_is_word or ends_line_after_word):
            return core
        return None


def restore_lines(lines: list[str], lexicon: Lexicon | None = None) -> list[str]:
    """One restored line per input line, tokens restored in place."""
    restorer = Restorer(lexicon or load_lexicon(), document_mode(lines))
    return [restorer.restore_line(line) for line in lines]


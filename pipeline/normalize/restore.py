"""Restore each token of OCR'd text to the most probable bokmål word.

A token's readings are the lexicon forms the confusion channel reaches from it; each scores its
Zipf frequency minus the channel cost, and the printed form itself scores its own frequency. Where
two or more readings are close (all of them words: `for`/`før`, `sa`/`så`), the context model adds
what the neighbouring words say about each (context.py). What a change must overcome depends on
the document: where the OCR lost å (no word of the document has one), `pa` is far more likely `på`
than the rare word `pa`; where the document does print å, a word without it is what the report
says, and a reading that adds an å pays a keep margin. Each of æ, ø and å is judged on its own (an
engine may lose one and keep the others); in a document that has lost none, every change pays the
margin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from operator import attrgetter
from typing import NamedTuple

from pipeline.normalize.channel import candidates, channel_form, words_from
from pipeline.normalize.context import CLAUSE_REACH, CLOSED_CLASSES, MODAL_REACH, Neighbours, context_score
from pipeline.normalize.lexicon import BARE, INF, NAME, VERB, Lexicon, load_lexicon, word_set
from pipeline.settings import NormalizeSettings
from pipeline.vocabulary import MEASURE_UNITS, OPENS_NEXT

NORWEGIAN_LETTERS = "æøå"
# Words frequent in any bokmål text and absent from English: a fifth of a Norwegian text's plain words.
NORWEGIAN_FUNCTION_WORDS = frozenset(
    "og er det som til av med ikke den har et fra skal kan vil ble blir også ogsa på pa må ma når nar".split()
)
# Endings of Norwegian place names (island, bay, lake, hill, farm ...): a capitalised word the lexicon
# lacks may be a local name whose ending lost its letter (`Sandgy` → `Sandøy`, `Bjerkas` → `Bjerkås`).
PLACE_ENDINGS = (
    "øy øya øyene øyan bø sjø sjøen vær væra våg vågen ås åsen åa strøm strømmen rød gård gården "
    "stø støa øra øren fjære bråten løkka mo møen".split()
)
# Compounds are read only when no whole word matches; a split costs as much as a letter confusion
# (normalize.split_cost), so that many short frequent parts (`opp`+`leer`+...) do not outweigh one
# restored letter, and a part that changes pays more (its frequency says less than a whole word's). A last
# part of three letters must be a noun's bare form (`-råd`, `-tid`), not an ending (`bruker`+`rad`+`ene`).
MIN_HEAD, MIN_TAIL = 3, 4

_SPACE = re.compile(r"(\s+)")
_TOKEN = re.compile(r"^(?P<lead>[\"'«(\[.…]*)(?P<core>.*?)(?P<trail>[.,;:!?\"'»)\]…]*)$")
_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")  # Latin letters, not × and ÷
# Web and e-mail addresses, never restored, not even by their parts.
_ADDRESS = re.compile(r"://|www\.|\w@[\w.-]+\.\w")
# Numbers, codes, addresses. One digit after a consonant may be a misread letter (`p3` for `på`);
# after a vowel it is a footnote mark (`pa4`). A word may start with a digit the channel reads as a
# letter (`3r`, `0kt`) when lower-case letters follow.
_NOT_A_WORD = re.compile(r"^\d(?![a-zæøå]+$)|\d.*\d|[aeiouyAEIOUY]\d|/|" + _ADDRESS.pattern)
# Words joined by a hyphen or a slash (`helse-`, `og/eller`) are restored one by one.
_JOINS, _HYPHEN = re.compile(r"([-/])"), re.compile(r"(-)")
# Letters beyond ASCII that a bokmål word has, or the OCR prints for one of them (`é` for å).
_OWN_LETTERS = frozenset("æøåÆØÅéÉ")
# What an abbreviation takes after a hyphen (`SV-ere`, `NAV-en`, `PC-ene`): inflection, not a word.
INFLECTION_ENDINGS = frozenset("en er ere erne ernes ene enes et ets ens ers".split())
# Lone characters an OCR prints for the word `å`.
LONE_Å = frozenset("&adé")
LONE_DIGIT_Å = frozenset("34")
LONE_LETTERS = LONE_Å | LONE_DIGIT_Å | {"|", "A"}
_NOTHING = ("", "", ())
# A reading before the context weighs it: text, frequency, channel cost, context score and its cue's code.
_Weighed = tuple[str, float, float, float, str]
# Words that govern an infinitive with `å` (`for å`, `til å`, `om å`).
GOVERN_Å = frozenset("for til om mot ved uten enn".split())
_score = attrgetter("score")


@cache
def _place_endings() -> Lexicon:
    return word_set(PLACE_ENDINGS)


class Token(NamedTuple):
    lead: str
    core: str
    trail: str

    @classmethod
    def parse(cls, text: str) -> Token:
        match = _TOKEN.match(text)
        assert match  # the pattern matches every string
        return cls(match["lead"], match["core"], match["trail"])


class _Read(NamedTuple):
    """A token of a line read on its own: its first decision (restoration, reason code, readings),
    the restored text with its punctuation, whether its sentence must weigh it (an ambiguous word),
    whether its neighbours decide it first (a lone letter, a digit read as a letter) and whether a
    sentence ends with it."""

    token: Token
    decided: tuple[str, str, tuple[Reading, ...]]
    text: str
    weighed: bool
    by_neighbours: bool
    ends_sentence: bool


class Split(NamedTuple):
    """A reading of a compound's tail: its score, the summed and the lowest frequency of its parts,
    and the channel and split costs it has paid."""

    score: float
    frequency: float
    text: str
    rarest: float
    costs: float


def _joined_words(stem: str) -> tuple[list[str], list[str]] | None:
    """The words of `stem` joined by hyphens or slashes, and the joins; None for one word or an
    address. A slash joins words, not units (`kg/m3`) or years (`2022/2023`)."""
    if "-" not in stem and "/" not in stem or _ADDRESS.search(stem):
        return None
    split = (_HYPHEN if any(c.isdigit() for c in stem) else _JOINS).split(stem)
    return (split[::2], split[1::2]) if len(split) > 1 else None


def _restorable(core: str) -> bool:
    if not core or len(core) > 60 or _NOT_A_WORD.search(core):
        return False
    if not core.isascii() and any(c.isalpha() and not c.isascii() and c not in _OWN_LETTERS for c in core):
        return False  # a word in another language's letters (`Piñeras`, `Kitarović`) is no bokmål to restore
    return bool(_LETTER.search(core)) or core in {"&", "|"}


@dataclass(frozen=True)
class Reading:
    """One reading of a token: its Zipf frequency, the channel cost of the confusions it assumes
    (with the keep margin where it adds a letter the document prints), the context score, and the
    sum of the three."""

    text: str
    frequency: float
    cost: float
    context: float
    score: float


@dataclass(frozen=True)
class TokenDecision:
    """Why a token was (or was not) changed: `line` counts from 0, `reason` is a code."""

    line: int
    token: str
    chosen: str
    reason: str
    readings: tuple[Reading, ...]

    def describe(self) -> str:
        """The decision for a person: line (from 1), token -> chosen, reason, then a line per reading,
        best first, with its frequency, channel cost, context score and sum."""
        head = f"{self.line + 1}: {self.token} -> {self.chosen}  [{self.reason or 'kept'}]"
        rows = [
            f"    {r.text:<20} frequency {r.frequency:4.1f}  cost {r.cost:4.1f}  context {r.context:+5.2f}"
            f"  score {r.score:5.2f}" for r in sorted(self.readings, key=lambda r: -r.score)
        ]
        return "\n".join([head, *rows])


def _recase(printed: str, restored: str, capitalise: bool) -> str:
    """Give `restored` the capitals of `printed`."""
    letters = [c for c in printed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return restored.upper()
    first = printed[0]
    if first in "I|" and restored.startswith("l"):
        return restored  # `Igsninger`: the capital was an OCR confusion for `l`
    # `@`, `&` and digits carry no case: a sentence's first word gets its capital (`@kt` → `Økt`).
    if first.isupper() or (not first.isalpha() and capitalise):
        return restored[:1].upper() + restored[1:]
    return restored


def plain_words(lines: list[str]) -> list[str]:
    """The lower-case words of a text that are letters only (no numbers, no punctuation attached)."""
    return [w.lower() for line in lines for w in line.split() if w.isalpha()]


def lost_letters(words: list[str], settings: NormalizeSettings = NormalizeSettings()) -> frozenset[str]:
    """The letters among æ, ø and å that the OCR dropped from a text's (lower-case, plain) words."""
    most = settings.lost_letter_share * len(words)
    return frozenset(c for c in NORWEGIAN_LETTERS if len([w for w in words if c in w]) <= most)


def is_norwegian(words: list[str], settings: NormalizeSettings = NormalizeSettings()) -> bool:
    """False for a text long enough to tell that is in another language (an English summary): its
    letters are not ours to restore, and `a` is not `å` there."""
    if len(words) < settings.language_words:
        return True
    return len([w for w in words if w in NORWEGIAN_FUNCTION_WORDS]) >= settings.language_share * len(words)


class Restorer:
    """Restores the words of one document, given the letters its OCR lost; caches per word form.
    With `explain`, every changed or weighed token leaves a TokenDecision in `decisions`."""

    def __init__(self, lexicon: Lexicon, lost: frozenset[str], explain: bool = False,
                 settings: NormalizeSettings = NormalizeSettings()) -> None:
        self.lexicon = lexicon
        self.settings = settings
        self.kept_letters = frozenset(NORWEGIAN_LETTERS) - lost
        self.nothing_lost = not lost
        self.decisions: list[TokenDecision] | None = [] if explain else None
        self._line = 0
        self._readings = lru_cache(maxsize=200_000)(self._readings_uncached)
        # A report repeats its tokens: each (token, sentence start) is read without context once, and
        # whether its readings are close enough to weigh in context is known with it.
        self._read_alone = lru_cache(maxsize=200_000)(self._read_alone_uncached)
        # An ambiguous word is weighed again in each of its sentences, from the same readings.
        self._weigh = lru_cache(maxsize=200_000)(self._weigh_uncached)
        # Compounds share their tails (-området, -økonomi): the words found in a tail are kept.
        self._parts = lru_cache(maxsize=200_000)(self._parts_uncached)
        self._words_at = lru_cache(maxsize=200_000)(
            partial(words_from, lexicon=lexicon, max_cost=settings.max_part_cost))

    def _read_alone_uncached(self, piece: str, sentence_start: bool, wrapped: bool = True) -> _Read:
        token = Token.parse(piece)
        # A quotation that opens with an ellipsis goes on with a sentence begun before it.
        capitalise = sentence_start and not token.lead.endswith((".", "…"))
        restored, reason, readings = self._decide(
            token.core, capitalise=capitalise, wrapped=wrapped) if token.core else _NOTHING
        digit_read = restored != token.core and token.core[-1:].isdigit()
        return _Read(token, (restored, reason, readings), token.lead + restored + token.trail,
                     _weighed(readings, self.settings.context_window),
                     token.core in LONE_LETTERS or digit_read, bool(OPENS_NEXT.search(piece)))

    def _readings_uncached(self, form: str, fragment: bool) -> tuple[tuple[str, float, float], ...]:
        """(reading, frequency, cost) of every reading, before context. A line-end fragment has no
        frequency of its own: there the cheapest reading wins."""
        if not fragment and self.lexicon.reads_only_itself(form):
            return ((form, self.lexicon.zipf(form), 0.0),)  # a common word the channel reads as no other
        printed = form.lower()
        found = candidates(form, self.lexicon, fragment=fragment)
        if not found and not fragment:
            return self._compound(form)
        return tuple(
            (reading, 0.0 if fragment else self.lexicon.zipf(reading),
             cost + (self._keep_margin(reading) if reading != printed else 0.0))
            for reading, cost in found.items()
        )

    def _place_name(self, form: str) -> tuple[tuple[str, float, float], ...]:
        """A name the lexicon lacks, read as its printed stem and a restored place-name ending."""
        best: dict[str, float] = {}
        for split in range(2, len(form) - 1):
            for ending, cost in candidates(form[split:], _place_endings(), word_start=False).items():
                if cost:
                    reading = form[:split].lower() + ending
                    best[reading] = min(best.get(reading, float("inf")), cost + self._keep_margin(ending))
        return tuple((reading, self.settings.place_zipf, cost) for reading, cost in best.items())

    def _wrapped_name(self, form: str) -> tuple[tuple[str, float, float], ...]:
        """Readings of a capitalised word as the beginning of a name whose ending wrapped to the next
        line, each as frequent as its most frequent name (the line after must hold the ending: see
        `_name_goes_on`)."""
        readings = []
        for reading, cost in candidates(form, self.lexicon, fragment=True).items():
            names = self.lexicon.names_beginning(reading, self.settings.wrapped_name_rest)
            if names and reading not in names:
                zipf = max(self.lexicon.zipf(name) for name in names)
                readings.append((reading, zipf, cost + self.settings.wrapped_name_cost + self._keep_margin(reading)))
        return tuple(readings)

    def _name_goes_on(self, beginning: str, next_line: str) -> bool:
        """A word of `next_line` may be the rest of a name that `beginning` begins (`Lørensk` / `og`,
        `Bjørnafjord — Bjørnafjord` / `en en`), read by the channel."""
        begun, most = beginning.lower(), self.settings.wrapped_name_rest
        endings = [name[len(begun):] for name in self.lexicon.names_beginning(begun, most)]
        rests = {Token.parse(piece).core for piece in next_line.split()}
        rests = [rest for rest in rests if rest.isalpha() and len(rest) <= most]
        if not endings or not rests:
            return False
        ending_set = word_set(endings)
        return any(candidates(channel_form(rest), ending_set, word_start=False) for rest in rests)

    def _keep_margin(self, reading: str) -> float:
        """What a change to `reading` must overcome: nothing where it restores a lost letter."""
        return self.settings.keep_margin if self.nothing_lost or self.kept_letters.intersection(reading) else 0.0

    def _compound(self, form: str) -> tuple[tuple[str, float, float], ...]:
        """The best reading of a compound the lexicon lacks (`sirkulaergkonomi`): lexicon words, each
        but the last optionally followed by a linking s or e. It scores the frequency of its rarest
        part minus the channel costs, a cost per changed part and a cost per split."""
        best = self._parts(form, word_start=True, whole=False)
        return ((best.text, best.rarest, best.costs),) if best else ()

    def _parts_uncached(self, form: str, word_start: bool, whole: bool) -> Split | None:
        """The best reading of `form` as parts (as one part too, when `whole`); of readings that score
        the same with the same frequency, the first the walk reached."""
        # Each first part with the most a reading that begins with it may score: its frequency less
        # its costs, and a split's (a tail's costs are never negative, nor is it more frequent).
        heads = []
        for order, ((end, word), cost) in enumerate(self._words_at(form, word_start=word_start).items()):
            if end < MIN_HEAD or end == len(form) and not whole:
                continue  # too short to be a part, or all of the form where it must be split
            if not word_start and self.lexicon.is_name_only(word):
                continue  # a name begins a compound (`Oslofjorden`) but is no later part of one
            zipf = self.lexicon.zipf(word)
            # Changing a part pays what changing a whole word does (the keep margin) and more.
            penalty = cost + (self.settings.change_cost + self._keep_margin(word) if cost else 0.0)
            if end < len(form):
                heads.append((zipf - (penalty + self.settings.split_cost), order, end, word, zipf, penalty))
            elif end >= MIN_TAIL or self.lexicon.classes(word) & BARE:
                heads.append((zipf - penalty, order, end, word, zipf, penalty))
        # The most promising first: once a part's bound is below the best reading so far, no part after
        # it can win, and their tails need not be read.
        heads.sort(key=lambda head: (-head[0], head[1]))
        best: Split | None = None
        best_rank = None
        for bound, order, end, word, zipf, penalty in heads:
            if best is not None and bound < best.score:
                break
            options = []
            if end == len(form):
                options.append(Split(bound, zipf, word, zipf, penalty))
            else:
                for link in ("", form[end]) if form[end] in "se" else ("",):
                    rest = self._parts(form[end + len(link):], word_start=False, whole=True)
                    if rest:
                        rarest, costs = min(zipf, rest.rarest), penalty + rest.costs + self.settings.split_cost
                        options.append(Split(rarest - costs, zipf + rest.frequency, word + link + rest.text, rarest, costs))
            for k, option in enumerate(options):
                rank = (option.score, option.frequency, -order, -k)
                if best is None or rank > best_rank:
                    best, best_rank = option, rank
        return best

    def _decide(self, word: str, *, fragment: bool = False, neighbours: Neighbours | None = None,
                capitalise: bool = False, wrapped: bool = True) -> tuple[str, str, tuple[Reading, ...]]:
        """One word without surrounding punctuation: its restoration, the reason code and the
        readings weighed ('' and none where there was nothing to weigh). Hyphenated parts are
        restored one by one, a trailing hyphen marks the last part as the start of a word
        (`kjgnns-`, `FN-barekrafts-`); so are words joined by a slash (`klima/miljg`). A capitalised
        word may be read as a name's beginning unless not `wrapped` (its line is not followed by the
        name's rest)."""
        if not fragment and word.isalpha() and 1 < len(word) <= 60:
            printed = word.lower()
            if channel_form(word) == printed and self.lexicon.reads_only_itself(printed):
                # A common word the channel reads as no other: its only reading is itself.
                frequency = self.lexicon.zipf(printed)
                return word, "kept", (Reading(printed, frequency, 0.0, 0.0, frequency),)
        stem = word.rstrip("-")
        hyphen = word[len(stem):]
        joined_words = _joined_words(stem)
        if joined_words:
            parts, joins = joined_words
            decided = [
                self._decide(p, fragment=bool(hyphen or fragment) and i == len(parts) - 1,
                             capitalise=capitalise and i == 0, wrapped=wrapped)
                if p and not (i and joins[i - 1] == "-" and p in INFLECTION_ENDINGS) else (p, "", ())
                for i, p in enumerate(parts)
            ]
            changed = [d for d, p in zip(decided, parts) if d[0] != p]
            joined = "".join(d[0] + join for d, join in zip(decided, joins + [hyphen]))
            return joined, changed[0][1] if changed else "", tuple(r for d in changed for r in d[2])
        if not _restorable(stem) or (len(stem) == 1 and neighbours is None):
            return word, "", ()  # a lone letter is read only in its sentence (`a` for `å`, `A-larm` stays)
        weighed = self._weigh(stem, bool(fragment or hyphen), capitalise, wrapped)
        if not weighed:
            return word, "", ()
        reason, readings = weighed
        printed = stem.lower()
        if neighbours is not None and len(readings) > 1:
            top = max(r[1] - r[2] for r in readings)
            close = [r for r in readings if r[1] - r[2] + r[3] >= top - self.settings.context_window]
            if len(close) > 1:
                readings = [
                    (t, f, c, *self._context(t, neighbours, x, code)) for t, f, c, x, code in readings
                ]
        scored = tuple([Reading(t, f, c, x, f - c + x) for t, f, c, x, _ in readings])
        codes = {t: code for t, _, _, _, code in readings}
        best = max(scored, key=_score)
        # The reason a reading won: its context cue when the context changed the winner.
        plain_best = max(scored, key=lambda r: r.frequency - r.cost)
        if best is not plain_best and codes[best.text]:
            reason = f"context_{codes[best.text]}"
        elif best is plain_best and codes[best.text] == "name_capital" and best.context:
            reason = "context_name_capital"
        kept = reason if reason.startswith("context_") else "kept"
        if best.text == printed:
            return word, kept, scored
        if printed in self.lexicon:
            if best.score <= next((r.score for r in scored if r.text == printed), float("-inf")):
                return word, kept, scored
        elif self._keep_margin(best.text) and best.score <= 0:
            return word, "kept_unknown", scored  # an unknown word where the OCR kept its letters: a name
        return _recase(stem, best.text, capitalise or self.lexicon.is_name_only(best.text)) + hyphen, reason, scored

    def _weigh_uncached(self, stem: str, cut: bool, capitalise: bool,
                        wrapped: bool) -> tuple[str, tuple[_Weighed, ...]] | None:
        """The reason code and the readings of a word without hyphens, before the context weighs
        them (none where there is nothing to weigh). A `cut` word goes on after a hyphen."""
        form = channel_form(stem)
        printed = stem.lower()
        found = self._readings(form, cut)
        reason = "frequency"
        if stem[0].isupper() and not cut:
            if not found:
                found, reason = self._place_name(form), "place_name"
            if wrapped and not stem.isupper() and not any(r[0] in self.lexicon for r in found):
                beginnings = self._wrapped_name(form)
                best_found = max((f - c for _, f, c in found), default=float("-inf"))
                if beginnings and max(f - c for _, f, c in beginnings) > best_found:
                    reason = "wrapped_name"
                found += beginnings
        if stem[0].isdigit():
            found = tuple(r for r in found if r[1] >= self.settings.digit_start_zipf)
            reason = "digit_for_letter"
        if not found:
            return None
        if reason == "frequency" and printed not in self.lexicon:
            reason = "lost_letter" if found[0][0] in self.lexicon or cut else "compound"
        # A capital inside a sentence favours a name, unless the printed word is a name itself.
        name_capital = (stem[:1].isupper() and not stem.isupper() and not capitalise
                        and not self.lexicon.classes(printed) & NAME)
        readings = []
        for text, frequency, cost in found:
            context, code = 0.0, ""
            if name_capital and self.lexicon.classes(text) & NAME:
                context, code = self.settings.name_capital, "name_capital"
            readings.append((text, frequency, cost, context, code))
        return reason, tuple(readings)

    def _context(self, reading: str, n: Neighbours, context: float, code: str) -> tuple[float, str]:
        score, cue = context_score(reading, self.lexicon.classes(reading), self.lexicon.verb_share(reading), n)
        return (context + score, cue or code) if score else (context, code)

    def restore_line(self, line: str, continues_sentence: bool = False, next_line: str = "") -> str:
        """One line; `continues_sentence` when the line before ended mid-sentence. `next_line` (the next
        with text) is where the rest of a name wrapped at a narrow column must stand."""
        pieces = _SPACE.split(line)
        slots = [k for k in range(0, len(pieces), 2) if pieces[k]]  # not the empty ends of padded lines
        reads = []
        starts_sentence = []
        sentence_start = not continues_sentence
        read_alone = self._read_alone
        unwrapped = set()  # the tokens read as a name's beginning whose rest the next line lacks
        for k in slots:
            read = read_alone(pieces[k], sentence_start)
            if read.decided[1] == "wrapped_name" and not self._name_goes_on(read.decided[0], next_line):
                unwrapped.add(len(reads))
                read = read_alone(pieces[k], sentence_start, False)
            pieces[k] = read.text  # the token as read alone, unless its sentence weighs it below
            reads.append(read)
            starts_sentence.append(sentence_start)
            sentence_start = read.ends_sentence
        second = [j for j, read in enumerate(reads) if read.by_neighbours or read.weighed]
        if not second and self.decisions is None:  # the line as its tokens read alone
            self._line += 1
            return "".join(pieces)
        # Lone letters first, so that `for d få` reads `for å få`; then each ambiguous word, which the
        # words after see as decided (`3 ga` → `å gå`).
        second.sort(key=lambda j: not reads[j].by_neighbours)
        tokens = [read.token for read in reads]
        decided = [read.decided for read in reads]
        words = [d[0] for d in decided]
        lowered = [w.lower() for w in words]
        for j in second:
            token = tokens[j]
            neighbours = self._neighbours(tokens, lowered, j, starts_sentence[j])
            before = words[j - 1] if j else ""
            after = words[j + 1] if j + 1 < len(tokens) else ""
            decided[j] = self._standalone(token, neighbours, before, after) or self._decide(
                token.core, neighbours=neighbours, capitalise=starts_sentence[j], wrapped=j not in unwrapped)
            words[j], lowered[j] = decided[j][0], decided[j][0].lower()
            pieces[slots[j]] = token.lead + words[j] + token.trail
        if self.decisions is not None:
            window = self.settings.context_window
            for token, (restored, reason, readings) in zip(tokens, decided):
                if restored != token.core or _weighed(readings, window):
                    self.decisions.append(TokenDecision(self._line, token.core, restored, reason, readings))
        self._line += 1
        return "".join(pieces)

    def _neighbours(self, tokens: list[Token], lowered: list[str], j: int, sentence_start: bool) -> Neighbours:
        following = tuple(lowered[j + 1:j + 1 + CLAUSE_REACH])
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        return Neighbours(
            prev=lowered[j - 1] if j else "",
            prev_classes=self.lexicon.classes(lowered[j - 1]) if j else 0,
            prev_capitalised=j > 1 and tokens[j - 1].core[:1].isupper() and not OPENS_NEXT.search(
                tokens[j - 2].trail or tokens[j - 2].core),
            next=following[0] if following else "",
            preceding=tuple(lowered[max(0, j - MODAL_REACH):j]),
            following=following,
            following_classes=tuple(self.lexicon.classes(w) for w in following),
            trail=tokens[j].trail,
            prev_trail=tokens[j - 1].trail if j else "",
            next_trail=nxt.trail if nxt else "",
            next_capitalised=bool(nxt) and nxt.core[:1].isupper(),
            sentence_start=sentence_start,
            clause_end=bool(tokens[j].trail) or nxt is None,
            next_is_number=bool(nxt) and nxt.core[:1].isdigit(),
        )

    def _may_be_infinitive(self, word: str) -> bool:
        """`word` is an infinitive, or its printed letters may be one (`ga` for `gå`)."""
        if not word or not _restorable(word):
            return False
        return any(self.lexicon.classes(r[0]) & INF for r in self._readings(channel_form(word), False))

    def _standalone(self, token: Token, n: Neighbours, before: str,
                    after: str) -> tuple[str, str, tuple[Reading, ...]] | None:
        """Single-character tokens: restored only before a lower-case word (`| tillegg`, `& bosette`),
        never in a table row (`| 120 |`), list label (`a)`) or name (`A & B`, `Ernst & Young`).
        A digit is `å` only before an infinitive (`3 gjøre`, not `3 barn`), a short one only where a verb
        or a word that governs `å` comes before it (`forsøkt 3 ta`, not `3 ha`).
        A word ending in a digit read as a letter (`p3` for `på`) is a unit after a number (`120 m3`).
        `before` and `after` are the neighbouring words with their capitals."""
        core = token.core
        if len(core) > 1:
            return (core, "", ()) if core[-1].isdigit() and before[:1].isdigit() else None
        if core in LONE_DIGIT_Å:
            # A short infinitive (`3 ta`) only after a word that governs `å` (`for 3 ta`) or a verb
            # (`forsøkt 3 ta`), and never a unit (`utgjør 3 ha` is three hectares).
            infinitive = self._may_be_infinitive(after) and (len(n.next) > 2 or n.prev in GOVERN_Å or (
                n.prev_classes & VERB and n.next not in MEASURE_UNITS))
            return ("å", "lone_letter_before_infinitive", ()) if infinitive and not token.trail and (
                "å" not in self.kept_letters) else (core, "", ())
        if core not in LONE_LETTERS:
            return None
        next_is_word = after[:1].isalpha() and after[:1].islower()
        if core == "|":
            keep = not (n.sentence_start and (next_is_word or (n.next_is_number and len(after) == 4)))
            return (core, "", ()) if keep else ("I", "lone_letter", ())
        # `bl a` (blant annet): a letter after an abbreviation (a short form of no word class) is its part.
        if len(before) <= 2 and before.islower() and not self.lexicon.classes(before) and before not in CLOSED_CLASSES:
            return core, "", ()
        # `til &` / `for a` at the end of a line, the verb on the next; a capital `A` there is a name.
        ends_line_after_word = not after and before[:1].isalpha() and before[:1].islower() and core != "A"
        if token.trail.startswith(")") or not (next_is_word or ends_line_after_word):
            return core, "", ()
        return None


def _weighed(readings: tuple[Reading, ...], window: float) -> bool:
    """Two or more readings close enough for the context to decide between them."""
    if len(readings) < 2:
        return False
    top = max(r.score for r in readings)
    return sum(r.score >= top - window for r in readings) > 1


def _restore(lines: list[str], lexicon: Lexicon | None, explain: bool,
             settings: NormalizeSettings) -> tuple[list[str], list[TokenDecision]]:
    words = plain_words(lines)
    if not is_norwegian(words, settings):
        return list(lines), []
    restorer = Restorer(lexicon if lexicon is not None else load_lexicon(), lost_letters(words, settings), explain,
                        settings)
    restored, continues = [], False
    # Each line's next line with text, where a name wrapped at a narrow column goes on.
    next_with_text = [""] * len(lines)
    for k in range(len(lines) - 2, -1, -1):
        next_with_text[k] = lines[k + 1] if lines[k + 1].strip() else next_with_text[k + 1]
    for line, next_line in zip(lines, next_with_text):
        restored.append(restorer.restore_line(line, continues, next_line))
        # A blank line ends a paragraph, and with it the sentence.
        continues = bool(line.strip()) and not OPENS_NEXT.search(line.rstrip())
    return restored, restorer.decisions or []


def restore_lines(lines: list[str], lexicon: Lexicon | None = None,
                  settings: NormalizeSettings = NormalizeSettings()) -> list[str]:
    """One restored line per input line, tokens restored in place."""
    return _restore(lines, lexicon, False, settings)[0]


def explain_lines(lines: list[str], lexicon: Lexicon | None = None,
                  settings: NormalizeSettings = NormalizeSettings()) -> tuple[list[str], list[TokenDecision]]:
    """The restored lines and a decision per changed token and per token weighed in context."""
    return _restore(lines, lexicon, True, settings)


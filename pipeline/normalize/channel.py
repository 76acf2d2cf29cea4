"""The OCR confusion channel: which strings an OCR engine without Norwegian data prints for a word.

Each rule rewrites what the OCR printed back to what the report had, at a cost in log10 units (the
same scale as Zipf frequencies): a restoration must be that much more frequent than its cost to win.
Costs say how often the engine makes the confusion, not which words are involved.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.normalize.lexicon import PREFIX, WORD, Lexicon


@dataclass(frozen=True)
class Rule:
    printed: str
    meant: str
    cost: float
    at_start_only: bool = False


RULES: tuple[Rule, ...] = (
    # å
    # An engine that lost å prints every one as a: nearly free where the text has lost them all.
    Rule("a", "å", 0.1),
    Rule("&", "å", 0.3),
    Rule("é", "å", 0.5),
    Rule("d", "å", 1.3),
    Rule("3", "å", 1.5),
    Rule("4", "å", 1.5),
    # ø
    Rule("@", "ø", 0.0),
    # Some engines print ø as two glyphs: the o-shape and the @ of its stroke.
    Rule("g@", "ø", 0.3),
    Rule("a@", "ø", 0.3),
    Rule("o@", "ø", 0.3),
    Rule("e@", "ø", 0.3),
    Rule("0", "ø", 1.0),
    Rule("¢", "ø", 0.5),
    Rule("J", "ø", 1.0, at_start_only=True),
    Rule("g", "ø", 0.5),
    Rule("o", "ø", 0.6),
    Rule("e", "ø", 1.2),
    Rule("a", "ø", 1.2),
    Rule("s", "ø", 1.2, at_start_only=True),
    Rule("s", "ø", 2.5),
    Rule("eo", "ø", 1.0),
    Rule("oe", "ø", 2.5),  # Tesseract: `gjennomfoerte`, rare (0.1-2 % of ø by font)
    Rule("oa", "ø", 1.0),
    Rule("ag", "ø", 1.0),
    Rule("ga", "ø", 1.0),
    # æ
    Rule("ae", "æ", 0.2),
    Rule("ee", "æ", 0.5),
    Rule("z", "æ", 0.5),
    Rule("ze", "æ", 0.5),
    Rule("zae", "æ", 0.5),
    Rule("ea", "æ", 1.0),
    Rule("e", "æ", 0.6),
    Rule("a", "æ", 1.5),
    # An l before ø printed as i: `avigpsnettet` (Tesseract: 1.5 % of lø as ig, 0.5 % as io, ia).
    Rule("ig", "lø", 1.8),
    Rule("io", "lø", 2.3),
    Rule("ia", "lø", 2.3),
    # other letters
    Rule("I", "l", 0.5),
    Rule("|", "l", 0.5),
    # The j's dot read as an i of its own, after it or before it (Tesseract: `tjienestene`, `gijennomfert`).
    Rule("ji", "j", 1.0),
    Rule("ij", "j", 1.0),
    Rule("i", "j", 1.2),
    Rule("_", "", 0.5),
)
MAX_COST = 2.6
# One-letter rules by the letter; longer rules by their first letter, tried where the printed text
# goes on with them.
_SINGLE = {c: tuple((r.meant, r.cost, r.at_start_only) for r in RULES if r.printed == c)
           for c in {r.printed for r in RULES if len(r.printed) == 1}}
_MULTI = {c: tuple((r.printed, r.meant, r.cost) for r in RULES if len(r.printed) > 1 and r.printed[0] == c)
          for c in {r.printed[0] for r in RULES if len(r.printed) > 1}}
# The most printed text a rule reads: the steps at a position depend on this much of the text.
_WINDOW = max(len(r.printed) for r in RULES)
Step = tuple[int, str, float]


def _window_steps(window: str, at_start: bool) -> tuple[Step, ...]:
    """(printed length, meant text, cost) of reading the start of `window` as itself, then by each
    one-letter rule, then by each longer rule that the window goes on with."""
    char = window[0]
    return ((1, char.lower(), 0.0),) + tuple(
        (1, meant, cost) for meant, cost, start_only in _SINGLE.get(char, ()) if at_start or not start_only
    ) + tuple((len(p), meant, cost) for p, meant, cost in _MULTI.get(char, ()) if window.startswith(p))


# The steps by window, inside a word and at its start. A text has some thousands of windows; a plain
# dict answers faster than an lru_cache, and is emptied should it ever grow large.
_inside_steps: dict[str, tuple[Step, ...]] = {}
_start_steps: dict[str, tuple[Step, ...]] = {}


def _steps(window: str, at_start: bool) -> tuple[Step, ...]:
    """The steps of reading the start of `window`, at a word's start or inside it."""
    table = _start_steps if at_start else _inside_steps
    steps = table.get(window)
    if steps is None:
        if len(table) > 100_000:
            table.clear()
        steps = table[window] = _window_steps(window, at_start)
    return steps


def words_from(printed: str, lexicon: Lexicon, word_start: bool = True,
               max_cost: float = MAX_COST) -> dict[tuple[int, str], float]:
    """Every lexicon word (lower case) that the start of the printed text may stand for, keyed by
    (end, word), with its cheapest channel cost: the words a compound's part may be.

    `printed` is lower case but for the capitals the channel reads (`I` for `l`, a leading `J` for
    `Ø`) or keeps (`D` in an all-capitals word); see `channel_form`. `word_start` is False inside a compound, where the rules for a word's
    first letter do not apply.
    """
    return _walk(printed, lexicon, word_start, max_cost, every_end=True, fragment=False)


def candidates(printed: str, lexicon: Lexicon, fragment: bool = False, word_start: bool = True) -> dict[str, float]:
    """Lexicon words the whole printed form may stand for, with costs. A `fragment` (a word cut by a
    hyphen at the end of a line) needs only to begin a lexicon word."""
    return _walk(printed, lexicon, word_start, MAX_COST, every_end=False, fragment=fragment)


def reads_only_itself(form: str, lexicon: Lexicon) -> bool:
    """The only lexicon word the whole (lower-case) form may stand for is itself, unchanged."""
    return candidates(form, lexicon) == {form: 0.0}


def _walk(printed: str, lexicon: Lexicon, word_start: bool, max_cost: float, every_end: bool,
          fragment: bool) -> dict:
    """The cheapest cost of each reading of the printed text: of the words it begins with, keyed by
    (end, word), with `every_end`; else of the words (or, for a `fragment`, beginnings of words) that
    read all of it, keyed by the word. The walk follows the channel's readings while the text so far
    still begins some lexicon word, so the trie prunes all other paths at once. Readings are keyed in
    the order the walk first reaches them, which decides between readings that score the same."""
    known, status, inside = lexicon.prefix_cache.get, lexicon.prefix_status, _inside_steps.get
    n = len(printed)
    # The steps at each position, found when the walk first gets there: most walks end early.
    steps: list[tuple[Step, ...] | None] = [None] * n
    if word_start and n:
        steps[0] = _steps(printed[:_WINDOW], True)  # a word's first letter has rules of its own
    best: dict = {}
    stack = [(0, "", 0.0, PREFIX)]
    pop, push = stack.pop, stack.append
    while stack:
        i, built, cost, found = pop()
        while True:
            if i == n:
                if found == WORD or fragment:
                    key = (i, built) if every_end else built
                    if key not in best or cost < best[key]:
                        best[key] = cost
                break
            if found == WORD and every_end:
                key = (i, built)
                if key not in best or cost < best[key]:
                    best[key] = cost
            here = steps[i]
            if here is None:
                window = printed[i:i + _WINDOW]
                here = steps[i] = inside(window) or _steps(window, False)
            if len(here) == 1:
                # A letter the channel reads only as itself (most consonants): followed at once, as the
                # stack would pop its one step next.
                built += here[0][1]
                found = known(built)
                if found is None:
                    found = status(built)
                if not found:
                    break
                i += 1
                continue
            for length, meant, step_cost in here:
                new_cost = cost + step_cost
                if new_cost <= max_cost:
                    new_built = built + meant
                    if not new_built:  # a leading `_` read as nothing
                        push((i + length, new_built, new_cost, PREFIX))
                        continue
                    new_found = known(new_built)
                    if new_found is None:
                        new_found = status(new_built)
                    if new_found:
                        push((i + length, new_built, new_cost, new_found))
            break
    return best


def channel_form(word: str) -> str:
    """`word` in lower case, keeping the capitals that may be confusions: in a word that is not all
    capitals, an `I` may be an `l` and a leading `J` an `Ø`; in one that is, a `D` is kept, since
    it is no `å`."""
    if word.islower():
        return word
    if word.isupper():
        # A capital D is a D: the engines print Å as A, and `d` for `å` only in lower case.
        return "".join(c if c == "D" else c.lower() for c in word)
    kept = "".join(c if c == "I" else c.lower() for c in word)
    return "J" + kept[1:] if word.startswith("J") else kept

"""Document metadata detected from the content: municipality, report year and document kind.

Everything is read from the restored text (`line.text`), never from the file name, so the same rules
serve OCR output, PDFs and web articles. Each field has its own pure function over the document's
lines; `detect_metadata` only writes their answers onto the Document. Text is compared in a folded
form (lower case, æ/ø/å spelled out as ae/o/a) because OCR loses exactly those letters: "Baerum"
and "Arsrapport" then match "Bærum" and "Årsrapport".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz, process

from pipeline.ingest.municipalities import municipality_names
from pipeline.models import Document
from pipeline.settings import MetadataSettings
from pipeline.vocabulary import YEAR_DIGITS, YEAR_IN_TEXT

_FOLD = (("æ", "ae"), ("ø", "o"), ("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"))
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_Y = rf"({YEAR_DIGITS})\b"

# --- municipality -----------------------------------------------------------------------------
KOMMUNE_WORDS = {"kommune", "kommunes"}
MAX_NAME_WORDS = 3  # "Nore og Uvdal", "Evje og Hornnes"
# "<Name> kommune" names a municipality outright; a capitalised name alone may be a place, a person
# or a neighbour in a comparison table, so it counts for less (setting metadata.kommune_weight).
# OCR damage is matched fuzzily (settings metadata.fuzzy_*), but only on names long enough that
# one wrong letter leaves the rest recognisable, and only when the damaged form is not itself an
# ordinary word.
COMMON_WORD_ZIPF = 3.0
_SENTENCE_BREAK = re.compile(r"[.!?:;•·\-–—\"«»()]")

# --- kind -------------------------------------------------------------------------------------
# A web article is a page or two of prose; the shortest annual reports and plans run to dozens of
# pages and many thousand words (settings metadata.article_max_*).
# The genre's own names. "regnskap <year>" and "budsjett <year>" name the document only on its
# cover: in the body they head the columns of budget tables, in reports and plans alike. A genre word
# on the cover outweighs a few passing references in the body (settings metadata.cover_*).
ANNUAL_WORDS = r"arsrapport|arsberetning|arsmelding|arsregnskap"
PLAN_WORDS = r"handlingsprogram|okonomiplan|arsbudsjett"
KIND_TERMS = {
    "annual_report": (re.compile(rf"\b(?:{ANNUAL_WORDS})"), re.compile(rf"\bregnskap\s+(?:for\s+)?{_Y}")),
    "budget": (re.compile(rf"\b(?:{PLAN_WORDS})"), re.compile(rf"\bbudsjett\s+(?:for\s+)?{_Y}")),
}

# --- year -------------------------------------------------------------------------------------
# The document's own title phrase. Singular forms only: "årsrapportene for 2021 og 2022" cites
# other reports. Annual reports name the year reported on, plans their period, whose first year
# is the budget year ("Handlingsprogram 2017-2020" -> 2017).
ANNUAL_TITLE = re.compile(rf"\b(?:{ANNUAL_WORDS})(?:en|et)?\s+(?:og\s+\w+\s+)?(?:for\s+)?(?:aret\s+)?{_Y}")
PLAN_TITLE = re.compile(rf"\b(?:(?:{PLAN_WORDS})\w*|budsjett)\s+(?:(?:og|med)\s+\w+\s+)?"
                        rf"(?:for\s+)?(?:perioden\s+)?{_Y}")
TITLE_PATTERNS = {"annual_report": (ANNUAL_TITLE,), "budget": (PLAN_TITLE,)}


def fold(text: str) -> str:
    """Lower case with æ/ø/å spelled out, the form OCR and ASCII writing leave behind."""
    text = text.lower()
    for letter, spelled in _FOLD:  # str.replace is several times faster than translate to strings
        text = text.replace(letter, spelled)
    return text


def detect_metadata(doc: Document, settings: MetadataSettings = MetadataSettings()) -> Document:
    """The document with municipality, report_year and kind read from its (restored) text."""
    lines = [line.text for _, line in doc.lines()]
    kind = detect_kind(lines, doc.n_pages, settings)
    return replace(doc, kind=kind, municipality=detect_municipality(lines, settings),
                   report_year=detect_year(lines, kind))


# --- municipality -----------------------------------------------------------------------------


@cache
def _names_by_fold() -> dict[str, str]:
    return {fold(name): name for name in municipality_names()}


@cache
def match_name(span: str, settings: MetadataSettings = MetadataSettings()) -> tuple[str, float] | None:
    """The municipality a capitalised word span names, with its similarity (100 = exact after folding)."""
    folded = fold(span)
    names = _names_by_fold()
    if folded in names:
        return names[folded], 100.0
    if len(folded) < settings.fuzzy_min_chars or _common_word(span.lower()):
        return None
    best = process.extractOne(folded, names.keys(), scorer=fuzz.ratio, score_cutoff=settings.fuzzy_cutoff)
    return (names[best[0]], best[1]) if best else None


def _common_word(word: str) -> bool:
    """An ordinary bokmål word (its Zipf frequency in the normalizer's lexicon, which holds wordfreq's):
    OCR damage that yields a real word is no misspelt name."""
    from pipeline.normalize.lexicon import load_lexicon

    return load_lexicon().zipf(word) >= COMMON_WORD_ZIPF


def _is_name_word(word: str) -> bool:
    return word[0].isupper()


def _name_before(words: list[str], settings: MetadataSettings) -> str | None:
    """The municipality named by the words just before "kommune": the best of the last 1-3 words."""
    found: list[tuple[float, int, str]] = []
    for n in range(1, min(MAX_NAME_WORDS, len(words)) + 1):
        span = words[-n:]
        if not _is_name_word(span[0]) or not all(_is_name_word(w) or w == "og" for w in span):
            continue  # "og Uvdal" is no name, but "Nore og Uvdal" may be
        match = match_name(" ".join(span), settings)
        if match:
            found.append((match[1], n, match[0]))
    return max(found)[2] if found else None


def _words(line: str) -> list[tuple[str, bool]]:
    """The words of a line, each with whether it opens a sentence (where any word is capitalised)."""
    words: list[tuple[str, bool]] = []
    end = 0
    for m in WORD.finditer(line):
        gap = line[end:m.start()]
        words.append((m.group(), not words or bool(_SENTENCE_BREAK.search(gap))))
        end = m.end()
    return words


def _bare_names(words: list[tuple[str, bool]]) -> list[str]:
    """Names written mid-sentence with a capital (a proper noun there), longest exact match first.

    Words in capitals are left out: mid-sentence they are acronyms ("AS", "NAV"), not names.
    """
    found: list[str] = []
    i = 0
    while i < len(words):
        word, opens = words[i]
        step = 1
        if _is_name_word(word) and not opens and not word.isupper():
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                name = _names_by_fold().get(fold(" ".join(w for w, _ in words[i:i + n])))
                if name:
                    found.append(name)
                    step = n
                    break
        i += step
    return found


def municipality_mentions(lines: list[str], settings: MetadataSettings = MetadataSettings()) -> Counter[str]:
    """Weighted mentions per municipality: "<Name> kommune(s)" and names standing alone."""
    scores: Counter[str] = Counter()
    for line in lines:
        words = _words(line)
        plain = [w for w, _ in words]
        for i, word in enumerate(plain):
            if word.lower() in KOMMUNE_WORDS and (name := _name_before(plain[max(0, i - MAX_NAME_WORDS):i], settings)):
                scores[name] += settings.kommune_weight
        for name in _bare_names(words):
            scores[name] += 1
    return scores


def detect_municipality(lines: list[str], settings: MetadataSettings = MetadataSettings()) -> str | None:
    """The municipality the text is about: the most (weighted) mentions; a tie goes to the first named.

    Reports and articles name their own municipality far more often than the neighbours they
    compare themselves with or merge with.
    """
    scores = municipality_mentions(lines, settings)
    if not scores:
        return None
    order = {name: i for i, name in enumerate(scores)}  # Counter keeps first-mention order
    return max(scores, key=lambda name: (scores[name], -order[name]))


# --- kind -------------------------------------------------------------------------------------


def _is_article(lines: list[str], n_pages: int, settings: MetadataSettings) -> bool:
    words = sum(len(WORD.findall(line)) for line in lines)
    return words <= settings.article_max_words and n_pages <= settings.article_max_pages


def kind_scores(lines: list[str], settings: MetadataSettings = MetadataSettings()) -> dict[str, float]:
    """Genre words per report kind, those on the cover weighted up."""
    body = fold("\n".join(lines))
    title = fold("\n".join([line for line in lines if line.strip()][:settings.cover_lines]))
    scores = {}
    for kind, (terms, cover_terms) in KIND_TERMS.items():
        on_cover = len(terms.findall(title)) + len(cover_terms.findall(title))
        scores[kind] = len(terms.findall(body)) + settings.cover_weight * on_cover
    return scores


def detect_kind(lines: list[str], n_pages: int, settings: MetadataSettings = MetadataSettings()) -> str | None:
    """annual_report | budget | article, or None when a long text uses neither genre's words.

    Short texts are articles whatever they discuss; a report is an annual report or a budget
    (handlingsprogram, økonomiplan) by the genre words it uses, mostly its own name.
    """
    if not any(line.strip() for line in lines):
        return None
    if _is_article(lines, n_pages, settings):
        return "article"
    scores = kind_scores(lines, settings)
    best = max(scores, key=scores.get)
    return best if scores[best] else None


# --- year -------------------------------------------------------------------------------------


def detect_year(lines: list[str], kind: str | None) -> int | None:
    """The year the document reports on or plans for.

    The document's own title phrase decides ("Årsrapport 2023", "Handlingsprogram 2017-2020" ->
    2017); without one, the year the text mentions most. An article may be about either genre.
    """
    text = fold("\n".join(lines))
    counts = Counter(int(y) for y in YEAR_IN_TEXT.findall(text))
    patterns = TITLE_PATTERNS.get(kind, (ANNUAL_TITLE, PLAN_TITLE))
    titled = Counter(int(y) for pattern in patterns for y in pattern.findall(text))
    candidates = titled or counts
    if not candidates:
        return None
    return max(candidates, key=lambda y: (candidates[y], counts[y], y))

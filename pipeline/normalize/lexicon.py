"""The Norwegian bokmål lexicon: word forms with frequencies, compiled once into a memory-mapped trie.

Sources (general, maintained, never harvested from reports):
- wordfreq's Norwegian bokmål list (`nb`, large): ~320,000 forms with Zipf frequencies;
- Debian's `wnorwegian` word list (/usr/share/dict/bokmaal): ~935,000 inflected forms and
  compounds from the Norsk ordbank, given a floor frequency when wordfreq does not know them;
- the Norsk ordbank tables of spacy-lookups-data (CC BY 4.0, Språkbanken): ~600,000 bokmål forms
  by word class (noun, adjective, adverb, verb with its lemma), which give each form its classes,
  and ~9,000 proper nouns (listed with their capital: `Øyvind`, `Møre`);
- names: the package's list of municipalities and their counties, and Faker's `no_NO` lists of the
  most common Norwegian given names and surnames (MIT; from Statistics Norway), marked as names so
  that a restored name gets its capital.

Per form the compiled lexicon stores its Zipf frequency, a byte of word-class bits, for a form
that is a noun and a verb how often it is used as a verb (from the frequencies of both paradigms),
and whether the OCR channel reads the form as no word but itself (so that the normalizer need not
walk the channel for the report's common words; worked out with the channel at compile time).
A Python dict of a million forms takes seconds and hundreds of MB to build; the compiled
marisa-trie is built at set-up (or first use), cached on disk, and memory-mapped in milliseconds.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import marisa_trie

WORD_LIST = Path(os.environ.get("PIPELINE_WORD_LIST", "/usr/share/dict/bokmaal"))
# Zipf frequency given to a form that only the full-form word list knows.
FLOOR_ZIPF = 1.0
# Zipf frequency a place or person name from the name lists has at least (that of a common word).
NAME_ZIPF = 3.0
FORMAT_VERSION = "9"
MUNICIPALITIES = Path(__file__).resolve().parents[1] / "ingest" / "data" / "municipalities.csv"
_CHANNEL = Path(__file__).with_name("channel.py")

# Word-class bits of a form. A verb form is an infinitive when it is its own lemma, present tense
# when it ends in -r (`går`, `bør`), both when it ends in -s (`vurderes`, infinitive or present), past otherwise
# (`ga`, `sa`, `vært`). NAME marks a place or person name (`Møre`, `Øyvind`; `Per` is a word too).
# BARE marks a noun form that is its own lemma (indefinite singular: `andel`, `tid`), the form a
# possessive before it takes (`vår andel`).
NOUN, ADJ, ADV, INF, PRES, PAST, NAME, BARE = 1, 2, 4, 8, 16, 32, 64, 128
VERB = INF | PRES | PAST
INFO_BYTES = 4
# The forms at least this frequent (Zipf) whose channel readings are compiled: a tenth of a million,
# some seconds at compile time, and nearly every word a report uses more than once.
ALONE_MIN_ZIPF = 1.5
_ORDBANK_CLASSES = {"noun": NOUN, "adj": ADJ, "adv": ADV}


def _cache_dir() -> Path:
    base = os.environ.get("PIPELINE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kommune-pipeline"
    )
    return Path(base)


def _municipalities_and_counties() -> list[str]:
    # Read by path: pipeline.ingest.municipalities would import the document models at every start.
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        return sorted({value for row in csv.DictReader(f) for value in (row["name"], row["county"]) if value})


def _place_and_person_names() -> list[str]:
    """Municipalities, counties, and Faker's common Norwegian given names and surnames."""
    names = set(_municipalities_and_counties())
    path = _faker_names_path()
    if path and path.is_file():
        from faker.providers.person.no_NO import Provider  # only to build

        names.update(Provider.first_names_male, Provider.first_names_female, Provider.last_names)
    return sorted(names)


def _ordbank() -> tuple[dict[str, int], dict[str, set[tuple[str, str]]]]:
    """Word-class bits of every single-word bokmål form in the Norsk ordbank tables, and the noun and
    verb lemmas (table, lemma) each form belongs to."""
    path = _ordbank_path()
    if not path or not path.is_file():
        return {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        tables = json.load(f)
    classes: dict[str, int] = {}
    lemmas_of: dict[str, set[tuple[str, str]]] = {}
    for table, forms in tables.items():
        for form, lemmas in forms.items():
            if " " in form:
                continue
            # The ordbank lists proper nouns with their capital (`Øyvind`, `Møre`).
            proper = table == "noun" and form[:1].isupper()
            form = form.lower()
            if proper:
                bit = NAME
            elif table == "verb":  # `la` is an infinitive and the past of `legge`
                bit = INF if form in lemmas else 0
                if any(lemma != form for lemma in lemmas):
                    bit |= PRES if form.endswith("r") else INF | PRES if form.endswith("s") else PAST
            else:
                bit = _ORDBANK_CLASSES[table] | (BARE if table == "noun" and form in lemmas else 0)
            classes[form] = classes.get(form, 0) | bit
            if table in ("noun", "verb") and not proper:
                lemmas_of.setdefault(form, set()).update((table, lemma.lower()) for lemma in lemmas)
    return classes, lemmas_of


def _verb_shares(zipf: dict[str, float], classes: dict[str, int],
                 lemmas_of: dict[str, set[tuple[str, str]]]) -> dict[str, int]:
    """For a form that is a noun and a verb, how often (x 255) its lemmas are used as verbs: the summed
    frequency of the forms of its verb lemmas against that of its noun lemmas, counting only forms of
    one lemma. `være` is a verb (`vært`, `værende`), `vare` a noun (`varen`, `varene`)."""
    paradigm: dict[tuple[str, str], float] = {}
    for form, lemmas in lemmas_of.items():
        if len(lemmas) == 1 and not classes[form] & (ADJ | ADV):  # forms of one lemma only say which is used
            lemma = next(iter(lemmas))
            paradigm[lemma] = paradigm.get(lemma, 0.0) + 10 ** zipf.get(form, 0.0)
    shares = {}
    for form, lemmas in lemmas_of.items():
        if classes[form] & NOUN and classes[form] & VERB:
            verb = sum(paradigm.get(lemma, 0.0) for lemma in lemmas if lemma[0] == "verb")
            noun = sum(paradigm.get(lemma, 0.0) for lemma in lemmas if lemma[0] == "noun")
            shares[form] = round(255 * verb / (verb + noun)) if verb + noun else 128
    return shares


def _package_file(package: str, *parts: str) -> Path | None:
    spec = find_spec(package)
    return Path(spec.origin).parent.joinpath(*parts) if spec and spec.origin else None


def _ordbank_path() -> Path | None:
    return _package_file("spacy_lookups_data", "data", "nb_lemma_exc.json.gz")


def _faker_names_path() -> Path | None:
    return _package_file("faker", "providers", "person", "no_NO", "__init__.py")


def _source_key() -> str:
    """Changes whenever a source changes (the channel's rules too), so a stale cache is never used."""
    wordfreq_data = _package_file("wordfreq", "data", "large_nb.msgpack.gz")
    channel = hashlib.sha256(_CHANNEL.read_bytes()).hexdigest()
    parts = [FORMAT_VERSION, str(FLOOR_ZIPF), str(ALONE_MIN_ZIPF), channel, *_municipalities_and_counties()]
    for source in (WORD_LIST, wordfreq_data, _ordbank_path(), _faker_names_path()):
        if source and source.is_file():
            stat = source.stat()
            parts += [str(source), str(stat.st_size), str(stat.st_mtime_ns)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _forms() -> tuple[dict[str, float], dict[str, int], dict[str, int]]:
    """Every form's Zipf frequency and word-class bits, and the verb shares of noun-and-verb forms."""
    import wordfreq  # only to build: importing it costs a tenth of a second at every start

    zipf: dict[str, float] = {}
    if WORD_LIST.is_file():
        # The Debian list is ISO-8859-1, one form per line.
        for form in WORD_LIST.read_text(encoding="latin-1").split():
            zipf[form.lower()] = FLOOR_ZIPF
    classes, lemmas_of = _ordbank()
    for form in classes:
        zipf.setdefault(form, FLOOR_ZIPF)
    for form, freq in wordfreq.get_frequency_dict("nb", "large").items():
        if form.isalpha() or "-" in form:
            zipf[form] = max(zipf.get(form, 0.0), wordfreq.freq_to_zipf(freq))
    for name in _place_and_person_names():
        # The normalizer reads `Aurskog-Høland` by parts; `og` in `Møre og Romsdal` is no name.
        for part in name.replace("-", " ").split():
            if part[:1].isupper():
                part = part.lower()
                zipf[part] = max(zipf.get(part, 0.0), NAME_ZIPF)
                classes[part] = classes.get(part, 0) | NAME
    return zipf, classes, _verb_shares(zipf, classes, lemmas_of)


def build(path: Path) -> None:
    """Compile the lexicon into `path` (the trie of forms) and its `.info` sibling (four bytes per form,
    indexed by the form's key id: Zipf frequency x 10, the word-class bits, the verb share x 255 and
    whether the channel reads the form as itself alone). Each is written to a temporary file and
    renamed, the trie last: a lexicon is never seen half-written."""
    from pipeline.normalize.channel import reads_only_itself  # the channel searches a lexicon

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    forms, classes, shares = _forms()
    trie = marisa_trie.Trie(forms)
    info = bytearray(INFO_BYTES * len(trie))
    for form, value in forms.items():
        key = INFO_BYTES * trie[form]
        form_classes = classes.get(form, 0)
        info[key] = min(255, round(value * 10))
        info[key + 1] = form_classes
        info[key + 2] = shares.get(form, 255 if form_classes & VERB else 0)
    searched = Lexicon(trie, bytes(info))
    for form, value in forms.items():
        if value >= ALONE_MIN_ZIPF and reads_only_itself(form, searched):
            info[INFO_BYTES * trie[form] + 3] = 1
    for target, write in ((_info_path(path), lambda f: Path(f).write_bytes(info)), (path, trie.save)):
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        write(str(tmp))
        os.replace(tmp, target)
    # Compiled lexicons of older sources of this format, not files being written; a checkout of another
    # format (another branch) keeps its own.
    for stale in path.parent.glob(f"lexicon-v{FORMAT_VERSION}-*"):
        if stale.suffix in (".marisa", ".info") and stale.stem != path.stem:
            stale.unlink(missing_ok=True)


def _info_path(path: Path) -> Path:
    return path.with_suffix(".info")


NO_WORD, PREFIX, WORD = 0, 1, 2


class _KeyIds(dict):
    """Key ids of the words asked about (-1 for a word that is no form), read from the trie when first
    asked: a dict's own lookup, no call, answers the words asked again."""

    def __init__(self, trie: marisa_trie.Trie) -> None:
        super().__init__()
        self._trie = trie

    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:
            self.clear()
        key = self[word] = self._trie.get(word, -1)
        return key


class Lexicon:
    """Lower-case word forms with Zipf frequencies and word classes (0 for unknown forms)."""

    def __init__(self, trie: marisa_trie.Trie, info: bytes, path: Path | None = None) -> None:
        self._trie = trie
        self._info = info
        self.path = path  # where a compiled lexicon was read from
        # The channel asks about the same short prefixes over and over; a dict answers ten times faster.
        self.prefix_cache: dict[str, int] = {}
        # So do the normalizer about a report's words, their readings and their neighbours.
        self._keys = _KeyIds(trie)

    def zipf(self, word: str) -> float:
        key = self._keys[word]
        return self._info[INFO_BYTES * key] / 10 if key >= 0 else 0.0

    def classes(self, word: str) -> int:
        key = self._keys[word]
        return self._info[INFO_BYTES * key + 1] if key >= 0 else 0

    def verb_share(self, word: str) -> float:
        """How much of a form's use is as a verb: 1 for verbs, 0 for the rest, between for a form
        that is a noun too (`møte`)."""
        key = self._keys[word]
        return self._info[INFO_BYTES * key + 2] / 255 if key >= 0 else 0.0

    def reads_only_itself(self, word: str) -> bool:
        """The channel reads the (lower-case) form as no other word: compiled for the common forms,
        False for the rest."""
        key = self._keys[word]
        return key >= 0 and self._info[INFO_BYTES * key + 3] == 1

    def is_name_only(self, word: str) -> bool:
        """A place or person name that is no other word (`Åfjord`, not `Per`)."""
        classes = self.classes(word)
        return bool(classes & NAME) and not classes & ~NAME

    def names_beginning(self, prefix: str, max_rest: int) -> list[str]:
        """The name-only forms that are `prefix` and at most `max_rest` letters more."""
        return [form for form in self._trie.iterkeys(prefix)
                if len(form) - len(prefix) <= max_rest and self.is_name_only(form)]

    def __contains__(self, word: str) -> bool:
        return self._keys[word] >= 0

    def prefix_status(self, prefix: str) -> int:
        """NO_WORD if no form begins with `prefix`, PREFIX if some does, WORD if it is a form itself."""
        status = self.prefix_cache.get(prefix)
        if status is None:
            if len(self.prefix_cache) > 1_000_000:
                self.prefix_cache.clear()
            # One predictive search answers both: marisa yields the prefix itself first when it is a form,
            # with its key id, which the form's frequency and classes are read by.
            first, key = next(self._trie.iteritems(prefix), (None, -1))
            status = NO_WORD if first is None else WORD if first == prefix else PREFIX
            self.prefix_cache[prefix] = status
            if status == WORD:
                self._keys[prefix] = key
        return status

    def __len__(self) -> int:
        return len(self._trie)


def word_set(words: list[str]) -> Lexicon:
    """A small in-memory lexicon (every word at frequency 0, of no class) for the channel to search."""
    trie = marisa_trie.Trie(words)
    return Lexicon(trie, bytes(INFO_BYTES * len(trie)))


def lexicon_path() -> Path:
    return _cache_dir() / f"lexicon-v{FORMAT_VERSION}-{_source_key()}.marisa"


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The compiled lexicon, built first if the cache lacks it. Without a writable cache (a read-only
    home) it is built once in a private folder of the temporary directory."""
    path = lexicon_path()
    fallback = Path(tempfile.gettempdir()) / f"kommune-pipeline-{os.getuid()}" / path.name
    if not path.is_file():
        if fallback.is_file() and fallback.parent.stat().st_uid == os.getuid():
            path = fallback
        else:
            try:
                build(path)
            except OSError:
                path = fallback
                build(path)
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return Lexicon(trie, _info_path(path).read_bytes(), path)

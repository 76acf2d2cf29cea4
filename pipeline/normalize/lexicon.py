"""The Norwegian bokmål lexicon: word forms with frequencies, compiled once into a memory-mapped trie.

Sources (general, maintained, never harvested from reports):
- wordfreq's Norwegian bokmål list (`nb`, large): ~320,000 forms with Zipf frequencies;
- Debian's `wnorwegian` word list (/usr/share/dict/bokmaal): ~935,000 inflected forms and
  compounds from the Norsk ordbank, given a floor frequency when wordfreq does not know them;
- the package's list of Norwegian municipalities, so that their names are always words.

A Python dict of a million forms takes seconds and hundreds of MB to build; the compiled
marisa-trie is built at set-up (or first use), cached on disk, and memory-mapped in milliseconds.
"""
from __future__ import annotations

import csv
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import marisa_trie

WORD_LIST = Path(os.environ.get("PIPELINE_WORD_LIST", "/usr/share/dict/bokmaal"))
# Zipf frequency given to a form that only the full-form word list knows.
FLOOR_ZIPF = 1.0
# Zipf frequency a municipality's name has at least (that of a common word).
NAME_ZIPF = 3.0
FORMAT_VERSION = "2"
MUNICIPALITIES = Path(__file__).resolve().parents[1] / "ingest" / "data" / "municipalities.csv"


def _cache_dir() -> Path:
    base = os.environ.get("PIPELINE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kommune-pipeline"
    )
    return Path(base)


def _municipality_names() -> list[str]:
    # Read by path: importing pipeline.ingest for its data would load the PDF stack at every start.
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


def _source_key() -> str:
    """Changes whenever a source changes, so a stale cache is never used."""
    spec = find_spec("wordfreq")
    wordfreq_data = Path(spec.origin).parent / "data" / "large_nb.msgpack.gz" if spec and spec.origin else None
    parts = [FORMAT_VERSION, str(FLOOR_ZIPF), *_municipality_names()]
    for source in (WORD_LIST, wordfreq_data):
        if source and source.is_file():
            stat = source.stat()
            parts += [str(source), str(stat.st_size), str(stat.st_mtime_ns)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _forms() -> dict[str, float]:
    import wordfreq  # only to build: importing it costs a tenth of a second at every start

    zipf: dict[str, float] = {}
    if WORD_LIST.is_file():
        # The Debian list is ISO-8859-1, one form per line.
        for form in WORD_LIST.read_text(encoding="latin-1").split():
            zipf[form.lower()] = FLOOR_ZIPF
    for form, freq in wordfreq.get_frequency_dict("nb", "large").items():
        if form.isalpha() or "-" in form:
            zipf[form] = max(zipf.get(form, 0.0), wordfreq.freq_to_zipf(freq))
    for name in _municipality_names():
        for part in name.lower().replace("-", " ").split():  # the normalizer reads `Aurskog-Høland` by parts
            zipf[part] = max(zipf.get(part, 0.0), NAME_ZIPF)
    return zipf


def build(path: Path) -> None:
    """Compile the lexicon into `path` (the trie of forms) and its `.zipf` sibling (one byte per form,
    Zipf frequency x 10, indexed by the form's key id). Each is written to a temporary file and
    renamed, the trie last: a lexicon is never seen half-written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    forms = _forms()
    trie = marisa_trie.Trie(forms)
    zipf = bytearray(len(trie))
    for form, value in forms.items():
        zipf[trie[form]] = min(255, round(value * 10))
    for target, write in ((_zipf_path(path), lambda f: Path(f).write_bytes(zipf)), (path, trie.save)):
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        write(str(tmp))
        os.replace(tmp, target)
    for stale in path.parent.glob("lexicon-*"):  # compiled lexicons of older sources, not files being written
        if stale.suffix in (".marisa", ".zipf") and stale.stem != path.stem:
            stale.unlink(missing_ok=True)


def _zipf_path(path: Path) -> Path:
    return path.with_suffix(".zipf")


NO_WORD, PREFIX, WORD = 0, 1, 2


class Lexicon:
    """Lower-case word forms with Zipf frequencies (0 for unknown forms)."""

    def __init__(self, trie: marisa_trie.Trie, zipf: bytes, path: Path | None = None) -> None:
        self._trie = trie
        self._zipf = zipf
        self.path = path  # where a compiled lexicon was read from
        # The channel asks about the same short prefixes over and over; a dict answers ten times faster.
        self._prefixes: dict[str, int] = {}

    def zipf(self, word: str) -> float:
        key = self._trie.get(word)
        return self._zipf[key] / 10 if key is not None else 0.0

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def prefix_status(self, prefix: str) -> int:
        """NO_WORD if no form begins with `prefix`, PREFIX if some does, WORD if it is a form itself."""
        status = self._prefixes.get(prefix)
        if status is None:
            if len(self._prefixes) > 1_000_000:
                self._prefixes.clear()
            if prefix in self._trie:
                status = WORD
            else:
                status = PREFIX if next(self._trie.iterkeys(prefix), None) is not None else NO_WORD
            self._prefixes[prefix] = status
        return status

    def __len__(self) -> int:
        return len(self._trie)


def word_set(words: list[str]) -> Lexicon:
    """A small in-memory lexicon (every word at frequency 0) for the channel to search."""
    trie = marisa_trie.Trie(words)
    return Lexicon(trie, bytes(len(trie)))


def lexicon_path() -> Path:
    return _cache_dir() / f"lexicon-{_source_key()}.marisa"


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
    return Lexicon(trie, _zipf_path(path).read_bytes(), path)

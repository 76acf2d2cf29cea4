"""The compiled lexicon: how it is compiled from its sources, its cache key, and reading it back.

Compiling the real sources (a million forms) takes seconds, and the set-up does it once; so the
compile is tested on small stand-ins for the sources, and what the real sources give is checked on
the lexicon the set-up compiled.
"""
from __future__ import annotations

import wordfreq

from pipeline.normalize import lexicon as lexicon_module
from pipeline.normalize.lexicon import INF, NAME, NOUN, PAST, PRES, PREFIX, WORD, NO_WORD, load_lexicon

# stand-ins: a word list, a frequency list and ordbank tables (noun and verb paradigms of vare/være)
WORDFREQ = {"på": 0.02, "vare": 1e-5, "varen": 1e-5, "være": 1e-3, "vært": 1e-3}
ORDBANK = ({"vare": NOUN | INF, "varen": NOUN, "være": INF, "vært": PAST, "gå": INF, "ga": PAST},
           {"vare": {("noun", "vare"), ("verb", "vare")}, "varen": {("noun", "vare")},
            "være": {("verb", "være")}, "vært": {("verb", "være")}})


def test_the_lexicon_compiles_its_sources_into_a_cached_trie(tmp_path, monkeypatch):
    word_list = tmp_path / "bokmaal"
    word_list.write_bytes("kvistfjøsene\nPå\n".encode("latin-1"))  # the Debian list is ISO-8859-1
    monkeypatch.setattr(lexicon_module, "WORD_LIST", word_list)
    monkeypatch.setattr(lexicon_module, "_ordbank", lambda: (dict(ORDBANK[0]), {k: set(v) for k, v in ORDBANK[1].items()}))
    monkeypatch.setattr(lexicon_module, "_place_and_person_names", lambda: ["Lillestrøm", "Møre og Romsdal", "Øyvind"])
    monkeypatch.setattr(wordfreq, "get_frequency_dict", lambda lang, wordlist: dict(WORDFREQ))
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = lexicon_module.lexicon_path()
    lexicon = load_lexicon.__wrapped__()
    assert path.is_file() and path.parent == tmp_path / "cache"
    assert lexicon.zipf("kvistfjøsene") == lexicon_module.FLOOR_ZIPF  # only the word list knows it
    assert lexicon.zipf("på") > 7  # the frequency list wins over the floor
    assert "lillestrøm" in lexicon and lexicon.classes("møre") & NAME and not lexicon.classes("og") & NAME
    assert lexicon.zipf("gkonomi") == 0.0 and "gkonomi" not in lexicon
    assert (lexicon.prefix_status("kvistfjøs"), lexicon.prefix_status("kvistfjøsene"),
            lexicon.prefix_status("qqq")) == (PREFIX, WORD, NO_WORD)
    assert lexicon.classes("ga") & PAST and lexicon.classes("vare") & NOUN
    # a noun-and-verb form is a verb as often as the forms only its verb paradigm has are used
    assert lexicon.verb_share("vare") < 0.5 and lexicon.verb_share("gå") == 1.0
    # the channel's readings of the common forms are compiled: `vare` may be `være`, `vært` is only itself;
    # a form below the frequency floor is left to the walk at run time
    assert lexicon.reads_only_itself("vært") and not lexicon.reads_only_itself("vare")
    assert not lexicon.reads_only_itself("kvistfjøsene") and not lexicon.reads_only_itself("qqq")

    word_list.write_bytes("kvistfjøsene\nPå\nmyrullene\n".encode("latin-1"))
    other_format = path.parent / "lexicon-v0-0123456789abcdef.marisa"  # another branch's lexicon
    other_format.write_bytes(b"")
    new_path = lexicon_module.lexicon_path()
    assert new_path != path  # a changed source gets a new cache entry, and the old one goes
    assert "myrullene" in load_lexicon.__wrapped__()
    assert sorted(p.name for p in new_path.parent.iterdir()) == sorted(
        [new_path.with_suffix(".info").name, new_path.name, other_format.name])


def test_the_compiled_lexicon_holds_the_real_sources():
    lexicon = load_lexicon()
    assert len(lexicon) > 300_000 and lexicon.zipf("på") > 7 and "bærum" in lexicon
    # word classes from the Norsk ordbank, names from the municipality list and Faker's name lists
    assert lexicon.classes("gå") & INF and lexicon.classes("ga") & PAST
    assert lexicon.classes("går") & PRES and lexicon.classes("måte") & NOUN
    assert lexicon.classes("møre") & NAME and lexicon.classes("øyvind") & NAME
    assert not lexicon.classes("økonomi") & NAME
    assert lexicon.verb_share("være") > 0.5 > lexicon.verb_share("vare")
    assert lexicon.verb_share("gå") == 1.0 and lexicon.verb_share("år") == 0.0

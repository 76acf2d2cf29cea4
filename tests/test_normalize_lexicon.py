"""The compiled lexicon: its sources, its cache key, and reading it back."""
from __future__ import annotations

from pipeline.normalize import lexicon as lexicon_module


def test_the_lexicon_compiles_word_list_frequencies_and_municipalities(tmp_path, monkeypatch):
    word_list = tmp_path / "bokmaal"
    word_list.write_bytes("kvistfjøsene\nPå\n".encode("latin-1"))  # the Debian list is ISO-8859-1
    monkeypatch.setattr(lexicon_module, "WORD_LIST", word_list)
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    path = lexicon_module.lexicon_path()
    lexicon = lexicon_module.load_lexicon.__wrapped__()
    assert path.is_file() and path.parent == tmp_path / "cache"
    assert lexicon.zipf("kvistfjøsene") == lexicon_module.FLOOR_ZIPF  # only the word list knows it
    assert lexicon.zipf("på") > 7  # wordfreq's frequency wins over the floor
    assert "lillestrøm" in lexicon and "bærum" in lexicon
    assert "gkonomi" not in lexicon and lexicon.zipf("gkonomi") == 0.0
    assert lexicon.prefix_status("kvistfjøs") == lexicon_module.PREFIX
    assert lexicon.prefix_status("kvistfjøsene") == lexicon_module.WORD
    assert lexicon.prefix_status("qqq") == lexicon_module.NO_WORD
    # word classes from the Norsk ordbank, names from the municipality list and Faker's name lists
    assert lexicon.classes("gå") & lexicon_module.INF and lexicon.classes("ga") & lexicon_module.PAST
    assert lexicon.classes("går") & lexicon_module.PRES and lexicon.classes("måte") & lexicon_module.NOUN
    assert lexicon.classes("møre") & lexicon_module.NAME and lexicon.classes("øyvind") & lexicon_module.NAME
    assert not lexicon.classes("økonomi") & lexicon_module.NAME
    # how often a noun-and-verb form is a verb, from the forms only one of its paradigms has
    assert lexicon.verb_share("være") > 0.5 > lexicon.verb_share("vare")
    assert lexicon.verb_share("gå") == 1.0 and lexicon.verb_share("år") == 0.0

    word_list.write_bytes("kvistfjøsene\nPå\nmyrullene\n".encode("latin-1"))
    other_format = path.parent / "lexicon-v0-0123456789abcdef.marisa"  # another branch's lexicon
    other_format.write_bytes(b"")
    new_path = lexicon_module.lexicon_path()
    assert new_path != path  # a changed source gets a new cache entry, and the old one goes
    assert "myrullene" in lexicon_module.load_lexicon.__wrapped__()
    assert sorted(p.name for p in new_path.parent.iterdir()) == sorted(
        [new_path.with_suffix(".info").name, new_path.name, other_format.name])

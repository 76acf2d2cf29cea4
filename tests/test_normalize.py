"""The normalizer: confusion channel, ambiguous pairs in context, untouched tokens, line count, gold."""
from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.text import decode, split_lines
from pipeline.normalize import restore_lines
from pipeline.normalize.channel import candidates, channel_form
from pipeline.normalize.lexicon import load_lexicon, word_set
from pipeline.normalize.restore import lost_letters, plain_words
from tests.conftest import DATA, OCR_SAMPLE, RAW, run_cli


def restore(text: str) -> str:
    """One line of a document whose OCR lost æ, ø and å."""
    return restore_lines([text])[0]


@pytest.mark.parametrize(
    "printed, meant",
    [
        ("gkonomi", "økonomi"),
        ("hgy", "høy"),
        ("lapet", "løpet"),
        ("@konomi", "økonomi"),
        ("Jkonomi", "økonomi"),
        ("veere", "være"),
        ("nzermere", "nærmere"),
        ("Bzaerum", "bærum"),
        ("Igsninger", "løsninger"),
        ("tjienester", "tjenester"),
        ("giennom", "gjennom"),
        ("Andele_n", "andelen"),
        ("s@rge", "sørge"),
        ("trdd", "tråd"),
        ("p3", "på"),
        ("l0sninger", "løsninger"),
    ],
)
def test_the_channel_reaches_the_meant_word(printed, meant):
    assert meant in candidates(channel_form(printed), load_lexicon())


def test_the_channel_offers_only_lexicon_words():
    lexicon = load_lexicon()
    found = candidates("pa", lexicon)
    assert found["pa"] == 0 < found["på"]
    assert candidates("xqzv", lexicon) == {}


@pytest.mark.parametrize(
    "ocr, restored",
    [
        ("Asker kommune ble anmodet om a bosette flyktninger", "Asker kommune ble anmodet om å bosette flyktninger"),
        ("@konomi og organisasjon", "Økonomi og organisasjon"),
        ("BAREKRAFTIGE LOSNINGER", "BÆREKRAFTIGE LØSNINGER"),
        ("Samarbeid med Baerum og Lillestrom", "Samarbeid med Bærum og Lillestrøm"),
        ("| tillegg kommer tiltak pa tvers av sektorer", "I tillegg kommer tiltak på tvers av sektorer"),
        ("| 2023 ble det gjennomfgrt en ny undersgkelse", "I 2023 ble det gjennomført en ny undersøkelse"),
        ("Dette skal bidra til &", "Dette skal bidra til å"),
        ("Det gikk bra. @kt bruk av &rsverk", "Det gikk bra. Økt bruk av årsverk"),
        # a line padded with spaces starts its sentence all the same
        ("  @konomi og plan", "  Økonomi og plan"),
        (" | tillegg pa tvers ", " I tillegg på tvers "),
        # names joined by & keep it
        ("Ernst & Young og A & B", "Ernst & Young og A & B"),
        ("Vi skal bidra til a", "Vi skal bidra til å"),
        # compounds the lexicon lacks
        ("sirkulaergkonomi og Kommunedirektgrens forslag", "sirkulærøkonomi og Kommunedirektørens forslag"),
        ("Askerhalvgya", "Askerhalvøya"),
        # local names outside every word list, by their place-name endings
        ("Vi besgkte Sandgy, Bjerkas og Ringvaer, ikke Hvalstad", "Vi besøkte Sandøy, Bjerkås og Ringvær, ikke Hvalstad"),
    ],
)
def test_letters_are_restored_with_their_capitals(ocr, restored):
    assert restore(ocr) == restored


@pytest.mark.parametrize(
    "ocr, restored",
    [
        # for / før
        ("Vi jobber for a sikre gode tjenester", "Vi jobber for å sikre gode tjenester"),
        ("Sykefravaeret er lavere enn for.", "Sykefraværet er lavere enn før."),
        ("Sykefravaeret er lavere enn for ", "Sykefraværet er lavere enn før "),
        ("Planen skal vaere ferdig for utgangen av aret", "Planen skal være ferdig før utgangen av året"),
        ("en nedgang fra aret for.", "en nedgang fra året før."),
        # var / vår
        ("Det var en god utvikling", "Det var en god utvikling"),
        ("Resultatet var godt", "Resultatet var godt"),
        ("Planen ble vedtatt i var.", "Planen ble vedtatt i vår."),
        ("Vi skal styrke tilbudet i var kommune", "Vi skal styrke tilbudet i vår kommune"),
        # vare / våre
        ("Vi takker vare ansatte", "Vi takker våre ansatte"),
        ("Vi ma ta vare pa naturen", "Vi må ta vare på naturen"),
        # `vare` is mostly the noun (its paradigm's forms), `være` the verb: after a modal, `være`
        ("Det kan vare lurt a vente", "Det kan være lurt å vente"),
        # far / får / før
        ("Alle elever far tilbud", "Alle elever får tilbud"),
        ("Barnet bor hos mor og far", "Barnet bor hos mor og far"),
        ("seks ganger hyppigere enn far, til naer samme kostnad", "seks ganger hyppigere enn før, til nær samme kostnad"),
        # sa / så
        ("Resultatene er sa langt gode", "Resultatene er så langt gode"),
        ("Hun sa at planen var klar", "Hun sa at planen var klar"),
        ("Hun sa: Vi er klare", "Hun sa: Vi er klare"),
        # la / lå
        ("Kommunedirektgren la frem saken", "Kommunedirektøren la frem saken"),
        ("Kostnadene la pa et lavt niva", "Kostnadene lå på et lavt nivå"),
        # mate / måte, male / måle
        ("pa en god mate", "på en god måte"),
        ("pa denne maten", "på denne måten"),
        ("Vi skal male effekten", "Vi skal måle effekten"),
        ("Det er vanskelig a male resultatene", "Det er vanskelig å måle resultatene"),
        # a / å
        ("Vi har mye a gjore", "Vi har mye å gjøre"),
        ("a) Tiltak i plan A", "a) Tiltak i plan A"),
        # bade / både
        ("bade skole og barnehage", "både skole og barnehage"),
        ("Tilbudet gjelder bade barn og voksne", "Tilbudet gjelder både barn og voksne"),
        # ga / gå
        ("Prosjektet ga en oversikt", "Prosjektet ga en oversikt"),
        ("Arbeidet vil i storre grad ga over i en ny fase", "Arbeidet vil i større grad gå over i en ny fase"),
    ],
)
def test_ambiguous_pairs_are_read_in_context(ocr, restored):
    assert restore(ocr) == restored


@pytest.mark.parametrize(
    "ocr",
    [
        "Netto driftsresultat 1 234,5 -12,3 % 2023",
        "KOSTRA-gruppe 13 | 120 | 340 |",
        "Kontakt post@asker.kommune.no eller www.asker.kommune.no/arsrapport",
        "Rapporten (ISBN 978-82-123) side 15 av 134",
        "o, 0, ¢ : |",
        "Utslipp 212 200 tonn CO2e i 2022, E6 og 3a",
    ],
)
def test_numbers_codes_addresses_and_noise_are_untouched(ocr):
    assert restore(ocr) == ocr


def test_a_hyphenated_line_end_fragment_keeps_its_hyphen():
    assert restore_lines(["arbeid med kjgnns-", "og likestilling"]) == ["arbeid med kjønns-", "og likestilling"]
    assert restore_lines(["FN-barekrafts-", "mal og sosial-gkono-"]) == ["FN-bærekrafts-", "mål og sosial-økono-"]


def test_unknown_names_stay_where_the_ocr_kept_the_letters():
    lines = ["Kvitsy og Hoeg er navn i en tekst om Bærum, Tromsø og Ås."] * 3
    assert restore_lines(lines) == lines


def test_an_empty_lexicon_is_used_as_given():
    assert restore_lines(["Rapport for aret pa tvers"], word_set([])) == ["Rapport for aret pa tvers"]


def test_clean_text_passes_through_unchanged():
    clean = [
        "Bærum kommune har i år økt bevilgningene til skole og barnehage.",
        "Kommunen vil gå videre med planene for Fornebu før sommeren, sa ordføreren.",
        "Det var en god måte å måle resultatene på, og velferdslaben får mer plass.",
        "Vi må ta vare på våre ansatte i Lillestrøm og Tromsø.",
    ]
    assert lost_letters(plain_words(clean)) == frozenset()
    assert restore_lines(clean) == clean


def test_only_the_letters_the_ocr_lost_are_restored():
    # This engine kept ø and æ but printed every å as a: `for` is what the report says.
    lines = ["Vi har økt innsatsen pa flere omrader for a bedre økonomien.", "Det var nærmere 20 ar siden."]
    assert lost_letters(plain_words(lines)) == frozenset("å")
    assert restore_lines(lines) == [
        "Vi har økt innsatsen på flere områder for å bedre økonomien.", "Det var nærmere 20 år siden."]


def test_text_in_another_language_is_left_alone():
    english = ["This is a summary of the annual report for a municipality in Norway."] * 8
    assert restore_lines(english) == english


def test_whitespace_between_tokens_is_kept():
    assert restore("  pa\tto  ar ") == "  på\tto  år "


def test_normalize_prints_one_line_per_input_line(tmp_path):
    source = tmp_path / "ocr.txt"
    source.write_text("Rapport for aret\n\n| tillegg pa tvers\n\n\nside 2 av 3\n", encoding="utf-8")
    result = run_cli("normalize", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == ["Rapport for året", "", "I tillegg på tvers", "", "", "side 2 av 3"]


def test_normalize_diff_shows_changed_tokens_with_line_numbers(tmp_path):
    source = tmp_path / "ocr.txt"
    source.write_text("Rapport for aret\nuendret linje\npa tvers\n", encoding="utf-8")
    result = run_cli("normalize", str(source), "--diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1: aret -> året", "3: pa -> på"]


def test_normalize_takes_the_normalizer_s_settings(tmp_path):
    # the OCR kept å here, so a change of `pa` must be far more frequent than `pa` (normalize.keep_margin)
    source = tmp_path / "ocr.txt"
    source.write_text("Vi har gått langt.\nDet ble pa tvers.\n", encoding="utf-8")
    default = CliRunner().invoke(app, ["normalize", str(source)])
    eager = CliRunner().invoke(app, ["normalize", str(source), "--set", "normalize.keep_margin=0"])
    assert default.exit_code == eager.exit_code == 0, (default.output, eager.output)
    assert default.output.splitlines()[1] == "Det ble pa tvers."
    assert eager.output.splitlines()[1] == "Det ble på tvers."
    bad = CliRunner().invoke(app, ["normalize", str(source), "--set", "normalize.keep_margin=-1"])
    assert bad.exit_code == 2 and "normalize.keep_margin = -1.0: must be from 0" in bad.output


def error_reduction(restored: list[str], gold_rows: list[dict]) -> tuple[float, float]:
    """The scorer's figures: error reduction rate and false-change rate over gold tokens."""
    needed = fixed = broken = total = 0
    for row in gold_rows:
        ocr, gold = row["ocr"].split(), row["gold"].split()
        pred = restored[row["line"] - 1].split()
        assert len(pred) == len(ocr), row["line"]
        for o, g, p in zip(ocr, gold, pred):
            total += 1
            if o != g:
                needed += 1
                fixed += p == g
            elif p != g:
                broken += 1
    return 1 - ((needed - fixed) + broken) / needed, broken / (total - needed)


def test_development_gold_error_reduction_meets_the_target():
    gold_rows = [
        json.loads(line)
        for path in sorted((DATA / "gold").glob("norm_dev_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(gold_rows) == 320
    lines = split_lines(decode(OCR_SAMPLE.read_bytes()))
    err, false_change_rate = error_reduction(restore_lines(lines), gold_rows)
    assert err >= 0.97
    assert false_change_rate <= 0.003


def damage(word: str, rng: random.Random) -> str:
    """What an OCR engine without Norwegian data prints for `word` (lower-case confusions only)."""
    lost = {"å": ["a", "a", "a", "&"], "ø": ["g", "o", "g", "@", "e"], "æ": ["ae", "ee", "e", "z"]}
    out = []
    for char in word:
        printed = rng.choice(lost[char.lower()]) if char.lower() in lost else char
        out.append(printed.upper() if char.isupper() and printed.isalpha() else printed)
    return "".join(out)


def test_a_clean_article_damaged_like_the_ocr_is_repaired():
    """Text the development gold has never seen: a clean article, its æ, ø and å taken away."""
    rng = random.Random(1)
    clean = [" ".join(line.split()) for line in split_lines(decode((RAW / "004_a1a17b07a1d9badb.txt").read_bytes()))]
    damaged = [" ".join(damage(w, rng) for w in line.split()) for line in clean]
    rows = [{"line": n, "ocr": d, "gold": c} for n, (d, c) in enumerate(zip(damaged, clean), start=1)]
    assert sum(d != c for line in rows for d, c in zip(line["ocr"].split(), line["gold"].split())) > 50
    err, false_change_rate = error_reduction(restore_lines(damaged), rows)
    assert err >= 0.95
    assert false_change_rate <= 0.01


def test_an_english_only_ocr_of_norwegian_text_is_repaired(tmp_path, monkeypatch):
    """A real engine without Norwegian data: Tesseract's English model reads a clean article printed
    to PDF (Helvetica, which pdfium draws with its own fonts) and rendered at 300 dpi."""
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")  # Tesseract's own threads only oversubscribe a small machine
    import pypdfium2
    import pytesseract
    from reportlab.pdfgen import canvas

    words = (RAW / "004_a1a17b07a1d9badb.txt").read_text(encoding="utf-8").split()[:320]
    lines = [" ".join(words[i:i + 13]) for i in range(0, len(words), 13)]
    pdf_path = tmp_path / "article.pdf"
    pdf = canvas.Canvas(str(pdf_path))
    pdf.setFont("Helvetica", 10)
    for n, line in enumerate(lines):
        pdf.drawString(40, 800 - 15 * n, line)
    pdf.save()
    page = pypdfium2.PdfDocument(str(pdf_path))[0]
    image = page.render(scale=300 / 72).to_pil().convert("L")
    bottom = (page.get_height() - 800 + 15 * len(lines) + 10) * 300 / 72  # Tesseract reads the text, not the blank page
    image = image.crop((0, 0, image.width, int(bottom)))
    printed = [line for line in pytesseract.image_to_string(image, lang="eng", config="--psm 6").split("\n")
               if line.strip()]
    assert len(printed) == len(lines)
    needed = fixed = broken = 0
    for ocr, gold, restored in zip(printed, lines, restore_lines(printed)):
        if len(ocr.split()) != len(gold.split()):
            continue
        for o, g, r in zip(ocr.split(), gold.split(), restored.split()):
            lost_letter = o != g and bool(set(g) & set("æøåÆØÅ") or set(o) & set("@&|"))
            needed += lost_letter
            fixed += lost_letter and r == g
            broken += o == g and r != g
    assert needed > 20  # the engine did lose the letters
    assert (fixed - broken) / needed >= 0.85

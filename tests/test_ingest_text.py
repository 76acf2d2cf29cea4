"""Decoding and page splitting of text reports."""
import codecs

import pytest

from pipeline.errors import InputError
from pipeline.ingest import read_document
from pipeline.settings import IngestSettings
from pipeline.ingest.text import decode, pages_from_text

NORWEGIAN = "Økonomi og årsverk i Bærum kommune\nSide 1 av 2\n"


@pytest.mark.parametrize("data", [
    NORWEGIAN.encode("utf-8"),
    codecs.BOM_UTF8 + NORWEGIAN.encode("utf-8"),
    NORWEGIAN.encode("utf-16"),  # with BOM
    NORWEGIAN.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
    NORWEGIAN.encode("cp1252"),
    NORWEGIAN.encode("latin-1"),
])
def test_decodes_every_supported_encoding(data):
    assert decode(data) == NORWEGIAN


def test_cp1252_only_characters_are_detected():
    text = "Kostnad – 5 € per innbygger, «Årsrapport»"
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("data, code", [
    (b"", "input_empty"),
    (b"  \n\n ", "input_empty"),
    (b"\x00\x01\x02binary\x00", "input_binary"),
    (bytes(range(1, 32)) * 20, "input_binary"),
    (codecs.BOM_UTF8 + b"\xff\xfe broken", "input_bad_bom"),
])
def test_rejects_what_is_not_text(data, code):
    with pytest.raises(InputError) as raised:
        decode(data, "rapport.txt")
    assert raised.value.code.name == code and str(raised.value).startswith("rapport.txt: ")


def test_line_endings_are_normalised_and_numbered():
    pages, _ = pages_from_text("første\r\nandre\rtredje\n")
    assert [(line.number, line.raw) for line in pages[0].lines] == [(1, "første"), (2, "andre"), (3, "tredje"), (4, "")]


def test_form_feeds_split_pages():
    pages, n_pages = pages_from_text("side en\nmer\fside to\n\fside tre")
    assert [p.number for p in pages] == [1, 2, 3]
    assert n_pages == 3
    # a form feed inside a line: the text after it still sits on that source line
    assert (pages[1].lines[0].number, pages[1].lines[0].raw) == (2, "side to")
    assert (pages[2].lines[0].number, pages[2].lines[0].raw) == (3, "side tre")


def test_a_form_feed_opening_a_line_puts_the_line_on_the_new_page_only():
    # Tesseract and pdftotext end a page with a newline and open the next with a form feed
    pages, n_pages = pages_from_text("Side en\nmer\n\fSide to\nmer\n\fSide tre\n")
    assert n_pages == 3
    assert [[line.number for line in page.lines] for page in pages] == [[1, 2], [3, 4], [5, 6]]
    assert [page.lines[0].raw for page in pages] == ["Side en", "Side to", "Side tre"]


def _ocr_pages(*bodies):
    """OCR text in which each page starts with one indented line."""
    return "\n".join(" " + body for body in bodies)


def test_footers_anchor_page_numbers_and_blank_pages_count():
    # pages 1-2 are pictures (no text); a footer on the second text page says it is page 4
    text = _ocr_pages("Innledning\ntekst", "Mer tekst\nSide 4 av 9", "Neste side\ntekst", "Siste\ntekst")
    pages, n_pages = pages_from_text(text)
    assert [p.number for p in pages] == [3, 4, 5, 6]
    assert n_pages == 9


def test_footer_ends_a_page_even_without_an_indented_next_line():
    text = _ocr_pages("Start\nSide 1 av 3\n\n\nTekst på neste side", "Tredje side\nSide 3 av 3")
    pages, n_pages = pages_from_text(text)
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[1].lines[-1].raw == "Tekst på neste side"


def test_indented_line_inside_a_page_merges_into_that_page():
    # three text segments between footers 1 and 3: one indent was not a page start
    text = _ocr_pages("A\nSide 1 av 3\nB", "B fortsetter", "C\nSide 3 av 3")
    pages, _ = pages_from_text(text)
    assert [p.number for p in pages] == [1, 2, 3]
    assert len(pages) == 3


def test_bulleted_lines_are_not_page_starts():
    pages, _ = pages_from_text("Hovedsaker:\n • første punkt\n • andre punkt\nSlutt")
    assert len(pages) == 1


def test_read_document_reports_unreadable_files(tmp_path):
    missing = tmp_path / "mangler.txt"
    with pytest.raises(InputError) as raised:
        read_document(missing)
    assert raised.value.code.name == "input_missing" and raised.value.path == str(missing)
    odd = tmp_path / "rapport.docx"
    odd.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError) as raised:
        read_document(odd)
    assert raised.value.code.name == "input_unsupported" and raised.value.details["suffix"] == ".docx"


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "stor.txt"
    big.write_bytes(b"Side 1 av 1\n" * 2000)
    with pytest.raises(InputError) as raised:
        read_document(big, IngestSettings(max_text_megabytes=0.01))
    assert raised.value.code.name == "input_too_large"
    assert "setting ingest.max_text_megabytes" in str(raised.value)


def _report(footers, header="Lunner kommune – Årsmelding 2024", lines_per_page=9):
    """Pages joined by newlines as OCR prints them: a running header, text, a footer in some form."""
    words = "tjenestene barnehage skole helse omsorg kultur vei vann avløp brann eiendom plan".split()
    pages = []
    for k, footer in enumerate(footers, start=1):
        body = [" ".join(words[(k * j + i) % len(words)] for i in range(6)).capitalize() + "."
                for j in range(lines_per_page)]
        pages.append("\n".join([header, "", *body, "", footer, ""]))
    return "\n".join(pages)


@pytest.mark.parametrize("form", ["Side {n} av 5", "Side {n}", "{n} / 5", "{n}/5", "{n}", "          {n}",
                                  "                                        {n}", "- {n} -", "Page {n} of 5",
                                  "Årsmelding 2024 | {n}", "{n} Lunner kommune"])
def test_footers_of_every_form_number_the_pages(form):
    pages, n_pages = pages_from_text(_report([form.format(n=n) for n in range(1, 6)], header="Lunner kommune"))
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert n_pages == 5
    for page in pages:  # the footer and the running header are the page's furniture, nothing else
        furniture = [line.raw.strip() for line in page.lines if line.number in page.furniture]
        assert furniture == ["Lunner kommune", form.format(n=page.number).strip()]


def test_fraction_footers_read_by_ocr_without_spaces_keep_their_page_count():
    pages, n_pages = pages_from_text(_report([f"{n}/19" for n in range(3, 8)] + ["3/4"]))
    assert [p.number for p in pages][:5] == [3, 4, 5, 6, 7] and n_pages == 19
    assert len(pages) == 6  # '3/4' prints another count and goes back: not a footer of this report


def test_bare_numbers_that_do_not_count_pages_are_content():
    # values standing alone on lines (a column-major table) are no footers
    text = "Tabell\n\n12\n\n15\n\n11\n\n13\n\nSlutt på teksten her."
    pages, _ = pages_from_text(text)
    assert len(pages) == 1 and pages[0].furniture == ()


def test_running_header_is_furniture_and_starts_a_page():
    # the cover has no footer; the running header of page 2 still starts a page
    text = "Lunner kommune\nÅrsmelding 2024\n\n" + _report(
        [f"Side {n} av 5" for n in range(2, 6)], header="Lunner kommune – Årsmelding 2024")
    pages, n_pages = pages_from_text(text)
    assert [p.number for p in pages] == [1, 2, 3, 4, 5] and n_pages == 5
    headers = [line.number for p in pages for line in p.lines if line.raw.startswith("Lunner kommune –")]
    assert headers and all(any(n in p.furniture for p in pages) for n in headers)
    assert not pages[0].furniture

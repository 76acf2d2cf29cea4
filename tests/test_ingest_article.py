"""Web articles saved as HTML or Markdown become plain text lines."""
from pipeline.ingest import read_document
from pipeline.ingest.article import html_to_text, markdown_to_text


def test_html_keeps_text_and_blocks_and_drops_scripts():
    html = ("<html><head><style>p {color: red}</style><script>var x = 1;</script></head><body>"
            "<h1>Årsrapport 2023</h1><p>Netto driftsresultat ble 296 mill.&nbsp;kroner.</p>"
            "<ul><li>Første punkt</li><li>Andre punkt</li></ul></body></html>")
    lines = [line for line in html_to_text(html).splitlines() if line]
    assert lines == ["Årsrapport 2023", "Netto driftsresultat ble 296 mill. kroner.", "Første punkt", "Andre punkt"]


def test_markdown_markup_is_dropped_but_lines_keep_their_numbers():
    md = "# Økonomi\n\nSe [rapporten](https://example.org/r.pdf) og **tallene**.\n![graf](g.png)\n"
    assert markdown_to_text(md).split("\n") == ["Økonomi", "", "Se rapporten og tallene.", "", ""]


def test_html_file_is_read_as_one_page_article(tmp_path):
    path = tmp_path / "sak.html"
    path.write_text("<p>Bodø kommune la fram årsberetningen.</p>", encoding="utf-8")
    doc = read_document(path)
    assert doc.source_format == "html"
    assert [line.raw for line in doc.pages[0].lines if line.raw] == ["Bodø kommune la fram årsberetningen."]

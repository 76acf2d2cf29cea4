"""PDF fixtures built by the tests: a born-digital report with Norwegian text and tables, its
image-only twin (pages rasterised and wrapped into a PDF), and damaged PDFs.

Each table is declared once as a FixtureTable; the builder prints it and the tests expect it back.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from rapidfuzz.distance import Levenshtein
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.tables.conventions import parse_cell


@dataclass(frozen=True)
class FixtureTable:
    page: int
    title: str
    unit_note: str | None
    columns: list[str]  # first entry: the row-label column
    rows: list[tuple[str, list[str]]]  # label, printed values
    ruled: bool


PROSE = [
    "Årsrapporten for Fjellvåg kommune viser at økonomien er i balanse. Kommunestyret vedtok "
    "å styrke tjenestene til barn og unge, og sørget for at færre søknader ble avslått.",
    "Tabellen nedenfor viser regnskap og budsjett per programområde. Avvik er revidert budsjett "
    "minus regnskap; et positivt avvik betyr mindreforbruk.",
]

TABLES = [
    FixtureTable(
        page=1, title="Driftsregnskap per programområde", unit_note="Beløp i 1000", ruled=False,
        columns=["Programområde", "Regnskap 2024", "Rev. bud. 2024", "Avvik i kr", "Avvik i %"],
        rows=[
            ("10 - Oppvekst og læring", ["1 396 512", "1 402 300", "5 788", "0,4 %"]),
            ("20 - Helse og omsorg", ["987 214", "975 100", "-12 114", "-1,2 %"]),
            ("30 - Kultur og frivillighet", ["64 905", "66 000", "1 095", "1,7 %"]),
            ("40 - Tekniske tjenester", ["212 480", "209 950", "-2 530", "-1,2 %"]),
            ("Sum driftsområder", ["2 661 111", "2 653 350", "-7 761", "-0,3 %"]),
        ]),
    FixtureTable(
        page=2, title="KOSTRA-nøkkeltall for grunnskole og helse", unit_note=None, ruled=True,
        columns=["Indikator", "Fjellvåg 2024", "Landet uten Oslo", "KOSTRA-gruppe 7"],
        rows=[
            ("Elever per lærer", ["14,2", "15,1", "15,3"]),
            ("Andel elever med spesialundervisning", ["7,8 %", "8,1 %", "8,4 %"]),
            ("Netto driftsutgifter per innbygger", ["115 kr/m²", "128 kr/m²", "124 kr/m²"]),
            ("Legeårsverk per 10 000 innbyggere", ["11,5", "Ikke målt", "12,0"]),
            ("Søknader om sykehjemsplass", ["312", "298", "305"]),
        ]),
    FixtureTable(
        page=3, title="Måloppnåelse for kommunens mål", unit_note=None, ruled=False,
        columns=["Indikator", "2021", "2022", "2023", "2024"],
        rows=[
            ("Andel fornøyde brukere i hjemmetjenesten", ["88,3", "90,2", "92,9", "91,0"]),
            ("Sykefravær i prosent", ["8,4", "7,9", "7,1", "6,8"]),
            ("Antall søknader om økonomisk stønad", ["1 204", "1 187", "Tall kommer", "1 099"]),
            ("Gjennomsnittlig ventetid i døgn", ["21", "19", "17", "Ikke målt"]),
        ]),
]

PAGES_PROSE = {1: PROSE, 2: ["Nøkkeltallene er hentet fra KOSTRA og sammenlignet med gjennomsnittet "
                             "for landet og for kommunegruppen."],
               3: ["Kommunens mål følges opp med indikatorer. Tall for året måles ved årsskiftet."]}


def _flowables(table: FixtureTable, styles) -> list:
    body = [[table.columns[0], *table.columns[1:]]] + [[label, *values] for label, values in table.rows]
    widths = [6.4 * cm] + [(17.0 - 6.4) * cm / (len(table.columns) - 1)] * (len(table.columns) - 1)
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
             ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if table.ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    out = [Paragraph(table.title, styles["Heading3"])]
    if table.unit_note:
        out.append(Paragraph(table.unit_note, styles["Normal"]))
    return out + [Table(body, colWidths=widths, style=TableStyle(style), hAlign="LEFT")]


def build_born_digital(path: Path, copies: int = 1) -> Path:
    """The report's pages (repeated `copies` times, for benchmarks) with a text layer."""
    styles = getSampleStyleSheet()
    story = []
    for _ in range(copies):
        for table in TABLES:
            story.append(Paragraph(f"Kapittel {table.page}", styles["Heading2"]))
            story += [Paragraph(text, styles["Normal"]) for text in PAGES_PROSE[table.page]]
            story.append(Spacer(1, 0.5 * cm))
            story += _flowables(table, styles)
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                      title="Fjellvåg kommune årsrapport").build(story[:-1])
    return path


def build_image_only(born_digital: Path, path: Path, dpi: int = 300) -> Path:
    """The same pages as pictures only, the way a scanner delivers them: no text layer."""
    pdf = pypdfium2.PdfDocument(str(born_digital))
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return path


def build_encrypted(path: Path) -> Path:
    page = canvas.Canvas(str(path), encrypt="hemmelig")
    page.drawString(72, 720, "Årsbudsjett – konfidensielt")
    page.save()
    return path


def build_truncated(born_digital: Path, path: Path) -> Path:
    data = born_digital.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _same_value(expected: str, value_num: float | None, value_text: str | None) -> bool:
    parsed = parse_cell(expected)
    if parsed.number is not None:
        return value_num is not None and abs(value_num - parsed.number) <= 1e-6 * max(1.0, abs(parsed.number))
    return (value_text or "").casefold() == (parsed.text or "").casefold()


def cell_recall(tables) -> float:
    """Share of the fixture's cells recovered with the printed value, at their row and column, on their page."""
    found = {(t.page_no, c.row_idx, c.col_idx): c for t in tables for c in t.cells}
    expected = [(spec.page, r, c, raw) for spec in TABLES for r, (_, values) in enumerate(spec.rows)
                for c, raw in enumerate(values)]
    hits = sum(1 for page, r, c, raw in expected
               if (cell := found.get((page, r, c))) and _same_value(raw, cell.value_num, cell.value_text))
    return hits / len(expected)


def character_error_rate(text: str, reference: str) -> float:
    """Edit distance per reference character, whitespace runs counted as one space."""
    text, reference = " ".join(text.split()), " ".join(reference.split())
    return Levenshtein.distance(text, reference) / len(reference)

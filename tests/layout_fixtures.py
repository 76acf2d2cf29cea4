"""Small PDFs, one per way a table can be laid out, drawn with reportlab for the layout route's tests.

Each builder writes one page with one table (and a little prose around it) and returns the path.
The tables are made up; what matters is their geometry: rulings or none, shaded rows, wrapped
labels, headers over several lines, a frame around two columns of figures, a turned page.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
PROSE = ParagraphStyle("prose", fontName="Helvetica", fontSize=10, leading=13)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=2)


def _page(path: Path, table: Table, caption: str | None = None, prose: str | None = None, turned: int = 0) -> Path:
    """One A4 page: a caption, the table and a paragraph below it; `turned` draws it all rotated
    by 90 or 270 degrees (a landscape table on a portrait page)."""
    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    if turned == 90:  # text runs bottom to top
        page.translate(width, 0)
        page.rotate(90)
        width, height = height, width
    elif turned == 270:  # text runs top to bottom
        page.translate(0, height)
        page.rotate(-90)
        width, height = height, width
    top = height - 72
    if caption:
        page.setFont("Helvetica-Bold", 11)
        page.drawString(56, top, caption)
        top -= 22
    _, table_height = table.wrapOn(page, width - 112, top)
    table.drawOn(page, 56, top - table_height)
    if prose:
        paragraph = Paragraph(prose, PROSE)
        _, prose_height = paragraph.wrapOn(page, width - 112, 200)
        paragraph.drawOn(page, 56, top - table_height - 24 - prose_height)
    page.showPage()
    page.save()
    return path


def _table(data: list[list], widths: list[float], style: list, header_rows: int = 1) -> Table:
    base = [("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (-1, header_rows - 1), "Helvetica-Bold", 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    return Table(data, colWidths=widths, style=TableStyle(base + style), hAlign="LEFT")


ENGLISH_ROWS = [("Operating revenue", "7,389,208", "6,912,077"), ("Operating expenses", "(106,870)", "(98,114)"),
                ("Net interest", "150,544", "139,021"), ("Result per share", "12.5", "11.75")]


def english_numbers(path: Path) -> Path:
    """An unruled statement in the English convention: commas group thousands, brackets are negative."""
    data = [["", "2023", "2022"], *[list(row) for row in ENGLISH_ROWS]]
    return _page(path, _table(data, [200, 80, 80], []), "Income statement (USD thousands)",
                 "Figures are audited. The result per share rose by 6.4 percent.")


FRAMED_VALUES = [("North", "1 204"), ("South", "987"), ("East", "2 310"), ("West", "455"), ("Centre", "3 120"),
                 ("Coast", "78"), ("Inland", "640"), ("Islands", "12")]


def false_grid(path: Path) -> Path:
    """A frame around two columns of figures: each ruled cell holds a whole column, one value a line."""
    labels = Paragraph("<br/>".join(label for label, _ in FRAMED_VALUES), BODY)
    values = Paragraph("<br/>".join(value for _, value in FRAMED_VALUES), RIGHT)
    table = _table([["Region", "Visits"], [labels, values]], [160, 80], [("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                                                                          ("INNERGRID", (0, 0), (-1, -1), 0.6,
                                                                           colors.black)])
    return _page(path, table, "Visits per region")


SHADED_ROWS = [("Barnehage", "1 200", "1 150"), ("Skole", "3 400", "3 500"), ("Skyss", "Ikke målt", "Ikke målt"),
               ("Helse", "875", "910"), ("Kultur", "64", "70"), ("Vei", "212", "209")]


def shaded_rows(path: Path) -> Path:
    """No rulings; every other row on a grey band, and a row of text only among the figures."""
    data = [["Tjeneste", "2023", "2024"], *[list(row) for row in SHADED_ROWS]]
    style = [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.Color(0.9, 0.92, 0.95), colors.white]),
             ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.8, 0.84, 0.9))]
    return _page(path, _table(data, [200, 90, 90], style), "Utgifter per tjeneste")


PLANS = [("Vann og vannmiljø", "Vedtatt 09.06.19"), ("Psykisk helse og rus", "Vedtatt 22.02.21"),
         ("Kultur", "Under arbeid"), ("Næring", "Vedtas 3. kvartal 2025")]


def text_only(path: Path) -> Path:
    """A table of text: plans and their status, a ruling under each row."""
    data = [["Temaplan", "Status"], *[list(row) for row in PLANS]]
    style = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)]
    return _page(path, _table(data, [240, 150], style), "Temaplaner",
                 "Kommunestyret har vedtatt flere temaplaner. Tabellen over viser status ved utgangen av året.")


WINES = [("Riesling", "Mosel", "Hvit", "10 €"), ("Barolo", "Piemonte", "Rød", "32 €"),
         ("Chablis", "Bourgogne", "Hvit", "18 €"), ("Rioja", "La Rioja", "Rød", "12 €")]


def wine_list(path: Path) -> Path:
    """Mostly text: name, region and colour are text columns (left-aligned), the price has a unit."""
    data = [["Vin", "Distrikt", "Farge", "Pris"], *[list(row) for row in WINES]]
    style = [("ALIGN", (1, 0), (2, -1), "LEFT")]
    return _page(path, _table(data, [120, 110, 80, 60], style), "Vinkart")


WRAPPED = [("Netto driftsutgifter per innbygger til grunnskolesektor, per innbygger 6-15 år", "142 101", "135 841"),
           ("Andel elever i grunnskolen som får spesialundervisning", "7,5 %", "7,3 %"),
           ("Gjennomsnittlig grunnskolepoeng", "44,3", "42,3"),
           ("Elever på mestringsnivå 3-5, nasjonale prøver i lesing 8. trinn (prosent)", "71,9 %", "71,5 %")]


def wrapped_labels(path: Path, valign: str) -> Path:
    """Labels wrapped over two or three lines in a narrow column, the values on the label's first line
    (TOP) or centred beside it (MIDDLE), a ruling between rows and a group heading above them."""
    data = [["Indikator", "2022", "2023"], [Paragraph("<b>Kvalitet</b>", BODY), "", ""],
            *[[Paragraph(label, BODY), a, b] for label, a, b in WRAPPED]]
    style = [("VALIGN", (1, 1), (-1, -1), valign), ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.grey)]
    return _page(path, _table(data, [150, 70, 70], style), "Grunnskole",
                 "Tallene er hentet fra KOSTRA. Resultatene varierer noe fra år til år.")


STACKED_HEADER = ["", "Bjørnafjorden\n2022", "Bjørnafjorden\n2023", "ASSS\nuten\nOslo", "KOSTRA-\ngruppe\n12"]
STACKED_ROWS = [("Elever per lærer", "14,2", "15,0", "15,1", "15,3"), ("Legeårsverk per 10 000", "11,5", "12,0", "10,9",
                                                                          "11,4")]


def stacked_header(path: Path) -> Path:
    """Column names printed over two and three lines, bottom-aligned over right-aligned figures; a
    number alone on the last line ("12" of "KOSTRA-gruppe 12") among years and words."""
    data = [STACKED_HEADER, *[list(row) for row in STACKED_ROWS]]
    style = [("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black)]
    return _page(path, _table(data, [160, 75, 75, 60, 70], style), "KOSTRA-tall")


def small_table(path: Path) -> Path:
    """Two rows under one year: the smallest table the genre prints."""
    data = [["", "2023"], ["Årsverk (antall)", "508"], ["Ansatte (antall)", "590"]]
    style = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)]
    return _page(path, _table(data, [200, 80], style), "Årsverk og ansatte",
                 "Årsresultatet viser et mindreforbruk på 0,9 mill. kroner.")


ROTATED_ROWS = [("Category 1.1", "6.3", "63.0", "80.0"), ("Category 1.2", "47.1", "8.2", "58.2"),
                ("Category 1.3", "95.7", "51.2", "83.3"), ("Total", "1,008", "3,114", "5,969")]


def rotated(path: Path, turned: int) -> Path:
    """A table on a page printed sideways (text running bottom to top for 90, top to bottom for 270)."""
    data = [["Background characteristic", "Method 1", "Method 2", "Method 3"], *[list(row) for row in ROTATED_ROWS]]
    return _page(path, _table(data, [200, 90, 90, 90], []), "Results by method", turned=turned)


RULED_ROWS = [("Nord", "12", "1 396"), ("Sør", "8", "2 004"), ("Vest", "4", "512")]


def ruled(path: Path) -> Path:
    """A fully ruled grid (for the scanned page: its rulings come from the image)."""
    data = [["Område", "Skoler", "Elever"], *[list(row) for row in RULED_ROWS]]
    style = [("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 11),
             ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    return _page(path, _table(data, [160, 90, 90], style), "Skoler og elever")

"""Small WordprocessingML builders shared by the template script and the renderer: the document's
paragraph styles (Nghị định 30/2020/NĐ-CP, Phụ lục I) and paragraphs/tables as XML.

Body content is written as XML strings and parsed once: a 40-row table is a few hundred cells, and
python-docx's cell-by-cell API costs more than the rest of the document together.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

FONT = "Times New Roman"
TWIPS_PER_CM = 566.929  # 1440 per inch
W = nsdecls("w")


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    size: float  # points
    bold: bool = False
    italic: bool = False
    align: str = "both"  # justified
    first_line_cm: float = 0.0
    before_pt: float = 0
    after_pt: float = 0
    line: int = 240  # 240ths of a line: 240 single, 276 = 1.15
    keep_next: bool = False
    page_break_before: bool = False
    outline: int | None = None  # 0 for a level-1 heading: Word's navigation pane shows it


# The styles the body and annexes use. A replaced template may restyle them (that is the point);
# a template that lacks one gets it added with these values.
BODY_SIZE = 14
TABLE_SIZE = 12
STYLES: dict[str, StyleSpec] = {
    spec.name: spec
    for spec in (
        # Body 13–14 pt, justified, first-line indent 1–1.27 cm, spacing at least 6 pt, line 1–1.5.
        StyleSpec("Report Body", BODY_SIZE, first_line_cm=1.0, after_pt=6, line=276),
        StyleSpec("Report Heading 1", BODY_SIZE, bold=True, first_line_cm=1.0, before_pt=6, after_pt=6,
                  line=276, keep_next=True, outline=0),
        StyleSpec("Report Heading 2", BODY_SIZE, bold=True, first_line_cm=1.0, before_pt=3, after_pt=6,
                  line=276, keep_next=True, outline=1),
        StyleSpec("Report Heading 3", BODY_SIZE, bold=True, italic=True, first_line_cm=1.0, after_pt=6, line=276,
                  keep_next=True, outline=2),
        StyleSpec("Report Table Text", TABLE_SIZE, align="left", before_pt=2, after_pt=2),
        StyleSpec("Report Table Heading", TABLE_SIZE, bold=True, align="center", before_pt=2, after_pt=2),
        StyleSpec("Report Caption", 13, bold=True, align="center", before_pt=6, after_pt=6, keep_next=True),
        StyleSpec("Report Figure", BODY_SIZE, align="center", before_pt=6, keep_next=True),
        StyleSpec("Report Figure Caption", 13, italic=True, align="center", after_pt=6),
        StyleSpec("Report Note", TABLE_SIZE, italic=True, before_pt=3, after_pt=6),
        StyleSpec("Report Annex Label", BODY_SIZE, bold=True, align="center", keep_next=True, page_break_before=True),
        StyleSpec("Report Annex Title", BODY_SIZE, bold=True, align="center", keep_next=True),
        StyleSpec("Report Annex Reference", BODY_SIZE, italic=True, align="center", after_pt=12, keep_next=True),
        # An empty 1-pt paragraph whose top border is the short line under the agency or the title; its
        # indents are set per document from the length of the text above (NĐ 30: 1/3 to 1/2 of it).
        StyleSpec("Report Agency Rule", 1, align="center", before_pt=2),
        StyleSpec("Report Title Rule", 1, align="center", before_pt=2),
    )
}  # fmt: skip


def rfonts(font: str = FONT) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def run_properties(size: float | None = None, bold: bool = False, italic: bool = False, font: bool = False) -> str:
    parts = [rfonts() if font else "", "<w:b/><w:bCs/>" if bold else "", "<w:i/><w:iCs/>" if italic else ""]
    if size is not None:
        half_points = round(size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    inner = "".join(parts)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def spec_ppr(spec: StyleSpec) -> str:
    parts = []
    if spec.keep_next:
        parts.append("<w:keepNext/>")
    if spec.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if spec.name.endswith("Rule"):
        parts.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="auto"/></w:pBdr>')
    line_rule = 'w:lineRule="exact"' if spec.size < 4 else 'w:lineRule="auto"'
    line = 20 if spec.size < 4 else spec.line
    parts.append(
        f'<w:spacing w:before="{round(spec.before_pt * 20)}" w:after="{round(spec.after_pt * 20)}" '
        f'w:line="{line}" {line_rule}/>'
    )
    parts.append(f'<w:ind w:left="0" w:right="0" w:firstLine="{twips(spec.first_line_cm)}"/>')
    parts.append(f'<w:jc w:val="{spec.align}"/>')
    if spec.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{spec.outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def style_xml(spec: StyleSpec, style_id: str) -> str:
    return (
        f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{spec.name}"/><w:qFormat/>'
        f"{spec_ppr(spec)}{run_properties(spec.size, spec.bold, spec.italic, font=True)}</w:style>"
    )


def ensure_styles(document: object) -> dict[str, str]:
    """Add the report styles a template lacks; return style name -> style id for all of them.

    Raises ValueError naming a style that exists with the wrong type (a character style "Report Body").
    """
    styles = document.styles  # type: ignore[attr-defined]
    ids: dict[str, str] = {}
    taken = {style.style_id for style in styles}
    for name, spec in STYLES.items():
        try:
            style = styles[name]
        except KeyError:
            style_id = "".join(ch for ch in name if ch.isalnum())
            while style_id in taken:
                style_id += "X"
            styles.element.append(parse_xml(style_xml(spec, style_id)))
            taken.add(style_id)
            ids[name] = style_id
            continue
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            raise ValueError(name)
        ids[name] = style.style_id
    return ids


# --- Paragraphs and tables as XML ---------------------------------------------------------------


def text_runs(text: str, rpr: str = "") -> str:
    """Runs for `text`: tabs as <w:tab/>, newlines as <w:br/>."""
    out = []
    for index, line in enumerate(text.split("\n")):
        if index:
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                out.append(f"<w:r>{rpr}<w:tab/></w:r>")
            if part:
                out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def paragraph(style_id: str, text: str = "", *, bold: bool = False, italic: bool = False, align: str | None = None,
              keep_next: bool = False, extra_ppr: str = "") -> str:  # fmt: skip
    ppr = [f'<w:pStyle w:val="{style_id}"/>']
    if keep_next:
        ppr.append("<w:keepNext/>")
    ppr.append(extra_ppr)
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    rpr = run_properties(None, bold, italic)
    return f"<w:p {W}><w:pPr>{''.join(ppr)}</w:pPr>{text_runs(text, rpr)}</w:p>"


BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
NO_BORDER = '<w:{side} w:val="nil"/>'


def table(grid: list[int], rows: list[list[str]], *, borders: bool = True, header_rows: int = 0,
          cell_margin: int = 57, valign: str = "center") -> str:  # fmt: skip
    """A fixed-layout table: `grid` column widths in twips, `rows` of cell XML (each one or more <w:p>);
    the first `header_rows` rows repeat at the top of every page."""
    pattern = BORDER if borders else NO_BORDER
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    tbl_borders = "".join(pattern.format(side=side) for side in sides)
    out = [
        f"<w:tbl {W}><w:tblPr>"
        f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{tbl_borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
        'w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in grid)
    out.append("</w:tblGrid>")
    for index, cells in enumerate(rows):
        header = index < header_rows
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for width, cell in zip(grid, cells, strict=True):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>' if header else ""
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="{valign}"/></w:tcPr>'
                f"{cell}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def section_orientation(sect_pr: object, landscape: bool) -> None:
    """Turn a <w:sectPr> to landscape or portrait, keeping its paper and margins."""
    size = sect_pr.find(qn("w:pgSz"))  # type: ignore[attr-defined]
    if size is None:
        return
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    short, long = sorted((width, height))
    size.set(qn("w:w"), str(long if landscape else short))
    size.set(qn("w:h"), str(short if landscape else long))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    elif qn("w:orient") in size.attrib:
        del size.attrib[qn("w:orient")]

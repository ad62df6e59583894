"""The .docx renderer: an OfficialDocument through a docxtpl template (the built-in one or an agency's).

The template holds the parts an agency may restyle (header, title, signature) as docxtpl placeholders;
the body and the annexes are built here with python-docx-compatible XML and inserted as two subdocuments
(`{{p body }}`, `{{p annexes }}`), styled by the report styles of the template (ooxml.STYLES) so a
template that changes "Report Body" changes every paragraph of every report. After rendering, the
document is finished in code: the short rules sized to the agency name and title, the annexes' landscape
sections, and checks that the template lost nothing; any failure raises TemplateError and no file.

Templates are Jinja run in a sandbox (an uploaded template is code), with undefined names as errors, so
a misspelt placeholder is reported instead of printing nothing.
"""

from __future__ import annotations

import copy
import datetime
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from binhdang.core.archives import ArchiveError, check_archive
from binhdang.core.vietnamese import fold, format_date
from binhdang.reports.rendering import ooxml
from binhdang.reports.rendering.content import (
    _BLANK,
    Annex,
    Block,
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    RenderError,
    Signer,
    Table,
    TemplateError,
    clean_text,
    format_document_date,
    format_number,
    number_text,
    recipients_lines,
    roman,
)

logger = logging.getLogger(__name__)

TEMPLATE_PATH = Path(__file__).resolve().parent / "templates" / "default.docx"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
LANDSCAPE_COLUMNS = 7  # an annex with a wider table gets a landscape section
CHART_WIDTH_CM = 15.0
CHART_DPI = 150

# Placeholders a template must use; `parent_agency` may be left out (a top-level agency has none).
REQUIRED_FIELDS = ("agency", "number", "place_date", "kind", "title", "body", "annexes", "recipients", "signer")
SUBDOC_FIELDS = ("body", "annexes")
CONTEXT_FIELDS = frozenset(
    {*REQUIRED_FIELDS, "parent_agency", "place", "date", "year", "number_raw", "kind_sentence", "draft_mark"}
)


def field_label(name: str) -> str:
    return f"{{{{p {name} }}}}" if name in SUBDOC_FIELDS else f"{{{{ {name} }}}}"


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """The built-in template (templates/default.docx, made by build_template.py)."""
    return TEMPLATE_PATH.read_bytes()


# --- Opening and checking a template -------------------------------------------------------------


def _small_range(*args: int) -> range:
    """range() for templates, short enough that a template cannot loop for minutes."""
    numbers = range(*args)
    if len(numbers) > 1000:
        raise OverflowError("range() in a template is limited to 1000 items")
    return numbers


def _environment() -> SandboxedEnvironment:
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.globals["range"] = _small_range
    return environment


class _BrokenXml(Exception):
    pass


class _Template(DocxTemplate):
    def fix_tables(self, xml: str) -> Any:
        # docxtpl parses the rendered XML in recover mode, which silently drops what it cannot read;
        # a template whose tags cut the XML apart must fail instead of losing half the document.
        try:
            etree.fromstring(xml.encode("utf-8"))
        except etree.XMLSyntaxError as error:
            raise _BrokenXml(str(error)) from error
        return super().fix_tables(xml)


def _not_docx() -> TemplateError:
    return TemplateError(_("The template file is not a Word .docx file."))


def open_template(data: bytes) -> _Template:
    """A DocxTemplate over `data`, or TemplateError saying why the file is not a usable .docx."""
    if not isinstance(data, bytes | bytearray) or not data.startswith(b"PK\x03\x04"):
        raise _not_docx()
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(_("The template file is larger than %(size)s MB.") % {"size": MAX_TEMPLATE_BYTES >> 20})
    try:
        check_archive(data)  # a zip bomb stops here, before python-docx reads it
    except ArchiveError as error:
        raise TemplateError(error.message) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise _not_docx()
            for member in members:
                # A DTD is never in a Word file; refusing it rules out entity tricks in the XML parts.
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        if b"<!DOCTYPE" in part.read(4096):
                            raise _not_docx()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as error:
        raise _not_docx() from error
    template = _Template(io.BytesIO(bytes(data)))
    try:
        template.init_docx()
    except Exception as error:  # python-docx raises a zoo of exceptions on damaged packages
        logger.info("template does not open: %s", error)
        raise _not_docx() from error
    return template


def _parts_xml(template: _Template) -> Iterator[tuple[str, str]]:
    """("body" | "header", XML as docxtpl renders it) for the document body and each header/footer."""
    yield "body", template.patch_xml(template.get_xml())
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            yield "header", template.patch_xml(template.get_part_xml(part))


def _paragraph_text(line: str) -> str:
    text = re.sub(r"<[^>]+>", "", line)
    return clean_text(text)[:80]


def static_problems(template: _Template, environment: SandboxedEnvironment) -> list[str]:
    """What is wrong with a template without rendering it: Jinja syntax, placeholders missing, unknown
    or misplaced. Cheap enough to run before every rendering."""
    problems: list[str] = []
    used: set[str] = set()
    for where, xml in _parts_xml(template):
        # docxtpl renders with one paragraph per line, so Jinja's line number points at a paragraph.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            tree = environment.parse(source)
            environment.compile(tree)
        except TemplateSyntaxError as error:
            lines = source.splitlines()
            line = error.lineno or 1
            text = _paragraph_text(lines[line - 1]) if 0 < line <= len(lines) else ""
            # Jinja may end its message with an offset into the XML, which means nothing in Word.
            detail = re.sub(r"\s+at \d+$", "", error.message or "")
            values = {"line": max(line - 1, 1), "text": text, "error": detail}
            if where == "body":
                problems.append(_("Template syntax error in paragraph %(line)s (“%(text)s”): %(error)s") % values)
            else:
                problems.append(
                    _("Template syntax error in the page header or footer, paragraph %(line)s (“%(text)s”): "
                      "%(error)s") % values
                )  # fmt: skip
            continue
        used |= meta.find_undeclared_variables(tree)
        if where == "body":
            for match in re.finditer(r"\{\{-?\s*(" + "|".join(SUBDOC_FIELDS) + r")\b", xml):
                before = xml[: match.start()]
                if len(re.findall(r"<w:p[ >]", before)) > before.count("</w:p>"):
                    problems.append(
                        _("The field %(field)s must stand alone in its own paragraph.")
                        % {"field": field_label(match.group(1))}
                    )
    if problems:
        return problems
    for name in REQUIRED_FIELDS:
        if name not in used:
            problems.append(_("The template is missing the field %(field)s.") % {"field": field_label(name)})
    for name in sorted(used - CONTEXT_FIELDS - set(environment.globals)):
        problems.append(_("The template uses a field that does not exist: %(field)s.") % {"field": f"{{{{ {name} }}}}"})
    return problems


# --- Page geometry and text widths -------------------------------------------------------------


@dataclass
class _Geometry:
    portrait_cm: float  # text width of the template's page
    landscape_cm: float  # text width of the same page turned


def _geometry(template: _Template) -> _Geometry:
    section = template.docx.sections[-1]
    try:
        width, height = section.page_width.cm, section.page_height.cm
        margins = section.left_margin.cm + section.right_margin.cm
    except AttributeError:  # a section without page size or margins: Word's defaults apply
        width, height, margins = 21.0, 29.7, 4.5
    short, long = sorted((width, height))
    portrait = short - margins if short - margins >= 5 else 16.5
    landscape = long - margins if long - margins >= 5 else 25.2
    return _Geometry(portrait, landscape)


@lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    """Liberation Serif (the metrics of Times New Roman) to measure text, or None if absent."""
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"):
        if folder.is_dir():
            for path in folder.rglob(name):
                return ImageFont.truetype(str(path), 1000)
    return None


def text_width_cm(text: str, size_pt: float, bold: bool = True) -> float:
    """The width of the longest line of `text` set in Times New Roman.

    Measured without the tone and vowel marks: a Vietnamese letter is as wide as its base letter in
    Times New Roman, and Liberation 1.x (which may be the font at hand) has no glyph for most of them.
    """
    font = _font(bold)
    widest = 0.0
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    for line in bare.split("\n") or [""]:
        em = font.getlength(line) / 1000 if font is not None else 0.56 * len(line)
        widest = max(widest, em * size_pt / 72 * 2.54)
    return widest


# --- Building the body and annexes ----------------------------------------------------------------

_NUMERIC = re.compile(r"^[<>≤≥~±+\-−]?\s*\d[\d.,\s]*\s*(%|‰)?$")


def _column_widths(table: Table, columns: int, available_cm: float) -> list[float]:
    if table.widths_cm and len(table.widths_cm) == columns and all(w > 0 for w in table.widths_cm):
        widths = [float(w) for w in table.widths_cm]
    else:
        # As wide as the longest word of a header or the longest cell (capped), so short number columns
        # stay narrow and the name column takes the rest.
        widths = []
        for index in range(columns):
            header = table.columns[index] if index < len(table.columns) else ""
            longest_word = max((len(word) for word in str(header).split()), default=1)
            cells = [len(format_number(row[index])) for row in table.rows[:200] if index < len(row)]
            widths.append(min(max([longest_word + 1, *cells], default=4), 40) + 2.0)
        return _fit(widths, available_cm)  # spread over the whole text width
    return _fit(widths, available_cm) if sum(widths) > available_cm else widths


def _fit(widths: list[float], available_cm: float) -> list[float]:
    total = sum(widths)
    return [available_cm * width / total for width in widths]


class _Subdoc:
    """Body XML for a `{{p name }}` placeholder. docxtpl's own Subdoc needs docxcompose to merge a second
    package; ours is written straight into the template's package, so plain XML is enough."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def __html__(self) -> str:  # autoescape leaves it as it is
        return "".join(self.parts).replace(f" {ooxml.W}", "")

    __str__ = __html__


@dataclass
class _Builder:
    template: _Template
    styles: dict[str, str]
    geometry: _Geometry
    tables: int = 0
    charts: int = 0
    paragraphs: int = 0  # paragraphs made with report styles: all must be in the result
    annex_landscape: list[bool] = field(default_factory=list)

    def subdoc(self) -> _Subdoc:
        return _Subdoc()

    def append(self, subdoc: _Subdoc, xml: str) -> None:
        subdoc.parts.append(xml)

    def paragraph(self, subdoc: _Subdoc, style: str, text: str, **options: Any) -> None:
        self.paragraphs += 1
        self.append(subdoc, ooxml.paragraph(self.styles[style], text, **options))

    def blocks(self, subdoc: _Subdoc, blocks: list[Block], width_cm: float) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                level = min(max(int(block.level or 1), 1), 3)
                self.paragraph(subdoc, f"Report Heading {level}", clean_text(block.text))
            elif isinstance(block, Paragraph):
                for line in clean_text(block.text).split("\n"):
                    if line.strip():
                        self.paragraph(subdoc, "Report Body", line.strip(), bold=block.bold, italic=block.italic)
            elif isinstance(block, Table):
                self.table(subdoc, block, width_cm)
            elif isinstance(block, Chart):
                self.chart(subdoc, block, width_cm)
            else:
                raise RenderError(_("A document part of an unknown kind cannot be printed: %(kind)s.")
                                  % {"kind": type(block).__name__})  # fmt: skip

    def table(self, subdoc: _Subdoc, table: Table, width_cm: float) -> None:
        self.tables += 1
        caption = clean_text(table.caption)
        if caption:
            if not re.match(r"(?i)^bảng\b", caption):
                caption = f"Bảng {self.tables}. {caption}"
            self.paragraph(subdoc, "Report Caption", caption)
        rows = [list(row) for row in table.rows]
        columns = max([len(table.columns), *(len(row) for row in rows)], default=0)
        if columns == 0:
            return
        widths = _column_widths(table, columns, width_cm)
        grid = [max(ooxml.twips(width), 200) for width in widths]
        heading, text = self.styles["Report Table Heading"], self.styles["Report Table Text"]
        header = [list(table.columns) + [""] * (columns - len(table.columns))]
        xml_rows = [[ooxml.paragraph(heading, clean_text(name)) for name in header[0]]]
        # The row-number column ("STT") is centred, as in every Vietnamese table.
        ordinal = {index for index, name in enumerate(header[0]) if fold(str(name)).replace(" ", "") in ("stt", "tt")}
        last = len(rows) - 1
        for index, row in enumerate(rows):
            bold = table.total_row and index == last
            cells = []
            for column, value in enumerate(row + [None] * (columns - len(row))):
                shown = format_number(value)
                if value is None or column in ordinal:
                    align = "center"
                elif isinstance(value, int | float) or _NUMERIC.match(shown):
                    align = "right"
                else:
                    align = None
                cells.append(ooxml.paragraph(text, shown, bold=bold, align=align))
            xml_rows.append(cells)
        self.paragraphs += columns * len(xml_rows)
        self.append(subdoc, ooxml.table(grid, xml_rows, header_rows=1))
        notes = clean_text(table.notes)
        if notes:
            self.paragraph(subdoc, "Report Note", notes)

    def chart(self, subdoc: _Subdoc, chart: Chart, width_cm: float) -> None:
        from binhdang.reports.rendering.charts import chart_png

        self.charts += 1
        width = min(CHART_WIDTH_CM, width_cm)
        png = chart_png(chart, width_cm=width, dpi=CHART_DPI)
        inline = self.template.docx.part.new_pic_inline(io.BytesIO(png), Cm(width), None)
        title = clean_text(chart.title)
        inline.docPr.set("descr", title)  # read aloud by screen readers
        drawing = etree.tostring(inline, encoding="unicode")
        self.append(
            subdoc,
            f'<w:p {ooxml.W}><w:pPr><w:pStyle w:val="{self.styles["Report Figure"]}"/></w:pPr>'
            f"<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>",
        )
        self.paragraphs += 1
        if title:
            caption = title if re.match(r"(?i)^biểu đồ\b", title) else f"Biểu đồ {self.charts}. {title}"
            self.paragraph(subdoc, "Report Figure Caption", caption)

    def annexes(self, subdoc: _Subdoc, document: OfficialDocument) -> None:
        for index, annex in enumerate(document.annexes, start=1):
            landscape = any(
                isinstance(block, Table) and max([len(block.columns), *map(len, block.rows)]) > LANDSCAPE_COLUMNS
                for block in annex.blocks
            )
            self.annex_landscape.append(landscape)
            bookmark = (
                f'<w:bookmarkStart w:id="{90000 + index}" w:name="PhuLuc{index}"/>'
                f'<w:bookmarkEnd w:id="{90000 + index}"/>'
            )
            label = ooxml.paragraph(self.styles["Report Annex Label"], f"Phụ lục {roman(index)}")
            self.paragraphs += 1
            self.append(subdoc, label.replace("</w:pPr>", "</w:pPr>" + bookmark, 1))
            title = re.sub(r"(?i)^phụ lục\s+[ivxlcdm\d]+\s*[—–:.\-]*\s*", "", clean_text(annex.title))
            if title:
                self.paragraph(subdoc, "Report Annex Title", title.upper())
            self.paragraph(subdoc, "Report Annex Reference", _annex_reference(document))
            width = self.geometry.landscape_cm if landscape else self.geometry.portrait_cm
            self.blocks(subdoc, annex.blocks, width)
        if not document.annexes:
            # Word wants a paragraph after the signature table at the end of the body.
            self.append(subdoc, f'<w:p {ooxml.W}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                                'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')  # fmt: skip


def _annex_reference(document: OfficialDocument) -> str:
    kind = clean_text(document.kind).capitalize() or "Văn bản"
    number = number_text(document.number)
    if document.date is not None:
        day = format_date(document.date)
    else:
        day = f"{_BLANK}/{_BLANK}/{document.year or datetime.date.today().year}"
    return f"(Kèm theo {kind} số {number} ngày {day})"


def _signer(signer: Signer) -> dict[str, str]:
    return {
        "authority_form": clean_text(signer.authority_form).upper(),
        "authority": clean_text(signer.authority).upper(),
        "heading": signer.heading,
        "title": clean_text(signer.title).upper(),
        "name": clean_text(signer.name),
    }


def _context(document: OfficialDocument, builder: _Builder) -> dict[str, Any]:
    body = builder.subdoc()
    builder.blocks(body, list(document.body), builder.geometry.portrait_cm)
    if body.parts and body.parts[-1].startswith("<w:p "):
        # The last paragraph goes over the page with the signature, never leaving it alone on a page.
        body.parts[-1] = re.sub(r"(<w:pStyle [^>]*/>)(?!<w:keepNext/>)", r"\1<w:keepNext/>", body.parts[-1], count=1)
    annexes = builder.subdoc()
    builder.annexes(annexes, document)
    kind = clean_text(document.kind).upper()
    return {
        "parent_agency": clean_text(document.parent_agency).upper(),
        "agency": clean_text(document.agency).upper(),
        "number": number_text(document.number),
        "number_raw": clean_text(document.number),
        "place": clean_text(document.place),
        "date": format_date(document.date),
        "year": document.year or (document.date.year if document.date else datetime.date.today().year),
        "place_date": format_document_date(document.place, document.date, document.year),
        "kind": kind,
        "kind_sentence": kind.capitalize(),
        "title": clean_text(document.title),
        "body": body,
        "annexes": annexes,
        "recipients": recipients_lines(list(document.recipients)),
        "signer": _signer(document.signer),
        "draft_mark": bool(document.draft_mark),
    }


# --- Finishing the rendered document -----------------------------------------------------------


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _set_rule(paragraph: Any, column_cm: float, length_cm: float) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = parse_xml(f"<w:ind {ooxml.W}/>")
        ppr.append(ind)  # order is fixed below by re-inserting before jc/rPr when present
        anchor = ppr.find(qn("w:jc"))
        if anchor is None:
            anchor = ppr.find(qn("w:rPr"))
        if anchor is not None:
            anchor.addprevious(ind)
    side = ooxml.twips(max((column_cm - length_cm) / 2, 0))
    ind.set(qn("w:left"), str(side))
    ind.set(qn("w:right"), str(side))


def _cell_width_cm(paragraph: Any, default: float) -> float:
    cell = next(paragraph.iterancestors(qn("w:tc")), None)
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}") if cell is not None else None
    if width is not None and width.get(qn("w:type"), "dxa") == "dxa":
        try:
            return int(width.get(qn("w:w"))) / ooxml.TWIPS_PER_CM
        except (TypeError, ValueError):
            pass
    return default


def _size_rules(body: Any, styles: dict[str, str], context: dict[str, Any], geometry: _Geometry) -> None:
    """The short lines under the agency and the title: 2/5 of the text above (NĐ 30: 1/3 to 1/2),
    centred under it."""
    for paragraph in body.iter(qn("w:p")):
        style = _style_of(paragraph)
        if style == styles["Report Agency Rule"]:
            column = _cell_width_cm(paragraph, geometry.portrait_cm)
            text = min(text_width_cm(context["agency"], 13), column)
            _set_rule(paragraph, column, max(1.0, 0.4 * text))
        elif style == styles["Report Title Rule"]:
            column = _cell_width_cm(paragraph, geometry.portrait_cm)
            text = min(text_width_cm(context["title"], 14), column)
            _set_rule(paragraph, column, max(1.5, 0.4 * text))


def _sections(body: Any, landscape: list[bool]) -> None:
    """Annexes with wide tables in landscape sections. Each change of orientation ends a section just
    before the annex (its page break becomes the section break); the first section keeps the template's
    empty first-page header, later sections number every page."""
    base = body.find(qn("w:sectPr"))
    if base is None or not landscape:
        return
    size = base.find(qn("w:pgSz"))
    current = size is not None and size.get(qn("w:orient")) == "landscape"
    first = True
    for index, wanted in enumerate(landscape, start=1):
        if wanted == current:
            continue
        label = body.xpath(f'.//w:bookmarkStart[@w:name="PhuLuc{index}"]/parent::w:p')
        if not label:
            raise _BrokenXml(f"annex {index} is missing")
        label = label[0]
        ending = copy.deepcopy(base)
        ooxml.section_orientation(ending, current)
        for child in ending.findall(qn("w:type")):
            ending.remove(child)
        if not first:
            for child in ending.findall(qn("w:titlePg")):
                ending.remove(child)
        first = False
        previous = label.getprevious()
        ends_section = previous is not None and previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        if previous is not None and previous.tag == qn("w:p") and not ends_section:
            ppr = previous.find(qn("w:pPr"))
            if ppr is None:
                ppr = parse_xml(f"<w:pPr {ooxml.W}/>")
                previous.insert(0, ppr)
            ppr.append(ending)  # sectPr comes last in pPr
        else:
            holder = parse_xml(
                f'<w:p {ooxml.W}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
            )
            holder.find(qn("w:pPr")).append(ending)
            label.addprevious(holder)
        # The section break already starts a new page.
        label_ppr = label.find(qn("w:pPr"))
        anchor = [label_ppr.find(qn(name)) for name in ("w:pStyle", "w:keepNext", "w:keepLines")]
        [found for found in anchor if found is not None][-1].addnext(
            parse_xml(f'<w:pageBreakBefore {ooxml.W} w:val="0"/>')
        )
        current = wanted
    if not first:  # some break was made: the last section is not the first one
        ooxml.section_orientation(base, current)
        for child in base.findall(qn("w:titlePg")) + base.findall(qn("w:type")):
            base.remove(child)


def _finish(template: _Template, builder: _Builder, context: dict[str, Any], document: OfficialDocument) -> None:
    body = template.docx.element.body
    nested = body.xpath(".//w:p[ancestor::w:p][not(ancestor::w:txbxContent)]")
    if nested:
        raise TemplateError(_("The field %(field)s must stand alone in its own paragraph.") % {"field": "{{p body }}"})
    report_styles = {builder.styles[name] for name in ooxml.STYLES if not name.endswith("Rule")}
    made = sum(1 for style in body.iter(qn("w:pStyle")) if style.get(qn("w:val")) in report_styles)
    if made < builder.paragraphs:
        raise _BrokenXml(f"{made} of {builder.paragraphs} paragraphs")
    for text in body.iter(qn("w:t")):
        # Runs of spaces ("Số:      /BC-SNV") survive only with xml:space="preserve".
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _size_rules(body, builder.styles, context, builder.geometry)
    _sections(body, builder.annex_landscape)
    properties = template.docx.core_properties
    properties.title = context["title"][:255]
    properties.subject = context["kind_sentence"][:255]
    properties.author = context["agency"][:255]
    properties.last_modified_by = "Bình Đẳng"
    properties.keywords = context["number_raw"][:255]
    properties.comments = ""
    properties.language = "vi-VN"
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1


def render_docx(doc: OfficialDocument, template: bytes | None = None) -> bytes:
    """The document as a .docx made with `template` (the built-in one when None).

    Raises TemplateError (a Vietnamese message saying what is wrong) for a template that cannot make the
    document; never returns a partial file.
    """
    data = default_template() if template is None else template
    docx_template = open_template(data)
    environment = _environment()
    problems = static_problems(docx_template, environment)
    if problems:
        raise TemplateError(" ".join(problems))
    try:
        styles = ooxml.ensure_styles(docx_template.docx)
    except ValueError as error:
        raise TemplateError(
            _("The template has a style named “%(style)s” that is not a paragraph style.") % {"style": error.args[0]}
        ) from error
    builder = _Builder(docx_template, styles, _geometry(docx_template))
    context = _context(doc, builder)
    try:
        docx_template.render(context, jinja_env=environment, autoescape=True)
        _finish(docx_template, builder, context, doc)
        buffer = io.BytesIO()
        docx_template.save(buffer)
    except TemplateError:
        raise
    except _BrokenXml as error:
        logger.info("template broke the document: %s", error)
        raise TemplateError(
            _("The template could not make the document: its placeholders cut the Word structure apart "
              "(a {%% if %%} or {%% for %%} that starts in one paragraph and ends in another needs {%%p ... %%}).")
            % {}
        ) from error  # fmt: skip
    except Exception as error:  # Jinja, docxtpl, lxml, python-docx: all mean the template cannot be used
        logger.info("template rendering failed", exc_info=True)
        raise TemplateError(
            _("The template could not make the document: %(error)s") % {"error": str(error)[:300]}
        ) from error
    return buffer.getvalue()


def sample_document() -> OfficialDocument:
    """A short report with every kind of part, used to try a template."""
    return OfficialDocument(
        parent_agency="UBND TỈNH LẠNG SƠN",
        agency="SỞ NỘI VỤ",
        number="15/BC-SNV",
        place="Lạng Sơn",
        date=datetime.date(2026, 2, 5),
        kind="BÁO CÁO",
        title="Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025",
        body=[
            Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            Paragraph("Thực hiện Kế hoạch số 01/KH-UBND ngày 05/01/2022 của UBND tỉnh, Sở Nội vụ báo cáo như sau:"),
            Table("Chỉ tiêu", ["STT", "Chỉ tiêu", "Kết quả"], [[1, "Tỷ lệ nữ trong quy hoạch", 45.5]]),
            Chart("Tỷ lệ nữ", "bar", ["2024", "2025"], [("Tỷ lệ", [38.0, 45.5])], target=40),
        ],
        annexes=[
            Annex("Số liệu chi tiết", [Table("Đơn vị", [f"Cột {i}" for i in range(1, 10)], [list(range(1, 10))])])
        ],
        recipients=["Ban VSTBPN tỉnh (b/c);"],
        signer=Signer("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hà"),
    )


def check_template(data: bytes) -> list[str]:
    """What is wrong with a template, in Vietnamese; [] when it makes a good document of the sample."""
    try:
        docx_template = open_template(data)
        problems = static_problems(docx_template, _environment())
        if problems:
            return problems
        render_docx(sample_document(), data)
    except RenderError as error:
        return [error.message]
    return []

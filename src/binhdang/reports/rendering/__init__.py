"""The one document renderer: official documents in the layout of Nghị định 30/2020/NĐ-CP (.docx through
a replaceable docxtpl template, .pdf through LibreOffice), statistical annexes (.xlsx) and charts (PNG).

Pure Python over plain dataclasses (content.py): the reports app fills an OfficialDocument from its
models and calls render_docx / render_pdf / render_xlsx; nothing here reads the database.
See docs/documents.md for the layout rules, the template placeholders and the PDF requirements.
"""

from binhdang.reports.rendering.charts import chart_png
from binhdang.reports.rendering.content import (
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
    format_document_date,
    format_number,
)
from binhdang.reports.rendering.pdf import render_pdf
from binhdang.reports.rendering.spreadsheet import render_xlsx
from binhdang.reports.rendering.word import check_template, default_template, render_docx, sample_document

__all__ = [
    "Annex",
    "Block",
    "Chart",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "RenderError",
    "Signer",
    "Table",
    "TemplateError",
    "chart_png",
    "check_template",
    "default_template",
    "format_document_date",
    "format_number",
    "render_docx",
    "render_pdf",
    "render_xlsx",
    "sample_document",
]

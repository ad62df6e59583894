"""Replaceable Word templates: the built-in one is reproducible and usable; an agency's own template is
honoured; a broken one is refused with a message saying what is wrong, and never half-renders."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils.translation import gettext
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from binhdang.reports.rendering import TemplateError, check_template, default_template, render_docx
from binhdang.reports.rendering.build_template import build
from binhdang.reports.tests.test_rendering_docx import TITLE, make_document, open_docx


def edited(replacements: dict[str, str], part: str = "word/document.xml") -> bytes:
    """The default template with text replaced in one of its XML parts."""
    source = zipfile.ZipFile(io.BytesIO(default_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == part:
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    assert old in text, old
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            target.writestr(name, data)
    return out.getvalue()


def refused(template: bytes) -> str:
    """The message of the TemplateError render_docx raises; check_template must say the same."""
    with pytest.raises(TemplateError) as caught:
        render_docx(make_document(), template)
    problems = check_template(template)
    assert problems, "check_template found nothing wrong"
    assert caught.value.message == " ".join(problems) or caught.value.message in problems
    return caught.value.message


def test_the_default_template_is_usable():
    assert check_template(default_template()) == []


def test_the_default_template_is_what_the_build_script_makes():
    # `python -m binhdang.reports.rendering.build_template` regenerates it byte for byte.
    assert build() == default_template()


@pytest.mark.parametrize(
    "data",
    [b"", b"Hello, this is text", b"%PDF-1.7 not a word file", b"PK\x03\x04 broken zip"],
    ids=["empty", "text", "pdf", "broken-zip"],
)
def test_a_file_that_is_not_a_docx_is_refused(data):
    message = refused(data)
    assert message == gettext("The template file is not a Word .docx file.")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refused(buffer.getvalue()) == gettext("The template file is not a Word .docx file.")


def test_a_word_file_with_a_dtd_is_refused():
    template = edited({"<w:document ": '<!DOCTYPE w:document [<!ENTITY x "y">]><w:document '})
    assert refused(template) == gettext("The template file is not a Word .docx file.")


def test_a_jinja_syntax_error_names_the_paragraph_and_what_is_wrong():
    message = refused(edited({"{{ title }}": "{{ title ! }}"}))
    assert "“{{ title ! }}”" in message  # the paragraph, as the user sees it in Word
    assert "unexpected char '!'" in message
    assert any(ch.isdigit() for ch in message)  # and its number


def test_an_unclosed_block_is_a_syntax_error():
    message = refused(edited({"{%p endfor %}": "(no end)"}))
    assert "endfor" in message


def test_a_missing_placeholder_is_named():
    message = refused(edited({"Số: {{ number }}": "Số: 12"}))
    assert message == gettext("The template is missing the field %(field)s.") % {"field": "{{ number }}"}


def test_a_missing_body_is_named_with_its_paragraph_form():
    message = refused(edited({"{{p body }}": "Nội dung báo cáo"}))
    assert "{{p body }}" in message


def test_the_body_written_inside_a_sentence_is_refused():
    message = refused(edited({"{{p body }}": "Nội dung: {{ body }}"}))
    assert message == gettext("The field %(field)s must stand alone in its own paragraph.") % {"field": "{{p body }}"}


def test_a_misspelt_placeholder_is_reported_instead_of_printing_nothing():
    message = refused(edited({"{{ title }}": "{{ tieu_de }} {{ title }}"}))
    assert "{{ tieu_de }}" in message


def test_a_template_cannot_reach_python_internals():
    message = refused(edited({"{{ title }}": "{{ title.__class__.__mro__ }}"}))
    assert "__class__" in message or "unsafe" in message or "undefined" in message.lower()


def test_a_block_that_cuts_paragraphs_apart_fails_instead_of_losing_text():
    # {% if %} in a paragraph and {% endif %} inside a table, without {%p %}: the XML falls apart.
    message = refused(edited({"{{ kind }}": "{% if draft_mark %}{{ kind }}", "Nơi nhận:": "Nơi nhận:{% endif %}"}))
    assert message.startswith(gettext("The template could not make the document: %(error)s").split("%")[0])


def test_a_template_too_large_is_refused():
    message = refused(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))
    assert "10" in message


def test_an_agency_template_restyles_the_body():
    # given the default template with the body style changed in Word to 13 pt Arial
    document = Document(io.BytesIO(default_template()))
    document.styles["Report Body"].font.size = Pt(13)
    document.styles["Report Body"].font.name = "Arial"
    buffer = io.BytesIO()
    document.save(buffer)
    # when a report is made with it
    result = open_docx(render_docx(make_document(), buffer.getvalue()))
    # then every body paragraph has the agency's look
    style = result.styles["Report Body"]
    assert style.font.size == Pt(13) and style.font.name == "Arial"
    assert any(p.style.name == "Report Body" and p.text.startswith("Sở đã tổ chức") for p in result.paragraphs)


def _minimal_template(extra_style: str | None = None) -> bytes:
    """An agency's own Word file: its own layout, only the placeholders, none of our styles."""
    document = Document()
    if extra_style:
        document.styles.add_style(extra_style, WD_STYLE_TYPE.CHARACTER)
    for text in (
        "{{ agency }} — Số: {{ number }}",
        "{{ place_date }}",
        "{{ kind }}: {{ title }}",
        "{{p body }}",
        "{%p for r in recipients %}",
        "{{ r }}",
        "{%p endfor %}",
        "{{ signer.heading }} {{ signer.title }} {{ signer.name }}",
        "{{p annexes }}",
    ):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_agency_template_without_our_styles_gets_them():
    template = _minimal_template()
    assert check_template(template) == []
    result = open_docx(render_docx(make_document(), template))
    texts = [p.text for p in result.paragraphs]
    assert "SỞ NỘI VỤ — Số: 15/BC-SNV" in texts
    assert f"BÁO CÁO: {TITLE}" in texts
    assert "- Lưu: VT." not in texts and "Lưu: VT." in texts  # the template chose no dashes
    assert result.styles["Report Body"].font.size == Pt(14)
    assert any(p.style.name == "Report Heading 1" for p in result.paragraphs)


def test_a_template_whose_style_name_is_taken_by_another_kind_of_style_is_refused():
    message = refused(_minimal_template(extra_style="Report Body"))
    assert "Report Body" in message


def test_a_refused_template_does_not_change_the_next_rendering():
    with pytest.raises(TemplateError):
        render_docx(make_document(), edited({"{{ title }}": "{{ title ! }}"}))
    result = open_docx(render_docx(make_document()))
    assert any(p.text == TITLE for p in result.paragraphs)

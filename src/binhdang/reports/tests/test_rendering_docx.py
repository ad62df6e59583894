"""The .docx of an official document follows Nghị định 30/2020/NĐ-CP, Phụ lục I: page, fonts, header,
date, title, body, tables, charts, recipients, signature, page numbers and annexes."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from binhdang.reports.rendering import (
    Annex,
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_document_date,
    render_docx,
)
from binhdang.reports.rendering.ooxml import TWIPS_PER_CM
from binhdang.reports.rendering.word import text_width_cm

TITLE = "Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ 6 tháng đầu năm 2026"


def make_document(**changes) -> OfficialDocument:
    values = dict(
        parent_agency="UBND tỉnh Lạng Sơn",
        agency="Sở Nội vụ",
        number="15/BC-SNV",
        place="Lạng Sơn",
        date=datetime.date(2026, 2, 5),
        kind="Báo cáo",
        title=TITLE,
        body=[
            Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            Heading("1. Công tác tuyên truyền", level=2),
            Paragraph("Sở đã tổ chức 3 hội nghị quán triệt.\nCác phòng đã cử 45 lượt người tham gia."),
            Table(
                "Kết quả các chỉ tiêu",
                ["STT", "Chỉ tiêu", "Số người", "Tỷ lệ (%)"],
                [[1, "Nữ trong quy hoạch", 1234, 45.5], [2, "Nữ lãnh đạo", 12, None], [None, "Tổng", 1246, 44.25]],
                total_row=True,
                notes="Số liệu tính đến ngày 15/6/2026.",
            ),
            Chart("Tỷ lệ nữ trong quy hoạch", "bar", ["2025", "2026"], [("Tỷ lệ", [38.0, 45.5])], target=40),
            Heading("II. PHƯƠNG HƯỚNG", level=1),
            Paragraph("Tiếp tục thực hiện các chỉ tiêu./.", italic=True),
        ],
        recipients=["Như trên;", "Ban VSTBPN tỉnh (b/c);"],
        signer=Signer("KT.", "Giám đốc", "Phó Giám đốc", "Nguyễn Thị Hà"),
        year=2026,
    )
    values.update(changes)
    return OfficialDocument(**values)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def rendered():
    return open_docx(render_docx(make_document()))


def cell_paragraphs(cell) -> list:
    return [p for p in cell.paragraphs if p.text.strip()]


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def runs_with_text(paragraph) -> list:
    return [run for run in paragraph.runs if run.text.strip()]


# --- Page and fonts ----------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_margins_of_decree_30(rendered):
    section = rendered.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.top_margin.cm, 1) == 2.0
    assert round(section.bottom_margin.cm, 1) == 2.0
    assert round(section.left_margin.cm, 1) == 3.0
    assert round(section.right_margin.cm, 1) == 1.5


def test_document_declares_times_new_roman_everywhere(rendered):
    styles = rendered.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:ascii")) == defaults.get(qn("w:hAnsi")) == "Times New Roman"
    for fonts in styles.iter(qn("w:rFonts")):
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over it
    header = rendered.tables[0]
    for cell in (header.cell(0, 0), header.cell(0, 1), header.cell(1, 0), header.cell(1, 1)):
        for paragraph in cell_paragraphs(cell):
            for run in runs_with_text(paragraph):
                fonts = run._r.rPr.find(qn("w:rFonts"))
                assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"


def test_body_is_14_pt_justified_with_a_first_line_indent_and_spacing(rendered):
    style = rendered.styles["Report Body"]
    assert style.font.name == "Times New Roman"
    assert style.font.size == Pt(14)
    form = style.paragraph_format
    assert form.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 1.0 <= form.first_line_indent.cm <= 1.27
    assert form.space_after.pt >= 6
    assert 1.0 <= form.line_spacing <= 1.5
    body = [p for p in rendered.paragraphs if p.text.startswith(("Sở đã tổ chức", "Các phòng đã cử"))]
    assert [p.style.name for p in body] == ["Report Body", "Report Body"]  # one paragraph per line


def test_headings_are_bold_in_their_own_styles(rendered):
    headings = {p.text: p.style for p in rendered.paragraphs if p.style.name.startswith("Report Heading")}
    assert headings["I. KẾT QUẢ ĐẠT ĐƯỢC"].name == "Report Heading 1"
    assert headings["1. Công tác tuyên truyền"].name == "Report Heading 2"
    assert all(style.font.bold for style in headings.values())


# --- Header: agency, motto, number, place and date -----------------------------------------------


def test_header_table_shows_agency_motto_number_and_date_without_borders(rendered):
    header = rendered.tables[0]
    agency = cell_paragraphs(header.cell(0, 0))
    assert [p.text for p in agency] == ["UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ"]  # uppercased
    parent_run, agency_run = runs_with_text(agency[0])[0], runs_with_text(agency[1])[0]
    assert not parent_run.bold and parent_run.font.size == Pt(13)
    assert agency_run.bold and agency_run.font.size == Pt(13)
    motto = cell_paragraphs(header.cell(0, 1))
    assert [p.text for p in motto] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert runs_with_text(motto[0])[0].bold and Pt(12) <= runs_with_text(motto[0])[0].font.size <= Pt(13)
    assert runs_with_text(motto[1])[0].bold and Pt(13) <= runs_with_text(motto[1])[0].font.size <= Pt(14)
    number = cell_paragraphs(header.cell(1, 0))[0]
    assert number.text == "Số: 15/BC-SNV"
    assert runs_with_text(number)[0].font.size == Pt(13)
    date = cell_paragraphs(header.cell(1, 1))[0]
    assert date.text == "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    assert all(run.italic for run in runs_with_text(date))
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}


def _rule_length_cm(rule, column_cm: float) -> float:
    indent = rule._p.pPr.find(qn("w:ind"))
    return column_cm - (int(indent.get(qn("w:left"))) + int(indent.get(qn("w:right")))) / TWIPS_PER_CM


def _has_top_border(paragraph) -> bool:
    """A top border on the paragraph itself or in its style."""
    for ppr in (paragraph._p.pPr, paragraph.style.element.pPr):
        borders = ppr.find(qn("w:pBdr")) if ppr is not None else None
        if borders is not None and borders.find(qn("w:top")) is not None:
            return True
    return False


def test_short_lines_under_the_agency_the_motto_and_the_title(rendered):
    header = rendered.tables[0]
    left_cm = header.columns[0].width.cm
    right_cm = header.columns[1].width.cm
    # Under the agency: a solid line 1/3 to 1/2 as long as the name, centred under it.
    agency_rule = header.cell(0, 0).paragraphs[-1]
    assert _has_top_border(agency_rule)
    agency_cm = text_width_cm("SỞ NỘI VỤ", 13)
    assert agency_cm / 3 - 0.05 <= _rule_length_cm(agency_rule, left_cm) <= agency_cm / 2 + 0.05
    # Under the motto: a line as long as the text.
    motto_rule = header.cell(0, 1).paragraphs[-1]
    assert _has_top_border(motto_rule)
    assert abs(_rule_length_cm(motto_rule, right_cm) - text_width_cm("Độc lập - Tự do - Hạnh phúc", 14)) < 0.4
    # Under the title.
    paragraphs = rendered.paragraphs
    title_index = next(i for i, p in enumerate(paragraphs) if p.text == TITLE)
    title_rule = paragraphs[title_index + 1]
    assert _has_top_border(title_rule)
    assert 1.5 <= _rule_length_cm(title_rule, 16.5) <= 16.5 / 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 6, 15), "Lạng Sơn, ngày 15 tháng 6 năm 2026"),
        (datetime.date(2026, 1, 1), "Lạng Sơn, ngày 01 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 9), "Lạng Sơn, ngày 09 tháng 12 năm 2026"),
        (datetime.date(2026, 3, 10), "Lạng Sơn, ngày 10 tháng 3 năm 2026"),
    ],
)
def test_date_has_leading_zeros_for_days_below_10_and_months_1_and_2(day, expected):
    assert format_document_date("Lạng Sơn", day, None) == expected


def test_the_date_in_the_document_has_its_leading_zeros():
    document = open_docx(render_docx(make_document(date=datetime.date(2026, 6, 15))))
    assert cell_paragraphs(document.tables[0].cell(1, 1))[0].text == "Lạng Sơn, ngày 15 tháng 6 năm 2026"


def test_an_undated_draft_leaves_the_day_and_month_blank_with_the_year():
    document = open_docx(render_docx(make_document(date=None, year=2026, number="/BC-SNV")))
    header = document.tables[0]
    date = cell_paragraphs(header.cell(1, 1))[0].text
    assert re.fullmatch(r"Lạng Sơn, ngày\s{3,}tháng\s{3,}năm 2026", date)
    number = cell_paragraphs(header.cell(1, 0))[0]
    assert re.fullmatch(r"Số:\s{4,}/BC-SNV", number.text)
    texts = number._p.findall(f".//{qn('w:t')}")
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in texts)
    assert "(Kèm theo" not in body_text(document)  # no annex, no reference to the document


def test_kind_and_title_are_centred_bold_14_pt(rendered):
    kind = next(p for p in rendered.paragraphs if p.text == "BÁO CÁO")
    title = next(p for p in rendered.paragraphs if p.text == TITLE)
    for paragraph in (kind, title):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        run = runs_with_text(paragraph)[0]
        assert run.bold and run.font.size == Pt(14)


def test_draft_mark_is_printed_only_for_drafts(rendered):
    assert "DỰ THẢO" not in body_text(rendered)
    draft = open_docx(render_docx(make_document(draft_mark=True)))
    first = next(p for p in draft.paragraphs if p.text.strip())
    assert first.text == "DỰ THẢO"
    assert runs_with_text(first)[0].bold


# --- Tables and charts ---------------------------------------------------------------------------


def _body_table(document):
    return next(t for t in document.tables if t.cell(0, 0).text == "STT")


def test_body_table_has_a_bold_header_row_repeated_on_each_page(rendered):
    table = _body_table(rendered)
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells] == ["STT", "Chỉ tiêu", "Số người", "Tỷ lệ (%)"]
    assert all(cell.paragraphs[0].style.font.bold for cell in header.cells)
    assert rendered.styles["Report Table Text"].font.size in (Pt(12), Pt(13))
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"single"}
    caption = next(p for p in rendered.paragraphs if p.text.endswith("Kết quả các chỉ tiêu"))
    assert caption.text == "Bảng 1. Kết quả các chỉ tiêu"
    assert any(p.text == "Số liệu tính đến ngày 15/6/2026." for p in rendered.paragraphs)


def test_numbers_in_tables_are_written_the_vietnamese_way_and_right_aligned(rendered):
    rows = [[cell.text for cell in row.cells] for row in _body_table(rendered).rows[1:]]
    assert rows == [
        ["1", "Nữ trong quy hoạch", "1.234", "45,5"],
        ["2", "Nữ lãnh đạo", "12", "—"],
        ["—", "Tổng", "1.246", "44,25"],
    ]
    first = _body_table(rendered).rows[1].cells
    assert first[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first[1].paragraphs[0].alignment is None  # text keeps the style's left alignment
    assert first[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # STT
    total = _body_table(rendered).rows[3].cells
    assert all(run.bold for cell in total for run in runs_with_text(cell.paragraphs[0]))
    assert not any(run.bold for cell in first for run in runs_with_text(cell.paragraphs[0]))


def test_a_chart_is_a_png_picture_with_a_caption(rendered):
    assert len(rendered.inline_shapes) == 1
    picture = rendered.inline_shapes[0]
    assert 14 <= picture.width.cm <= 15.01
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    image = rendered.part.related_parts[blip.embed]
    assert image.blob.startswith(b"\x89PNG")
    paragraphs = rendered.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing"))
    assert paragraphs[index + 1].text == "Biểu đồ 1. Tỷ lệ nữ trong quy hoạch"
    assert picture._inline.docPr.get("descr") == "Tỷ lệ nữ trong quy hoạch"


# --- Recipients and signature --------------------------------------------------------------------


def _signature(document):
    return next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận"))


def test_recipients_each_on_a_line_with_a_dash_and_filed_at_the_office_last(rendered):
    left = cell_paragraphs(_signature(rendered).cell(0, 0))
    assert [p.text for p in left] == ["Nơi nhận:", "- Như trên;", "- Ban VSTBPN tỉnh (b/c);", "- Lưu: VT."]
    heading = runs_with_text(left[0])[0]
    assert heading.bold and heading.italic and heading.font.size == Pt(12)
    assert all(runs_with_text(p)[0].font.size == Pt(11) for p in left[1:])


def test_recipients_given_in_any_order_and_shape_are_tidied():
    document = open_docx(render_docx(make_document(recipients=["Lưu: VT, VP.", "- Như trên", "", "Sở Y tế"])))
    left = cell_paragraphs(_signature(document).cell(0, 0))
    assert [p.text for p in left] == ["Nơi nhận:", "- Như trên;", "- Sở Y tế;", "- Lưu: VT, VP."]


def test_signature_for_a_deputy_signing_for_the_director(rendered):
    right = cell_paragraphs(_signature(rendered).cell(0, 1))
    assert [p.text for p in right] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hà"]
    assert all(runs_with_text(p)[0].bold for p in right)
    assert runs_with_text(right[0])[0].font.size in (Pt(13), Pt(14))
    assert runs_with_text(right[2])[0].font.size == Pt(14)
    # Room for the signature and the seal between the title and the name.
    cell = _signature(rendered).cell(0, 1)
    texts = [p.text for p in cell.paragraphs]
    assert texts.index("Nguyễn Thị Hà") - texts.index("PHÓ GIÁM ĐỐC") >= 4


def test_signature_on_behalf_of_a_committee():
    signer = Signer("TM", "Ủy ban nhân dân", "Chủ tịch", "Hồ Tiến Thiệu")
    document = open_docx(render_docx(make_document(signer=signer)))
    right = cell_paragraphs(_signature(document).cell(0, 1))
    assert [p.text for p in right] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hồ Tiến Thiệu"]


def test_a_head_signing_in_own_name_has_no_authority_line():
    document = open_docx(render_docx(make_document(signer=Signer(title="Giám đốc", name="Lê Văn Hùng"))))
    right = _signature(document).cell(0, 1)
    assert [p.text for p in cell_paragraphs(right)] == ["GIÁM ĐỐC", "Lê Văn Hùng"]
    assert right.paragraphs[0].text == "GIÁM ĐỐC"  # no empty line above it


# --- Page numbers and annexes --------------------------------------------------------------------


def test_page_numbers_centred_in_the_header_from_the_second_page(rendered):
    section = rendered.sections[0]
    assert section.different_first_page_header_footer
    numbered = section.header._element
    assert " PAGE " in "".join(numbered.itertext())
    assert numbered.xpath(".//w:fldChar")
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.font.size in (Pt(13), Pt(14)) for run in paragraph.runs)
    assert not section.first_page_header._element.xpath(".//w:fldChar")


def _annex_document(*annexes: Annex):
    return open_docx(render_docx(make_document(annexes=list(annexes))))


def _narrow(title: str = "Danh sách") -> Annex:
    return Annex(title, [Table("Danh sách đơn vị", ["STT", "Đơn vị"], [[1, "Văn phòng Sở"]])])


def _wide(title: str = "Số liệu chỉ tiêu") -> Annex:
    columns = ["STT", "Đơn vị", *(f"Chỉ tiêu {i}" for i in range(1, 9))]
    return Annex(title, [Table("Số liệu", columns, [[1, "Văn phòng Sở", *range(10, 18)]])])


def test_an_annex_starts_on_a_new_page_with_its_number_title_and_reference():
    document = _annex_document(_narrow("Phụ lục I — Danh sách đơn vị"))
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "Phụ lục I")
    label, title, reference = paragraphs[index : index + 3]
    assert label.style.paragraph_format.page_break_before
    assert label.style.font.bold and label.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text == "DANH SÁCH ĐƠN VỊ"  # the "Phụ lục I —" the caller wrote is not doubled
    assert reference.text == "(Kèm theo Báo cáo số 15/BC-SNV ngày 05/02/2026)"
    assert reference.style.font.italic
    assert len(document.sections) == 1  # portrait annexes need no section of their own


def test_a_wide_annex_table_gets_a_landscape_section_and_the_next_goes_back_to_portrait():
    document = _annex_document(_narrow(), _wide(), _narrow("Ghi chú"))
    sections = document.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert sections[1].page_width.cm > sections[1].page_height.cm
    assert round(sections[1].page_width.cm, 1) == 29.7
    # Only the first page of the document goes without a page number.
    assert [s.different_first_page_header_footer for s in sections] == [True, False, False]
    assert [round(s.left_margin.cm, 1) for s in sections] == [3.0, 3.0, 3.0]
    labels = [p for p in document.paragraphs if p.text.startswith("Phụ lục ")]
    assert [p.text for p in labels] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    # The section break starts the landscape annex on a new page; no second, blank page.
    assert labels[1].paragraph_format.page_break_before is False
    wide = next(t for t in document.tables if len(t.columns) == 10)
    assert sum(column.width.cm for column in wide.columns) == pytest.approx(29.7 - 4.5, abs=0.05)


def test_a_document_whose_only_annex_is_wide_ends_in_landscape():
    document = _annex_document(_wide())
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


# --- Awkward text --------------------------------------------------------------------------------


def test_markup_characters_and_control_characters_in_the_text_are_harmless():
    document = open_docx(
        render_docx(
            make_document(
                title='Báo cáo <b>quý</b> & "năm"\x0b 2026',
                body=[Paragraph("Dòng có ký tự lạ\x00\x1f và {{ title }} {% if %}")],
                recipients=["Sở <Y tế> & Sở Tài chính"],
            )
        )
    )
    text = body_text(document)
    assert 'Báo cáo <b>quý</b> & "năm" 2026' in text
    assert "Dòng có ký tự lạ và {{ title }} {% if %}" in text
    assert "- Sở <Y tế> & Sở Tài chính;" in [p.text for p in _signature(document).cell(0, 0).paragraphs]


def test_an_empty_document_still_renders():
    document = open_docx(render_docx(make_document(body=[], recipients=[], parent_agency="")))
    assert cell_paragraphs(document.tables[0].cell(0, 0))[0].text == "SỞ NỘI VỤ"
    assert [p.text for p in cell_paragraphs(_signature(document).cell(0, 0))] == ["Nơi nhận:", "- Lưu: VT."]

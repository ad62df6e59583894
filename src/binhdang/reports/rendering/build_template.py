"""Build the default Word template, templates/default.docx, from code, so it is reproducible:

    python -m binhdang.reports.rendering.build_template           # write it
    python -m binhdang.reports.rendering.build_template --check   # exit 1 if the file is not what this builds

The layout is that of Nghị định 30/2020/NĐ-CP, Phụ lục I (docs/documents.md): A4 portrait, margins
20/20/30/15 mm, Times New Roman; a borderless two-column header (agency, national motto, number,
place and date), the kind and title centred, the body, a borderless two-column footer (recipients,
signature), then the annexes. The parts an agency may restyle are ordinary Word text with docxtpl
placeholders; the body and annexes are `{{p body }}` and `{{p annexes }}`, filled by the renderer.
The output is byte-for-byte stable: fixed zip timestamps and document properties.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm

from binhdang.reports.rendering.ooxml import FONT, W, ensure_styles, rfonts, run_properties, table, twips

TEMPLATE_PATH = Path(__file__).resolve().parent / "templates" / "default.docx"

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]  # 16.5
# The motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" is set in 12 pt (NĐ 30 allows 12–13): 8.1 cm in Times New
# Roman, 9.0 cm where LibreOffice has to borrow DejaVu's wider Vietnamese letters (Liberation 1.x lacks
# them), so it stays on one line in both.
HEADER_COLUMNS_CM = (6.8, 9.7)
SIGNATURE_COLUMNS_CM = (7.0, 9.5)
# "Độc lập - Tự do - Hạnh phúc" in 14 pt bold Times New Roman / Liberation Serif (same metrics) is
# 5.72 cm wide; the line under it is as long as the text (NĐ 30), with a hair to spare.
MOTTO_WIDTH_CM = 5.85
AGENCY_RULE_CM = 2.5  # defaults; the renderer sets them from the actual agency name and title
TITLE_RULE_CM = 4.0
FIXED_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _p(text: str = "", size: float = 14, *, bold: bool = False, italic: bool = False, align: str = "center",
       before: float = 0, after: float = 0, extra: str = "", style: str = "") -> str:  # fmt: skip
    """A paragraph with its formatting written on it, so the header and signature keep their look
    whatever the template's Normal style says."""
    rpr = run_properties(size, bold, italic, font=True)
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr = (
        f"<w:pPr>{pstyle}{extra}"
        f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{align}"/>{rpr}</w:pPr>'
    )
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p {W}>{ppr}{run}</w:p>"


def _rule(style_id: str, column_cm: float, length_cm: float) -> str:
    side = twips((column_cm - length_cm) / 2)
    return (
        f'<w:p {W}><w:pPr><w:pStyle w:val="{style_id}"/><w:ind w:left="{side}" w:right="{side}" w:firstLine="0"/>'
        f"{run_properties(1)}</w:pPr></w:p>"
    )


def _tag(tag: str) -> str:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); docxtpl removes it when rendering."""
    return _p(tag, 14, align="left")


def body_xml(ids: dict[str, str]) -> list[str]:
    left, right = HEADER_COLUMNS_CM
    # The line under the motto is its own 1-pt paragraph: set on the motto itself, its indents would
    # wrap the motto wherever a fallback font is wider than Times New Roman.
    motto_side = twips((right - MOTTO_WIDTH_CM) / 2)
    motto_line = (
        f'<w:p {W}><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="auto"/></w:pBdr>'
        '<w:spacing w:before="40" w:after="0" w:line="20" w:lineRule="exact"/>'
        f'<w:ind w:left="{motto_side}" w:right="{motto_side}" w:firstLine="0"/><w:jc w:val="center"/>'
        f"{run_properties(1)}</w:pPr></w:p>"
    )
    header = table(
        [twips(left), twips(right)],
        [
            [
                _tag("{%p if parent_agency %}")
                + _p("{{ parent_agency }}", 13)
                + _tag("{%p endif %}")
                + _p("{{ agency }}", 13, bold=True)
                + _rule(ids["Report Agency Rule"], left, AGENCY_RULE_CM),
                _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
                + _p("Độc lập - Tự do - Hạnh phúc", 14, bold=True)
                + motto_line,
            ],
            [_p("Số: {{ number }}", 13, before=6), _p("{{ place_date }}", 14, italic=True, before=6)],
        ],
        borders=False,
        cell_margin=0,
        valign="top",
    )
    sign_left, sign_right = SIGNATURE_COLUMNS_CM
    signature = table(
        [twips(sign_left), twips(sign_right)],
        [
            [
                _p("Nơi nhận:", 12, bold=True, italic=True, align="left", before=12)
                + _tag("{%p for recipient in recipients %}")
                + _p("- {{ recipient }}", 11, align="left")
                + _tag("{%p endfor %}"),
                _tag("{%p if signer.heading %}")
                + _p("{{ signer.heading }}", 14, bold=True, before=12)
                + _tag("{%p endif %}")
                + _p("{{ signer.title }}", 14, bold=True)
                + "".join(_p("", 14) for _ in range(4))  # room for the signature and the seal
                + _p("{{ signer.name }}", 14, bold=True),
            ]
        ],
        borders=False,
        cell_margin=0,
        valign="top",
    )
    box = (
        '<w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="auto"/>'
        '<w:left w:val="single" w:sz="8" w:space="4" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="auto"/>'
        '<w:right w:val="single" w:sz="8" w:space="4" w:color="auto"/></w:pBdr>'
    )
    draft = _p("DỰ THẢO", 14, bold=True, after=6, extra=box).replace(
        '<w:ind w:left="0" w:right="0"', f'<w:ind w:left="{twips(6.5)}" w:right="{twips(6.5)}"'
    )
    return [
        _tag("{%p if draft_mark %}"),
        draft,
        _tag("{%p endif %}"),
        header,
        _p("{{ kind }}", 14, bold=True, before=18),
        _p("{{ title }}", 14, bold=True),
        _rule(ids["Report Title Rule"], TEXT_WIDTH_CM, TITLE_RULE_CM),
        _p("", 6),
        _p("{{p body }}", 14, align="both"),
        signature,
        _p("{{p annexes }}", 14, align="both"),
    ]


def _page_number_header(header: object) -> None:
    """Page numbers centred in the top margin, from the second page (the first page has its own,
    empty header): a PAGE field, Arabic numerals, 14 pt upright (NĐ 30)."""
    paragraph = header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rpr = run_properties(14, font=True)
    paragraph._p.get_or_add_pPr().append(parse_xml(re.sub(r"^<w:rPr>", f"<w:rPr {W}>", rpr)))
    for run in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>2</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {W}>{rpr}{run}</w:r>"))


def _fonts_and_language(document: object) -> None:
    """Every font the styles name is Times New Roman (no theme fonts, which would win over it), 14 pt by
    default, and the proofing language Vietnamese."""
    styles = document.styles.element  # type: ignore[attr-defined]
    for element in styles.iter(qn("w:rFonts")):
        for attribute in list(element.attrib):
            del element.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            element.set(qn(attribute), FONT)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    for xml in (rfonts(), '<w:sz w:val="28"/>', '<w:szCs w:val="28"/>',
                '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'):  # fmt: skip
        rpr.append(parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {W}", xml, count=1)))
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(parse_xml(f'<w:spacing {W} w:after="0" w:line="240" w:lineRule="auto"/>'))
    settings = document.settings.element  # type: ignore[attr-defined]
    for name in ("w:savePreviewPicture", "w:rsids", "w14:docId"):
        found = settings.find(qn(name))
        if found is not None:
            settings.remove(found)
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")


def build() -> bytes:
    document = Document()
    _fonts_and_language(document)
    ids = ensure_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True
    _page_number_header(section.header)
    section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
    sect_pr = document.element.body.sectPr
    for attribute in list(sect_pr.attrib):
        del sect_pr.attrib[attribute]
    for xml in body_xml(ids):
        sect_pr.addprevious(parse_xml(xml))
    properties = document.core_properties
    properties.title = "Mẫu văn bản hành chính (Nghị định 30/2020/NĐ-CP)"
    properties.subject = "Bình Đẳng"
    properties.author = properties.last_modified_by = "Bình Đẳng"
    properties.language = "vi-VN"
    properties.created = properties.modified = FIXED_TIME.replace(tzinfo=None)
    properties.revision = 1
    properties.comments = "python -m binhdang.reports.rendering.build_template"
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed member times, no thumbnail (python-docx's default shows a
    blank page that is not this document)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            blob = source.read(info.filename)
            if info.filename == "_rels/.rels":
                blob = re.sub(rb"<Relationship [^>]*Target=\"docProps/thumbnail.jpeg\"[^>]*/>", b"", blob)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, blob)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed template is out of date")
    parser.add_argument("--output", type=Path, default=TEMPLATE_PATH)
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is out of date: run python -m binhdang.reports.rendering.build_template")
            return 1
        print(f"{args.output} is up to date ({len(data)} bytes)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

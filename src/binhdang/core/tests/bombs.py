"""Zip bombs built in memory for the tests: small files that unpack to far more than they hold."""

from __future__ import annotations

import io
import zipfile

from conftest import staff_workbook

MB = 1024 * 1024


def rebuild(data: bytes, replace: dict[str, tuple[bytes, bytes, bytes, int]]) -> bytes:
    """`data` (an Office zip) with members replaced by prefix + `chunk` repeated to `size` bytes + suffix."""
    out = io.BytesIO()
    target = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    with zipfile.ZipFile(io.BytesIO(data)) as source, target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
                continue
            prefix, chunk, suffix, size = replace[info.filename]
            member = zipfile.ZipInfo(info.filename)
            member.compress_type = zipfile.ZIP_DEFLATED
            with target.open(member, "w", force_zip64=True) as part:
                part.write(prefix)
                block = chunk * max(1, MB // len(chunk))
                written = 0
                while written < size:
                    part.write(block)
                    written += len(block)
                part.write(suffix)
    return out.getvalue()


def xlsx_bomb(unpacked: int = 64 * MB) -> bytes:
    """A valid staff workbook whose sheet holds `unpacked` bytes of the same row, over and over: calamine
    would read every one of them (hundreds of thousands of rows) into memory."""
    book = staff_workbook([["SNV900", "Lục Thị", "Mơ", "Nữ", "02/02/1990", "TN-SNV-CC"]])
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    row = ("<row>" + cell.format("Nguyễn") + cell.format("Hà") + "</row>").encode()
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    head, _rest = sheet.split(b"<sheetData>", 1)
    return rebuild(
        book,
        {"xl/worksheets/sheet1.xml": (head + b"<sheetData>", row, b"</sheetData></worksheet>", unpacked)},
    )


def docx_bomb(unpacked: int = 64 * MB) -> bytes:
    """A Word file whose document part is `unpacked` bytes of one paragraph repeated."""
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch thực hiện công tác bình đẳng giới năm 2025")
    buffer = io.BytesIO()
    document.save(buffer)
    ns = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph = b"<w:p><w:r><w:t>B\xc3\xacnh \xc4\x91\xe1\xba\xb3ng gi\xe1\xbb\x9bi</w:t></w:r></w:p>"
    return rebuild(
        buffer.getvalue(),
        {"word/document.xml": (b"<w:document " + ns + b"><w:body>", paragraph, b"</w:body></w:document>", unpacked)},
    )

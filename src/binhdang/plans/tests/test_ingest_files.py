"""Plan documents as files: Word and PDF versions of the seeds read like the text, text in other
encodings is decoded, and every file that cannot be read gives IngestError with a message that says
what to do — never an exception of another kind."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile

import pytest
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from binhdang.plans.ingest import IngestError, extract_text, parse_plan, read_plan
from binhdang.plans.tests import ingest_corpus as corpus

# The Vietnamese the user reads (the English msgids are what the catalogue translates).
VI = {
    "The file is empty.": "Tệp không có nội dung.",
    "The PDF has no text layer (it is a scan, pictures of the pages): convert it with OCR first, "
    "or upload the Word file.": "Tệp PDF không có lớp chữ (là bản quét, chỉ có hình ảnh các trang): hãy chuyển "
    "đổi bằng phần mềm nhận dạng chữ (OCR) trước, hoặc tải lên tệp Word.",
    "The PDF is protected by a password: remove the protection (or print it to a new PDF) first.": "Tệp PDF được "
    "bảo vệ bằng mật khẩu: hãy gỡ bảo vệ (hoặc in ra một tệp PDF mới) trước khi tải lên.",
    "This is an old Word file (.doc or another Office 97–2003 file): open it in Word and save it as .docx.": "Đây "
    "là tệp Word định dạng cũ (.doc hoặc tệp Office 97–2003 khác): hãy mở bằng Word và lưu lại dưới dạng .docx.",
    "The Word file is protected by a password: open it in Word, remove the password, save it and upload it "
    "again.": "Tệp Word được bảo vệ bằng mật khẩu: hãy mở bằng Word, gỡ mật khẩu, lưu lại rồi tải lên lại.",
    "This is a picture, not a document: convert it with OCR, or upload the Word or PDF file.": "Đây là tệp hình "
    "ảnh, không phải văn bản: hãy chuyển đổi bằng phần mềm nhận dạng chữ (OCR), hoặc tải lên tệp Word hay PDF.",
    "This file is not a document that can be read: upload a Word (.docx), PDF or text file.": "Tệp này không "
    "phải văn bản đọc được: hãy tải lên tệp Word (.docx), PDF hoặc tệp văn bản.",
    "This is a zip archive, not a Word document: unpack it and upload the .docx inside.": "Đây là tệp nén zip, "
    "không phải văn bản Word: hãy giải nén rồi tải lên tệp .docx bên trong.",
    "The file holds no readable text.": "Tệp không chứa chữ nào đọc được.",
    "The PDF is damaged and cannot be opened.": "Tệp PDF bị hỏng, không mở được.",
    "The Word file is damaged and cannot be opened.": "Tệp Word bị hỏng, không mở được.",
    "Only Word (.docx), PDF and text files can be read as a plan: save it as .docx or PDF.": "Chỉ đọc được kế "
    "hoạch từ tệp Word (.docx), PDF hoặc tệp văn bản: hãy lưu lại dưới dạng .docx hoặc PDF.",
}


def expected_message(msgid: str) -> str:
    """The Vietnamese message once the catalogue has it (the lead merges the translations), else the msgid."""
    with translation.override("vi"):
        return VI[msgid] if gettext(msgid) != msgid else msgid


def read_error(data: bytes, name: str) -> str:
    with translation.override("vi"), pytest.raises(IngestError) as caught:
        extract_text(data, name)
    assert str(caught.value) == caught.value.message
    return caught.value.message


# --- Word and PDF versions of the seeds ---------------------------------------------------------------------


def with_header_block(name: str) -> dict:
    """What the seed's text gives, but with the issuer a header block names: its last line, spelled as in
    the preamble ("SỞ GIÁO DỤC VÀ ĐÀO TẠO" -> "Sở Giáo dục và Đào tạo", where the text alone gives the
    preamble's "Sở Giáo dục và Đào tạo tỉnh Lào Cai")."""
    expected = corpus.key_fields(parse_plan(corpus.seed_text(name)))
    if name in corpus.HEADER_BLOCK:
        expected["issuer"] = {
            "000_e7bc9f945b31054a.txt": "Sở Khoa học và Công nghệ",
            "001_383a6f7f604cc505.txt": "Sở Ngoại vụ",
            "002_1a05a40473795db5.txt": "Sở Giáo dục và Đào tạo",
            "004_0cb6f3bd0139f806.txt": "Sở Thông tin và Truyền thông",
        }[name]
    return expected


@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_seed_as_word_document_reads_like_the_text(name):
    draft = read_plan(corpus.seed_docx(name), "ke-hoach.docx")

    assert corpus.key_fields(draft) == with_header_block(name)


def test_word_document_keeps_tables_and_document_order():
    text = extract_text(corpus.seed_docx("000_e7bc9f945b31054a.txt"), "ke-hoach.docx")

    lines = text.splitlines()
    assert lines[:4] == [
        "UBND TỈNH LẠNG SƠN",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: /KH-SKHCN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert lines.index("KẾ HOẠCH") < lines.index("I. MỤC ĐÍCH, YÊU CẦU") < lines.index("Nơi nhận:")


@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_seed_as_pdf_reads_like_the_text(name):
    data = corpus.seed_pdf(name)

    draft = read_plan(data, "ke-hoach.pdf")

    assert corpus.key_fields(draft) == corpus.key_fields(parse_plan(corpus.seed_text(name)))


@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_seed_as_pdf_with_header_and_signature_in_two_columns_reads_like_the_text(name):
    # As Word prints a plan: agency and number beside the motto and date; recipients beside the signature.
    data = corpus.seed_pdf(name, official_layout=True)

    assert corpus.key_fields(read_plan(data, "ke-hoach.pdf")) == with_header_block(name)


def test_pdf_lines_are_joined_back_into_paragraphs():
    text = extract_text(corpus.seed_pdf("001_383a6f7f604cc505.txt"), "ke-hoach.pdf")

    assert (
        "Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021 của Ủy ban nhân dân tỉnh Hà Tĩnh về thực hiện Chiến lược "
        "quốc gia về bình đẳng giới giai đoạn 2021- 2030 trên địa bàn tỉnh Hà Tĩnh; căn cứ tình hình thực tế"
    ) in text
    assert "\n5\n" not in text  # page numbers are dropped


def test_pdf_with_an_owner_password_only_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(corpus.seed_pdf("004_0cb6f3bd0139f806.txt"))))
    writer.encrypt("", owner_password="chu-so-huu")
    buffer = io.BytesIO()
    writer.write(buffer)

    assert read_plan(buffer.getvalue(), "ke-hoach.pdf")["number"] == "/KH-STTTT"


# --- Text encodings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-16-be").join([b"\xfe\xff", b""]),
        lambda text: corpus.windows_1258(text),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 LE with BOM", "utf-16 BE with BOM", "windows-1258"],
)
def test_text_file_in_any_usual_encoding_reads_the_same(encode):
    text = corpus.seed_text("001_383a6f7f604cc505.txt")

    extracted = extract_text(encode(text), "ke-hoach.txt")

    assert extracted.replace("\r\n", "\n").strip() == text.strip()


def test_decomposed_vietnamese_is_composed():
    text = corpus.seed_text("001_383a6f7f604cc505.txt")

    extracted = extract_text(unicodedata.normalize("NFD", text).encode("utf-8"), "ke-hoach.md")

    assert extracted == unicodedata.normalize("NFC", text)


# --- Files that cannot be read ------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def _blank_pdf(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(corpus.seed_pdf("004_0cb6f3bd0139f806.txt"))))
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64)


@pytest.mark.parametrize(
    ("make", "msgid"),
    [
        (lambda: b"", "The file is empty."),
        (lambda: b"a", "The file holds no readable text."),
        (lambda: b"   \n\n\t  ", "The file holds no readable text."),
        (_blank_pdf, "The PDF has no text layer (it is a scan, pictures of the pages): convert it with OCR "
                     "first, or upload the Word file."),
        (_encrypted_pdf, "The PDF is protected by a password: remove the protection (or print it to a new PDF) "
                         "first."),
        (lambda: OLE + "WordDocument".encode("utf-16-le"), "This is an old Word file (.doc or another Office "
                                                            "97–2003 file): open it in Word and save it as .docx."),
        (lambda: OLE + "EncryptedPackage".encode("utf-16-le"), "The Word file is protected by a password: open "
                                                               "it in Word, remove the password, save it and "
                                                               "upload it again."),
        (lambda: PNG, "This is a picture, not a document: convert it with OCR, or upload the Word or PDF file."),
        (lambda: b"\xff\xd8\xff\xe0" + os.urandom(200), "This is a picture, not a document: convert it with "
                                                        "OCR, or upload the Word or PDF file."),
        (lambda: bytes(range(256)) * 40, "This file is not a document that can be read: upload a Word (.docx), "
                                         "PDF or text file."),
        (lambda: _zip({"readme.txt": b"hello"}), "This is a zip archive, not a Word document: unpack it and "
                                                 "upload the .docx inside."),
        (lambda: _zip({"xl/workbook.xml": b"<workbook/>"}), "Only Word (.docx), PDF and text files can be read "
                                                            "as a plan: save it as .docx or PDF."),
        (lambda: _zip({"word/document.xml": b"<not-word"}), "The Word file is damaged and cannot be opened."),
        (lambda: b"%PDF-1.7\n" + os.urandom(300), "The PDF is damaged and cannot be opened."),
    ],
    ids=[
        "empty", "one byte", "only spaces", "scanned pdf", "encrypted pdf", "old word", "encrypted word", "png",
        "jpeg", "random bytes", "zip", "excel", "damaged docx", "damaged pdf",
    ],
)  # fmt: skip
def test_unreadable_file_gives_a_message_saying_what_to_do(make, msgid):
    assert read_error(make(), "ke-hoach.docx") == expected_message(msgid)


@pytest.mark.parametrize("name", ["ke-hoach.pdf", "ke-hoach.txt", "ke-hoach.docx", "ke-hoach"])
def test_the_kind_comes_from_the_bytes_not_the_name(name):
    assert read_plan(corpus.seed_docx("001_383a6f7f604cc505.txt"), name)["number"] == "662/KH-SNgV"


@override_settings(PLAN_DOCUMENT_MAX_BYTES=1000)
def test_file_over_the_size_limit_is_refused_with_both_sizes():
    data = corpus.seed_text("000_e7bc9f945b31054a.txt").encode()

    message = read_error(data, "ke-hoach.txt")

    with translation.override("vi"):
        template = gettext("The file is %(size)s; a plan document can be at most %(limit)s.")
        assert message == template % {"size": filesizeformat(len(data)), "limit": filesizeformat(1000)}


def test_text_that_is_no_known_encoding_is_refused():
    data = "Kế hoạch".encode()[:-1] + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 20

    with pytest.raises(IngestError):
        extract_text(data, "ke-hoach.txt")

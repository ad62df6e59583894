"""The one zip-bomb check (core.archives) on every path that opens an uploaded Office file."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from binhdang.core.archives import DOCUMENT_LIMITS, ArchiveError, ArchiveLimits, check_archive
from binhdang.core.tests.bombs import MB, docx_bomb, xlsx_bomb
from binhdang.core.uploads import DOCUMENTS, check_upload


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_ordinary_workbook_passes():
    from conftest import staff_workbook

    check_archive(staff_workbook([["SNV1", "Lê Thị", "Hoa", "Nữ", "01/01/1990", "TN-SNV"]]), DOCUMENT_LIMITS)


def test_a_part_that_grows_hundreds_of_times_is_refused_in_vietnamese():
    bomb = docx_bomb(8 * MB)
    with translation.override("vi"), pytest.raises(ArchiveError) as refused:
        check_archive(bomb)
    assert refused.value.code == "ratio"
    assert "word/document.xml" in refused.value.message and "lần" in refused.value.message


def test_too_many_parts_too_large_a_part_and_too_large_a_total_are_refused():
    limits = ArchiveLimits(member_bytes=3000, total_bytes=5000, members=3, ratio=1000)
    with pytest.raises(ArchiveError) as refused:
        check_archive(_zip({f"part{n}.xml": b"x" for n in range(4)}), limits)
    assert refused.value.code == "members"
    with pytest.raises(ArchiveError) as refused:
        check_archive(_zip({"big.xml": bytes(range(256)) * 16}), limits)
    assert refused.value.code == "member_size" and "big.xml" in refused.value.message
    with pytest.raises(ArchiveError) as refused:
        check_archive(_zip({"a.xml": bytes(range(256)) * 10, "b.xml": bytes(range(256)) * 10}), limits)
    assert refused.value.code == "total_size"


def test_something_that_is_not_a_zip_is_left_to_its_reader():
    check_archive(b"%PDF-1.7 not a zip")


def test_an_attachment_that_is_a_bomb_is_refused_before_it_is_stored():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bao-cao.docx", docx_bomb(8 * MB)), DOCUMENTS)
    assert refused.value.code == "ratio" and "lần" in refused.value.messages[0]


def test_the_plan_reader_refuses_a_word_bomb_without_unpacking_it():
    from binhdang.plans.ingest import IngestError, extract_text

    bomb = docx_bomb(64 * MB)
    tracemalloc.start()
    try:
        with translation.override("vi"), pytest.raises(IngestError) as refused:
            extract_text(bomb, "ke-hoach.docx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "lần" in refused.value.message
    assert peak < 8 * MB


def test_a_report_template_that_is_a_bomb_is_refused():
    from binhdang.reports.rendering.word import TemplateError, open_template

    with translation.override("vi"), pytest.raises(TemplateError) as refused:
        open_template(docx_bomb(8 * MB))
    assert "lần" in str(refused.value)


def test_a_staff_workbook_bomb_is_refused_by_the_shared_check():
    with pytest.raises(ArchiveError):
        check_archive(xlsx_bomb(8 * MB))

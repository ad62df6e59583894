"""PDF through LibreOffice: a real, readable, non-blank PDF; clear errors when LibreOffice is missing,
fails or hangs; nothing left behind."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from binhdang.core.vietnamese import normalise
from binhdang.reports.rendering import Annex, RenderError, Table, render_docx, render_pdf
from binhdang.reports.rendering import pdf as pdf_module
from binhdang.reports.rendering.pdf import has_vietnamese_times, soffice_binary
from binhdang.reports.tests.test_rendering_docx import TITLE, make_document

NO_SOFFICE = "LibreOffice (soffice) is not installed: `apt-get install libreoffice-writer-nogui`."


# Missing tools fail the tests rather than skip them (a skipped test proves nothing); `make test` installs
# them (the Makefile's `browser` target: libreoffice-writer-nogui, poppler-utils).
@pytest.fixture
def soffice_installed() -> None:
    if soffice_binary() is None:
        pytest.fail(NO_SOFFICE, pytrace=False)


@pytest.fixture
def pdftoppm_installed() -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("poppler's pdftoppm is not installed: `apt-get install poppler-utils`.", pytrace=False)


needs_soffice = pytest.mark.usefixtures("soffice_installed")
needs_pdftoppm = pytest.mark.usefixtures("pdftoppm_installed")


def _document():
    wide = Table("Số liệu", ["STT", "Đơn vị", *(f"Chỉ tiêu {i}" for i in range(1, 9))], [[1, "Văn phòng", *range(8)]])
    return make_document(annexes=[Annex("Số liệu chỉ tiêu", [wide])])


@pytest.fixture(scope="module")
def pdf_bytes():
    if soffice_binary() is None:
        pytest.fail(NO_SOFFICE, pytrace=False)
    return render_pdf(_document())


def _pages_png(data: bytes, folder: Path) -> list[Image.Image]:
    (folder / "doc.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(folder / "doc.pdf"), str(folder / "page")], check=True,
                   timeout=60)  # fmt: skip
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def _ink(image: Image.Image) -> float:
    histogram = image.histogram()
    return sum(histogram[:200]) / (image.width * image.height)


def _holds(text: str, wanted: str) -> bool:
    """`wanted` is in the PDF text. Where the Times font lacks the Vietnamese letters (Liberation 1.x),
    LibreOffice sets each accented letter in DejaVu and pypdf reads those runs out of order, so there only
    the letters are checked, not their order."""
    if has_vietnamese_times() is not False:
        return wanted in text
    return not Counter(wanted.replace(" ", "")) - Counter(text.replace(" ", ""))


@needs_soffice
def test_the_pdf_is_valid_and_its_text_holds_the_title(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) >= 2  # the document, then the annex
    pages = [normalise(page.extract_text()) for page in reader.pages]
    assert _holds(pages[0], TITLE)
    assert _holds(" ".join(pages), "Nguyễn Thị Hà")
    assert "BÁO CÁO" in pages[0] and "15/BC-SNV" in pages[0]
    assert _holds(pages[-1], "Phụ lục I")
    first, annex = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert round(float(first.width) / 72 * 2.54, 1) == 21.0  # A4 portrait
    assert float(annex.width) > float(annex.height)  # the wide annex in landscape


@needs_soffice
@needs_pdftoppm
def test_the_pdf_pages_are_not_blank(pdf_bytes, tmp_path):
    pages = _pages_png(pdf_bytes, tmp_path)
    assert len(pages) >= 2
    assert _ink(pages[0]) > 0.02  # header, title, body, table, chart, signature
    assert all(_ink(page) > 0.002 for page in pages)


@needs_soffice
def test_a_docx_already_made_converts_too_and_nothing_is_left_behind(monkeypatch, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    data = render_pdf(render_docx(make_document()))
    assert data.startswith(b"%PDF-")
    assert list(scratch.iterdir()) == []


def test_missing_libreoffice_gives_a_clear_error(monkeypatch):
    monkeypatch.setenv("BINHDANG_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(RenderError) as caught:
        render_pdf(make_document())
    assert "LibreOffice" in caught.value.message


def test_a_failing_libreoffice_gives_a_clear_error(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setenv("BINHDANG_SOFFICE", str(script))
    with pytest.raises(RenderError) as caught:
        render_pdf(render_docx(make_document()))
    assert "source file could not be loaded" in caught.value.message


def test_a_libreoffice_that_hangs_is_stopped_at_the_time_limit(monkeypatch, tmp_path):
    marker = tmp_path / "child.pid"
    script = tmp_path / "soffice"
    # Like soffice, it starts a child (soffice.bin) and waits for it.
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    script.chmod(0o755)
    monkeypatch.setenv("BINHDANG_SOFFICE", str(script))
    monkeypatch.setattr(pdf_module, "TIMEOUT_SECONDS", 1)
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        render_pdf(render_docx(make_document()))
    assert time.monotonic() - started < 20
    assert "1" in caught.value.message
    child = int(marker.read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{child}/stat")
    assert not status.exists() or status.read_text().split()[2] == "Z"  # gone (or a zombie awaiting init)


def test_bytes_that_are_not_a_docx_are_refused():
    with pytest.raises(RenderError):
        render_pdf(b"%PDF-1.4 already a pdf")

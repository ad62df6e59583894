"""The seeds printed to PDF by a real browser (Debian's Chromium, headless): justified text, first-line
indents and page breaks as office software makes them, read back like the text."""

from __future__ import annotations

import html
import os
import subprocess
from pathlib import Path

import pytest

from binhdang.plans.ingest import parse_plan, read_plan
from binhdang.plans.tests import ingest_corpus as corpus

pytestmark = pytest.mark.e2e

CHROMIUM = Path(os.environ.get("BINHDANG_CHROMIUM", "/usr/bin/chromium"))
STYLE = (
    "@page{size:A4;margin:2cm 2cm 2cm 3cm}"
    "body{font:13pt 'DejaVu Serif',serif;text-align:justify}"
    "p{margin:0 0 6pt;text-indent:1.27cm}p.heading{text-align:center;text-indent:0;font-weight:bold}"
)


def _print_to_pdf(html_text: str, folder: Path) -> bytes:
    """Chromium's own headless printing (not Playwright: the browser tests of the same session keep
    Playwright's event loop in this thread, and a second sync Playwright refuses to start inside it)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.", pytrace=False)
    source, target = folder / "plan.html", folder / "plan.pdf"
    source.write_text(html_text, encoding="utf-8")
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-pdf-header-footer", f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={target}",
         source.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return target.read_bytes()


def _as_html(name: str) -> str:
    paragraphs = "".join(
        f'<p class="{"heading" if line.isupper() else ""}">{html.escape(line)}</p>'
        for line in corpus.paragraphs(corpus.seed_text(name))
    )
    return f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>{paragraphs}</body></html>"


@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_seed_printed_to_pdf_by_chromium_reads_like_the_text(tmp_path: Path, name: str) -> None:
    data = _print_to_pdf(_as_html(name), tmp_path)

    draft = read_plan(data, "ke-hoach.pdf")

    assert corpus.key_fields(draft) == corpus.key_fields(parse_plan(corpus.seed_text(name)))

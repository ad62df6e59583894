"""PDF through LibreOffice, headless.

Each conversion gets its own temporary directory holding the input, the output, LibreOffice's user
profile (-env:UserInstallation) and its TMPDIR, so conversions can run side by side and nothing is left
behind; the process group is killed if it runs past the time limit (soffice forks soffice.bin).
The document names Times New Roman; where it is not installed LibreOffice uses the metric-compatible
Liberation Serif, so lines and pages break as in Word.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from binhdang.reports.rendering.content import OfficialDocument, RenderError

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60


def soffice_binary() -> str | None:
    """The LibreOffice executable: $BINHDANG_SOFFICE, else soffice or libreoffice on the PATH."""
    configured = os.environ.get("BINHDANG_SOFFICE", "").strip()
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def has_vietnamese_times() -> bool | None:
    """Whether Times New Roman or its metric twin Liberation Serif has the Vietnamese letters here (None:
    fontconfig cannot tell). Liberation 1.x (Debian's fonts-liberation) has not: LibreOffice then borrows
    each accented letter from DejaVu, which prints, but unevenly; fonts-liberation2 fixes it."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run([fc_list, ":charset=1ec7", "family"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in found.stdout.splitlines() for name in line.split(",")}
    return bool(families & {"Times New Roman", "Liberation Serif"})


def render_pdf(doc_or_docx: OfficialDocument | bytes, template: bytes | None = None) -> bytes:
    """The document (or a .docx already made) as PDF; RenderError when LibreOffice is missing or fails."""
    if isinstance(doc_or_docx, OfficialDocument):
        from binhdang.reports.rendering.word import render_docx

        data = render_docx(doc_or_docx, template)
    elif isinstance(doc_or_docx, bytes | bytearray) and bytes(doc_or_docx[:4]) == b"PK\x03\x04":
        data = bytes(doc_or_docx)
    else:
        raise RenderError(_("The file to convert is not a Word .docx file."))
    binary = soffice_binary()
    if binary is None:
        raise RenderError(
            _("LibreOffice (soffice) is not installed on the server, so the PDF cannot be made; "
              "download the Word file instead.")
        )  # fmt: skip
    if has_vietnamese_times() is False:
        logger.warning("No Times New Roman or Liberation Serif with Vietnamese letters: install fonts-liberation2")
    with tempfile.TemporaryDirectory(prefix="binhdang-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(data)
        (folder / "tmp").mkdir()
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
            "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(folder / "out"),
            str(source),
        ]  # fmt: skip
        environment = {**os.environ, "TMPDIR": str(folder / "tmp"), "HOME": str(folder)}
        environment.pop("SAL_USE_VCLPLUGIN", None)
        process = subprocess.Popen(
            command,
            cwd=work,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, to stop soffice.bin with it
        )
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as error:
            _kill_group(process)
            raise RenderError(
                _("LibreOffice took more than %(seconds)s seconds to make the PDF and was stopped.")
                % {"seconds": TIMEOUT_SECONDS}
            ) from error
        finally:
            _kill_group(process)  # a crashed soffice may leave its children; they are ours
        output = folder / "out" / "document.pdf"
        if process.returncode != 0 or not output.exists() or not output.read_bytes().startswith(b"%PDF-"):
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip().splitlines()
            message = detail[-1][:200] if detail else f"exit status {process.returncode}"
            raise RenderError(_("LibreOffice could not convert the document to PDF: %(error)s") % {"error": message})
        return output.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    process.wait()

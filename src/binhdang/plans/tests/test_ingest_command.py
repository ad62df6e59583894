"""`binhdang ingest-plan FILE [--json]`: the draft as JSON, a readable summary, status 1 on a bad file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from binhdang.plans.tests import ingest_corpus as corpus

COMMAND = "ingest-plan"
SEED = "001_383a6f7f604cc505.txt"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(COMMAND, *args, stdout=out)
    return out.getvalue()


def test_json_prints_the_draft_with_vietnamese_unescaped():
    output = run(str(corpus.SEEDS_DIR / SEED), "--json")

    draft = json.loads(output)
    assert draft["number"] == "662/KH-SNgV"
    assert draft["signer"] == {"name": "Thái Phúc Sơn", "title": "GIÁM ĐỐC"}
    assert "Sở Ngoại vụ" in output  # ensure_ascii=False: no \u escapes


def test_summary_without_json_names_what_was_found_and_what_is_missing():
    output = run(str(corpus.SEEDS_DIR / "003_ee6d00a429945420.txt"))

    assert "Ủy ban nhân dân tỉnh" in output
    assert "Đặng Quốc Vinh" in output
    assert "2019–2019" in output
    missing = output.splitlines()[-1]
    assert missing.count(",") == 2  # number, date, targets


def test_summary_shows_dates_as_dd_mm_yyyy():
    assert "06/09/2021" in run(str(corpus.SEEDS_DIR / SEED))


def test_word_document_is_read(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(corpus.seed_docx(SEED))

    assert json.loads(run(str(path), "--json"))["title"].startswith("Thực hiện Chiến lược quốc gia")


def test_unreadable_file_is_a_command_error_with_the_message(tmp_path):
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    with pytest.raises(CommandError) as caught:
        run(str(path), "--json")

    assert ".docx" in str(caught.value)
    assert caught.value.returncode == 1


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(str(tmp_path / "khong-co.pdf"))

    assert caught.value.returncode == 1


def test_shell_exit_status_is_1_and_the_message_goes_to_stderr(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    binhdang = os.path.join(os.path.dirname(sys.executable), "binhdang")

    finished = subprocess.run(
        [binhdang, COMMAND, str(path), "--json"], capture_output=True, text=True, timeout=120, check=False
    )

    assert finished.returncode == 1
    assert finished.stdout == ""
    assert finished.stderr.strip()

"""Plan reader benchmark: the five seed plans read from .txt, .docx and .pdf into drafts.

For each form, the median time of reading all five seeds (`read_plan`: extract the text, then parse it)
against a baseline measured in the same run: only opening the file and pulling its text out the
plainest way (bytes decoded for .txt; python-docx paragraphs for .docx; pypdf's extract_text for .pdf).
The ratio says what the reading of the plan costs on top of getting at its words.

    .venv/bin/python bench/bench_ingest.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(repeat: int = 5) -> dict[str, dict[str, float]]:
    import django

    django.setup()
    from docx import Document
    from pypdf import PdfReader

    from binhdang.plans.ingest import read_plan
    from binhdang.plans.tests import ingest_corpus as corpus

    names = corpus.SEED_NAMES
    files = {
        "txt": [corpus.seed_text(name).encode() for name in names],
        "docx": [corpus.seed_docx(name) for name in names],
        "pdf": [corpus.seed_pdf(name) for name in names],
    }
    plain: dict[str, Callable[[bytes], object]] = {
        "txt": lambda data: data.decode(),
        "docx": lambda data: "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs),
        "pdf": lambda data: "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages),
    }
    results = {}
    for form, datas in files.items():
        read = timed(lambda datas=datas, form=form: [read_plan(data, f"ke-hoach.{form}") for data in datas], repeat)
        base = timed(lambda datas=datas, form=form: [plain[form](data) for data in datas], repeat)
        results[form] = {"read_plan_s": round(read, 4), "baseline_s": round(base, 4), "ratio": round(read / base, 2)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = run(args.repeat)
    if args.json:
        print(json.dumps(results))
        return
    print(f"the five seed plans, read into drafts (median of {args.repeat})")
    for form, row in results.items():
        print(f"  .{form:5} read_plan {row['read_plan_s']:8.4f} s   plain text only {row['baseline_s']:8.4f} s"
              f"   ratio {row['ratio']:6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

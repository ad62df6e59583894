"""Plan reader benchmark: how well and how fast plans are read from .txt, .docx and .pdf into drafts.

Accuracy, on the corpus of real plan documents in bench/corpus/plans/ (bench/plan_corpus.py): field
accuracy (number, date, place, issuer, signer, report deadlines), target precision / recall / F1 and the
trap rate (share of non-target sentences from which a number was taken), for the held-back part beside
the tuning part, each for .txt, .docx (header as a two-column table) and .pdf (LibreOffice). The
baseline is the reader as it was before it was generalised (BASELINE_REVISION), measured in the same run
from that commit's source (git archive into a temporary folder; nothing is copied into the tree).

Speed: the five seed plans read from .txt, .docx and .pdf into drafts.

For each form, the median time of reading all five seeds (`read_plan`: extract the text, then parse it)
against a baseline measured in the same run: only opening the file and pulling its text out the
plainest way (bytes decoded for .txt; python-docx paragraphs for .docx; pypdf's extract_text for .pdf).
The ratio says what the reading of the plan costs on top of getting at its words.

    .venv/bin/python bench/bench_ingest.py [--json] [--repeat N] [--accuracy-only] [--baseline REV]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The reader before it was generalised to documents other than the seeds: the baseline of the accuracy figures.
BASELINE_REVISION = "ed87fb3"
if "--src" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])
else:
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
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


def accuracy() -> dict:
    import django

    django.setup()
    import plan_corpus

    from binhdang.plans.ingest import read_plan

    return plan_corpus.measure(read_plan)


def baseline_accuracy(revision: str) -> dict | None:
    """The accuracy figures of the reader at `revision`, measured in a subprocess on that commit's source."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"], capture_output=True)
        if archive.returncode:
            print(f"baseline {revision} not available: {archive.stderr.decode().strip()}", file=sys.stderr)
            return None
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        command = [sys.executable, __file__, "--accuracy-only", "--json", "--src", str(Path(folder) / "src")]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)["accuracy"]


def _row(label: str, figures: dict) -> str:
    return (
        f"    {label:24} fields {figures['field_accuracy']:.3f}   targets P {figures['target_precision']:.3f} "
        f"R {figures['target_recall']:.3f} F1 {figures['target_f1']:.3f}   traps {figures['trap_rate']:.3f}"
    )


def print_accuracy(current: dict, baseline: dict | None) -> None:
    print("plan reader on real plans (bench/corpus/plans): held-back part beside the tuning part")
    for part in ("held_back", "tuning"):
        first = current[part]["txt"]
        print(f"  {part.replace('_', '-')}: {first['documents']} documents, {first['targets_expected']} targets, "
              f"{first['trap_sentences']} trap sentences")  # fmt: skip
        for form in ("txt", "docx", "pdf"):
            if form in current[part]:
                print(_row(f".{form} now", current[part][form]))
            if baseline and form in baseline.get(part, {}):
                print(_row(f".{form} baseline {BASELINE_REVISION}", baseline[part][form]))
    tasks = current["seed_tasks_in_pdf"]
    line = f"  seed tasks read the same from .pdf (Word printed by LibreOffice) as from .txt: {tasks['same_in_pdf']}"
    line += f"/{tasks['tasks']}"
    if baseline and "seed_tasks_in_pdf" in baseline:
        line += f" (baseline {baseline['seed_tasks_in_pdf']['same_in_pdf']}/{baseline['seed_tasks_in_pdf']['tasks']})"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--accuracy-only", action="store_true")
    parser.add_argument("--baseline", default=BASELINE_REVISION, help="git revision of the baseline ('' skips it)")
    parser.add_argument("--src", help=argparse.SUPPRESS)
    args = parser.parse_args()
    measured = accuracy()
    if args.accuracy_only:
        print(json.dumps({"accuracy": measured}))
        return
    base = baseline_accuracy(args.baseline) if args.baseline else None
    results = run(args.repeat)
    if args.json:
        print(json.dumps({"speed": results, "accuracy": measured, "baseline": base}))
        return
    print_accuracy(measured, base)
    print(f"the five seed plans, read into drafts (median of {args.repeat})")
    for form, row in results.items():
        print(f"  .{form:5} read_plan {row['read_plan_s']:8.4f} s   plain text only {row['baseline_s']:8.4f} s"
              f"   ratio {row['ratio']:6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

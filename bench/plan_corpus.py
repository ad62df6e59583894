"""The corpus of real plan documents under bench/corpus/plans/ and how the plan reader is scored on it.

Each folder holds `document.txt` (the text as published, with real target sentences and trap sentences
placed in its "Mục tiêu cụ thể" section where the published excerpt stopped before it; see
bench/corpus/plans/README.md), `expected.json` (written by hand) and `source.txt` (where the text
comes from). `split.json` names the held-back documents, chosen at random before any tuning: only
the bench reads them; tests use the tuning part.

The .docx and .pdf forms are generated here at bench time: python-docx lays the header out as the usual
two-column table (issuer and number | motto and place-date) and LibreOffice converts the .docx to PDF.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "plans"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_DATE = re.compile(r"(?:[^\W\d][^\n,|]{0,40},\s*)?ngày\s*\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_JUNK = re.compile(r"^[\s|\-–_]*$")


def split() -> dict[str, list[str]]:
    return json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))


def load(name: str) -> tuple[str, dict]:
    folder = CORPUS / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return (folder / "document.txt").read_text(encoding="utf-8"), expected


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).lower().replace("đ", "d"))
    return "".join(char for char in text if unicodedata.category(char) != "Mn")


# --- The document as Word and PDF -----------------------------------------------------------------------


def _clean(line: str) -> str:
    return line.strip().strip("|").strip()


def docx_bytes(text: str, expected: dict) -> bytes:
    """The document as a .docx: when it has a number, the header as a two-column table (issuer lines and
    "Số: …" on the left; motto and the place-date on the right), then every other line as a paragraph."""
    import docx

    document = docx.Document()
    body = text
    if expected.get("number"):
        flat = " ".join(text.split())
        date = _DATE.search(flat, flat.find("Số:") if "Số:" in flat else 0)
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = expected.get("issuer") or ""
        table.cell(0, 1).text = "\n".join(MOTTO)
        table.cell(1, 0).text = f"Số: {expected['number']}"
        table.cell(1, 1).text = date.group().strip() if date else ""
        # The body starts after the printed date (everything above it is the header, now in the table).
        if date:
            printed = re.compile(r"\s+".join(re.escape(word) for word in date.group().split()))
            found = printed.search(text)
            body = text[found.end() :] if found else text
    for line in body.splitlines():
        line = _clean(line)
        if not line or _JUNK.match(line):
            continue
        if line == "KẾ HOẠCH" or re.match(r"^[IVX]+\.\s", line):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_files(docx_files: dict[str, bytes]) -> dict[str, bytes]:
    """Each .docx converted to PDF by LibreOffice (one soffice run for all)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in docx_files.items():
            (root / f"{name}.docx").write_bytes(data)
        profile = (root / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        command += ["--outdir", str(root), *(str(root / f"{name}.docx") for name in docx_files)]
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        return {name: (root / f"{name}.pdf").read_bytes() for name in docx_files if (root / f"{name}.pdf").exists()}


# --- Scoring ---------------------------------------------------------------------------------------------

FIELDS = ("number", "date", "place", "issuer", "signer", "report_deadlines")


def _field_right(name: str, got: object, want: object) -> bool:
    if name == "signer":
        got_name = (got or {}).get("name") if isinstance(got, dict) else None
        want_name = (want or {}).get("name") if isinstance(want, dict) else None
        return fold(got_name or "") == fold(want_name or "")
    if name == "report_deadlines":
        return sorted((d["kind"], d["due"]) for d in got or []) == sorted((d["kind"], d["due"]) for d in want or [])
    if want is None or got is None:
        return want is None and got is None
    return fold(got) == fold(want)


def _key(target: dict) -> tuple:
    return (float(target["value"]), target["comparator"], target["year"], fold(target.get("unit") or "%"))


def score(draft: dict, expected: dict) -> dict:
    """Fields right, targets found and expected, trap sentences from which a number was taken."""
    fields = {name: _field_right(name, draft.get(name), expected.get(name)) for name in FIELDS}
    sentences = [(fold(s["text"]), s["targets"]) for s in expected["sentences"]]
    traps = [fold(t) for t in expected["traps"]]
    wanted = {index: [_key(t) for t in targets] for index, (_, targets) in enumerate(sentences)}
    true_positives = false_positives = wording_right = 0
    taken_traps: set[int] = set()
    for target in draft.get("targets") or []:
        text = fold(target.get("text") or "")
        home = next((i for i, (s, _) in enumerate(sentences) if text and (text in s or s in text)), None)
        if home is None:
            trap = next((i for i, t in enumerate(traps) if text and (text in t or t in text)), None)
            if trap is not None:
                taken_traps.add(trap)
            false_positives += 1
            continue
        key = _key(target)
        if key in wanted[home]:
            wanted[home].remove(key)
            true_positives += 1
            wording = next(t["indicator"] for t in sentences[home][1] if _key(t) == key)
            wording_right += fold(wording) in text
        else:
            false_positives += 1
    expected_targets = sum(len(targets) for _, targets in sentences)
    return {
        "fields": fields,
        "tp": true_positives,
        "fp": false_positives,
        "expected": expected_targets,
        "wording_right": wording_right,
        "traps": len(traps),
        "traps_taken": len(taken_traps),
    }


def summarise(scores: list[dict]) -> dict:
    fields = [right for s in scores for right in s["fields"].values()]
    tp, fp, expected = (sum(s[k] for s in scores) for k in ("tp", "fp", "expected"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    traps = sum(s["traps"] for s in scores)
    return {
        "documents": len(scores),
        "field_accuracy": round(sum(fields) / len(fields), 3) if fields else None,
        "target_precision": round(precision, 3),
        "target_recall": round(recall, 3),
        "target_f1": round(f1, 3),
        "targets_expected": expected,
        "trap_sentences": traps,
        "trap_rate": round(sum(s["traps_taken"] for s in scores) / traps, 3) if traps else 0.0,
        "wording_right": round(sum(s["wording_right"] for s in scores) / tp, 3) if tp else None,
    }


def seed_tasks_in_pdf(read_plan: Callable[[bytes, str], dict]) -> dict:
    """The seeds as Word files printed to PDF by LibreOffice: how many of the tasks read from the .txt come
    out of the .pdf the same (label and first words), so that tasks merged with their neighbours show."""
    from binhdang.plans.tests import ingest_corpus as seeds

    docx = {name: seeds.seed_docx(name) for name in seeds.SEED_NAMES}
    pdfs = pdf_files(docx)
    same = total = 0
    for name in seeds.SEED_NAMES:
        wanted = [(t["label"], t["text"][:40]) for t in read_plan(seeds.seed_text(name).encode(), "seed.txt")["tasks"]]
        got = [(t["label"], t["text"][:40]) for t in read_plan(pdfs[name], "seed.pdf")["tasks"]] if name in pdfs else []
        total += len(wanted)
        same += sum(1 for task in wanted if task in got)
    return {"tasks": total, "same_in_pdf": same}


def measure(read_plan: Callable[[bytes, str], dict], detail: bool = False) -> dict:
    """The reader's figures on each part of the corpus, for .txt, .docx and .pdf."""
    parts = split()
    names = parts["tuning"] + parts["held_back"]
    loaded = {name: load(name) for name in names}
    forms: dict[str, dict[str, bytes]] = {"txt": {n: t.encode() for n, (t, _) in loaded.items()}}
    forms["docx"] = {n: docx_bytes(t, e) for n, (t, e) in loaded.items()}
    forms["pdf"] = pdf_files(forms["docx"])
    results: dict = {}
    for form, files in forms.items():
        for part in ("tuning", "held_back"):
            scores = []
            for name in parts[part]:
                if name not in files:
                    continue
                draft = read_plan(files[name], f"document.{form}")
                scores.append({"name": name, **score(draft, loaded[name][1])})
            results.setdefault(part, {})[form] = summarise(scores)
            if detail:
                results[part][form]["per_document"] = scores
    results["seed_tasks_in_pdf"] = seed_tasks_in_pdf(read_plan)
    return results

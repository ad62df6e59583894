"""Reading a plan document (.docx, .pdf, .txt, .md) into a structured draft for the user to review.

    read_plan(data, filename) -> dict      extract_text + parse_plan
    extract_text(data, filename) -> str    the document's text, or IngestError with a message for the user
    parse_plan(text) -> dict               the draft; never raises, never invents a value

The draft's keys and the conventions behind each are described in docs/ingestion.md.
"""

from __future__ import annotations

from binhdang.plans.ingest.extract import IngestError, extract_text
from binhdang.plans.ingest.parse import MAIN_FIELDS, parse_plan
from binhdang.plans.ingest.targets import INDICATOR_PHRASES, indicator_for

__all__ = [
    "INDICATOR_PHRASES",
    "MAIN_FIELDS",
    "IngestError",
    "extract_text",
    "indicator_for",
    "parse_plan",
    "read_plan",
]


def read_plan(data: bytes, filename: str) -> dict:
    """The draft read from an uploaded plan document; IngestError if the file cannot be read."""
    return parse_plan(extract_text(data, filename))

"""parse_plan never raises, whatever text it is given, and never invents a value: every number and year
it returns is in the text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binhdang.plans.ingest import parse_plan
from binhdang.plans.tests import ingest_corpus as corpus

SEED_LINES = sorted({line for name in corpus.SEED_NAMES for line in corpus.seed_text(name).splitlines()})
SEED_TEXTS = [corpus.seed_text(name) for name in corpus.SEED_NAMES]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters that matter to the reader: markdown, separators, digits, Vietnamese letters, odd spaces.
SPECIAL = st.sampled_from(list("*#_-–—/:;,.()%\n\r\t \u00a0\u200b\u0301\u0323đĐếẾươ0123456789aAIVX)"))


# Characters the reader drops as invisible (zero-width spaces, soft hyphens, byte-order marks).
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _values_are_in_the_text(draft: dict, text: str) -> None:
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    # What the reader removes as markup: spaces, markdown emphasis and escapes.
    compact = re.sub(r"[\s*\\]+", "", text)
    for target in draft["targets"]:
        value = target["value"]
        printed = {str(value), str(value).replace(".", ",")}
        assert any(number in compact for number in printed), (value, target["text"])
        if target["year"] is not None:
            assert str(target["year"]) in text
    years = [draft["date"][:4]] if draft["date"] else []
    if draft["period"]:
        years += [str(draft["period"]["start"]), str(draft["period"]["end"])]
    years += [entry["date"][:4] for entry in draft["legal_bases"] if entry["date"]]
    years += [entry["due"][:4] for entry in draft["report_deadlines"] if not entry["due"].startswith("--")]
    years += [day[:4] for entry in draft["classes"] for day in entry["dates"]]
    for year in years:
        assert year in text, year
    if draft["number_as_printed"]:
        assert re.sub(r"\s+", "", draft["number_as_printed"]) in compact
    for name in [*draft["recipients"], *([draft["signer"]["name"]] if draft["signer"] else [])]:
        assert re.sub(r"\s+", "", name) in compact, name


def _check(text: str) -> None:
    draft = parse_plan(text)
    assert set(draft["missing"]) <= {"number", "date", "issuer", "title", "targets", "tasks", "signer"}
    _values_are_in_the_text(draft, text)


@FUZZ
@given(st.text(max_size=3000))
def test_random_text_never_raises(text):
    _check(text)


@FUZZ
@given(st.lists(st.sampled_from(SEED_LINES), max_size=150))
def test_random_mix_of_seed_lines_never_raises(lines):
    _check("\n".join(lines))


@FUZZ
@given(
    st.sampled_from(SEED_TEXTS),
    st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.text(SPECIAL, min_size=1, max_size=4)), max_size=40),
)
def test_seed_with_random_characters_inserted_never_raises(text, insertions):
    for where, what in insertions:
        position = int(where * len(text))
        text = text[:position] + what + text[position:]
    _check(text)


def test_parse_plan_accepts_anything_without_raising():
    for value in ("", "\x00", "\ufeff", "KẾ HOẠCH", "Số:", "Nơi nhận:", "I.", "1.", "a)", "-", "%", "100%"):
        assert parse_plan(value)["missing"]

"""The reader is not thrown by how a plan reaches us: markdown left-overs, words glued together by PDF
extraction, a web page around the document, Windows line ends and decomposed Vietnamese, page numbers.
Each mutation is made in memory from a seed and must leave what is read unchanged."""

from __future__ import annotations

import pytest

from binhdang.plans.ingest import parse_plan
from binhdang.plans.tests import ingest_corpus as corpus

MUTATIONS = [
    corpus.add_markdown,
    corpus.remove_markdown,
    corpus.glue_words,
    corpus.inside_web_page,
    corpus.messy_whitespace,
    corpus.with_page_numbers,
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.__name__)
@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_mutated_seed_reads_the_same(name, mutation):
    text = corpus.seed_text(name)

    mutated = parse_plan(mutation(text))

    assert corpus.key_fields(mutated) == corpus.key_fields(parse_plan(text))


@pytest.mark.parametrize("name", corpus.SEED_NAMES)
def test_all_mutations_at_once_read_the_same(name):
    text = corpus.seed_text(name)
    mutated = text
    for mutation in (corpus.add_markdown, corpus.glue_words, corpus.with_page_numbers, corpus.inside_web_page):
        mutated = mutation(mutated)

    assert corpus.key_fields(parse_plan(corpus.messy_whitespace(mutated))) == corpus.key_fields(parse_plan(text))


def test_glued_header_is_read():
    draft = parse_plan("Số:662/KH-SNgV\nHà Tĩnh,ngày06 tháng9 năm2021\nKẾHOẠCH\nThực hiện công tác năm 2021\n")

    assert (draft["number"], draft["date"], draft["place"]) == ("662/KH-SNgV", "2021-09-06", "Hà Tĩnh")
    assert draft["title"] == "Thực hiện công tác năm 2021"


def test_glued_recipients_heading_is_read():
    draft = parse_plan("KẾ HOẠCH\nThực hiện công tác\nNơinhận:\n- Sở Nội vụ;\n- Lưu: VT.\nGIÁM ĐỐC\nLê Văn An")

    assert draft["recipients"] == ["Sở Nội vụ"]
    assert draft["signer"] == {"name": "Lê Văn An", "title": "GIÁM ĐỐC"}


def test_number_listed_on_a_web_page_is_not_taken_for_the_plans():
    # Seed 003 has no number of its own; the page lists other documents' numbers above it.
    draft = parse_plan(corpus.inside_web_page(corpus.seed_text("003_ee6d00a429945420.txt")))

    assert draft["number"] is None
    assert "number" in draft["missing"]


def test_menu_entry_named_ke_hoach_is_not_taken_for_the_heading():
    text = "Trang chủ\nKẾ HOẠCH\nTin tức\n" + corpus.seed_text("003_ee6d00a429945420.txt")

    assert parse_plan(text)["title"].startswith("Tổ chức tập huấn nâng cao năng lực")


def test_line_broken_in_the_middle_of_a_sentence_is_mended():
    # Seed 000 breaks "hướng tới thực hiện cam kết" / "đạt mục tiêu" with a blank line.
    draft = parse_plan(corpus.seed_text("000_e7bc9f945b31054a.txt"))

    assert "thực hiện cam kết đạt mục tiêu phát triển bền vững" in draft["general_objective"]


def test_markdown_is_removed_from_what_is_read():
    draft = parse_plan(corpus.seed_text("004_0cb6f3bd0139f806.txt"))

    texts = [draft["title"], *draft["recipients"], *(task["text"] for task in draft["tasks"])]
    assert not [text for text in texts if "*" in text or text.startswith("#")]
    assert draft["signer"] == {"name": "Nguyễn Quang Huy", "title": "GIÁM ĐỐC"}

"""Behaviour of the Vietnamese text helpers. Plain functions: no database, no Django settings."""

import datetime
import random
import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdang.core import vietnamese
from binhdang.core.vietnamese import (
    ETHNIC_GROUP_NAMES,
    ETHNIC_GROUPS,
    KINH_CODE,
    ethnic_group_code,
    fold,
    format_date,
    name_sort_key,
    normalise,
    parse_date,
    split_full_name,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def key_of(full_name: str) -> str:
    return name_sort_key(*split_full_name(full_name))


def vietnamese_sorted(full_names: list[str]) -> list[str]:
    return sorted(full_names, key=key_of)


# --- normalise ---------------------------------------------------------------------------------


def test_normalise_turns_decomposed_input_into_composed_form():
    assert normalise(nfd("Nguyễn Thị Hà")) == "Nguyễn Thị Hà"
    assert normalise(nfd("Nguyễn Thị Hà")) == unicodedata.normalize("NFC", "Nguyễn Thị Hà")


def test_normalise_replaces_non_breaking_spaces_and_collapses_runs():
    assert normalise("\u00a0 Trần\u00a0\u00a0Văn \t\n Bình\u202f") == "Trần Văn Bình"


def test_normalise_drops_zero_width_characters_pasted_from_office_documents():
    assert normalise("\ufeffLê\u200b Thị Lan") == "Lê Thị Lan"


def test_normalise_of_none_or_blank_is_empty():
    assert normalise(None) == ""
    assert normalise("   ") == ""


# --- fold --------------------------------------------------------------------------------------


def test_fold_makes_nguyen_thi_ha_match_its_accented_form():
    assert fold("Nguyễn Thị Hà") == "nguyen thi ha"
    assert fold("Nguyễn Thị Hà") == fold("nguyen thi ha") == fold("NGUYỄN THỊ HÀ")


def test_fold_maps_d_with_stroke_to_d_in_both_cases():
    assert fold("ĐẶNG") == "dang"
    assert fold("đặng") == "dang"


def test_fold_removes_vowel_marks_and_every_tone():
    assert fold("ă â ê ô ơ ư") == "a a e o o u"
    assert fold("Thùy Thúy Thủy Thũy Thụy") == "thuy thuy thuy thuy thuy"
    assert fold("Trương Ngọc Ánh Dương Quốc Việt") == "truong ngoc anh duong quoc viet"


def test_fold_gives_the_same_result_for_composed_and_decomposed_input():
    for name in ["Nguyễn Thị Hà", "Đặng Thùy Dương", "Ưng Hoàng Phúc", "Lý Thị Ơn"]:
        assert fold(nfd(name)) == fold(name)


def test_fold_treats_legacy_eth_look_alike_as_d_with_stroke():
    # Old VNI/TCVN converters put U+00D0 (Ð, Icelandic eth) where Đ belongs.
    assert fold("\u00d0\u1eb6NG") == "dang"


def test_fold_normalises_spacing_and_handles_none():
    assert fold("  Hồ\u00a0 Xuân   Hương ") == "ho xuan huong"
    assert fold(None) == ""


# --- split_full_name -----------------------------------------------------------------------------


def test_split_full_name_takes_the_last_word_as_given_name():
    assert split_full_name("Nguyễn Thị Hà") == ("Nguyễn Thị", "Hà")
    assert split_full_name("Tôn Nữ Thị Ninh") == ("Tôn Nữ Thị", "Ninh")
    assert split_full_name("  Lê\u00a0 Văn   Tám ") == ("Lê Văn", "Tám")


def test_split_full_name_of_a_single_word_is_all_given_name():
    assert split_full_name("Hà") == ("", "Hà")
    assert split_full_name("") == ("", "")


# --- name_sort_key -------------------------------------------------------------------------------


def test_staff_list_sorts_in_vietnamese_alphabetical_order():
    expected = [
        "Lê Văn An",
        "Nguyễn Văn Anh",  # given names tie on letters: family name decides (N < T) ...
        "Trần Thị Ánh",  # ... before the tone of Ánh is ever looked at
        "Phạm Thị Ân",  # a < â
        "Hoàng Văn Bình",
        "Đỗ Thị Dung",
        "Phan Thị Duyên",
        "Vũ Thị Đào",  # d < đ, although "dao" < "dung" without accents
        "Phạm Văn Đức",
        "Nguyễn Thị Em",
        "Lê Thị Êm",  # e < ê
        "Bùi Thị Hà",
        "Đặng Thị Hải",
        "Ngô Thị Hạnh",
        "Dương Thị Hằng",  # a < ă: Hạnh before Hằng, although "hang" < "hanh" without accents
        "Lý Thị Hân",  # ă < â
        "Hồ Văn Hậu",
        "Trịnh Thị Hoa",
        "Mai Thị Hồng",  # o < ô
        "Đinh Văn Hợi",  # ô < ơ: Hồng before Hợi, although "hoi" < "hong" without accents
        "Lý Thị Ơn",  # ơ comes after o and ô but before p ... t
        "Vương Văn Tú",
        "Lò Văn Tuấn",
        "Hà Văn Tư",  # u < ư: Tuấn before Tư
        "Triệu Văn Tường",
        "Nông Văn Út",
        "Hà Thị Ưng",  # u < ư
    ]
    shuffled = expected[:]
    random.Random(20240308).shuffle(shuffled)
    assert vietnamese_sorted(shuffled) == expected


def test_given_name_sorts_before_family_name():
    assert key_of("Trần Văn An") < key_of("Nguyễn Văn Bình")
    assert key_of("Vũ Thị Anh") < key_of("An Thị Bích")


def test_family_and_middle_name_break_ties_between_equal_given_names():
    expected = ["Bùi Thị Hà", "Dương Thị Hà", "Đặng Thị Hà", "Trần Thị Hà", "Trần Thu Hà"]
    assert vietnamese_sorted(list(reversed(expected))) == expected


def test_shorter_name_sorts_before_its_extensions():
    assert name_sort_key("Lê Văn", "An") < name_sort_key("Lê Văn", "Anh")
    assert name_sort_key("Lê", "Hà") < name_sort_key("Lê Văn", "Hà") < name_sort_key("Lêa", "Hà")


def test_tone_breaks_a_tie_only_when_all_letters_are_equal():
    family = "Nguyễn Thị"
    assert name_sort_key(family, "Ha") < name_sort_key(family, "Hà") < name_sort_key(family, "Hai")
    # A tone never outweighs a letter, not even one of the family name.
    assert name_sort_key("Nguyễn Thị", "Hà") < name_sort_key("Trần Thị", "Ha")


def test_tones_sort_ngang_huyen_sac_hoi_nga_nang():
    expected = ["Thuy", "Thùy", "Thúy", "Thủy", "Thũy", "Thụy"]
    shuffled = ["Thụy", "Thúy", "Thuy", "Thũy", "Thùy", "Thủy"]
    assert sorted(shuffled, key=lambda g: name_sort_key("Nguyễn Thị", g)) == expected


def test_sort_key_ignores_case_and_surrounding_spaces():
    assert name_sort_key("NGUYỄN THỊ", "HÀ") == name_sort_key("nguyễn thị", "hà")
    assert name_sort_key(" Nguyễn\u00a0 Thị ", " Hà") == name_sort_key("Nguyễn Thị", "Hà")


def test_sort_key_is_the_same_for_composed_and_decomposed_input():
    for full_name in ["Nguyễn Thị Hà", "Đặng Thùy Dương", "Ưng Hoàng Phúc", "Lý Thị Ơn", "Trần Ngọc Ẩn"]:
        family, given_name = split_full_name(full_name)
        assert name_sort_key(nfd(family), nfd(given_name)) == name_sort_key(family, given_name)


def test_sort_key_is_made_of_ascii_digits_only():
    for full_name in ["Nguyễn Thị Hà", "Đặng Thùy Dương", "Mary-Jane O'Neil", "李小龍", "Zoë Ωmega 3rd", ""]:
        key = key_of(full_name)
        assert key.isascii() and key.isdigit(), key


def test_sort_key_places_foreign_letters_among_latin_ones():
    given_names = ["Anna", "Fiona", "Gấm", "Jack", "Kim", "Vy", "Walter", "Xuân", "Yến", "Zoe"]
    assert sorted(reversed(given_names), key=lambda g: name_sort_key("", g)) == given_names


def test_sort_key_never_fails_on_unusual_characters():
    for family, given_name in [
        ("", ""),
        ("\u0301", "\u0323Hà"),
        ("H'Hen", "Niê"),
        ("Lê", "Văn-An 2"),
        ("😀", "Σ"),
    ]:
        key = name_sort_key(family, given_name)
        assert key.isdigit()


def test_sort_keys_sort_the_same_in_a_database_as_in_python():
    names = [
        "Lý Thị Hân",
        "Dương Thị Hằng",
        "Vũ Thị Đào",
        "Đỗ Thị Dung",
        "Hà Văn Tư",
        "Lò Văn Tuấn",
        "Trần Thị Ánh",
    ]
    keys = [key_of(name) for name in names]
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE TABLE person (sort_key TEXT)")
        connection.executemany("INSERT INTO person VALUES (?)", [(key,) for key in keys])
        for collation in ("BINARY", "NOCASE", "RTRIM"):
            rows = connection.execute(f"SELECT sort_key FROM person ORDER BY sort_key COLLATE {collation}")
            assert [row[0] for row in rows] == sorted(keys)
    connection.close()


# Reference model for the property test: the Vietnamese order written out independently, letter by
# letter, as Python tuples and lists (a shorter list that is a prefix of a longer one sorts first).
REFERENCE_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
REFERENCE_VOWELS = set("aăâeêioôơuưy")
TONE_MARKS = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng


def _reference_characters() -> dict[str, tuple[int, int]]:
    characters: dict[str, tuple[int, int]] = {}
    for rank, letter in enumerate(REFERENCE_ALPHABET, start=1):
        for tone in range(6) if letter in REFERENCE_VOWELS else [0]:
            for cased in (letter, letter.upper()):
                character = unicodedata.normalize("NFC", cased + TONE_MARKS[tone])
                assert len(character) == 1
                characters[character] = (rank, tone)
    return characters


REFERENCE_CHARACTERS = _reference_characters()


def _tone_variants() -> dict[str, list[str]]:
    """Each character mapped to the same letter, in the same case, under every tone."""
    by_bare_letter: dict[str, list[str]] = {}
    for character in REFERENCE_CHARACTERS:
        marks = unicodedata.normalize("NFD", character)
        bare = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in TONE_MARKS[1:]))
        by_bare_letter.setdefault(bare, []).append(character)
    return {character: variants for variants in by_bare_letter.values() for character in variants}


TONE_VARIANTS = _tone_variants()


def reference_order(family: str, given_name: str) -> tuple[list[int], list[int], list[int]]:
    def letters_and_tones(part: str) -> tuple[list[int], list[int]]:
        part = unicodedata.normalize("NFC", " ".join(part.split()))
        letters = [0 if char == " " else REFERENCE_CHARACTERS[char][0] for char in part]
        tones = [REFERENCE_CHARACTERS[char][1] for char in part if char != " "]
        return letters, tones

    given_letters, given_tones = letters_and_tones(given_name)
    family_letters, family_tones = letters_and_tones(family)
    return given_letters, family_letters, given_tones + family_tones


def sign(a, b) -> int:
    return (a > b) - (a < b)


# Short names from a few look-alike letters make ties, prefixes and tone-only differences common.
_CRAMPED = st.text(alphabet=st.sampled_from(list("aàáảãạăằâấAẠdđĐ ")), max_size=4)
_ANY_VIETNAMESE = st.text(alphabet=st.sampled_from([*sorted(REFERENCE_CHARACTERS), " "]), max_size=12)
_part = st.one_of(_CRAMPED, _ANY_VIETNAMESE)
_form = st.sampled_from(["NFC", "NFD"])
_name = st.tuples(_part, _part, _form).map(
    lambda t: (unicodedata.normalize(t[2], t[0]), unicodedata.normalize(t[2], t[1]))
)


@given(first=_name, second=_name)
def test_sort_key_order_agrees_with_letter_by_letter_vietnamese_comparison(first, second):
    assert sign(name_sort_key(*first), name_sort_key(*second)) == sign(
        reference_order(*first), reference_order(*second)
    )


def _retoned(name: tuple[str, str]) -> st.SearchStrategy[tuple[str, str]]:
    def retoned_part(part: str) -> st.SearchStrategy[str]:
        characters = unicodedata.normalize("NFC", part)
        return st.tuples(*(st.sampled_from(TONE_VARIANTS.get(char, [char])) for char in characters)).map("".join)

    return st.tuples(retoned_part(name[0]), retoned_part(name[1]))


@given(pair=_name.flatmap(lambda first: st.tuples(st.just(first), _retoned(first))))
def test_sort_key_order_agrees_with_vietnamese_comparison_when_only_tones_differ(pair):
    first, second = pair
    assert sign(name_sort_key(*first), name_sort_key(*second)) == sign(
        reference_order(*first), reference_order(*second)
    )


@given(family=st.text(max_size=40), given_name=st.text(max_size=20))
def test_sort_key_of_any_text_is_digits_and_bounded_in_length(family, given_name):
    key = name_sort_key(family, given_name)
    assert key.isascii() and key.isdigit()
    assert len(key) <= 3 * (len(normalise(family)) + len(normalise(given_name))) + 4


# --- ethnic groups -----------------------------------------------------------------------------


def test_there_are_54_ethnic_groups_coded_01_to_54_in_order():
    codes = [code for code, _ in ETHNIC_GROUPS]
    assert codes == [f"{number:02d}" for number in range(1, 55)]
    assert len({fold(name) for _, name in ETHNIC_GROUPS}) == 54


def test_well_known_ethnic_group_codes_follow_decision_1019():
    assert KINH_CODE == "01"
    expected = {
        "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Mường", "05": "Khơ-me", "06": "Hoa", "07": "Nùng",
        "08": "HMông", "09": "Dao", "10": "Gia-rai", "11": "Ê-đê", "12": "Ba-na", "13": "Sán Chay", "14": "Chăm",
        "43": "Ngái", "52": "Rơ-măm", "54": "Ơ Đu",
    }  # fmt: skip
    for code, name in expected.items():
        assert ETHNIC_GROUP_NAMES[code] == name


def test_ethnic_group_names_are_composed_and_trimmed():
    for _, name in ETHNIC_GROUPS:
        assert name == normalise(name)


def test_ethnic_group_names_dict_mirrors_the_tuple():
    assert ETHNIC_GROUP_NAMES == dict(ETHNIC_GROUPS)
    assert list(ETHNIC_GROUP_NAMES) == [code for code, _ in ETHNIC_GROUPS]


def test_every_official_name_finds_its_own_code_in_any_form():
    for code, name in ETHNIC_GROUPS:
        assert ethnic_group_code(name) == code
        assert ethnic_group_code(nfd(name.upper())) == code
        assert ethnic_group_code(fold(name).replace("-", " ")) == code


def test_every_alternative_spelling_finds_its_group():
    # Guards against an alias silently shadowed by another group's name.
    for code, aliases in vietnamese._ETHNIC_ALIASES.items():
        for alias in aliases:
            assert ethnic_group_code(alias) == code, alias


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Kinh (Việt)", "01"),
        ("kinh", "01"),
        ("Dân tộc Tày", "02"),
        ("người Nùng", "07"),
        ("Hoa (Hán)", "06"),
        ("Khmer", "05"),
        ("Khơ Me", "05"),
        ("Mông", "08"),
        ("H'Mông", "08"),
        ("H\u2019Mông", "08"),
        ("Hmong", "08"),
        ("HMÔNG", "08"),
        ("Gia Rai", "10"),
        ("Ê Đê", "11"),
        ("Ê-Đê", "11"),
        ("ede", "11"),
        ("Ba Na", "12"),
        ("Xơ Đăng", "16"),
        ("K'Ho", "15"),
        ("M'Nông", "20"),
        ("Raglay", "19"),
        ("X'Tiêng", "22"),
        ("Bru - Vân Kiều", "24"),
        ("Vân Kiều", "24"),
        ("Giẻ Triêng", "29"),
        ("Khơ Mú", "23"),
        ("Tà Ôi", "27"),
        ("Cờ Lao", "47"),
        ("Rơ Măm", "52"),
    ],
)
def test_ethnic_group_code_accepts_common_alternative_spellings(spelling, code):
    assert ethnic_group_code(spelling) == code


@pytest.mark.parametrize("spelling", ["", "   ", "Người nước ngoài", "Không xác định", "Klingon", "Kinh Mường"])
def test_ethnic_group_code_returns_none_for_unknown_names(spelling):
    assert ethnic_group_code(spelling) is None


# --- dates -------------------------------------------------------------------------------------


def test_format_date_writes_day_month_year_with_leading_zeros():
    assert format_date(datetime.date(2024, 3, 5)) == "05/03/2024"
    assert format_date(datetime.date(1975, 12, 31)) == "31/12/1975"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    "text", ["05/03/2024", "5/3/2024", "05-03-2024", "05.03.2024", "2024-03-05", " 05/03/2024\u00a0"]
)
def test_parse_date_accepts_the_usual_vietnamese_and_iso_forms(text):
    assert parse_date(text) == datetime.date(2024, 3, 5)


def test_parse_date_reads_day_before_month():
    assert parse_date("02/01/2024") == datetime.date(2024, 1, 2)


@pytest.mark.parametrize("text", ["31/02/2020", "29/02/2023", "30-02-2024", "2020-02-30", "00/01/2020", "13/13/2020"])
def test_parse_date_rejects_impossible_dates(text):
    assert parse_date(text) is None


def test_parse_date_accepts_29_february_of_a_leap_year():
    assert parse_date("29/02/2024") == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hôm nay",
        "05/03/24",
        "05/03-2024",
        "2024/03/05",
        "05/03/2024 10:00",
        "٠٥/٠٣/٢٠٢٤",
        "1/1/0000",
    ],
)
def test_parse_date_rejects_other_text(text):
    assert parse_date(text) is None


def test_parse_date_does_not_raise_on_non_text():
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date(20240305) is None  # type: ignore[arg-type]


@given(st.dates())
def test_parse_date_reads_back_what_format_date_writes(day):
    assert parse_date(format_date(day)) == day


@given(st.text())
def test_parse_date_never_raises(text):
    result = parse_date(text)
    assert result is None or isinstance(result, datetime.date)

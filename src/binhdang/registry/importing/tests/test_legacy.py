"""Legacy Vietnamese encodings (TCVN3/ABC and VNI): detection and conversion."""

import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdang.registry.importing import legacy
from binhdang.registry.importing.legacy import TCVN3, VNI, converts_cleanly, detect, looks_legacy, to_unicode

# Real names, places and words from staff lists. Every one is written in lower or title case, as
# typists using the ABC ".VnTime" font wrote them (that font has no capitals with tone marks).
WORDS = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Thị", "Văn", "Hữu", "Đức", "Quốc", "Thuý", "Thủy", "Hương", "Nguyệt", "Tuyết",
    "Khuê", "Quyên", "Nghĩa", "Giang", "Yến", "Oanh", "Khoa", "Xuân", "Huyền", "Trường", "Phượng",
]  # fmt: skip
PHRASES = [
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Hà Nội",
    "Lạng Sơn",
    "Sở Nội vụ",
    "phụ nữ",
    "bình đẳng giới",
    "Nùng",
    "Tày",
    "Thái",
    "Mường",
    "Hữu Lũng",
    "Đồng Đăng",
    "Phòng Tổ chức cán bộ",
    "UBND huyện Cao Lộc, ủy viên Ban Thường vụ",
    "Chủ tịch Hội Liên hiệp Phụ nữ",
    "Trưởng phòng",
    "Phó Giám đốc",
    "chuyên viên chính",
    "Đảng viên",
    "Cử nhân Luật",
    "Trung cấp lý luận chính trị",
    "Đặng Thị Huệ",
    "Bùi Quang Vinh",
    "Dương Văn Tuấn",
    "Lý Thị Xuyến",
    "Hoàng Thị Thu Hường",
    "Võ Nguyên Giáp",
    "Huỳnh Tấn Phát",
    "Ngô Thị Nguyệt",
    "Đỗ Mười",
    "Hồ Thị Khuyên",
    "Phạm Ngọc Thạch",
    "Vũ Thị Kim Oanh",
]

_TCVN3_ENCODE = {letter: code for code, letter in legacy._TCVN3_TABLE.items()}


def encode_tcvn3(text: str) -> str:
    """What Excel shows for text typed in a .VnTime font."""
    return "".join(_TCVN3_ENCODE.get(char, char) for char in unicodedata.normalize("NFC", text))


def _vni_encoder() -> dict[str, str]:
    upper = legacy._build_vni_upper()
    encoder = {letter: sequence for sequence, letter in upper.items() if sequence != letter}
    encoder.update({letter.lower(): sequence.lower() for letter, sequence in list(encoder.items())})
    return encoder


_VNI_ENCODE = _vni_encoder()


def encode_vni(text: str) -> str:
    """What Excel shows for text typed in a VNI-Times font."""
    return "".join(_VNI_ENCODE.get(char, char) for char in unicodedata.normalize("NFC", text))


def test_examples_from_the_brief():
    assert detect("NguyÔn V¨n An") == TCVN3
    assert to_unicode("NguyÔn V¨n An", TCVN3) == "Nguyễn Văn An"
    assert to_unicode("Hµ Néi", TCVN3) == "Hà Nội"
    assert detect("Nguyeãn Vaên An") == VNI
    assert to_unicode("Nguyeãn Vaên An", VNI) == "Nguyễn Văn An"


def test_encoders_produce_the_known_forms():
    # Guards the test helpers themselves against being the inverse of a wrong table.
    assert encode_tcvn3("Trường Đặng") == "Tr\xadêng §Æng"
    assert encode_tcvn3("Phạm Thị Hà") == "Ph¹m ThÞ Hµ"
    assert encode_vni("Trường Đặng") == "Tröôøng Ñaëng"
    assert encode_vni("Lý Thị Huệ") == "Lyù Thò Hueä"


@pytest.mark.parametrize("text", WORDS + PHRASES)
def test_tcvn3_round_trip(text):
    encoded = encode_tcvn3(text)
    assert to_unicode(encoded, TCVN3) == text
    if encoded != text:
        assert detect(encoded) in (TCVN3, None)  # None only when the TCVN3 form is itself Unicode


@pytest.mark.parametrize("text", WORDS + PHRASES)
def test_vni_round_trip(text):
    encoded = encode_vni(text)
    assert to_unicode(encoded, VNI) == text
    if encoded != text:
        assert detect(encoded) in (VNI, None)


@pytest.mark.parametrize("text", PHRASES)
def test_phrases_are_detected(text):
    # Every phrase has at least one word whose legacy form is not valid Unicode Vietnamese.
    assert detect(encode_tcvn3(text)) == TCVN3
    assert detect(encode_vni(text)) == VNI


def test_most_single_words_are_detected():
    # A lone word may also be valid Unicode ("Vò" is Vũ in TCVN3, "Hoà" is Hồ in VNI); those stay
    # undetected on their own (the reader then decides by the other cells of the sheet).
    tcvn3 = [word for word in WORDS if encode_tcvn3(word) != word]
    vni = [word for word in WORDS if encode_vni(word) != word]
    tcvn3_found = [word for word in tcvn3 if detect(encode_tcvn3(word)) == TCVN3]
    vni_found = [word for word in vni if detect(encode_vni(word)) == VNI]
    assert len(tcvn3_found) >= 0.8 * len(tcvn3)
    assert len(vni_found) >= 0.8 * len(vni)
    assert detect(encode_tcvn3("Vũ")) is None
    assert converts_cleanly(encode_tcvn3("Vũ"), TCVN3)
    assert not converts_cleanly("Hello", TCVN3)


def test_capitals():
    # ".VnTimeH" or caps lock: the ASCII letters are capitals, the toned letters use lower-case codes.
    assert to_unicode("DANH S¸CH C¸N Bé, C¤NG CHøC", TCVN3) == "DANH SÁCH CÁN BỘ, CÔNG CHỨC"
    assert detect("NGUYÔN V¡N AN") == TCVN3
    assert to_unicode("NGUYÔN V¡N AN", TCVN3) == "NGUYỄN VĂN AN"
    assert to_unicode("NGUYEÃN VAÊN AN", VNI) == "NGUYỄN VĂN AN"
    assert to_unicode("NGUYEãN", VNI) == "NGUYỄN"  # mark typed in the other case


@pytest.mark.parametrize(
    "text",
    [
        *WORDS,
        *PHRASES,
        "Hoà Bình",  # old-style tone placement; "oà" is also VNI for ồ
        "Lê",  # ê is TCVN3 for ờ
        "Tú",  # ú is TCVN3 for ỳ
        "Ngô Hoàng",
        "Hoàng Anh Tuấn",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ],
)
def test_unicode_vietnamese_is_not_legacy(text):
    assert detect(text) is None
    assert detect(unicodedata.normalize("NFD", text)) is None
    assert not looks_legacy(text)


@pytest.mark.parametrize(
    "text",
    ["", "Hello world", "IT", "B2", "Party member since 1999", "José Müller", "Café crème", "Françoise", "«Hoa»"],
)
def test_other_text_is_not_legacy(text):
    assert detect(text) is None
    assert not looks_legacy(text)


@given(st.text(alphabet=string.printable))
def test_ascii_is_never_legacy(text):
    assert detect(text) is None
    assert not looks_legacy(text)


_VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


@given(st.text(alphabet=_VIETNAMESE + _VIETNAMESE.upper() + " -,."))
def test_unicode_with_vietnamese_letters_is_never_legacy(text):
    # Any letter beyond Latin-1 (ă, ơ, ạ, đ ...) proves that the text is Unicode.
    if any(ord(char) > 0xFF for char in text):
        assert detect(text) is None


def test_partly_convertible_text_is_refused():
    # "Hµ" converts, "Nguy¤n" does not (¤ is the capital Ô: "NguyÔn" mixes cases, it is no name).
    assert detect("Nguy¤n Hµ") is None
    assert looks_legacy("Nguy¤n Hµ")


def test_unknown_encoding():
    with pytest.raises(ValueError):
        to_unicode("abc", "viqr")

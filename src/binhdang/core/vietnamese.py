"""Vietnamese text helpers: normalising, accent-folding, name sorting, ethnic groups and dates.

Pure standard library on purpose, so that models, forms, importers and tests can all share one
definition of "the same name" and "the right order" without needing Django.
"""

import datetime
import re
import unicodedata

__all__ = [
    "ETHNIC_GROUPS",
    "ETHNIC_GROUP_NAMES",
    "KINH_CODE",
    "ethnic_group_code",
    "fold",
    "format_date",
    "name_sort_key",
    "normalise",
    "parse_date",
    "split_full_name",
]

# --- Normalising and folding -------------------------------------------------------------------

# Text pasted from Word, Excel or web pages carries non-breaking and zero-width spaces that look
# like ordinary spaces or like nothing at all; left in, they make equal names compare unequal.
_INVISIBLE_SPACES = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark / zero-width no-break space
    }
)

# Legacy fonts and converters (VNI, TCVN3) often produce the look-alikes Ð/ð (Icelandic eth) or
# Ɖ/ɖ (African D) instead of Đ/đ; they are the same letter to a reader, so treat them as đ.
_D_LOOKALIKES = str.maketrans({"ð": "đ", "ɖ": "đ"})


def normalise(text: str | None) -> str:
    """NFC-normalise, turn invisible/non-breaking spaces into plain ones, trim and collapse runs."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE_SPACES))
    # str.split() without arguments splits on every Unicode whitespace character.
    return " ".join(text.split())


def _is_latin_mark(char: str) -> bool:
    # Combining Diacritical Marks block: every Vietnamese tone and vowel mark lives here. Marks of
    # other scripts are kept so that folding never destroys non-Latin text.
    return "\u0300" <= char <= "\u036f"


def fold(text: str | None) -> str:
    """Lower-case, diacritics-free form for accent-insensitive search: "Nguyễn Thị Hà" -> "nguyen thi ha".

    NFD splits every precomposed letter into base + marks whatever form the input came in, so
    NFC and NFD input fold alike; đ (which has no decomposition) is mapped to d explicitly.
    """
    decomposed = unicodedata.normalize("NFD", normalise(text).lower().translate(_D_LOOKALIKES))
    stripped = "".join(char for char in decomposed if not _is_latin_mark(char))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d"))


# --- Sorting names ----------------------------------------------------------------------------

# The Vietnamese alphabet, with f j w z (used only in foreign names) at their Latin positions.
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip

# Two-digit codes whose numeric order is the collation order. Keys are made of ASCII digits only,
# because digits sort identically under byte order and every database collation we may meet.
_END = "00"  # ends a name part, so a prefix ("An") sorts before its extensions ("Anh")
_SPACE = "01"  # a space between words sorts before any letter: "Văn" < "Văn Anh" < "Vănh"
_SYMBOL = "02"  # hyphen, apostrophe, dot and any other non-alphanumeric character
# "10".."19": the ASCII digits 0-9; "20".."52": the letters of _ALPHABET, in order.
_OTHER_LETTER = "99"  # letters and digits of other scripts, after the whole Latin alphabet
_LETTER_CODES = {letter: f"{20 + index:02d}" for index, letter in enumerate(_ALPHABET)}

# Vowel marks make new letters (a ă â are three letters), so they take part in the main order.
_VOWEL_MARKS = {
    ("a", "\u0306"): "ă",  # breve
    ("a", "\u0302"): "â",  # circumflex
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",  # horn
    ("u", "\u031b"): "ư",
}

# Tone marks only break ties, in the traditional order: ngang, huyền, sắc, hỏi, ngã, nặng.
_TONE_DIGITS = {
    "\u0300": "1",  # huyền (grave)
    "\u0301": "2",  # sắc (acute)
    "\u0309": "3",  # hỏi (hook above)
    "\u0303": "4",  # ngã (tilde)
    "\u0323": "5",  # nặng (dot below)
}


def _symbols(text: str) -> list[tuple[str, list[str]]]:
    """Split a name part into (base character, its combining marks), lower-cased.

    Working per NFC character (decomposed on its own) rather than on the NFD string keeps one
    symbol per visible character even for scripts whose NFD splits a character into several
    bases (Hangul), which bounds the key length; marks that did not compose are attached to the
    symbol before them.
    """
    symbols: list[tuple[str, list[str]]] = []
    for char in unicodedata.normalize("NFC", normalise(text).lower().translate(_D_LOOKALIKES)):
        if unicodedata.combining(char):
            if symbols:  # a mark with no letter to sit on (only at the very start) is dropped
                symbols[-1][1].extend(unicodedata.normalize("NFD", char))
            continue
        decomposed = unicodedata.normalize("NFD", char)
        symbols.append((decomposed[0], list(decomposed[1:])))
    return symbols


def _encode(text: str) -> tuple[str, str]:
    """Return (letter codes, tone digits) of one name part.

    Every symbol adds exactly two digits to the letter codes, and every Latin letter exactly one
    digit to the tones, so two parts with equal letter codes always have tone strings of equal
    length; that is what makes the tone digits a pure tie-breaker.
    """
    codes: list[str] = []
    tones: list[str] = []
    for base, marks in _symbols(text):
        letter = base
        for mark in marks:
            if (letter, mark) in _VOWEL_MARKS:
                letter = _VOWEL_MARKS[letter, mark]
                break
        if letter in _LETTER_CODES:
            codes.append(_LETTER_CODES[letter])
            # The first tone mark wins; marks foreign to Vietnamese (ü, ç, ñ) are ignored.
            tones.append(next((_TONE_DIGITS[mark] for mark in marks if mark in _TONE_DIGITS), "0"))
        elif "0" <= base <= "9":
            codes.append(f"1{base}")
        elif base == " ":
            codes.append(_SPACE)
        elif base.isalnum():
            codes.append(_OTHER_LETTER)
        else:
            codes.append(_SYMBOL)
    return "".join(codes), "".join(tones)


def name_sort_key(family_and_middle: str, given: str) -> str:
    """A digits-only key that puts people in Vietnamese order when sorted as plain strings.

    Order: the given name, then the family and middle name, letter by letter in the Vietnamese
    alphabet (a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư), case-insensitively; only when all letters
    of both parts are equal do tone marks decide (none < huyền < sắc < hỏi < ngã < nặng).
    The key is at most 3 digits per character of the two normalised parts, plus 4.
    """
    given_codes, given_tones = _encode(given)
    family_codes, family_tones = _encode(family_and_middle)
    return f"{given_codes}{_END}{family_codes}{_END}{given_tones}{family_tones}"


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split "Nguyễn Thị Hà" into ("Nguyễn Thị", "Hà"): a Vietnamese given name is the last word."""
    family_and_middle, _, given = normalise(full_name).rpartition(" ")
    return family_and_middle, given


# --- Ethnic groups ----------------------------------------------------------------------------

KINH_CODE = "01"

# The 54 ethnic groups with the two-digit codes of Quyết định 1019/QĐ-TCTK (12/11/2008), the list
# of the 2009 and 2019 censuses: Kinh 01, Tày 02, Thái 03, Mường 04, Khơ-me 05, Hoa 06, Nùng 07 ...
# Ơ Đu 54. Beware: the older list of Quyết định 121-TCTK/PPCĐ (1979), still used by some sector
# systems, numbers the same groups differently (04 Hoa, 05 Khơ-me, 06 Mường, ...), so codes in
# data from another source must be translated by name (ethnic_group_code), never copied as numbers.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Mường"),
    ("05", "Khơ-me"),
    ("06", "Hoa"),
    ("07", "Nùng"),
    ("08", "HMông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ê-đê"),
    ("12", "Ba-na"),
    ("13", "Sán Chay"),
    ("14", "Chăm"),
    ("15", "Cơ-ho"),
    ("16", "Xơ-Đăng"),
    ("17", "Sán Dìu"),
    ("18", "Hrê"),
    ("19", "Ra-glai"),
    ("20", "Mnông"),
    ("21", "Thổ"),
    ("22", "Xtiêng"),
    ("23", "Khơ-mú"),
    ("24", "Bru-Vân Kiều"),
    ("25", "Cơ-tu"),
    ("26", "Giáy"),
    ("27", "Tà-ôi"),
    ("28", "Mạ"),
    ("29", "Gié-Triêng"),
    ("30", "Co"),
    ("31", "Chơ-ro"),
    ("32", "Xinh-mun"),
    ("33", "Hà Nhì"),
    ("34", "Chu-ru"),
    ("35", "Lào"),
    ("36", "La Chí"),
    ("37", "Kháng"),
    ("38", "Phù Lá"),
    ("39", "La Hủ"),
    ("40", "La Ha"),
    ("41", "Pà Thẻn"),
    ("42", "Lự"),
    ("43", "Ngái"),
    ("44", "Chứt"),
    ("45", "Lô Lô"),
    ("46", "Mảng"),
    ("47", "Co Lao"),
    ("48", "Bố Y"),
    ("49", "Cống"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Rơ-măm"),
    ("53", "Brâu"),
    ("54", "Ơ Đu"),
)

ETHNIC_GROUP_NAMES: dict[str, str] = dict(ETHNIC_GROUPS)

# Other spellings met in forms and spreadsheets. Spellings that differ from the official name only
# in case, diacritics, hyphens, apostrophes or spaces ("Ê Đê", "H'Mông", "M'Nông") need no entry.
# Names that are ambiguous (Thổ is also an old name of the Tày) map to the group that bears them.
_ETHNIC_ALIASES: dict[str, tuple[str, ...]] = {
    "01": ("Việt", "Kinh (Việt)"),
    "06": ("Hán",),
    "05": ("Khmer", "Khmer Krôm", "Khơ-me Krôm"),
    "08": ("Mông", "Hmong", "Mèo"),
    "10": ("Jrai", "Jarai", "Giơ-rai"),
    "11": ("Ede", "Rhade", "Ra-đê"),
    "12": ("Bahnar",),
    "16": ("Sedang", "Xê Đăng"),
    "13": ("Cao Lan", "Sán Chỉ", "Cao Lan-Sán Chỉ"),
    "15": ("K'Ho", "Koho"),
    "20": ("Mơ Nông",),
    "19": ("Raglay", "Roglai"),
    "22": ("Stiêng",),
    "24": ("Bru", "Vân Kiều"),
    "25": ("Katu", "Ca Tu"),
    "29": ("Giẻ", "Triêng"),
    "23": ("Khmu",),
    "30": ("Cor",),
    "27": ("Pa Kô",),
    "31": ("Châu Ro",),
    "34": ("Churu",),
    "53": ("Brao",),
}

_ETHNIC_PREFIX = re.compile(r"^(?:dan toc|nguoi)\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def _ethnic_key(text: str) -> str:
    # Folded, without "dân tộc"/"người" and without anything but ASCII letters and digits, so
    # "Bru - Vân Kiều", "bru-van kieu" and "BRU VÂN KIỀU" all become "bruvankieu".
    return _NOT_ALNUM.sub("", _ETHNIC_PREFIX.sub("", fold(text)))


def _build_ethnic_lookup() -> dict[str, str]:
    lookup = {_ethnic_key(name): code for code, name in ETHNIC_GROUPS}
    for code, aliases in _ETHNIC_ALIASES.items():
        for alias in aliases:
            # Official names win over aliases; the tests check that no alias is shadowed.
            lookup.setdefault(_ethnic_key(alias), code)
    return lookup


_ETHNIC_LOOKUP = _build_ethnic_lookup()


def ethnic_group_code(name: str) -> str | None:
    """The two-digit code of an ethnic group named in any usual spelling, or None if unknown.

    Matching ignores case, diacritics, hyphens, apostrophes and spaces. A parenthesised gloss, as
    in "Kinh (Việt)" or "Hoa (Hán)", is tried with the whole name, then without it, then alone.
    """
    folded = fold(name)
    candidates = [folded]
    if "(" in folded:
        candidates.append(_PARENTHESISED.sub(" ", folded))
        candidates.extend(_PARENTHESISED.findall(folded))
    for candidate in candidates:
        key = _ethnic_key(candidate)
        if key in _ETHNIC_LOOKUP:
            return _ETHNIC_LOOKUP[key]
    return None


# --- Dates ------------------------------------------------------------------------------------

# Day first, as Vietnamese documents write it; the separator must be the same twice.
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def format_date(d: datetime.date | None) -> str:
    """dd/mm/yyyy with leading zeros, the form of Vietnamese official documents; "" for None."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def parse_date(text: str) -> datetime.date | None:
    """Read dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd; None if not a real date."""
    if not isinstance(text, str):
        return None  # spreadsheet cells may hand us numbers or None: not a date string
    text = normalise(text)
    if match := _DMY.fullmatch(text):
        day, month, year = match.group(1), match.group(3), match.group(4)
    elif match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:  # 31/02/2020, 00/01/2020, year 0000 ...
        return None

"""Detect and convert the legacy Vietnamese encodings found in old Excel files: TCVN3 (ABC) and VNI.

Before Unicode, Vietnamese offices typed with 8-bit fonts: ".VnTime" (TCVN3, also called ABC) and
"VNI-Times" (VNI). Excel stores the bytes typed in those fonts as the Windows-1252 characters of the
same codes, so a cell that looked like "Nguyễn Văn An" on the typist's screen reaches us as
"NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI).

Sources of the tables:

* TCVN3: TCVN 5712:1993, as transcribed in the X11 TCVN-5712 tables (X-TrueType ``TCVNtoUCS2.c``,
  XFree86 ``lcUniConv/tcvn.h``). Only the part of the standard used by the ABC ".VnTime" fonts is
  kept: the seven capitals Ă Â Ê Ô Ơ Ư Đ (0xA1-0xA7) and the lower-case letters (0xA8-0xAE,
  0xB5-0xFE). The standard's extra capitals with tone marks (0x80-0x9F, 0xC0-0xC5, ...) are left
  out on purpose: ABC fonts never produce them (capitals come from the ".VnTimeH" fonts, which use
  the lower-case codes), and they would collide with ordinary accented Latin capitals such as À.
* VNI: the VNI-Windows font layout (as in xvnkb's ``vni.h`` keyboard table): a base letter followed
  by one mark character (aù = á, aâ = â, aá = ấ, aê = ă, aé = ắ ...), plus single characters for
  ơ (ô), ư (ö), đ (ñ), the toned i (í ì æ ó ò) and ỵ (î).

Detection is deliberately conservative: a text is called legacy only if it is not already valid
Unicode Vietnamese (or plain ASCII), and exactly one of the two conversions turns every non-ASCII
word into a well-formed Vietnamese syllable. "Hoà", "Lê", "José" or "Café" therefore stay as they
are; a text that looks converted but is ambiguous gives None from detect() and True from
looks_legacy(), so that the caller can refuse it instead of guessing.
"""

import re
import unicodedata

__all__ = ["TCVN3", "VNI", "converts_cleanly", "detect", "looks_legacy", "to_unicode"]

TCVN3 = "tcvn3"
VNI = "vni"

# --- TCVN3 (ABC) ------------------------------------------------------------------------------

_TCVN3_CODES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# Bytes 0xA0-0xFF are the same characters in Windows-1252 and Latin-1, so chr(code) is what Excel shows.
_TCVN3_TABLE: dict[str, str] = {chr(code): letter for code, letter in _TCVN3_CODES.items()}
_TCVN3_TRANSLATION = str.maketrans(_TCVN3_TABLE)

# --- VNI --------------------------------------------------------------------------------------

_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE_MARKS = ("Ù", "Ø", "Û", "Õ", "Ï")  # the same tones, in VNI, after a vowel
_VNI_CIRCUMFLEX_MARKS = ("Â", "Á", "À", "Å", "Ã", "Ä")  # ^ alone, then ^ with each tone
_VNI_BREVE_MARKS = ("Ê", "É", "È", "Ú", "Ü", "Ë")  # breve alone, then with each tone


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _build_vni_upper() -> dict[str, str]:
    """VNI sequence -> Unicode letter, for capitals (the lower-case table is its .lower())."""
    table: dict[str, str] = {}
    for base in "AEOUY":
        for tone, mark in zip(_TONES, _VNI_TONE_MARKS, strict=True):
            table[base + mark] = _compose(base, tone)
    for base in "AEO":
        for tone, mark in zip(("", *_TONES), _VNI_CIRCUMFLEX_MARKS, strict=True):
            table[base + mark] = _compose(base, "\u0302", tone)
    for tone, mark in zip(("", *_TONES), _VNI_BREVE_MARKS, strict=True):
        table["A" + mark] = _compose("A", "\u0306", tone)
    for single, base in (("Ô", "Ơ"), ("Ö", "Ư")):
        table[single] = base
        for tone, mark in zip(_TONES, _VNI_TONE_MARKS, strict=True):
            table[single + mark] = _compose(base, tone)
    for tone, single in zip(_TONES, ("Í", "Ì", "Æ", "Ó", "Ò"), strict=True):
        table[single] = _compose("I", tone)
    table["Î"] = "Ỵ"
    table["Ñ"] = "Đ"
    del table["YÏ"]  # ỵ is the single character Î, never Y followed by a dot
    return table


_VNI_MIXED_CASE: dict[str, str] = {}


def _build_vni_table() -> dict[str, str]:
    upper = _build_vni_upper()
    table: dict[str, str] = {}
    for sequence, letter in upper.items():
        table[sequence] = letter
        table[sequence.lower()] = letter.lower()
        if len(sequence) == 2:
            # Typists mix cases between the letter and its mark ("Eã", "eÃ"): the letter decides.
            _VNI_MIXED_CASE[sequence[0] + sequence[1].lower()] = letter
            _VNI_MIXED_CASE[sequence[0].lower() + sequence[1]] = letter.lower()
    table.update(_VNI_MIXED_CASE)
    # Í and Ì stand for themselves in VNI too; keeping them out leaves them untouched.
    return {sequence: letter for sequence, letter in table.items() if sequence != letter}


_VNI_TABLE = _build_vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(_VNI_TABLE, key=len, reverse=True)))
_VNI_CHARS = frozenset("".join(_VNI_TABLE))

# --- Vietnamese syllables ---------------------------------------------------------------------

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|kr|br|dr|pr|bl|pl|b|c|d|đ|f|g|h|j|k|l|m|n|p|r|s|t|v|w|x|z"
_OPEN_NUCLEI = "iêu|oai|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|yêu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uơ|y"
_CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ|oă|uâ|oo|ă|â"
_FREE_NUCLEI = "oa|oe|uê|uy|a|e|ê|i|o|ô|ơ|u|ư"
_CODAS = "ch|ng|nh|c|k|m|n|p|t"
_SYLLABLE = re.compile(
    rf"(?:{_ONSETS})?"
    rf"(?:(?P<open>{_OPEN_NUCLEI})|(?P<closed>{_CLOSED_NUCLEI})(?:{_CODAS})|(?P<free>{_FREE_NUCLEI})(?P<coda>{_CODAS})?)"
)
_TONE_MARKS = frozenset(_TONES)
_MARKED_VOWELS = "ăâêôơư"
_EITHER_STYLE = frozenset({"oa", "oe", "uy", "uê"})  # hòa/hoà, thúy/thuý: old and new placement


def _tone_positions(nucleus: str, has_coda: bool) -> set[int]:
    """Where in the nucleus a tone mark may sit, in old-style or new-style Vietnamese spelling."""
    if "ươ" in nucleus:
        return {nucleus.index("ươ") + 1}
    marked = {index for index, char in enumerate(nucleus) if char in _MARKED_VOWELS}
    if marked:
        return marked
    if len(nucleus) == 1:
        return {0}
    if len(nucleus) == 3:
        return {1}
    if nucleus in _EITHER_STYLE:
        return {0, 1}
    return {1} if has_coda else {0}


def _is_syllable(word: str) -> bool:
    """True if word is one well-formed Vietnamese syllable, in lower, upper or title case."""
    if word not in (word.lower(), word.upper(), word[:1].upper() + word[1:].lower()):
        return False
    letters: list[str] = []
    tone_at: int | None = None
    for char in word.lower():
        decomposed = unicodedata.normalize("NFD", char)
        tones = [mark for mark in decomposed if mark in _TONE_MARKS]
        if len(tones) > 1 or (tones and tone_at is not None):
            return False
        if tones:
            tone_at = len(letters)
        letters.append(unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS)))
    match = _SYLLABLE.fullmatch("".join(letters))
    if match is None:
        return False
    if tone_at is None:
        return True
    group = next(name for name in ("open", "closed", "free") if match.group(name))
    start = match.start(group)
    has_coda = group == "closed" or bool(match.group("coda"))
    return tone_at - start in _tone_positions(match.group(group), has_coda)


# Words are runs of letters and of the symbols that TCVN3 uses as letters (¨ µ ¸ « ...).
_LEGACY_CHARS = frozenset(_TCVN3_TABLE) | _VNI_CHARS


def _words(text: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalpha() or char in _LEGACY_CHARS or unicodedata.combining(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _all_syllables(text: str) -> bool:
    """True if every word with a non-ASCII character is a Vietnamese syllable."""
    return all(word.isascii() or _is_syllable(word) for word in _words(text))


def _convert_tcvn3(text: str) -> str:
    converted = text.translate(_TCVN3_TRANSLATION)
    # Capitals with tone marks do not exist in ABC fonts: a text typed in capitals (".VnTimeH", or
    # caps lock) carries lower-case codes for them. Two or more ASCII letters, all capitals, say so.
    ascii_letters = [char for char in text if char.isascii() and char.isalpha()]
    if len(ascii_letters) >= 2 and all(char.isupper() for char in ascii_letters):
        return converted.upper()
    return converted


def _convert_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: _VNI_TABLE[match.group(0)], text)


_CONVERTERS = {TCVN3: _convert_tcvn3, VNI: _convert_vni}


def _only_latin1(text: str) -> bool:
    # Legacy text is made of Windows-1252 characters; any letter beyond it (ă, ơ, ạ, Đ ...) or any
    # combining mark means the text is real Unicode. Typographic punctuation (– “ ” …) is allowed.
    return all(ord(char) < 0x100 or not (char.isalpha() or unicodedata.combining(char)) for char in text)


def _candidates(text: str) -> tuple[bool, list[str], list[str]]:
    """(is it Unicode/ASCII as it stands, encodings that convert it fully, that convert some words)."""
    if text.isascii() or not _only_latin1(text):
        return True, [], []
    if _all_syllables(text):
        return True, [], []
    full: list[str] = []
    partial: list[str] = []
    for encoding, convert in _CONVERTERS.items():
        converted = convert(text)
        if converted == text:
            continue
        if _all_syllables(converted):
            full.append(encoding)
        elif any(not word.isascii() and _is_syllable(word) for word in _words(converted)):
            partial.append(encoding)
    if len(full) > 1 and any(match.group(0) in _VNI_MIXED_CASE for match in _VNI_PATTERN.finditer(text)):
        full.remove(VNI)  # a VNI reading that needs mixed-case marks ("yÕ") loses to a clean one
    return False, full, partial


def detect(text: str) -> str | None:
    """Return "tcvn3" or "vni" if text is confidently in that legacy encoding, else None.

    None covers plain ASCII, ordinary Unicode Vietnamese (NFC or NFD) and other Latin text, and
    also text that looks legacy but converts ambiguously or badly (see looks_legacy).
    """
    if not text:
        return None
    is_unicode, full, _partial = _candidates(text)
    if is_unicode or len(full) != 1:
        return None
    return full[0]


def looks_legacy(text: str) -> bool:
    """True if text seems to be legacy-encoded but detect() cannot name the encoding confidently.

    Such a text must not be imported as it stands; the caller should ask the user to convert the
    file (for example with Unikey's converter) and upload it again.
    """
    if not text:
        return False
    is_unicode, full, partial = _candidates(text)
    return not is_unicode and (len(full) > 1 or (not full and bool(partial)))


def converts_cleanly(text: str, encoding: str) -> bool:
    """True if converting text from encoding changes it into well-formed Vietnamese words only.

    For callers that know the encoding of a whole sheet: a short cell such as "Vò" (Vũ in TCVN3)
    is also valid Unicode, so detect() leaves it alone, but it should follow its neighbours.
    """
    if not text or not _only_latin1(text):
        return False
    converted = _CONVERTERS[encoding](text)
    return converted != text and _all_syllables(converted)


def to_unicode(text: str, encoding: str) -> str:
    """Convert text from the legacy encoding "tcvn3" or "vni" to NFC Unicode."""
    try:
        convert = _CONVERTERS[encoding]
    except KeyError:
        raise ValueError(f"Unknown legacy encoding: {encoding!r}") from None
    return unicodedata.normalize("NFC", convert(text))

"""The cleaning pass: raw text (from a .txt/.md file, a Word document or a PDF) -> clean lines.

Every later step works on `Line`s: the text as printed (markdown removed, spaces collapsed, NFC) and
a folded twin of exactly the same length (lower case, no diacritics, đ -> d), so that a regular
expression written in plain ASCII ("ke\\s*hoach") finds "KẾ HOẠCH", "Kế hoạch" and "KẾHOẠCH", and the
match positions cut the printed text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from binhdang.core.vietnamese import fold

__all__ = ["Line", "clean_lines", "fold_same_length", "lower_same_length", "strip_markdown"]


@dataclass(frozen=True)
class Line:
    text: str
    folded: str


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    folded = fold(char)
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold_same_length(text: str) -> str:
    """fold() one character at a time, so that position i of the result is character i of `text`."""
    return "".join(_fold_char(char) for char in text)


def lower_same_length(text: str) -> str:
    """Lower case that keeps diacritics ("có" and "cơ" stay apart) and the length of `text`."""
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


# Spaces that look like spaces (or like nothing) in Word, PDF and web text.
_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\v": "\n",
        "\f": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen: Word's optional line-break point, invisible when not at a line end
    }
)
_HEADING_MARK = re.compile(r"^\s*(?:>\s*)*#{1,6}(?=\s|\*|$)\s*")
_BULLET = re.compile(r"^\s*[*+•●○▪∙◦]\s+")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,300}\)")
_LINK = re.compile(r"\[([^\]\n]{0,300})\]\([^)\n]{0,300}\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# "**bold**", "***Nơi nhận:***", "__bold__" (a run of underscores is matched once, from its start).
_EMPHASIS = re.compile(r"\*++|(?<![\w])__(?=[^\s_])|(?<=[^\s_])__(?![\w])")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|br|p|div|sup|sub)\b[^<>\n]{0,200}>", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_DECORATION = re.compile(r"^[-_=*~.·…–—•\s]{3,}$")
# A page number alone on its line: "3", "- 3 -", "Trang 3", "3/12".
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–—]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–—]?$")
_SPACE_RUN = re.compile(r" {2,}")
# A lettered item "a)", "đ)" or "- a)": a new item even when it starts in lower case.
_LETTER_START = re.compile(r"^(?:[-–]\s*)?[a-zđ]\s*\)")
_ENDS_SENTENCE = re.compile(r"[.!?]$")
# Rests of a table cut into lines by a web page or a converter: a lone "|" or one at either end.
_EDGE_PIPES = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")
# A header field broken after its label: "Số:" / "1782/QĐ-UBND", "Đông Hà, ngày" / "20 tháng 4 năm 2010",
# "... tháng 07 năm" / "2021" (a narrow table column in a PDF).
_BROKEN_FIELD = re.compile(r"(?:(?<![^\W\d_])(?:so\s?:|ngay|thang|nam))$")
_FIELD_REST = re.compile(r"^[\d/]")


def strip_markdown(line: str) -> str:
    """One line without markdown: headings, emphasis, escapes, links, bullets, table pipes."""
    line = _HEADING_MARK.sub("", line)
    line = _BULLET.sub("- ", line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _TAG.sub(" ", line)
    # Escaped characters are shielded from the emphasis pass, then put back.
    line = _ESCAPE.sub(lambda match: "\x00" + match.group(1), line)
    line = _EMPHASIS.sub("", line)
    line = re.sub(r"\x00(.)", r"\1", line)
    line = _HEADING_MARK.sub("", line)  # "**## I. MỤC TIÊU**": a heading mark inside the emphasis
    if line.strip().startswith("|") and line.strip().endswith("|"):
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line


# Words that PDF extraction glues to the next word: "ngày06 tháng9 năm2021", "Số:662", "KẾHOẠCH", "Nơinhận".
_GLUED_NUMBER = re.compile(r"(?<![^\W\d_])(ngày|tháng|năm|số|Số|Ngày|NGÀY|SỐ)(?=\d)")
_GLUED_COLON = re.compile(r"(?<![^\W\d_])(Số|SỐ|số)\s?:(?=[^\s/])")
_GLUED_WORDS = [
    (re.compile(r"(?<![^\W\d_])KẾHOẠCH"), "KẾ HOẠCH"),
    (re.compile(r"(?<![^\W\d_])(N)ơinhận", re.IGNORECASE), r"\1ơi nhận"),
    (re.compile(r"(?<![^\W\d_])(N)ƠINHẬN"), r"\1ƠI NHẬN"),
]


def _unglue(line: str) -> str:
    line = _GLUED_NUMBER.sub(r"\1 ", line)
    line = _GLUED_COLON.sub(r"\1: ", line)
    for pattern, replacement in _GLUED_WORDS:
        line = pattern.sub(replacement, line)
    return line


def _normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    return unicodedata.normalize("NFC", text)


def _is_noise(line: str, folded: str) -> bool:
    return bool(_DECORATION.match(line) or _TABLE_RULE.match(line) or _PAGE_NUMBER.match(folded))


def _split_glued_title(line: str) -> list[str]:
    """ "PHÓ CHỦ TỊCHSơn Thị Ánh Hồng": a converter glued a line in capitals to the name below it."""
    for index in range(2, len(line) - 1):
        capitals_then_name = line[index].isupper() and line[index + 1].islower()
        if capitals_then_name and line[index - 1].isupper() and line[index - 2].isupper():
            head = line[:index]
            letters = [char for char in head if char.isalpha()]
            if len(letters) >= 4 and all(char.isupper() for char in letters) and " " in head:
                return [head, line[index:]]
            return [line]
    return [line]


def clean_lines(text: str) -> list[Line]:
    """The document as clean, non-empty lines; a line broken in the middle of a sentence is mended.

    A line is taken as the continuation of the one before when it starts with a lower-case letter
    (and is not a lettered item "b)") and the one before does not end a sentence: Vietnamese
    sentences, headings and list items start with a capital, so a lower-case start is a line that
    a converter or a careless paste broke ("... hướng tới thực hiện cam kết" / "đạt mục tiêu ...").
    """
    lines: list[list[str]] = []  # each line as its parts, joined once at the end
    raws = [part for raw in _normalise_text(text).split("\n") for part in _split_glued_title(raw)]
    for raw in raws:
        line = _EDGE_PIPES.sub("", _SPACE_RUN.sub(" ", _unglue(strip_markdown(raw))).strip()).strip()
        if not line:
            continue
        folded = fold_same_length(line)
        if _is_noise(line, folded):
            continue
        first = line[0]
        if lines and _FIELD_REST.match(line) and _BROKEN_FIELD.search(fold_same_length(lines[-1][-1])):
            lines[-1].append(line)
            continue
        if (
            lines
            and first.isalpha()
            and first.islower()
            and not _LETTER_START.match(line)
            and not _ENDS_SENTENCE.search(lines[-1][-1])
        ):
            lines[-1].append(line)
            continue
        lines.append([line])
    joined = [" ".join(parts) for parts in lines]
    return [Line(line, fold_same_length(line)) for line in joined]

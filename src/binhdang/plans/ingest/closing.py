"""The end of the document: the recipients ("Nơi nhận:") and the signature block."""

from __future__ import annotations

import re

from binhdang.plans.ingest.text import Line, fold_same_length

__all__ = ["find_recipients", "find_signer", "recipients_start", "signature_lines"]

_RECIPIENTS = re.compile(r"^noi\s?nhan\s?:?\s*")
_ITEM = re.compile(r"^[-–+•]\s*")
_FILED = re.compile(r"^luu\s?:?")
# "(Đã ký)", "(Ký tên, đóng dấu)", "Đã ký": a note in place of the handwritten signature.
_SIGNED = re.compile(r"^\(\s?(?:da ky|ky|chu ky|dong dau)\b[^()]{0,40}\)$|^da ky\.?$")
# Words of a signer's title lines ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC", "PHÓ CHỦ TỊCH", "TRƯỞNG BAN").
_TITLE_WORDS = re.compile(
    r"^(?:kt|tm|tl|tuq|q|ktl)\s?\.|\b(?:giam doc|chu tich|truong ban|pho ban|truong phong|thu truong|bi thu|"
    r"chanh van phong|vien truong|hieu truong|cuc truong|tong cuc truong|bo truong|thu ky|pho|truong)\b"
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)?$")


def recipients_start(lines: list[Line], start: int) -> int | None:
    """The line of the last "Nơi nhận:" at or after `start`."""
    found = None
    for index in range(start, len(lines)):
        if _RECIPIENTS.match(lines[index].folded):
            found = index
    return found


def _tidy(item: str) -> str:
    return item.strip().rstrip(";.,").strip()


def find_recipients(lines: list[Line], at: int | None) -> list[str]:
    """The recipients in order, without the filing line "Lưu: ..."."""
    if at is None:
        return []
    recipients: list[str] = []
    first = lines[at]
    rest = first.text[_RECIPIENTS.match(first.folded).end() :].strip()  # type: ignore[union-attr]
    candidates = [rest] if rest else []
    index = at + 1
    while index < len(lines):
        text = lines[index].text
        if not _ITEM.match(text) and not _FILED.match(lines[index].folded):
            # A PDF that prints the signature beside the recipients may put its lines among them.
            following = index
            while following < len(lines) and following - index < 8 and _is_signature_line(lines[following]):
                following += 1
            if following > index and following < len(lines) and _ITEM.match(lines[following].text):
                index = following
                continue
            break
        candidates.append(text)
        index += 1
    for candidate in candidates:
        item = _ITEM.sub("", candidate)
        if not item or _FILED.match(fold_same_length(item)):
            continue
        item = _tidy(item)
        if item:
            recipients.append(item)
    return recipients


def _is_signature_line(line: Line) -> bool:
    text = line.text
    return bool(_SIGNED.match(line.folded)) or _is_name(text) or (_is_upper(text) and len(text) <= 80)


def signature_lines(lines: list[Line], at: int) -> list[Line]:
    """The lines after "Nơi nhận:" that are not recipients: where the signature block is."""
    return [line for line in lines[at + 1 :] if not _ITEM.match(line.text) and not _FILED.match(line.folded)]


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 50:
        return False
    return all(_NAME_WORD.match(word) and word[0].isupper() for word in words)


def _is_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def find_signer(lines: list[Line], start: int, end: int, last: bool = False) -> tuple[dict | None, int | None]:
    """{"name", "title"} from the first (or `last`) signature block in lines[start:end]: title lines in
    capitals ("KT. CHỦ TỊCH"), then the name; "(Đã ký)" is dropped. Also returns the index of the name's line."""
    found: tuple[dict | None, int | None] = (None, None)
    index = start
    while index < end:
        titles: list[str] = []
        position = index
        while position < end:
            line = lines[position]
            if _SIGNED.match(line.folded):
                position += 1
                continue
            if _is_upper(line.text) and len(line.text) <= 80 and (titles or _TITLE_WORDS.search(line.folded)):
                if _is_name(line.text.title()) and titles and not _TITLE_WORDS.search(line.folded):
                    # A name printed in capitals ends the block.
                    found = {"name": line.text, "title": "\n".join(titles)}, position
                    break
                titles.append(line.text)
                position += 1
                continue
            if titles and position < end and _is_name(line.text):
                found = {"name": line.text, "title": "\n".join(titles)}, position
            break
        if found[0] is not None and not last:
            return found
        index = max(position, index) + 1
    return found

"""The document's header and preamble: number, place and date, issuer, title, legal bases, period.

A web page that shows a plan often lists other documents first ("Số: 12/QĐ-UBND ..."), with menus and
breadcrumbs; the real header is the "Số:" that is followed by the place and date and the "KẾ HOẠCH"
heading, so the heading is found first and the header is read backwards from it.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from binhdang.plans.ingest.text import Line, fold_same_length

__all__ = ["Header", "find_header", "legal_bases", "normalise_number", "parse_day", "period_of", "preamble_issuer"]

# --- Small readers ----------------------------------------------------------------------------------

# A document number: "662/KH-SNgV", "/KH-SKHCN", "822 / QĐ - BYT", "21-CT/TW" (no nested repetition
# that could backtrack: every round of the group consumes a separator).
_NUMBER = re.compile(r"[\w&.]*(?:\s?[/-]\s?[\w&.]+)+")
_NUMBER_SPACES = re.compile(r"\s*([/-])\s*")
_SO = re.compile(r"^so\s?:?\s?(?=[\w/])")
_DATE = re.compile(
    r"ngay\s?(?P<d>\d{1,2})?[\s.…_/]{0,12}?thang\s?(?P<m>\d{1,2})?[\s.…_/]{0,12}?nam\s?(?P<y>\d{4})(?!\d)"
)
_PLACE_DATE = re.compile(r"(?:^|(?<=\s))(?P<place>[^\W\d][^,\d]{1,40}?)\s?,\s?(?=ngay\s?[\d.…_ ]{0,12}thang)")
_HEADING = re.compile(r"^ke\s?hoach\b\s*[:.]?\s*")
_SECTION_START = re.compile(r"^(?:[ivx]{1,5}\s*[.)/:-]|\d{1,2}\s*[.)]\s|phan\s+[ivx1-9])")
_BODY_START = re.compile(r"^(?:can cu|thuc hien|de|nham|theo|tren co so|trien khai thuc hien|noi\s?nhan)\b")
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s?-\s?tu do\s?-\s?hanh phuc|dang cong san viet nam")
# The first words of an agency's name in a header block ("UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ").
_AGENCY = re.compile(
    r"^(?:ubnd|uy ban|hdnd|hoi dong|so|ban|bo|tong cuc|cuc|chi cuc|phong|trung tam|vien|truong|benh vien|"
    r"hoi|cong doan|tinh uy|huyen uy|thanh uy|thi uy|dang uy|dang bo|van phong|thanh tra|kho bac|cong an|"
    r"bao|dai|doan|mat tran|ubmttq|chi bo|quan uy|chinh phu|thu tuong|quoc hoi)\b"
)
_MOTTO_TEXT = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc")


def normalise_number(printed: str) -> str:
    """The number without spaces around "/" and "-": "822 / QĐ - BYT" -> "822/QĐ-BYT"."""
    return _NUMBER_SPACES.sub(r"\1", printed.strip()).strip(" .,;")


def parse_day(day: str | None, month: str | None, year: str | None) -> str | None:
    """ISO date "2021-09-06", "2022-05" (day blank), "2021" (day and month blank), or None if not a date."""
    if not year:
        return None
    try:
        if day and month:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        if month and not day:
            if 1 <= int(month) <= 12:
                return f"{int(year):04d}-{int(month):02d}"
            return None
    except ValueError:
        return None
    if day and not month:
        return None
    return f"{int(year):04d}"


def _is_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


# --- The header -----------------------------------------------------------------------------------


@dataclass
class Header:
    number: str | None = None
    number_as_printed: str | None = None
    date: str | None = None
    place: str | None = None
    issuer: str | None = None  # as printed in the header block; the caller prefers the preamble's spelling
    title: str | None = None
    heading_index: int | None = None  # the "KẾ HOẠCH" line
    top: int | None = None  # the first line of the number and the place-date
    body_start: int = 0  # the first line after the title (or after the header when there is no title)


def _heading_candidates(lines: list[Line]) -> list[int]:
    found = []
    for index, line in enumerate(lines):
        match = _HEADING.match(line.folded)
        if match and _is_upper(line.text[: match.end()]):
            found.append(index)
    return found


def _number_on(line: Line) -> tuple[str, int] | None:
    """The number printed after "Số:" at the start of the line, and where it ends."""
    match = _SO.match(line.folded)
    if match is None:
        return None
    number = _NUMBER.match(line.text, match.end())
    if number is None or not any(char in number.group() for char in "/-"):
        return None
    printed = number.group().rstrip(".")
    if not re.search(r"\w", printed):
        return None
    return printed, number.start() + len(printed)


def _date_on(line: Line, start: int = 0) -> tuple[str | None, str | None] | None:
    """(ISO date, place) of a "Hà Tĩnh, ngày 06 tháng 9 năm 2021" line; None if the line has no such date."""
    match = _DATE.search(line.folded, start)
    if match is None:
        return None
    place = None
    before = _PLACE_DATE.search(line.folded, start, match.end())
    if before and before.end() <= match.start() + 1:
        place = line.text[before.start("place") : before.end("place")].strip(" ,")
        if not place[:1].isupper() or len(place.split()) > 6:
            place = None
    return parse_day(match.group("d"), match.group("m"), match.group("y")), place


_BASIS_NEAR = re.compile(r"^(?:can cu|thuc hien)\b")


def _any_between(sorted_indexes: list[int], low: int, high: int) -> bool:
    """Whether some index i of the sorted list has low <= i < high."""
    position = bisect.bisect_left(sorted_indexes, low)
    return position < len(sorted_indexes) and sorted_indexes[position] < high


def _heading_score(lines: list[Line], candidate: int, header_lines: list[int], candidates: list[int]) -> int:
    """How much a "KẾ HOẠCH" line looks like the document's heading rather than a menu entry: a number or a
    place and date just above it, a legal basis just below it (before any other "KẾ HOẠCH" line), a roman
    section further down."""
    score = 0
    if _any_between(header_lines, candidate - 12, candidate):
        score += 2
    position = bisect.bisect_right(candidates, candidate)
    following = candidates[position] if position < len(candidates) else len(lines)
    below = lines[candidate + 1 : min(candidate + 8, following)]
    if any(_BASIS_NEAR.match(line.folded) for line in below):
        score += 1
    if any(re.match(r"^i\s?[.)]", line.folded) for line in lines[candidate + 1 : candidate + 40]):
        score += 1
    return score


def _is_header_like(line: Line) -> bool:
    return _is_upper(line.text) or bool(_MOTTO.search(line.folded))


def _is_header_number(lines: list[Line], index: int, dated: list[int], heading: int | None) -> bool:
    """A "Số:" line is the document's number when the place and date follow it (or share its line, or
    sit just above it in a two-column header), or when only header lines separate it from the heading; a
    web page's list of other documents' numbers has neither."""
    if _any_between(dated, index - 3, min(index + 4, heading if heading is not None else index + 4)):
        return True
    if _date_after_header_lines(lines, index, dated) is not None:
        return True
    return (
        heading is not None
        and heading - index <= 4
        and all(_is_header_like(line) for line in lines[index + 1 : heading])
    )


def _date_after_header_lines(lines: list[Line], index: int, dated: list[int]) -> int | None:
    """The place-date line that follows the number with only header lines between (the motto, a "V/v ..."
    subject line, dashes): a PDF of a two-column header may read the number, then the motto, then the date."""
    position = bisect.bisect_right(dated, index)
    if position == len(dated) or dated[position] > index + 8:
        return None
    between = lines[index + 1 : dated[position]]
    if all(_is_header_like(line) or line.folded.startswith("v/v") for line in between):
        return dated[position]
    return None


def find_header(lines: list[Line]) -> Header:
    header = Header()
    candidates = _heading_candidates(lines)
    numbers = [index for index, line in enumerate(lines) if _number_on(line)]
    dated = [index for index, line in enumerate(lines) if _DATE.search(line.folded) and _PLACE_DATE.search(line.folded)]

    header_lines = sorted(numbers + dated)
    heading = max(candidates, key=lambda c: (_heading_score(lines, c, header_lines, candidates), -c), default=None)
    header.heading_index = heading

    number_index = None
    for index in reversed(numbers):
        if heading is not None and not heading - 12 <= index < heading:
            continue
        if _is_header_number(lines, index, dated, heading):
            number_index = index
            break
    if number_index is None and heading is not None:
        # A decision that issues the plan: its header, articles and signature come first, the plan's
        # "KẾ HOẠCH" heading far below.
        for index in numbers:
            if index < heading and _is_header_number(lines, index, dated, None):
                number_index = index
                break

    date_index = None
    if number_index is not None:
        limit = heading if heading is not None else number_index + 4
        after = [index for index in dated if number_index <= index <= limit]
        date_index = after[0] if after else _date_after_header_lines(lines, number_index, dated)
        if date_index is None:
            # A two-column header read row by row may put the date above the number.
            near = [index for index in dated if number_index - 3 <= index < number_index]
            date_index = near[-1] if near else None
    elif heading is not None:
        near = [index for index in dated if heading - 8 <= index < heading]
        date_index = near[-1] if near else None
    elif dated:
        date_index = dated[0]

    if number_index is not None:
        printed, number_end = _number_on(lines[number_index]) or ("", 0)
        header.number_as_printed = printed.strip()
        header.number = normalise_number(printed)
        if date_index == number_index:
            found = _date_on(lines[number_index], number_end)
            if found:
                header.date, header.place = found
    if date_index is not None and header.date is None:
        start = 0
        if date_index == number_index:
            start = (_number_on(lines[number_index]) or ("", 0))[1]
        found = _date_on(lines[date_index], start)
        if found:
            header.date, header.place = found

    top = [index for index in (number_index, date_index) if index is not None]
    header.top = min(top) if top else None
    if top:
        header.issuer = _block_issuer(lines, min(top))

    if heading is not None:
        header.title, header.body_start = _title(lines, heading)
    else:
        header.body_start = max(top) + 1 if top else 0
    return header


def _motto_piece(folded: str) -> bool:
    """A line of the motto, whole or broken ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - ...")."""
    words = " ".join(folded.replace("–", "-").split())
    return bool(words) and (any(words in motto for motto in _MOTTO_TEXT) or bool(_MOTTO.search(words)))


def _motto_start(folded: str) -> bool:
    words = " ".join(folded.replace("–", "-").split())
    return bool(words) and any(motto.startswith(words) or words.startswith(motto[:8]) for motto in _MOTTO_TEXT)


def _block_issuer(lines: list[Line], first: int) -> str | None:
    """The issuing agency of the header block above the number: its last agency line ("UBND TỈNH" /
    "SỞ NGOẠI VỤ" gives "SỞ NGOẠI VỤ"), with the lines a narrow column broke it into ("ỦY BAN NHÂN" /
    "DÂN" / "TỈNH TRÀ VINH"), up to the motto."""
    block: list[str] = []
    for index in range(first - 1, max(-1, first - 10), -1):
        text, folded = lines[index].text, lines[index].folded
        # A header set as a table may come out with both columns on one line.
        for motto in _MOTTO.finditer(folded):
            text = text[: motto.start()] + " " * (motto.end() - motto.start()) + text[motto.end() :]
        text = " ".join(text.replace("|", " ").split()).strip(" -_")
        if not text:
            continue
        if not _is_upper(text) and not _motto_piece(fold_same_length(text)):
            break
        block.append(text)
    block.reverse()  # reading order
    starts = [i for i, text in enumerate(block) if _AGENCY.match(fold_same_length(text)) and _is_upper(text)]
    if not starts:
        return None
    parts = [block[starts[-1]]]
    for text in block[starts[-1] + 1 :]:
        folded = fold_same_length(text)
        if _motto_start(folded) or not _is_upper(text) or _MOTTO.search(folded):
            break
        parts.append(text)
    issuer = " ".join(parts)
    return issuer if len(issuer) <= 100 else None


def _title(lines: list[Line], heading: int) -> tuple[str | None, int]:
    """The lines after "KẾ HOẠCH" up to the first paragraph of the body, and where the body starts."""
    first = lines[heading]
    match = _HEADING.match(first.folded)
    parts = []
    rest = first.text[match.end() :].strip() if match else ""
    if rest:
        parts.append(rest)
    index = heading + 1
    while index < len(lines) and len(parts) < 6:
        line = lines[index]
        if parts and (_BODY_START.match(line.folded) or _SECTION_START.match(line.folded)):
            break
        if not parts and _SECTION_START.match(line.folded):
            break
        parts.append(line.text)
        index += 1
        # One sentence-long paragraph is the usual title; a title does not end with a full stop.
        if len(" ".join(parts)) > 400 or line.text.endswith((".", ":")):
            break
    title = " ".join(" ".join(parts).split()) or None
    return title, index


# --- Preamble -----------------------------------------------------------------------------------

_ISSUES = re.compile(r"\b(?:ban hanh|xay dung)\s+(?:ke hoach|chuong trinh)\b")
_CLAUSE_BREAK = re.compile(r"[,.;:]")
_GROUPS = re.compile(r"\s*\([^()]*\)")
# "UBND tỉnh Hưng Yên vừa xây dựng Kế hoạch": the adverb before the verb is not part of the name.
_ADVERB_END = re.compile(r"\s+(?:vừa|đã|sẽ|đang|mới|cũng|tiếp tục)$")
_AGENCY_INSIDE = re.compile(r"\b(?:so|uy ban nhan dan|ubnd|bo)\b")


def preamble_issuer(paragraphs: list[Line]) -> str | None:
    """The agency the preamble says builds the plan: "..., Sở Ngoại vụ xây dựng kế hoạch ..." -> "Sở Ngoại vụ"
    (the agency, not its committee)."""
    for line in paragraphs:
        for issues in _ISSUES.finditer(line.folded):
            head = line.text[max(0, issues.start() - 200) : issues.start()]
            breaks = list(_CLAUSE_BREAK.finditer(head))
            subject = head[breaks[-1].end() :] if breaks else head
            subject = " ".join(_GROUPS.sub("", subject).split()).strip(" “”\"'")
            subject = _ADVERB_END.sub("", subject)
            if not subject[:1].isupper() or len(subject.split()) > 15:
                continue
            folded = fold_same_length(subject)
            if folded.startswith("ban "):
                # "Ban BĐG và VSTBCPN Sở Giáo dục và Đào tạo tỉnh Lào Cai": the agency the committee belongs to.
                for inside in _AGENCY_INSIDE.finditer(folded, 4):
                    if subject[inside.start()].isupper():
                        subject = subject[inside.start() :]
                        break
            return subject
    return None


def spelled_as_in(name: str, paragraphs: list[Line]) -> str:
    """`name` ("SỞ NGOẠI VỤ") in the capitalisation the preamble uses ("Sở Ngoại vụ"), if it is there."""
    wanted = fold_same_length(" ".join(name.split()))
    for line in paragraphs:
        position = line.folded.find(wanted)
        while position >= 0:
            before_ok = position == 0 or not line.folded[position - 1].isalnum()
            after = position + len(wanted)
            after_ok = after == len(line.folded) or not line.folded[after].isalnum()
            if before_ok and after_ok:
                return line.text[position:after]
            position = line.folded.find(wanted, position + 1)
    return name


# --- Legal bases ----------------------------------------------------------------------------------

_KINDS = (
    r"ke hoach|quyet dinh|chuong trinh|huong dan|cong van|nghi quyet|chi thi|bo luat|luat|nghi dinh|thong tu|"
    r"thong bao|van ban|ket luan|de an|thong tri|quy dinh|dieu le|quy che|to trinh|bao cao"
)
_CITATION = re.compile(rf"\b(?:{_KINDS})\b(?:\s[a-z]+){{0,3}}?\s(?:so\s?:?\s?(?=[\w/])|(?=\d{{1,4}}\s?[/-]))")
_NUMBER_STOP = re.compile(r"\s(?:ngay|cua|ve|va|thuc hien|nam|tai|do|ban hanh)\b|[,;(“”\"]|\.(?:\s|$)|$")
_CITED_DATE = re.compile(
    r"\s?,?\s?ngay\s?(?:(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s?thang\s?(?P<m2>\d{1,2})\s?nam\s?(?P<y2>\d{4}))"
)
_OF = re.compile(r"\s?cua\s")
_ISSUER_STOP = re.compile(
    rf"\s(?:ve|thuc hien|trien khai|ban hanh|phe duyet|tren dia ban|tai|nham|quy dinh|huong dan|"
    rf"va\s(?=(?:{_KINDS})\b)|da|ngay)\b|[,;“”\"]|\.(?:\s|$)|$"
)
_BASIS_START = re.compile(r"^(?:can cu|thuc hien)\b")


def basis_paragraphs(lines: list[Line]) -> list[Line]:
    return [line for line in lines if _BASIS_START.match(line.folded)]


def legal_bases(paragraphs: list[Line]) -> list[dict]:
    """One entry per distinct document the basis paragraphs cite: text, number and date."""
    found: list[dict] = []
    seen: set[str] = set()
    for line in paragraphs:
        text, folded = line.text, line.folded
        for citation in _CITATION.finditer(folded):
            start, number_start = citation.start(), citation.end()
            limit = min(len(text), number_start + 60)
            stop = _NUMBER_STOP.search(folded, number_start, limit)
            number_end = stop.start() if stop else limit
            printed = text[number_start:number_end].strip()
            if not printed or not re.search(r"\d", printed) and "/" not in printed:
                continue
            if len(printed) > 40 or not any(char in printed for char in "/-"):
                continue
            end, date = number_end, None
            if cited := _CITED_DATE.match(folded, number_end):
                date = parse_day(
                    cited.group("d") or cited.group("d2"),
                    cited.group("m") or cited.group("m2"),
                    cited.group("y") or cited.group("y2"),
                )
                end = cited.end()
            if of := _OF.match(folded, end):
                limit = min(len(text), of.end() + 200)
                issuer_stop = _ISSUER_STOP.search(folded, of.end(), limit)
                issuer_end = issuer_stop.start() if issuer_stop else limit
                if issuer_end > of.end():
                    end = issuer_end
            number = normalise_number(printed)
            key = fold_same_length(number)
            if key in seen:
                continue
            seen.add(key)
            found.append({"text": " ".join(text[start:end].split()).strip(" ,;"), "number": number, "date": date})
    return found


# --- Period ---------------------------------------------------------------------------------------

_RANGE = re.compile(r"(?:giai doan|thoi ky|nhiem ky|tu nam)?\s?((?:19|20)\d\d)\s?[-–—]\s?((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"\bnam\s((?:19|20)\d\d)(?!\d)")


def period_of(
    texts: Sequence[str], date: str | None, scheduled: Sequence[str] = (), cited: Sequence[str | None] = ()
) -> dict | None:
    """{"start", "end"}: from the first text (title, closing sentence) that names a period or a year; else
    the years of the plan's own dated work (classes, dated report deadlines); else the year of the date;
    else the year of the latest document the plan rests on. A "giai đoạn" elsewhere in the body belongs to
    some other programme and is not used."""
    for text in texts:
        if not text:
            continue
        folded = fold_same_length(text)
        for match in _RANGE.finditer(folded):
            if "nhiem ky" in match.group(0):
                continue
            start, end = int(match.group(1)), int(match.group(2))
            if start <= end <= start + 30:
                return {"start": start, "end": end}
        if match := _YEAR.search(folded):
            return {"start": int(match.group(1)), "end": int(match.group(1))}
    years = sorted(int(day[:4]) for day in scheduled if day[:4].isdigit())
    if years:
        return {"start": years[0], "end": years[-1]}
    if date:
        return {"start": int(date[:4]), "end": int(date[:4])}
    latest = max((int(day[:4]) for day in cited if day and day[:4].isdigit()), default=None)
    if latest is not None:
        return {"start": latest, "end": latest}
    return None

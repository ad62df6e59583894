"""Organisations named in a plan: the subject that opens an item, the units after "phối hợp (với)".

Vietnamese capitalises the proper part of a unit's name ("Phòng Tổ chức cán bộ", "Ban Vì sự tiến bộ
của phụ nữ", "Sở Lao động - Thương binh và Xã hội") while the verb after the name is in lower case,
so a name is an organisation word followed by everything up to the first lower-case verb. Words that
are both a unit and a verb ("Tổ chức Công đoàn" / "tổ chức tọa đàm", "Phòng Thanh tra" / "phòng,
chống", "Ban Giám đốc" / "ban hành") count as a unit only when a capitalised word follows them.

Verbs are matched with their diacritics ("có" ends a name, "cơ quan" does not); organisation words
are matched folded, so "Ủy ban" and "Uỷ ban" are alike.
"""

from __future__ import annotations

import re

from binhdang.plans.ingest.text import fold_same_length, lower_same_length

__all__ = ["cooperating_units", "name_after_lead", "subject_unit", "unit_in_charge_clause"]

# Organisation words that are a unit whatever follows (folded).
_ALWAYS = (
    r"van phong|cong doan|doan thanh nien|chi doan|nu cong|to nu cong|cap uy|chi bo|dang uy|dang bo|ubnd|hdnd|"
    r"ubmttq|uy ban nhan dan|hoi dong nhan dan|mat tran to quoc|tinh uy|huyen uy|thanh uy|thi uy|"
    r"ban giam doc|ban vi su tien bo|ban vstb\w*|ban bdg\w*|ban chi dao|to cong tac|lanh dao so|lanh dao phong|"
    r"cac phong|cac don vi|cac so|cac co quan|cac ban|cac to chuc|cac to|cac co so|cac truong|cac hoi|"
    r"cac doan the|cac dia phuong|cac huyen|cac nganh|cac cap|cac chi bo|cac cap uy|giao dong chi|dong chi"
)
# Words that name a unit only before a capitalised word ("Phòng Tổ chức cán bộ", not "phòng, chống").
_BEFORE_CAPITAL = (
    r"phong|ban|so|hoi|trung tam|to chuc|to|thanh tra|lanh dao|bo|cuc|chi cuc|tong cuc|vien|truong|"
    r"vp|benh vien|co quan|thu ky|doan|uy ban|giam doc|pho giam doc|thu truong|chanh van phong|truong phong|"
    r"truong ban|pho truong ban|chu tich|hoi lien hiep|bao|dai|cong an|quan|huyen|xa|tinh"
)
_ALWAYS_RE = re.compile(rf"(?:{_ALWAYS})\b")
_BEFORE_CAPITAL_RE = re.compile(rf"(?:{_BEFORE_CAPITAL})\b")

# Verbs (and a few linking words) that end a unit's name, in lower case with their diacritics.
_VERBS = (
    "phối hợp|phối với|là|chủ trì|có trách nhiệm|chịu trách nhiệm|căn cứ|triển khai|tham mưu|xây dựng|"
    "thực hiện|tổ chức|giám sát|bố trí|lồng ghép|chú ý|chủ động|xem xét|quan tâm|chỉ đạo|tiến hành|theo dõi|"
    "hướng dẫn|đảm bảo|bảo đảm|đề xuất|đề nghị|cung cấp|kiểm tra|phát hiện|giúp|nghiên cứu|ban hành|"
    "động viên|khuyến khích|tạo điều kiện|duy trì|phân công|lập|tổng hợp|báo cáo|rà soát|chuẩn bị|cử|"
    "ưu tiên|vận động|tuyên truyền|nâng cao|tăng cường|đẩy mạnh|tiếp tục|thường xuyên|định kỳ|hàng năm|"
    "hằng năm|kịp thời|có|cần|phải|sẽ|được|gửi|tham gia|quán triệt|hỗ trợ|đánh giá|cập nhật|tích cực|nêu|"
    "xác định|tập trung|giao|chịu|kết hợp|giới thiệu|thông báo|tiếp nhận|trả lời|giải quyết|đôn đốc|"
    "trong|để|nhằm|về|theo|với|khi|cùng|thống nhất|chỉ|đăng|phổ biến|biên soạn|mời|làm"
)
_VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)")
_HARD_STOP = re.compile(r"[;:.!?—\"“”(]|$")
# A unit's name, or a list of them, is never longer than this: it bounds the work on long lines.
_WINDOW = 300
# " - " or " – " before a lower-case word ends a name; before a capital it is part of it ("Văn phòng - Thanh tra Sở").
_DASH_LOWER = re.compile(r"\s[-–]\s+(?=[^\W\d_])")
_PARENTHESISED_END = re.compile(r"\s*\([^()]*\)?\s*$")
_LEAD = re.compile(r"^(?:giao\s+)?(?:dong chi\s+)?")
# An opening adverbial of time before the subject: "Định kỳ hàng năm, Ban ... tổ chức sơ kết".
_WHEN = re.compile(r"^(?:dinh ky|hang|trong|truoc|sau|tu|den|cuoi|dau|moi)\b[^,;.]{0,30},\s?")
# "phối hợp với", "phối hợp chặt chẽ với", "phối với với" (sic), "phối hợp giữa A với B" (B cooperates).
_COOPERATE = re.compile(r"\bphoi\s?(?:hop|voi)(?:\s+chat che)?(?:\s+giua\s[^,;.]{1,80}?\svoi|(?:\s+voi)*)\s+")
# A lower-case generic noun that heads the names after it: "tổ chức Công đoàn, Nữ công".
_GENERIC_HEAD = re.compile(r"(?:to chuc|co quan|doan the)\s(?=\S)")
_CHAIR = re.compile(r"(?<!\w)chủ trì(?!\w)")
_PLURAL = re.compile(r"cac\b")
_SEPARATOR = re.compile(r",\s*|\s+va\s+")
# Unit names that go on with a lower-case description: "Tổ công tác tuyên truyền, phổ biến ...".
_DESCRIBED = re.compile(r"(?:to cong tac|ban chi dao|hoi dong|to|nhom)\b")


def _capitalised_at(text: str, index: int) -> bool:
    """Whether the word starting at `index` (after spaces and a hyphen) begins with a capital."""
    while index < len(text) and text[index] in " -–&":
        index += 1
    return index < len(text) and text[index].isupper()


def _unit_word_end(text: str, folded: str, start: int) -> int | None:
    """End of the organisation word at `start`, or None when no unit starts there."""
    if match := _ALWAYS_RE.match(folded, start):
        return match.end()
    if (match := _BEFORE_CAPITAL_RE.match(folded, start)) and _capitalised_at(text, match.end()):
        return match.end()
    return None


def _hard_stop(text: str, folded: str, start: int) -> int:
    limit = min(len(text), start + _WINDOW)
    end = hard.start() if (hard := _HARD_STOP.search(folded, start, limit)) else limit
    for dash in _DASH_LOWER.finditer(text, start, end):
        if text[dash.end()].islower():
            return dash.start()
    return end


# After these words a "verb" is a noun: "các tổ chức đoàn thể", "những tổ chức".
_NOUN_BEFORE = re.compile(r"(?<!\w)(?:các|những|mọi|mỗi|từng)\s$")


def _is_verb_at(text: str, lower: str, verb: re.Match[str], start: int) -> bool:
    return (
        verb.start() > start
        and text[verb.start()].islower()
        and not _NOUN_BEFORE.search(lower, max(0, verb.start() - 8), verb.start())
    )


def _first_verb(text: str, lower: str, start: int, end: int) -> int | None:
    """The first verb written in lower case after `start` (a capitalised one belongs to a name)."""
    for verb in _VERB_RE.finditer(lower, start, end):
        if _is_verb_at(text, lower, verb, start):
            return verb.start()
    return None


def _tidy(name: str) -> str:
    name = _PARENTHESISED_END.sub("", name.strip(" ,;:-–"))
    return name.strip(" ,;:-–")


def subject_unit(text: str) -> str | None:
    """The organisation the item opens with, as its subject: "Phòng Tổ chức cán bộ là bộ phận ..." ->
    "Phòng Tổ chức cán bộ"; "Giao đồng chí Thư ký Ban ... phối hợp" -> "Thư ký Ban ..."."""
    folded, lower = fold_same_length(text), lower_same_length(text)
    start = _LEAD.match(folded).end()  # type: ignore[union-attr]
    if start == 0 and (when := _WHEN.match(folded)):
        start = when.end()
    if not text[start : start + 1].isupper() or _unit_word_end(text, folded, start) is None:
        return None
    end = _hard_stop(text, folded, start)
    verb = _first_verb(text, lower, start, end)
    name = _tidy(text[start : verb if verb is not None else end])
    if not name or len(name.split()) > 20:
        return None
    return name


def name_after_lead(heading: str) -> str | None:
    """The unit a heading of an assignment section names: "Sở Lao động - Thương binh và Xã hội (Cơ quan
    Thường trực ...)" -> "Sở Lao động - Thương binh và Xã hội"; a heading that is a sentence gives its subject."""
    subject = subject_unit(heading)
    if subject is None:
        return None
    folded, lower = fold_same_length(heading), lower_same_length(heading)
    start = _LEAD.match(folded).end()  # type: ignore[union-attr]
    if _first_verb(heading, lower, start, len(heading)) is None:
        # A heading that only names units ("Phòng GD&ĐT huyện; Trung tâm GDNN - GDTX, ...") names them all.
        return _tidy(heading[start:]) or subject
    return subject


def unit_in_charge_clause(text: str) -> str | None:
    """The unit written right before "chủ trì" ("X chủ trì") inside an item."""
    lower = lower_same_length(text)
    for chair in _CHAIR.finditer(lower):
        before = text[max(0, chair.start() - 150) : chair.start()].rstrip(" ,")
        folded = fold_same_length(before)
        # The name starts at the first unit word (capitalised) of the words before "chủ trì".
        for word in re.finditer(r"(?:^|(?<=[\s,(]))\S", before):
            position = word.start()
            if before[position].isupper() and _unit_word_end(before, folded, position) is not None:
                name = _tidy(before[position:])
                if name and _first_verb(name, lower_same_length(name), 0, len(name)) is None:
                    return name
                break
    return None


def _starts_piece(text: str, folded: str, start: int, comma: bool) -> bool:
    """Whether a new unit starts at `start` in a list ("..., Công đoàn Sở", "... và các tổ chức đoàn thể")."""
    if _PLURAL.match(folded, start):
        return True
    if _ALWAYS_RE.match(folded, start) or (text[start : start + 1].isupper() and _unit_word_end(text, folded, start)):
        return True
    return comma and text[start : start + 1].isupper()


def _inside_name(text: str, folded: str, start: int, verb: int) -> bool:
    """Whether the verb is part of a described name: "Tổ công tác tuyên truyền, phổ biến văn bản"."""
    piece_start = start
    for separator in _SEPARATOR.finditer(folded, start, verb):
        if _starts_piece(text, folded, separator.end(), comma=True):
            piece_start = separator.end()
    head = _DESCRIBED.match(folded, piece_start)
    if head is None:
        return False
    return not any(char.isupper() for char in text[head.end() : verb])


def _list_end(text: str, folded: str, lower: str, start: int) -> int:
    end = _hard_stop(text, folded, start)
    for verb in _VERB_RE.finditer(lower, start, end):
        if _is_verb_at(text, lower, verb, start) and not _inside_name(text, folded, start, verb.start()):
            return verb.start()
    return end


def _split_list(text: str, folded: str, start: int, end: int) -> list[str]:
    pieces: list[str] = []
    piece_start = start
    for separator in _SEPARATOR.finditer(folded, start, end):
        following = separator.end()
        comma = separator.group().startswith(",")
        if comma and text[piece_start].islower() and _GENERIC_HEAD.match(folded, piece_start):
            # "tổ chức Công đoàn, Nữ công": one head for both names, unless the next has its own "các".
            starts = bool(_PLURAL.match(folded, following))
        else:
            starts = _starts_piece(text, folded, following, comma=comma)
        if following < end and starts:
            pieces.append(text[piece_start : separator.start()])
            piece_start = following
    pieces.append(text[piece_start:end])
    return [tidy for piece in pieces if (tidy := _tidy(piece))]


def cooperating_units(text: str) -> list[str]:
    """The units after "phối hợp (với)", up to the verb or punctuation that ends the list."""
    folded, lower = fold_same_length(text), lower_same_length(text)
    found: list[str] = []
    for cooperate in _COOPERATE.finditer(folded):
        start = cooperate.end()
        if not (_starts_piece(text, folded, start, comma=True) or _unit_word_end(text, folded, start) is not None):
            continue
        for name in _split_list(text, folded, start, _list_end(text, folded, lower, start)):
            if name not in found:
                found.append(name)
    return found

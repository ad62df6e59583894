"""Every page, for every role, reads in Vietnamese: no English UI word, no raw period code, no "---------".

The pages are those of the access matrix (accounts/tests/test_access_matrix.py and each app's
`tests/access.py`), built against one object of every kind of Sở Nội vụ. Only what a user reads is
checked: the text of the HTML outside <script> and <style>, plus the attributes a user sees or hears
(placeholder, title, aria-label, alt, and the value of buttons).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from binhdang.accounts.tests.test_access_matrix import MATRIX, snv_objects  # noqa: F401 (a fixture)

PERSONAS = ["system_admin", "province_admin", "secretary", "hr_officer", "leader", "viewer", "other_secretary"]

# Common English words of a user interface. None of them is a Vietnamese word written without
# diacritics that a page would use ("to", "no", "can", "in", "an" are, and are left out).
ENGLISH = set(
    """
    the of and for with not this that your you page file files choose chosen save cancel delete edit add list
    search filter number count total status date unit units name report reports plan plans task tasks user users
    password login logout log next previous yes none all select submit back home help upload download
    required optional error errors invalid field fields value period year half first second created updated
    new open close view show hide more less from are is was been have has will would should must please
    click here browse selected missing confirm change changes sign welcome dashboard settings profile
    people person staff training activity activities agenda indicator indicators target targets progress draft
    women men female male numerator denominator comment description title type kind level role deleted import
    export print by at on or
    """.split()
)
# Words of the list that a Vietnamese page legitimately shows: proper names, formats, codes.
ALLOWED = {"email", "pdf", "excel", "api", "dhis2", "totp"}
PERIOD_CODE = re.compile(r"\b\d{4}-H[12]\b|\bH[12]\b")
# A word, or a code joined by "_" or "." ("staff_women.numerator"): codes are not English and are skipped.
WORD = re.compile(r"\w+(?:[._]\w+)*")
SEEN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class VisibleText(HTMLParser):
    """The text a user reads or hears on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self.file_inputs: list[str] = []  # ids of <input type="file">, "" for one without an id
        self.button_labels: set[str] = set()  # the "for" of each <label class="btn ...">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        if tag == "input" and values.get("type") == "file":
            self.file_inputs.append(values.get("id") or "")
        if tag == "label" and "btn" in (values.get("class") or "").split():
            self.button_labels.add(values.get("for") or "")
        for name in SEEN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(str(values[name]))
        # An <input> button shows its value; a <button>'s value is only sent, its content is shown.
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.parts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def visible_text(html: str) -> str:
    return "\n".join(part.strip() for part in read(html).parts if part.strip())


def problems(text: str, html: str = "") -> list[str]:
    """What on a page is not Vietnamese: English words, period codes, Django's empty choice, and a file input
    left with the browser's own button ("Choose File"), not opened by a <label> button of the page."""
    found: list[str] = []
    if html:
        page = read(html)
        found += [f"browser's file button: #{i}" for i in page.file_inputs if not i or i not in page.button_labels]
    for line in text.splitlines():
        words = [w for w in WORD.findall(line) if w.isascii() and w.isalpha()]
        english = [w for w in words if w.lower() in ENGLISH and w.lower() not in ALLOWED]
        if english:
            found.append(f"English {english}: {line[:120]!r}")
        if PERIOD_CODE.search(line):
            found.append(f"period code: {line[:120]!r}")
        if "---------" in line:
            found.append(f"empty choice: {line[:120]!r}")
    return found


def page_urls(objects: dict[str, list[str]]) -> list[str]:
    """Every page of the matrix that answers GET, with the arguments built for Sở Nội vụ."""
    urls: list[str] = []
    for name, (_right, kind) in sorted(MATRIX.items()):
        if name in objects:
            urls += objects[name]
        elif kind == "page":
            try:
                urls.append(reverse(name))
            except NoReverseMatch:
                continue
    return urls


def test_the_checker_sees_english_period_codes_and_empty_choices():
    html = (
        '<html><head><style>.a{}</style><script>var the = "file";</script></head><body>'
        '<h1>Kế hoạch 2026-H1</h1><select><option value="">---------</option></select>'
        '<input placeholder="Search"><a href="/the/list/" class="file">Danh sách</a>'
        '<input type="submit" value="Lưu"><button title="Choose file">Chọn tệp</button></body></html>'
    )
    found = problems(visible_text(html))
    assert any("2026-H1" in p for p in found)
    assert any("empty choice" in p for p in found)
    assert any("'Search'" in p for p in found)
    assert any("'Choose'" in p for p in found)
    assert not any("Danh sách" in p or "var the" in p for p in found)
    native = '<input type="file" id="a"><input type="file" id="b"><label for="b" class="btn secondary">Chọn tệp</label>'
    assert problems("", native) == ["browser's file button: #a"]
    vietnamese = "Kế hoạch số, ký hiệu 15/KH-SNV; tệp PDF, Excel; Email; API; mã TOTP; tổ, in, có; staff_women.total"
    assert problems(vietnamese) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reads_in_vietnamese_for_every_role(client, request, tree, snv_objects, persona):  # noqa: F811
    user: Any = request.getfixturevalue(persona)
    client.force_login(user)
    failures: list[str] = []
    checked = 0
    # Half-year periods too: the matrix's pages open on today's period, which may be a year.
    half_years = [
        f"{reverse('reports:submissions')}?unit={tree.snv.pk}&period=2026-H1",
        f"{reverse('indicators:data_entry')}?unit={tree.snv.pk}&period=2026-H2",
    ]
    for url in page_urls(snv_objects) + half_years:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code in (301, 302, 405) or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        html = response.content.decode()
        failures += [f"{url} ({response.status_code}): {p}" for p in problems(visible_text(html), html)]
    assert checked > 40
    assert failures == [], "\n".join(dict.fromkeys(failures))


def test_the_api_reference_leads_back_to_the_application_and_loads_nothing_from_elsewhere(client, secretary):
    client.force_login(secretary)
    html = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'href="{reverse("core:home")}"' in html
    assert "Quay lại Bình Đẳng" in visible_text(html)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


FILTER_PAGES = ["registry:staff_list", "activities:activity_list", "plans:task_list", "training:class_list"]


def test_the_empty_choice_of_every_filter_reads_all(client, system_admin, people):
    client.force_login(system_admin)
    for name in FILTER_PAGES:
        html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        filters = re.findall(r'<form method="get".*?</form>', html, re.S)
        empty = [label.strip() for form in filters for label in re.findall(r'<option value=""[^>]*>([^<]*)<', form)]
        assert empty, name
        assert set(empty) == {"Tất cả"}, (name, empty)

"""The OpenAPI schema and its docs page, served without any CDN."""

from __future__ import annotations

import re


def test_schema_lists_every_registry_endpoint(client, secretary):
    client.force_login(secretary)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/units/",
        "/api/people/",
        "/api/employments/",
        "/api/posts/",
        "/api/pool-entries/",
        "/api/training-records/",
        "/api/languages/",
        "/api/units/{id}/{operation}/",
    ):
        assert path in paths, path


def test_docs_page_loads_its_scripts_from_our_own_server(client, secretary):
    client.force_login(secretary)
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page[:500]
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert any("swagger-ui" in s for s in sources)


def test_schema_generates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_links_back_to_the_application(client, secretary):
    client.force_login(secretary)
    page = client.get("/api/docs/").content.decode()
    assert '<a href="/"' in page
    assert "Quay lại Bình Đẳng" in page


def test_schema_documents_the_errors_an_operation_can_answer(client, secretary):
    client.force_login(secretary)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert set(paths["/api/people/{id}/"]["patch"]["responses"]) == {"200", "400", "401", "403", "404", "409", "415"}
    assert set(paths["/api/people/"]["get"]["responses"]) == {"200", "400", "401", "403"}
    assert list(paths["/api/people/"]["post"]["requestBody"]["content"]) == ["application/json"]

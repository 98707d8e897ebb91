"""Input with NUL characters is refused cleanly (PostgreSQL cannot take it)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/regionen/?q=Flens%00burg", "/api/v1/regions?parent=%00", "/regionen/?q%00=x"],
)
def test_nul_in_query_is_a_bad_request_not_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_nul_in_form_field_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "en\x00", "next": "/"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_ordinary_search_still_works(client):
    assert client.get("/regionen/?q=Flensburg").status_code == 200

import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_a_platform_page(client, initial_data):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get("/search/", {"query": "annotation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/about/"' in html


def test_empty_search_shows_the_form_only(client, initial_data):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "results for" not in response.content.decode()


def test_every_page_has_a_search_box(client, initial_data):
    html = client.get("/about/").content.decode()
    assert 'role="search"' in html
    assert 'name="query"' in html

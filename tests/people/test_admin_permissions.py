"""Every admin view of registered users, the chooser included, needs
``people.view_person``: Editors and Communications see no one."""

import pytest
from django.urls import reverse

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db

NAME = "Grace Hopper"
EMAIL = "grace@example.org"


@pytest.fixture
def person(initial_data):
    return services.register(
        full_name=NAME, email=EMAIL, laboratory="LABGeM", confirmed=True
    )


def every_url(person):
    """Each URL the snippet's viewset and its chooser serve, for ``person``."""
    viewset = Person.snippet_viewset
    chooser = viewset.chooser_viewset
    urls = {}
    for namespace, patterns in (
        (viewset.url_namespace, viewset.get_urlpatterns()),
        (chooser.url_namespace, chooser.get_urlpatterns()),
    ):
        for pattern in patterns:
            kwargs = {"pk": person.pk} if "pk" in str(pattern.pattern) else {}
            urls[f"{namespace}:{pattern.name}"] = reverse(
                f"{namespace}:{pattern.name}", kwargs=kwargs
            )
    return urls


def named_urls(person):
    pk = person.pk
    snippets = "/admin/snippets/people/person/"
    chooser = "/admin/snippets/choose/people/person/"
    return {
        "choose": chooser,
        "choose_results": f"{chooser}results/",
        "chosen": f"{chooser}chosen/{pk}/",
        "list": snippets,
        "inspect": f"{snippets}inspect/{pk}/",
        "edit": f"{snippets}edit/{pk}/",
        "history": f"{snippets}history/{pk}/",
        "export": f"{snippets}export/{pk}/",
        "usage": f"{snippets}usage/{pk}/",
        "csv": f"{snippets}?export=csv",
    }


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_chooser_is_among_the_urls_checked(person):
    urls = every_url(person).values()
    assert set(named_urls(person).values()) - {
        "/admin/snippets/people/person/?export=csv"
    } <= set(urls)


@pytest.mark.parametrize("who", ["editor", "communications"])
@pytest.mark.parametrize("ajax", [False, True], ids=["page", "xhr"])
def test_other_groups_get_no_view_of_registered_users(
    client, request, person, who, ajax
):
    client.force_login(request.getfixturevalue(who))
    headers = {"X-Requested-With": "XMLHttpRequest"} if ajax else {}
    urls = {**every_url(person), **named_urls(person)}
    for name, url in urls.items():
        for method in (client.get, client.post):
            response = method(url, headers=headers)
            assert response.status_code in (302, 403), (name, method)
            content = body(response)
            assert NAME.encode() not in content, name
            assert EMAIL.encode() not in content, name
    assert Person.objects.get(pk=person.pk).full_name == NAME


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_and_superusers_reach_every_view(client, request, person, who):
    client.force_login(request.getfixturevalue(who))
    for name, url in named_urls(person).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name not in ("usage", "choose_results", "history"):
            assert NAME.encode() in body(response), name
    chosen = client.get(named_urls(person)["chosen"]).json()
    assert chosen["result"]["string"] == NAME

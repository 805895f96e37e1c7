"""What an import writes is indexed once, after its transaction: found by
the admin's search, listed in the reference index ("usage"), and saves made
after the import are indexed as before."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, ReferenceIndex

from home.models import StandardPage
from news.models import NewsPage

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "fixtures" / "exportimport"


@pytest.fixture
def imported(initial_data):
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())


def test_imported_pages_and_images_are_found_by_search(imported):
    assert "welcome" in [page.slug for page in StandardPage.objects.search("microbial")]
    assert [image.title for image in Image.objects.search("logo")] == ["Platform logo"]


def test_the_reference_index_knows_what_imported_pages_link_to(imported):
    welcome = StandardPage.objects.get(slug="welcome")
    release = NewsPage.objects.get(slug="release")
    assert (
        ReferenceIndex.get_references_to(release)
        .filter(object_id=str(welcome.pk))
        .exists()
    )


def test_pages_saved_after_an_import_are_indexed_again(imported):
    page = StandardPage.objects.get(slug="welcome")
    page.title = "Zygomorphic annotation"
    page.save_revision().publish()
    assert [p.pk for p in Page.objects.search("Zygomorphic")] == [page.pk]

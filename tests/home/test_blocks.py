"""Every block of the platform pages and the home page renders, shows a
preview in the block picker, and refuses what would publish bad markup."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.blocks import (
    BodyBlock,
    HomeBodyBlock,
    LatestPagesBlock,
    LinkBlock,
    PersonBlock,
    TableBlock,
)

pytestmark = pytest.mark.django_db

HOME_BLOCKS = HomeBodyBlock().child_blocks


@pytest.fixture
def library(db):
    """One image and one document, as the previews take the newest of each."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Genome map", file=ImageFile(buffer, name="map.png")
    )
    document = get_document_model().objects.create(
        title="User guide",
        file=ContentFile(b"A guide.", name="guide.txt"),
        file_size=8,
    )
    return image, document


def test_platform_pages_offer_every_block_the_site_needs():
    assert set(BodyBlock().child_blocks) == {
        "heading",
        "paragraph",
        "image",
        "button",
        "table",
        "call_to_action",
        "document",
        "quote",
        "two_columns",
        "people",
    }
    assert set(BodyBlock().child_blocks) < set(HOME_BLOCKS)


@pytest.mark.parametrize("name", sorted(HOME_BLOCKS))
def test_each_block_has_a_description_and_a_preview(name):
    block = HOME_BLOCKS[name]
    assert block.is_previewable, name
    assert str(block.get_description()).strip(), name


@pytest.mark.parametrize("name", sorted(HOME_BLOCKS))
def test_each_block_renders_its_preview_value(name, library, home_page, rf):
    block = HOME_BLOCKS[name]
    html = block.render(block.get_preview_value(), context={"request": rf.get("/")})
    assert html.strip(), name
    assert "{%" not in html and "{{" not in html


@pytest.mark.parametrize("name", sorted(HOME_BLOCKS))
def test_the_block_picker_preview_page_answers(name, client, superuser, library):
    client.force_login(superuser)
    block = HOME_BLOCKS[name]
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "css/site.css" in response.content.decode()


def test_image_block_has_a_figure_caption_credit_and_alt_text(library):
    block = HOME_BLOCKS["image"]
    html = block.render(block.get_preview_value())
    assert "<figure" in html and "<figcaption>" in html
    assert 'alt="A genome map drawn by MicroScope"' in html
    assert "CEA / Genoscope" in html


def test_table_has_a_caption_and_scoped_headings():
    block = HOME_BLOCKS["table"]
    html = block.render(block.get_preview_value())
    assert "<caption>Genomes in MicroScope</caption>" in html
    assert html.count('<th scope="col">') == 2
    assert '<th scope="row">Bacteria</th>' in html


def test_a_table_without_a_caption_is_refused_with_a_reason():
    block = TableBlock()
    value = block.to_python(
        {
            "caption": "",
            "columns": [{"type": "text", "heading": "Kind"}],
            "rows": [{"values": ["Bacteria"]}],
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "caption" in str(error.value)


def test_document_block_names_the_type_and_size(library):
    block = HOME_BLOCKS["document"]
    html = block.render(block.get_preview_value())
    assert "User guide" in html
    assert "(TXT, 8" in html


def test_quote_uses_blockquote_and_cite():
    block = HOME_BLOCKS["quote"]
    html = block.render(block.get_preview_value())
    assert "<blockquote>" in html and "<cite>User survey</cite>" in html


def test_people_block_shows_names_and_roles_and_no_address():
    block = HOME_BLOCKS["people"]
    html = block.render(block.get_preview_value())
    assert "Ada Example" in html and "Platform lead" in html
    assert "mailto:" not in html


def test_a_person_block_refuses_an_email_address():
    block = PersonBlock()
    value = block.to_python(
        {"name": "Ada ada@example.org", "role": "", "photo": None, "link": ""}
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "email" in str(error.value.block_errors["name"]).lower()


def test_a_person_link_cannot_be_a_mailto_address():
    block = PersonBlock()
    value = block.to_python(
        {"name": "Ada", "role": "", "photo": None, "link": "mailto:ada@example.org"}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_two_column_section_renders_both_columns():
    block = HOME_BLOCKS["two_columns"]
    html = block.render(block.get_preview_value())
    assert html.count('class="columns__column"') == 2
    assert "Annotate genomes by hand." in html
    assert "thousands of others" in html


@pytest.mark.parametrize(
    ("language", "register", "my_data"),
    [("en", "/register/", "/my-data/"), ("fr", "/fr/register/", "/fr/my-data/")],
)
def test_links_to_site_routes_follow_the_language(language, register, my_data):
    from django.utils import translation

    link = LinkBlock().to_python({"label": "", "route": "register"})
    with translation.override(language):
        assert link.url() == register
        html = HOME_BLOCKS["get_involved"].render(
            HOME_BLOCKS["get_involved"].get_preview_value()
        )
    assert f'href="{register}"' in html
    assert f'href="{my_data}"' in html
    assert f'href="{register}#id_newsletter"' in html


def test_a_link_needs_exactly_one_target(home_page):
    block = LinkBlock()
    for value in (
        {"label": "Both", "route": "register", "link_url": "/x/"},
        {"label": "None"},
        {"label": "", "page": home_page.pk, "route": "my_data"},
    ):
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python(value))
        assert "one target" in str(error.value)
    assert block.clean(block.to_python({"route": "my_data"})).text() == (
        "Manage my data"
    )


def test_latest_pages_lists_live_children_newest_first(home_page):
    from tests.factories import StandardPageFactory

    index = StandardPageFactory(parent=home_page, title="Releases")
    for title in ("First", "Second", "Third", "Fourth"):
        child = StandardPageFactory(parent=index, title=title)
        child.save_revision().publish()
    draft = StandardPageFactory(parent=index, title="Draft")
    draft.unpublish()
    block = LatestPagesBlock()
    html = block.render(
        block.to_python({"heading": "Latest", "index": index.pk, "count": 2})
    )
    assert "Fourth" in html and "Third" in html
    assert "Second" not in html and "Draft" not in html
    assert html.index("Fourth") < html.index("Third")

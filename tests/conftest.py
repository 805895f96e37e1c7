import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Site

from home import groups


@pytest.fixture
def initial_data(db):
    """The site as `load_initial_data` builds it."""
    call_command("load_initial_data", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(initial_data):
    return initial_data.root_page.specific


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, group_name=None, superuser=False):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password="correct horse battery staple",
            is_superuser=superuser,
            is_staff=superuser,
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("editor", groups.EDITORS)


@pytest.fixture
def dpo(make_user):
    return make_user("dpo", groups.DPO)


@pytest.fixture
def communications(make_user):
    return make_user("comms", groups.COMMUNICATIONS)


@pytest.fixture
def superuser(make_user):
    return make_user("root", superuser=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counters and cached fragments never leak between tests."""
    from django.core.cache import caches

    from consent.catalogue import forget_local_rules
    from home import locales
    from home.cache import forget, local_copies

    def empty():
        for alias in ("default", "pages"):
            caches[alias].clear()
        forget_local_rules()
        forget()
        local_copies.clear()
        locales.forget()

    empty()
    yield
    empty()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language.

    A request to a French page activates French for the rest of the thread
    (``LocaleMiddleware`` never deactivates it), so a later command's report
    came out in French, depending on which tests ran before it.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_visit_buffer():
    """Page views buffered by one test are never written during another."""
    from visits import buffer

    buffer._take()
    yield
    buffer._take()


# The fake Mailchimp server (a real HTTP server on loopback) for newsletter tests.
from tests.mailchimp.fixtures import fake_mailchimp  # noqa: E402, F401


@pytest.fixture(autouse=True)
def settings_never_leak():
    """A test leaves the settings as it found them.

    Undoing ``override_settings`` and the ``settings`` fixture in the wrong
    order once left the page cache on for every later test. (Settings a
    module- or session-wide fixture overrides stay in place for its tests.)
    """
    from django.conf import settings

    before = settings._wrapped
    yield
    assert settings._wrapped is before, "this test left settings overrides in place"


@pytest.fixture(autouse=True)
def empty_erasure_journal():
    """Erasures journaled by one test are never replayed by another."""
    from people import journal

    def empty():
        if journal.path() is not None:
            journal.path().unlink(missing_ok=True)

    empty()
    yield
    empty()


def pytest_collection_modifyitems(config, items):
    """Under ``pytest -n`` (``make test``), the tests of the production layout
    share one gunicorn, task worker and Varnish (session fixtures in
    tests/deploy/conftest.py): they run in one process, so the site starts once."""
    for item in items:
        if "deploy" in item.path.parts[-2:-1]:
            item.add_marker(pytest.mark.xdist_group("production_site"))

"""Who may do what with the newsletter; used by migrations and initial data."""

from home.groups import (
    COMMUNICATIONS,
    DPO,
    PAGE_PERMISSIONS,
    grant_model_permissions,
    grant_page_permissions,
)

SYNC_PERMISSIONS = [
    "newsletter.view_syncrecord",
    "newsletter.change_syncrecord",
    "newsletter.view_reconciliationreport",
    "newsletter.view_webhookevent",
]


def setup_newsletter_permissions(apps, command=None, home=None):
    """Idempotent: grants what is missing, changes nothing else."""
    for group in (COMMUNICATIONS, DPO):
        grant_model_permissions(apps, group, SYNC_PERMISSIONS)


COMMUNICATIONS_PERMISSIONS = [
    "newsletter.send_newsletter",
    "wagtail_newsletter.add_newsletterrecipients",
    "wagtail_newsletter.change_newsletterrecipients",
    "wagtail_newsletter.delete_newsletterrecipients",
]
NEWSLETTER_PAGE_PERMISSIONS = PAGE_PERMISSIONS


def ensure_newsletter_section(command, home):
    """The "Newsletters" page under home, and who may work there."""
    from django.apps import apps
    from django.utils.text import slugify
    from wagtail.models import Page

    from .models import NewsletterIndexPage

    setup_newsletter_permissions(apps)
    grant_model_permissions(apps, COMMUNICATIONS, COMMUNICATIONS_PERMISSIONS)
    index = NewsletterIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsletterIndexPage(
            title="Newsletters",
            slug=slugify("newsletters"),
            intro="<p>News from the MicroScope platform, as sent to the "
            "registered users who asked for it.</p>",
            show_in_menus=False,
        )
        Page.objects.get(pk=home.pk).add_child(instance=index)
        index.save_revision().publish()
        command.note("the Newsletters page")
    grant_page_permissions(
        apps, COMMUNICATIONS, index, codenames=NEWSLETTER_PAGE_PERMISSIONS
    )

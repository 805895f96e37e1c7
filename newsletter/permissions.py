"""Who may do what with the newsletter; used by migrations and initial data."""

from home.groups import COMMUNICATIONS, DPO, grant_model_permissions

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

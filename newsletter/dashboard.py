"""The newsletter on the dashboard: counts only, never a name or an address.

Communications (and whoever may view the sync state) see subscribers, the
outbox's health and the next scheduled campaign; those who may see people
(the DPO) also see how many erasures wait to reach Mailchimp.
"""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from people.models import Person

from . import backlog
from .models import CampaignRecord
from .viewsets import VIEW_PERMISSION, can_see_people


class NewsletterPanel(Component):
    name = "newsletter_health"
    template_name = "newsletter/admin/dashboard_panel.html"
    order = 60

    def __init__(self, user):
        self.user = user

    @staticmethod
    def is_shown_to(user):
        return user.has_perm(VIEW_PERMISSION)

    def get_context_data(self, parent_context):
        state = backlog.current()
        scheduled = (
            CampaignRecord.objects.filter(state=CampaignRecord.State.SCHEDULED)
            .select_related("page")
            .order_by("sent_at")
            .first()
        )
        return {
            "subscribers": Person.objects.newsletter_recipients().count(),
            "waiting": state.waiting,
            "failed": state.failed,
            "oldest_since": state.since if state.oldest is not None else None,
            "now": timezone.now(),
            "erasures": state.erasures if can_see_people(self.user) else None,
            "scheduled": scheduled,
        }

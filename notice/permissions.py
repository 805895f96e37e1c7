"""Who may publish the privacy notice.

Wagtail page permissions are inherited down the tree and cannot be taken
away on a subtree, and Wagtail shows "Publish" to anyone holding the publish
permission even on a page under a workflow. The notice therefore asks for one
more permission, ``privacy.publish_notice`` (granted to the Data protection
officer group): without it, publishing, unpublishing, scheduling and deleting
the notice are refused everywhere Wagtail asks the page's permission tester
(editor, listings, bulk actions, workflow approval). Editors can still edit
and submit the notice to the DPO approval workflow.
"""

from wagtail.models import PagePermissionTester

PUBLISH_PERMISSION = "notice.publish_notice"


class NoticePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions") and not user.has_perm(PUBLISH_PERMISSION):
            self.permissions = self.permissions - {"publish"}

    def can_delete(self, ignore_bulk=False):
        # Published versions keep their page (PROTECT): the archive is a
        # legal record, so a notice with versions is never deleted.
        if (
            self.page.pk
            and self.page.specific_class.objects.filter(
                pk=self.page.pk, versions__isnull=False
            ).exists()
        ):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

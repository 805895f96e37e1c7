"""The "DPO approval" workflow of the privacy notice.

``NoticeApprovalTask`` is Wagtail's group approval task with one difference:
approving asks for the change summary and the "material change" flag of the
version about to be published. They are kept on the task state, tied to the
revision the approval publishes, so a scheduled publication (approved now,
live later) still gets them.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    AbstractGroupApprovalTask,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WORKFLOW_NAME = "Privacy notice: DPO approval"
TASK_NAME = "DPO approval"


class NoticeApprovalForm(forms.Form):
    # The modal opens over the page editor, which has fields of the same names.
    prefix = "approval"

    change_summary = forms.CharField(
        label=_("Change summary"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "What changed in this version, for readers of the archive of versions."
        ),
        error_messages={
            "required": _("Write a change summary: it is published with the version.")
        },
    )
    material_change = forms.BooleanField(
        label=_("Material change"),
        required=False,
        help_text=_(
            "Visitors see a message, cookie consent is asked again and registered "
            "users are told. Ticked here or by the editor, the version is material."
        ),
    )


class NoticeApprovalTaskState(TaskState):
    change_summary = models.TextField(_("change summary"), blank=True)
    material_change = models.BooleanField(_("material change"), default=False)
    approved_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("approved revision"),
    )

    class Meta:
        verbose_name = _("notice approval task state")
        verbose_name_plural = _("notice approval task states")


class NoticeApprovalTask(AbstractGroupApprovalTask):
    task_state_class = NoticeApprovalTaskState

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve and publish"), True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return NoticeApprovalForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "notice/admin/approval_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            task_state = task_state.specific
            summary = kwargs.pop("change_summary", "")
            task_state.change_summary = summary
            task_state.material_change = bool(kwargs.pop("material_change", False))
            # The workflow publishes the page's latest revision when it finishes.
            obj = task_state.workflow_state.content_object
            task_state.approved_revision = obj.get_latest_revision()
            task_state.save(
                update_fields=["change_summary", "material_change", "approved_revision"]
            )
            kwargs.setdefault("comment", summary)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the privacy notice and write "
            "the change summary of the version they publish."
        )

    class Meta:
        verbose_name = _("notice approval task")
        verbose_name_plural = _("notice approval tasks")


def ensure_dpo_workflow(notice_pages=()):
    """Create the workflow and its task once, and assign it to the notice pages.

    Returns what was created, for ``load_initial_data`` to report.
    """
    from django.contrib.auth.models import Group

    from home.groups import DPO

    created = []
    task = NoticeApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = NoticeApprovalTask.objects.create(name=TASK_NAME)
        created.append("the DPO approval task")
    task.groups.add(Group.objects.get(name=DPO))
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        created.append("the privacy notice workflow")
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=Task.objects.get(pk=task.pk), defaults={"sort_order": 0}
    )
    for page in notice_pages:
        _link, made = WorkflowPage.objects.get_or_create(
            page_id=page.pk, defaults={"workflow": workflow}
        )
        if made:
            created.append(f"the approval workflow of {page.title} ({page.locale})")
    return created

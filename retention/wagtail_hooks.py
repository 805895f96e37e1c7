from wagtail import hooks

from .models import RetentionSettings


@hooks.register("load_initial_data_prerequisites")
def retention_periods(command, **kwargs):
    """The periods exist before the notice, which shows them, is first frozen."""
    if not RetentionSettings.objects.exists():
        RetentionSettings.objects.create()
        command.note("the retention periods (Settings › Retention periods)")


@hooks.register("construct_homepage_panels")
def retention_dashboard_panel(request, panels):
    from .dashboard import RetentionPanel

    if RetentionPanel.is_shown_to(request.user):
        panels.append(RetentionPanel())

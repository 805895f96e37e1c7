from wagtail import hooks

from .initial_data import load_notice_data


@hooks.register("load_initial_data")
def notice_initial_data(command, home, **kwargs):
    load_notice_data(command, home=home)


@hooks.register("construct_homepage_panels")
def translations_behind_panel(request, panels):
    from .dashboard import TranslationsBehindPanel

    panel = TranslationsBehindPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)

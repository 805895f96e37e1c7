from wagtail import hooks


@hooks.register("load_initial_data")
def events_initial_data(command, home, **kwargs):
    from .initial_data import ensure_events

    ensure_events(command, home)

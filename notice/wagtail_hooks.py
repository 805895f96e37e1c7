from wagtail import hooks

from .initial_data import load_notice_data


@hooks.register("load_initial_data")
def notice_initial_data(command, home, **kwargs):
    load_notice_data(command, home=home)

from wagtail import hooks

from privacy.notice.initial_data import load_notice_data


@hooks.register("load_initial_data")
def notice_initial_data(command, home, notice):
    load_notice_data(command, home=home, notice=notice)

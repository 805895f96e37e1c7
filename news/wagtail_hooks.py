from wagtail import hooks


@hooks.register("load_initial_data")
def news_initial_data(command, home, **kwargs):
    from .initial_data import ensure_news

    ensure_news(command, home)

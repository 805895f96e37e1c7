from home.feeds import IndexPageFeed


class EventFeed(IndexPageFeed):
    """The RSS feed of one events index: its live events, latest start first."""

    def pages(self, index):
        return index.events().order_by("-start", "-pk")

    def item_description(self, item):
        return item.summary()

    def item_pubdate(self, item):
        return item.start

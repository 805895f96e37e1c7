import datetime

from django.utils import timezone

from home.feeds import IndexPageFeed


class NewsFeed(IndexPageFeed):
    """The RSS feed of one news index: its live news, newest first."""

    def pages(self, index):
        return index.news()

    def item_description(self, item):
        return item.intro

    def item_pubdate(self, item):
        moment = datetime.datetime.combine(item.date, datetime.time(12))
        return timezone.make_aware(moment)

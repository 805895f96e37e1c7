import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone


class NewsFeed(Feed):
    """The RSS feed of one news index: its live news, newest first."""

    size = 20

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return index.title

    def link(self, index):
        return index.get_url(request=self.request)

    def description(self, index):
        return index.search_description or index.title

    def items(self, index):
        return index.news()[: self.size]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        moment = datetime.datetime.combine(item.date, datetime.time(12))
        return timezone.make_aware(moment)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

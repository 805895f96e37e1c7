from django.contrib.syndication.views import Feed


class EventFeed(Feed):
    """The RSS feed of one events index: its live events, latest start first."""

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
        return index.events().order_by("-start", "-pk")[: self.size]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary()

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.start

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

"""The RSS feed of a section's index page (news, events): its live pages."""

from django.contrib.syndication.views import Feed


class IndexPageFeed(Feed):
    """One index page's feed; a subclass says which pages, their summary and date."""

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
        return self.pages(index)[: self.size]

    def pages(self, index):
        raise NotImplementedError

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

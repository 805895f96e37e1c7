"""Search and reference indexing of what an import wrote: once per object,
after the import's transaction.

A page is saved three times on its way in (created, revised, published) and
each save would queue a search-index task and a reference-index task: six
tasks for one page, most of an import's time. While an import runs, saves
are recorded instead, and the objects saved are indexed once, in bulk, when
the import is committed.
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


def searched_models():
    return {
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    }


class DeferredIndexing:
    def __init__(self):
        self.searched = searched_models()
        self.saved = {}  # (app_label, model_name, pk) -> model

    def record(self, sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        meta = instance._meta
        self.saved[(meta.app_label, meta.model_name, str(instance.pk))] = sender

    @contextmanager
    def deferred(self):
        # The search handler is connected per model and has no switch of its
        # own: it is disconnected for the import's duration. Saves made by
        # other threads meanwhile are recorded too, so none goes unindexed.
        post_save.connect(self.record, weak=False, dispatch_uid=id(self))
        disconnected = [
            model
            for model in self.searched
            if post_save.disconnect(post_save_signal_handler, sender=model)
        ]
        try:
            with disable_reference_index_auto_update():
                yield self
        finally:
            for model in disconnected:
                post_save.connect(post_save_signal_handler, sender=model)
            post_save.disconnect(dispatch_uid=id(self))

    def apply(self, batch=500):
        """Index each object saved, once, in bulk; returns how many.

        Run in the import's own process (the command, or the task worker),
        in one transaction: thousands of small tasks would each commit.
        """
        by_model = {}
        for (_app_label, _model_name, pk), model in self.saved.items():
            by_model.setdefault(model, []).append(pk)
        backends = list(get_search_backends(with_auto_update=True))
        with transaction.atomic():
            for model, pks in by_model.items():
                searched = model in self.searched
                referenced = model in ReferenceIndex.tracked_models and not any(
                    isinstance(field, ParentalKey) for field in model._meta.get_fields()
                )
                if not (searched or referenced):
                    continue
                for start in range(0, len(pks), batch):
                    chunk = pks[start : start + batch]
                    objects = list(model.objects.filter(pk__in=chunk))
                    if searched:
                        for backend in backends:
                            backend.add_bulk(model, objects)
                    if referenced:
                        for each in objects:
                            ReferenceIndex.create_or_update_for_object(each)
        count = len(self.saved)
        self.saved = {}
        return count

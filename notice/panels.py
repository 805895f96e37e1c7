from wagtail.admin.panels import Panel


class NoticeConsistencyPanel(Panel):
    """Warns the editor where the notice disagrees with how the site is set up."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notice/admin/consistency_panel.html"

        def get_context_data(self, parent_context=None):
            from .consistency import check_page

            context = super().get_context_data(parent_context)
            page = self.instance
            context["findings"] = check_page(page) if page and page.locale_id else []
            return context


class TranslationStatusPanel(Panel):
    """On a translation: the reference version it follows, and whether it is behind."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notice/admin/translation_panel.html"

        def is_shown(self):
            page = self.instance
            return bool(page and page.pk and page.locale_id) and not (
                page.is_reference_text
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["status"] = self.instance.translation_status
            return context

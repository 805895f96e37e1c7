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

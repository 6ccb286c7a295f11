"""What the portal's own Wagtail admin views share."""

from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class TitledAdminMixin(WagtailAdminTemplateMixin):
    """A standalone admin view whose header names the view: Wagtail's slim header shows the
    breadcrumbs, and the base list holds only "Home"."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

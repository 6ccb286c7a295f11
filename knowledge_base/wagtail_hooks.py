"""The knowledge base in the Wagtail admin: who sees which drafts (permissions.py), and the
guidebook's editions screen (admin_views.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from .admin_views import GuidebookEditionsView
from .models import GuidebookPage
from .permissions import KnowledgeBasePagePolicy, pages_seen_by

# Before any view asks for it: the explorer, its search, the admin API and the site history
# list the pages this policy calls explorable.
register_permission_policy(Page, KnowledgeBasePagePolicy())


@hooks.register("construct_page_chooser_queryset")
def hide_unseen_drafts_from_the_chooser(pages, request):
    return pages_seen_by(request.user, pages)


@hooks.register("before_move_page")
def refuse_a_move_the_user_may_not_make(request, page, destination):
    # Wagtail's "confirm the move" screen checks no right before showing the page's title.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path(
            "knowledge-base/guidebook/<int:pk>/editions/",
            GuidebookEditionsView.as_view(),
            name="knowledge_base_guidebook_editions",
        ),
    ]


class EditionsButton(PageMenuItem):
    label = _("Editions")
    icon_name = "doc-full"
    url_name = "knowledge_base_guidebook_editions"

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class or object, GuidebookPage)
            and self.page.permissions_for_user(user).can_publish()
        )


def _editions_button(page, user):
    yield EditionsButton(page=page, priority=65)


@hooks.register("register_page_header_buttons")
def editions_in_the_page_header(page, user, view_name, next_url=None):
    yield from _editions_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def editions_in_the_page_listing(page, user, next_url=None):
    yield from _editions_button(page, user)

"""The knowledge base in the Wagtail admin: who sees which drafts (permissions.py)."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

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

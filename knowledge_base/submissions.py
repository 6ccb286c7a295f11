"""A good practice shared through the site form: a draft lesson that goes straight to review."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.slugs import readable_slug
from portal.uploads import named_by_content

from .forms import text_to_html
from .models import LessonPage


@transaction.atomic
def submit_good_practice(index, user, data):
    """Create the draft lesson under ``index`` owned by ``user`` and start its review workflow."""
    images, attachments = [], []
    if data.get("photo"):
        # Stored under a random name with the extension of the checked content (portal/uploads.py).
        image = get_image_model()(
            title=data["title"][:255], file=named_by_content(data["photo"]), uploaded_by_user=user
        )
        image.save()
        images.append(("image", {"image": image, "caption": data.get("photo_caption", "")}))
    if data.get("attachment"):
        document = get_document_model()(
            title=data["attachment"].name[:255],
            file=named_by_content(data["attachment"]),
            uploaded_by_user=user,
        )
        document.save()
        attachments.append(("document", {"document": document, "title": ""}))
    page = LessonPage(
        title=data["title"],
        slug=find_available_slug(index, readable_slug(data["title"]) or "good-practice"),
        locale=index.locale,
        owner=user,
        live=False,
        summary=data["summary"],
        sector=data["sector"],
        date=data.get("date"),
        area=data.get("area"),
        organisation=getattr(getattr(user, "profile", None), "organisation", None),
        images=images,
        attachments=attachments,
        **{name: text_to_html(data.get(name, "")) for name in _rich_fields()},
    )
    page.strategies = list(data.get("strategies") or [])
    page.actor_types = list(data.get("actor_types") or [])
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    page.get_workflow().start(page, user)
    return page


def _rich_fields():
    from .forms import ShareGoodPracticeForm

    return ShareGoodPracticeForm.RICH_FIELDS


def contribution_status(page):
    """(status label, reviewer's comment or "") of one of a contributor's lessons."""
    if page.live and not page.has_unpublished_changes:
        return _("Published"), ""
    state = page.workflow_states.order_by("-created_at").first()
    if state is None:
        return _("Draft"), ""
    if state.status == state.STATUS_IN_PROGRESS:
        return _("Waiting for review"), ""
    if state.status == state.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        return _("Changes requested"), task_state.specific.get_comment() if task_state else ""
    if state.status == state.STATUS_APPROVED:
        return _("Published"), ""
    return _("Draft"), ""

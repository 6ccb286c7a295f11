"""Who may do what in the knowledge base: Wagtail group page permissions and one workflow.

- Contributor: ``add`` under the lesson and exchange indexes, which in Wagtail means creating
  pages there and editing the ones they own; never publishing. Their drafts go to review.
- Reviewer: approves or rejects (with a comment) through the review workflow's group task.
  Wagtail publishes an approved page as the approving user and checks that user's ``publish``
  permission, so Reviewers hold ``publish`` on the indexes; they cannot create or edit pages
  there (no ``add``/``change``) except a page that is waiting for their review.
- Editor: everything on the guidebook and both indexes, and a member of the review task.

Page permissions hang on pages, which do not exist when migrations run on a fresh database, so
``grant_page_rights`` runs from the data migration for pages already there and from a
``post_save`` signal for every index or guidebook created later (demo, admin, translation).
Functions take ``apps`` so the migration can call them with its historical models.
"""

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import GroupApprovalTask, Page, PagePermissionTester, WorkflowState
from wagtail.models.pages import get_default_page_content_type
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import page_permission_policy

from portal import roles

WORKFLOW_NAME = "Knowledge base review"
TASK_NAME = "Review by a reviewer"

EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
INDEX_RIGHTS = {
    roles.CONTRIBUTOR: ["add_page"],
    roles.REVIEWER: ["publish_page"],
    roles.EDITOR: EDITOR_PAGE_PERMISSIONS,
}
PAGE_RIGHTS = {
    "lessonindexpage": INDEX_RIGHTS,
    "exchangeindexpage": INDEX_RIGHTS,
    "guidebookpage": {roles.EDITOR: EDITOR_PAGE_PERMISSIONS},
}
REVIEWED_PAGES = {"lessonindexpage", "exchangeindexpage"}

COLLECTION_RIGHTS = {
    roles.CONTRIBUTOR: [
        ("wagtailimages", "image", ["add", "choose"]),
        ("wagtaildocs", "document", ["add", "choose"]),
    ],
    roles.REVIEWER: [
        ("wagtailimages", "image", ["choose"]),
        ("wagtaildocs", "document", ["choose"]),
    ],
    roles.EDITOR: [
        ("wagtailimages", "image", ["add", "change", "delete", "choose"]),
        ("wagtaildocs", "document", ["add", "change", "delete", "choose"]),
    ],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def review_workflow(apps):
    """The knowledge-base workflow: one group approval task for Reviewers (and Editors)."""
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=content_type
        )
    task.groups.add(*Group.objects.filter(name__in=[roles.REVIEWER, roles.EDITOR]))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def grant_group_rights(apps):
    """Model-level rights that do not hang on a page: admin access and the root collection."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    contributor = Group.objects.get(name=roles.CONTRIBUTOR)
    # Contributors may open their own drafts in the admin; the site form is their main door.
    contributor.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for group_name, grants in COLLECTION_RIGHTS.items():
        group = Group.objects.get(name=group_name)
        for app_label, model, actions in grants:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root,
                    permission=_permission(apps, app_label, model, f"{action}_{model}"),
                )


def grant_page_rights(apps, page_id, model_name):
    """Group page permissions (and the review workflow) on one guidebook or index page."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    page = Page.objects.get(pk=page_id)
    for group_name, codenames in PAGE_RIGHTS.get(model_name, {}).items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
    if model_name in REVIEWED_PAGES:
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": review_workflow(apps)}
        )


# Who sees a draft: a page never published, or a published page's unpublished changes. A draft
# is its author's until submitted: seen by its owner, by those who may change the page (Editors,
# superusers) and, once submitted, by the reviewers of its workflow's group tasks while it is in
# review (sent back for changes included, and an approved draft while it is being published).
# Contributors see only their own drafts; Reviewers, drafts in review only. Wagtail gives a
# Reviewer's "publish" the right to open, compare and publish any draft under the index: the
# tester below withholds that, the page policy hides unseen drafts from the explorer, its search,
# the admin API and the site history, and wagtail_hooks hides them from the page chooser.

IN_REVIEW = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]


def drafts_seen_by(user):
    """Q over pages: those whose draft ``user`` may see."""
    if user.is_superuser:
        return Q()
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    changeable = Q(pk__in=[])
    for grant in page_permission_policy.get_cached_permissions_for_user(user):
        if grant.permission.codename == "change_page":
            changeable |= Q(path__startswith=grant.page.path)
    in_review = WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        workflow__workflow_tasks__task__in=GroupApprovalTask.objects.filter(groups__user=user),
    ).filter(
        Q(status__in=IN_REVIEW)
        | Q(
            status=WorkflowState.STATUS_APPROVED,
            current_task_state__finished_at__gte=OuterRef("latest_revision__created_at"),
        )
    )
    return Q(owner=user) | changeable | Q(Exists(in_review))


def pages_seen_by(user, pages):
    """The pages of ``pages`` whose title ``user`` may see: live ones, and drafts they may see."""
    if user.is_superuser:
        return pages
    # By primary key, so that a search backend filtering the result knows the lookup.
    seen = Page.objects.filter(Q(live=True) | drafts_seen_by(user))
    return pages.filter(pk__in=seen.values("pk"))


def may_see_draft(user, page):
    """Whether ``user`` may see ``page``'s unpublished content (a live page without unpublished
    changes has none)."""
    if user.is_superuser or (page.live and not page.has_unpublished_changes):
        return True
    return Page.objects.filter(pk=page.pk).filter(drafts_seen_by(user)).exists()


class ReviewedPagePermissionTester(PagePermissionTester):
    """Wagtail's page rights, none of them on a draft the user may not see."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions") and not may_see_draft(user, page):
            self.permissions = set()


class ReviewedPageMixin:
    """For page types that go through review: their drafts are seen as ``may_see_draft`` says."""

    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)


class KnowledgeBasePagePolicy(PagePermissionPolicy):
    """Wagtail's page policy, whose explorable pages leave out drafts the user may not see."""

    def explorable_instances(self, user):
        return pages_seen_by(user, super().explorable_instances(user))

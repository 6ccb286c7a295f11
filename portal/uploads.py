"""Files people send through the site's own forms: what they are, the name they are stored
under, and who may download them before the page that uses them is published.

- A file is what its bytes say (``sniff``), never what its name or the browser claims.
- It is stored under a random name with the extension of that checked type
  (``named_by_content``): a PNG sent as ``evil.html`` is stored as ``<32 hex digits>.png``, so
  no server that types files by their extension (Django's development server, nginx, object
  storage) ever answers it as a page, and the address of a file nobody has published yet, an
  image's original and its renditions (named after it) alike, cannot be guessed.
- An image or a document that no published page uses yet is seen only by its uploader, by who
  may change it in the admin, and by who may see the draft of a page that uses it: its owner,
  Editors, and the Reviewers while it waits for them (``UploadPermissionPolicy``). The one rule
  is asked by Wagtail's choosers, image and document listings and admin API (the policy is
  registered for both models in ``portal/wagtail_hooks.py``) and by the download of a document
  (``may_download_document``, Wagtail's ``before_serve_document`` hook).
"""

import secrets

import filetype
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

# The extension each accepted kind of file is stored with. A form decides which kinds it takes;
# every kind it takes must be here.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def sniff(upload):
    """What the file's bytes say it is (a ``filetype`` kind with ``.mime``), or None."""
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    return kind


def named_by_content(upload):
    """``upload`` as a file to store: a random name, the extension of its checked content.

    Raises ValueError for content of a kind not in ``EXTENSIONS``; the form that took the file
    has refused such a file already, with a reason, so this is a programming error.
    """
    kind = sniff(upload)
    extension = EXTENSIONS.get(kind.mime) if kind else None
    if extension is None:
        raise ValueError(f"no stored extension for {kind.mime if kind else 'unknown content'}")
    return File(upload, name=f"{secrets.token_hex(16)}.{extension}")


def may_download_document(document, user):
    """Whether ``user`` may download a Wagtail ``document``: whether they may see it
    (``UploadPermissionPolicy.may_see``). Anyone may once a live page uses it."""
    return policy_registry.get_by_type(type(document)).may_see(user, document)


class UploadPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's rights on images or documents (by collection; an uploader changes their own),
    with "choose" narrowed to the files the user may see (``seen_by``).

    Contributors and Reviewers hold "choose" on the root collection, which alone would offer
    them every file anyone sent with a good practice still in review. A file is seen by anyone
    when a live page uses it in its published content or something that is not a page uses it
    (Wagtail's reference index); otherwise only by who uploaded it, who may change it, and who
    may see the draft of a page that uses it: the pages the registered page policy lets them
    explore (knowledge_base/permissions.py leaves out drafts they may not see). Unused files
    are private on purpose: the reference index is written by a background task after a save.
    """

    def seen_by(self, user):
        """The files ``user`` may see."""
        files = self.model._default_manager.all()
        if user.is_active and user.is_superuser:
            return files
        references = ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(self.model),
            to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        page_type = ContentType.objects.get_for_model(Page)
        pages = Page.objects.filter(live=True)
        seen = Q(Exists(references.exclude(base_content_type=page_type)))
        if user.is_authenticated and user.is_active:
            explorable = policy_registry.get_by_type(Page).explorable_instances(user)
            pages = Page.objects.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))
            changeable = super().instances_user_has_any_permission_for(user, ["change"])
            seen |= Q(**{self.owner_field_name: user}) | Q(pk__in=changeable.values("pk"))
        used_by_pages = references.filter(
            base_content_type=page_type,
            object_id__in=pages.annotate(key=Cast("pk", output_field=CharField())).values("key"),
        )
        return files.filter(seen | Q(Exists(used_by_pages)))

    def may_see(self, user, instance):
        return self.seen_by(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "choose" in actions and not self.may_see(user, instance):
            actions = [action for action in actions if action != "choose"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if "choose" not in actions:
            return instances
        chosen = instances.filter(pk__in=self.seen_by(user).values("pk"))
        others = [action for action in actions if action != "choose"]
        if others:
            chosen |= super().instances_user_has_any_permission_for(user, others)
        return chosen

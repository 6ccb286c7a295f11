"""Files people send through the site's own forms: what they are, the name they are stored
under, and who may download them before the page that uses them is published.

- A file is what its bytes say (``sniff``), never what its name or the browser claims.
- It is stored under a random name with the extension of that checked type
  (``named_by_content``): a PNG sent as ``evil.html`` is stored as ``<32 hex digits>.png``, so
  no server that types files by their extension (Django's development server, nginx, object
  storage) ever answers it as a page, and the address of a file nobody has published yet, an
  image's original and its renditions (named after it) alike, cannot be guessed.
- A Wagtail document used only by pages that are not live goes only to people who may edit one
  of them (``may_download_document``, asked by Wagtail's ``before_serve_document`` hook in
  ``portal/wagtail_hooks.py``).
"""

import secrets

import filetype
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from wagtail.models import Page, ReferenceIndex
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
    """Whether ``user`` may download a Wagtail ``document``.

    Anyone may when a live page uses it (in its published content) or something that is not a
    page does (a snippet). Otherwise, used only by pages not yet published (a good practice in
    review) or by nothing, only who uploaded it, who may change it in the admin, and who may
    edit a page that uses it: its owner, Editors, and the Reviewers while it waits for them.
    """
    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    if references.exclude(base_content_type=page_type).exists():
        return True
    pages = Page.objects.filter(
        pk__in={
            int(pk)
            for pk in references.filter(base_content_type=page_type).values_list(
                "object_id", flat=True
            )
        }
    )
    if pages.filter(live=True).exists():
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if document.uploaded_by_user_id == user.pk:
        return True
    documents = policy_registry.get_by_type(type(document))
    if documents.user_has_permission_for_instance(user, "change", document):
        return True
    return any(page.permissions_for_user(user).can_edit() for page in pages)

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ActorType, AdministrativeArea, GlossaryTerm, Organisation, Strategy
from .translations import glossary as translation_glossary
from .translations import status as translation_status
from .translations.views import (
    ExportView,
    ImportView,
    StatusView,
    may_manage_translations,
)
from .uploads import UploadPermissionPolicy, may_download_document

# The choosers, listings and admin API of images and documents, and the download of a document,
# ask which files a user may see (portal/uploads.py). For the exact class: the registry prefers
# it to Wagtail's own registration, which its apps' ready() may make after these hooks load.
register_permission_policy(
    get_image_model(),
    UploadPermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
register_permission_policy(
    get_document_model(),
    UploadPermissionPolicy(
        get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)


class StrategyViewSet(SnippetViewSet):
    model = Strategy
    icon = "tag"
    list_display = ["number", "name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class ActorTypeViewSet(SnippetViewSet):
    model = ActorType
    icon = "group"
    list_display = ["name", "code", "level", "locale"]
    list_filter = ["level", "locale"]
    search_fields = ["name", "code"]


class AdministrativeAreaViewSet(SnippetViewSet):
    model = AdministrativeArea
    icon = "site"
    list_display = ["code", "name_km", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_km", "name_en"]
    list_per_page = 50


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_km", "name_en", "actor_type", "area"]
    search_fields = ["name_km", "name_en"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    list_display = ["name_km", "name_en", "other_forms"]
    search_fields = ["name_km", "name_en", "other_forms"]


class VocabularyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Vocabulary")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        StrategyViewSet,
        ActorTypeViewSet,
        AdministrativeAreaViewSet,
        OrganisationViewSet,
        GlossaryTermViewSet,
    )


register_snippet(VocabularyViewSetGroup)


@hooks.register("insert_global_admin_css")
def khmer_font_in_admin():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-khmer.css"))


@hooks.register("before_serve_document")
def documents_of_unpublished_pages_only_to_their_editors(document, request):
    """/documents/<id>/<name>: a document used only by pages not yet published (an attachment
    in review) goes only to people who may edit one of them (portal/uploads.py)."""
    if may_download_document(document, request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


class SeenFilesMixin:
    """An admin API endpoint of images or documents listing, and showing, only the files the
    user may choose (Wagtail's lists every file to every admin user)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        chosen = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=chosen.values("pk"))


class SeenImagesAdminAPIViewSet(SeenFilesMixin, ImagesAdminAPIViewSet):
    pass


class SeenDocumentsAdminAPIViewSet(SeenFilesMixin, DocumentsAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=1)  # after Wagtail's, which it replaces
def admin_api_lists_seen_files(router):
    router.register_endpoint("images", SeenImagesAdminAPIViewSet)
    router.register_endpoint("documents", SeenDocumentsAdminAPIViewSet)


@hooks.register("register_admin_urls")
def translation_urls():
    return [
        path("translations/", StatusView.as_view(), name="portal_translations"),
        path("translations/export/", ExportView.as_view(), name="portal_translations_export"),
        path("translations/import/", ImportView.as_view(), name="portal_translations_import"),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_translations(request.user)


@hooks.register("register_admin_menu_item")
def translations_menu_item():
    return TranslationsMenuItem(
        _("Translation status"), reverse("portal_translations"), icon_name="globe", order=850
    )


# Before wagtail-localize's own hook, which answers the edit view of a translation it tracks
# with its translation editor: the warning is queued first and shown by either editor.
@hooks.register("before_edit_page", order=-10)
def warn_of_an_outdated_translation(request, page):
    if request.method != "GET":
        return
    row = translation_status.status_of(page)
    if row is not None and row.translation is not None:
        # The glossary's suggestions for the page's strings, above wagtail-localize's editor
        # (its React editor has no place for them).
        terms = translation_glossary.terms_in_source(row.translation.source)
        if terms:
            messages.info(
                request,
                gettext("Glossary terms in this page: %(terms)s")
                % {"terms": "; ".join(f"{t.name_km} = {t.name_en}" for t in terms)},
            )
    if row is not None and row.status == translation_status.OUTDATED:
        messages.warning(
            request,
            gettext(
                "This translation is out of date: %(translated)s of %(total)s strings of the "
                "source page are translated%(changed)s. Sync it from the source page "
                "(“Sync translated pages”) and translate the new strings."
            )
            % {
                "translated": row.translated,
                "total": row.total,
                "changed": gettext(", and the source changed after the last sync")
                if row.source_changed
                else "",
            },
        )
        return
    if page.locale_id == Locale.get_default().pk:
        stale = [
            r.locale.get_display_name()
            for r in translation_status.rows(Page.objects.filter(pk=page.pk))
            if r.status == translation_status.OUTDATED
        ]
        if stale:
            messages.info(
                request,
                gettext("The translation of this page into %(languages)s is out of date.")
                % {"languages": ", ".join(stale)},
            )

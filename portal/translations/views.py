"""The translation status view and the section's PO export and import (Wagtail admin)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.models import Locale, Page

from ..admin_views import TitledAdminMixin
from . import po_bundle, status
from .glossary import Glossary

PERMISSION = "portal.manage_translations"
PER_PAGE = 50


def may_manage_translations(user):
    """Who follows and exchanges the translations: the Editor group, and superusers."""
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class TranslationsAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_manage_translations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _target_locales():
    return Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")


class StatusView(TranslationsAccessMixin, TitledAdminMixin, TemplateView):
    """Per page and language: missing, out of date, in sync; by section and status."""

    template_name = "portal/translations/status.html"
    page_title = gettext_lazy("Translation status")
    header_icon = "globe"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        sections = list(status.sections())
        section = next((s for s in sections if str(s.pk) == query.get("section")), None)
        locales = list(_target_locales())
        locale = next((loc for loc in locales if loc.language_code == query.get("locale")), None)
        pages = Page.objects.filter(depth__gt=1)
        if section is not None:
            pages = pages.descendant_of(section, inclusive=True)
        found = status.rows(pages, [locale] if locale else locales)
        tally = status.counts(found)
        chosen = query.get("status") if query.get("status") in status.STATUSES else ""
        if chosen:
            found = [row for row in found if row.status == chosen]
        listing = Paginator(found, PER_PAGE).get_page(query.get("page"))
        return super().get_context_data(
            sections=sections,
            section=section,
            locales=locales,
            locale=locale,
            statuses=status.STATUSES.items(),
            chosen=chosen,
            counts=[(key, status.STATUSES[key], n) for key, n in tally.items()],
            rows=listing,
            glossary=Glossary(),
            **kwargs,
        )


class ExportView(TranslationsAccessMixin, View):
    """POST: a section's PO file for a translator (it starts the translations it needs, so it
    is no GET)."""

    def post(self, request):
        root = get_object_or_404(Page, pk=request.POST.get("section"), locale=Locale.get_default())
        locale = get_object_or_404(_target_locales(), language_code=request.POST.get("locale"))
        po = po_bundle.export(root, locale, user=request.user)
        response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
        filename = f"{root.slug}-{locale.language_code}.po"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("PO file"),
        help_text=gettext_lazy(
            "A file exported from Translation status, with the translator's work in it."
        ),
    )


class ImportView(TranslationsAccessMixin, TitledAdminMixin, FormView):
    template_name = "portal/translations/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import a translation")
    header_icon = "upload"

    def form_valid(self, form):
        try:
            report = po_bundle.import_file(
                form.cleaned_data["file"].read(),
                user=self.request.user,
                check_rights=True,
            )
        except po_bundle.ImportRefused as refused:
            context = self.get_context_data(form=form, errors=refused.errors)
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            _(
                "%(strings)s strings changed in %(pages)s pages, published; "
                "%(unchanged)s pages unchanged."
            )
            % {
                "strings": report.strings_changed,
                "pages": len(report.pages_changed),
                "unchanged": report.pages_unchanged,
            },
        )
        return redirect(reverse("portal_translations"))

"""The admin's editions screen: an editor lists a guidebook's editions and publishes the next."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .editions import EditionRefused, next_edition_number, publish_edition
from .models import GuidebookPage


class EditionForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Edition number"), min_value=1)
    published_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        label=gettext_lazy("What changed in this edition"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Readers see this above the list of changed sections."),
    )


class GuidebookEditionsView(WagtailAdminTemplateMixin, FormView):
    """Editions of one guidebook (one language). Only people who may publish the guidebook page
    (Editors) publish an edition: it freezes what is live, as publishing does."""

    template_name = "knowledge_base/admin/editions.html"
    form_class = EditionForm
    page_title = gettext_lazy("Guidebook editions")
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.guidebook = get_object_or_404(GuidebookPage, pk=pk)
        if not self.guidebook.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.guidebook.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_initial(self):
        return {
            "number": next_edition_number(self.guidebook),
            "published_on": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            guidebook=self.guidebook,
            editions=self.guidebook.editions.order_by("-number"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            edition = publish_edition(
                self.guidebook,
                number=form.cleaned_data["number"],
                summary=form.cleaned_data["summary"],
                published_on=form.cleaned_data["published_on"],
                user=self.request.user,
            )
        except EditionRefused as refused:
            form.add_error(None, refused.reason)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Edition %(number)s is published; its PDF is being made.")
            % {"number": edition.number},
        )
        return redirect(reverse("knowledge_base_guidebook_editions", args=[self.guidebook.pk]))

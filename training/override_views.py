"""Completions marked by staff in the Wagtail admin: the trail (who marked which learner's course
complete, when, why, and who undid it), the form to mark one (with a confirmation step), and
the undoing. The learners offered and the overrides shown are those placed where the user acts
(portal.access); the services (learning.overrides) check it again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from portal import access

from . import reports
from .admin_views import TitledAdminMixin
from .forms import CourseChoiceField
from .learning import OverrideRefused, mark_complete, undo_override
from .models import CompletionOverride, CoursePage
from .refusals import status_of


def visible_overrides(user):
    """The overrides of the learners placed where ``user`` acts."""
    return access.visible(user, CompletionOverride.objects.all(), "learner__profile__area")


def _require(user, action):
    if not (user.is_superuser or user.has_perm(f"training.{action}_completionoverride")):
        raise PermissionDenied


class OverrideFilters(forms.Form):
    """The trail's selection. A value that is not one of the choices selects nothing."""

    STATUSES = [
        ("", gettext_lazy("All")),
        ("standing", gettext_lazy("Standing")),
        ("undone", gettext_lazy("Undone")),
    ]
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUSES, required=False)
    course = CourseChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All courses"),
    )
    learner = forms.CharField(label=gettext_lazy("Learner"), required=False, max_length=150)

    def __init__(self, data):
        super().__init__(data)
        self.fields["course"].queryset = reports.default_courses()
        self.is_valid()

    def apply(self, overrides):
        data = self.cleaned_data
        if data.get("status") == "standing":
            overrides = overrides.filter(undone_at__isnull=True)
        elif data.get("status") == "undone":
            overrides = overrides.filter(undone_at__isnull=False)
        if data.get("course"):
            overrides = overrides.filter(course=data["course"])
        if data.get("learner"):
            words = data["learner"].strip()
            overrides = overrides.filter(
                Q(learner__username__icontains=words)
                | Q(learner__first_name__icontains=words)
                | Q(learner__last_name__icontains=words)
            )
        return overrides


class OverrideListView(TitledAdminMixin, TemplateView):
    """Every course marked complete by staff for the learners placed where the user acts, the
    latest first, with who did it, when and why, and its undoing."""

    template_name = "training/admin/overrides.html"
    page_title = gettext_lazy("Completions marked by staff")
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "view")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        selection = OverrideFilters(self.request.GET)
        titles = reports.course_titles()
        overrides = selection.apply(visible_overrides(self.request.user)).select_related(
            "learner", "course", "created_by", "undone_by", "learner__profile__area"
        )
        page = Paginator(overrides, 50).get_page(self.request.GET.get("page"))
        for override in page:
            override.course_title = titles.get(override.course.translation_key, "")
        return super().get_context_data(
            selection=selection,
            page=page,
            may_add=self.request.user.has_perm("training.add_completionoverride"),
            may_undo=self.request.user.has_perm("training.change_completionoverride"),
            **kwargs,
        )


class MarkCompleteForm(forms.Form):
    learner = forms.ModelChoiceField(
        label=gettext_lazy("Learner's username"),
        queryset=CompletionOverride.objects.none(),
        to_field_name="username",
        widget=forms.TextInput,
        error_messages={
            "invalid_choice": gettext_lazy(
                "No learner with this username is placed where you work."
            )
        },
    )
    course = CourseChoiceField(label=gettext_lazy("Course"), queryset=CoursePage.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "Why the course counts as complete: for example, the face-to-face session held "
            "without the portal, its date and place."
        ),
        error_messages={"required": gettext_lazy("Give a reason.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people placed where the user acts: anyone else's username is refused.
        self.fields["learner"].queryset = access.people_in_scope(user).filter(is_active=True)
        self.fields["course"].queryset = reports.default_courses()

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class MarkCompleteView(TitledAdminMixin, FormView):
    """Mark a course complete for a learner: the form, then a page to confirm (the same fields,
    hidden, with ``confirm``), then the override. ``?learner=`` and ``?course=`` fill it in."""

    template_name = "training/admin/override_form.html"
    form_class = MarkCompleteForm
    page_title = gettext_lazy("Mark a course complete")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "add")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            key: self.request.GET[key] for key in ("learner", "course") if key in self.request.GET
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        if self.request.POST.get("confirm") != "yes":
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        try:
            override = mark_complete(
                data["learner"], data["course"], by=self.request.user, reason=data["reason"]
            )
        except OverrideRefused as refused:
            context = self.get_context_data(form=form, refused=refused.message)
            return self.render_to_response(context, status=status_of(refused))
        messages.success(
            self.request,
            _("%(course)s marked complete for %(learner)s. The certificate is being prepared.")
            % {
                "course": data["course"].shown_title,
                "learner": override.learner.get_full_name() or override.learner.get_username(),
            },
        )
        return redirect(reverse("training_overrides"))


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for undoing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Give a reason.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class UndoOverrideView(TitledAdminMixin, FormView):
    """Undo one override: the page shows what will be undone and asks why (the confirmation).
    An override of a learner placed elsewhere is refused like a screen without the right."""

    template_name = "training/admin/override_undo.html"
    form_class = UndoForm
    page_title = gettext_lazy("Undo a completion marked by staff")
    header_icon = "undo"

    def dispatch(self, request, pk, *args, **kwargs):
        _require(request.user, "change")
        self.override = get_object_or_404(
            CompletionOverride.objects.select_related("learner", "course", "created_by"), pk=pk
        )
        if not visible_overrides(request.user).filter(pk=pk).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        titles = reports.course_titles()
        self.override.course_title = titles.get(self.override.course.translation_key, "")
        return super().get_context_data(override=self.override, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        try:
            undo_override(self.override, by=self.request.user, reason=form.cleaned_data["reason"])
        except OverrideRefused as refused:
            context = self.get_context_data(form=form, refused=refused.message)
            return self.render_to_response(context, status=status_of(refused))
        messages.success(self.request, _("Undone. Any certificate it gave is withdrawn."))
        return redirect(reverse("training_overrides"))

"""Wagtail admin views: the cohort upload and a session's attendance (the completion report:
report_view.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.forms import WagtailAdminModelForm

from portal import access
from portal.admin_views import TitledAdminMixin
from portal.infrastructure.spreadsheets import table_response

from . import refreshers, reports
from .cohort import CohortRefused, enrol_cohort
from .forms import CourseChoiceField
from .learning import cancel_session, record_attendance
from .models import CoursePage, Enrolment, SessionRegistration, TrainingSession, canonical

# Who may list, open, change or delete which face-to-face session: staff with the model permission,
# for sessions held where they act (registered with Wagtail in wagtail_hooks, so the snippet
# views, choosers, history and site history ask it too).
SESSIONS = access.AreaPermissionPolicy(TrainingSession)


def with_course_titles(sessions):
    """Face-to-face sessions, each with ``course_title``: its course as
    reports.default_courses() names it, in the admin's language. The session's str() uses it."""
    titles = reports.default_courses().filter(translation_key=OuterRef("course__translation_key"))
    return sessions.annotate(course_title=Subquery(titles.values("shown_title")[:1]))


class CohortForm(forms.Form):
    course = CourseChoiceField(label=gettext_lazy("Course"), queryset=CoursePage.objects.none())
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: username,email,first_name,last_name,actor_type,area_code,gender,position"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = reports.default_courses()


class CohortView(TitledAdminMixin, FormView):
    template_name = "training/admin/cohort.html"
    form_class = CohortForm
    page_title = gettext_lazy("Enrol a cohort")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_perm("training.enrol_cohort")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(waiting=self.waiting_for_a_password(), **kwargs)

    def waiting_for_a_password(self):
        """The people a cohort upload enrolled, placed where the user acts, who have not set a
        password yet: each with a button to send the invitation again (accounts' view, which
        checks the same places)."""
        people = access.people_in_scope(self.request.user).filter(
            is_active=True,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
            enrolments__source=Enrolment.Source.ASSIGNED,
        )
        return people.exclude(email="").distinct().order_by("-date_joined")[:100]

    def form_valid(self, form):
        raw = form.cleaned_data["file"].read()
        try:
            result = enrol_cohort(
                raw,
                form.cleaned_data["course"],
                assigned_by=self.request.user,
                within=access.areas_in_scope(self.request.user),
            )
        except CohortRefused as refused:
            context = self.get_context_data(form=form, errors=refused.errors)
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            _("%(created)s accounts created, %(enrolled)s enrolled, %(already)s already enrolled.")
            % {
                "created": len(result.created),
                "enrolled": len(result.enrolled),
                "already": len(result.already),
            },
        )
        return redirect(reverse("training_cohort"))


def with_unseen_participants(session, chosen, shown):
    """The participants to record on ``session``: those ``chosen`` from the people ``shown``, and
    those already recorded whom the form did not show (another province's), which a form that
    cannot show them must not drop."""
    if session.pk is None:
        return list(chosen)
    recorded = TrainingSession.objects.filter(pk=session.pk).values("participants")
    unseen = get_user_model().objects.filter(pk__in=recorded).exclude(pk__in=shown.values("pk"))
    return list(chosen) + list(unseen)


class TrainingSessionForm(WagtailAdminModelForm):
    """A face-to-face session, for staff: provincial staff choose only places and participants
    in their province (as in the report), so a post naming others is refused by validation, and
    participants of other provinces already recorded stay recorded.
    The course is chosen from a dropdown naming each in the admin's language, as in the report
    and the cohort upload (the page chooser showed the Khmer title in the English admin)."""

    course = CourseChoiceField(label=gettext_lazy("Course"), queryset=CoursePage.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = reports.default_courses()
        if self.instance.course_id:
            # Attendance counts on the course's Khmer page, whichever page the session names.
            self.initial["course"] = canonical(self.instance.course.specific).pk
        user = self.for_user
        if user is not None:
            self.fields["area"].queryset = access.visible(user, self.fields["area"].queryset, "pk")
            self.fields["participants"].queryset = access.people_in_scope(user)

    def clean_participants(self):
        return with_unseen_participants(
            self.instance, self.cleaned_data["participants"], self.fields["participants"].queryset
        )


class AttendanceForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Attended"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, people, registered=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        field.queryset = people
        # Who registered in the calendar is marked: the facilitator ticks them off the list.
        field.label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.username})"
            + (f" · {_('registered')}" if user.pk in registered else "")
        )


class SessionScreenMixin(TitledAdminMixin):
    """An admin screen about one face-to-face session (``self.session``), for those who may change
    it under the sessions' policy (staff of its province, national staff)."""

    def dispatch(self, request, pk, *args, **kwargs):
        if not SESSIONS.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.session = get_object_or_404(
            with_course_titles(TrainingSession.objects.select_related("course")), pk=pk
        )
        if not SESSIONS.user_has_permission_for_instance(request.user, "change", self.session):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.session)


class AttendanceView(SessionScreenMixin, FormView):
    """Who attended a face-to-face session, as a list of the course's enrolled learners to tick:
    a facilitator need not find people in a list of every account. Provincial staff see and
    record only sessions and learners of their province (as in the session form)."""

    template_name = "training/admin/attendance.html"
    form_class = AttendanceForm
    page_title = gettext_lazy("Record attendance")
    header_icon = "group"

    def people(self):
        """The learners enrolled in the course, and anyone already recorded, in scope; and
        everyone with a place at the session from the calendar, wherever they live: they chose
        this session, which is in the user's scope (decision 0021)."""
        enrolled = Enrolment.objects.filter(course=canonical(self.session.course.specific))
        in_scope = access.people_in_scope(self.request.user).filter(
            Q(pk__in=enrolled.values("user_id")) | Q(pk__in=self.session.participants.values("pk"))
        )
        registered = self.registered().values("user_id")
        people = get_user_model().objects.filter(
            Q(pk__in=in_scope.values("pk")) | Q(pk__in=registered)
        )
        return people.order_by("first_name", "last_name", "username")

    def registered(self):
        return SessionRegistration.objects.filter(
            session=self.session, status=SessionRegistration.Status.PLACE
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "people": self.people(),
            "registered": set(self.registered().values_list("user_id", flat=True)),
            "initial": {"participants": list(self.session.participants.all())},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, registered=self.registered().count(), **kwargs
        )

    def form_valid(self, form):
        chosen = with_unseen_participants(
            self.session, form.cleaned_data["participants"], form.fields["participants"].queryset
        )
        record_attendance(self.session, participants=chosen)
        messages.success(
            self.request,
            _("Attendance recorded: %(count)s participants.") % {"count": len(chosen)},
        )
        return redirect(reverse("wagtailsnippets_training_trainingsession:list"))


class CancelSessionView(SessionScreenMixin, TemplateView):
    """Cancel a published face-to-face session: it stays in the calendar marked cancelled, and
    everyone registered or waiting is told by e-mail in their language. Staff of the session's
    province, and national staff (the sessions' policy)."""

    template_name = "training/admin/cancel_session.html"
    page_title = gettext_lazy("Cancel the session")
    header_icon = "cross"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, registrations=self.session.registrations.count(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if self.session.cancelled:
            messages.error(request, _("This session was cancelled before."))
        else:
            told = cancel_session(self.session, by=request.user)
            messages.success(
                request,
                _("Session cancelled; %(count)s people told by e-mail.") % {"count": told},
            )
        return redirect(reverse("wagtailsnippets_training_trainingsession:list"))


class RefreshersView(TitledAdminMixin, TemplateView):
    """Whose certificates have expired or expire within 30 days, for the learners placed where
    the user acts; as CSV or XLSX too."""

    template_name = "training/admin/refreshers.html"
    page_title = gettext_lazy("Refreshers due")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.is_superuser or request.user.has_perm("training.view_completion_report")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        rows = refreshers.due(request.user)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return table_response(
                refreshers.export_columns(),
                [row.cells() for row in rows],
                filename="refreshers-due",
                fmt=fmt,
                sheet_title=_("refreshers"),
            )
        return self.render_to_response(self.get_context_data(rows=rows))

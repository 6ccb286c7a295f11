from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from .admin_scoping import InPlaceChooserViewSet, InPlaceMixin
from .admin_views import (
    SESSIONS,
    AttendanceView,
    CancelSessionView,
    CohortView,
    RefreshersView,
    TrainingSessionForm,
    with_course_titles,
)
from .learning import places_raised, record_attendance
from .models import Quiz, SessionLogEntry, TrainingPlan, TrainingSession
from .override_views import MarkCompleteView, OverrideListView, UndoOverrideView
from .planning.admin import PLANS, CapacityDevelopmentGroup, PlanExportView, PlanImportView
from .planning.progress_view import PlanProgressView
from .report_view import CompletionReportView, ReportLearnersView

# Before any view asks for it: the snippet views, choosers, bulk actions and the admin's edit
# links ask the registry which sessions a user may list, open, change or delete.
register_permission_policy(TrainingSession, SESSIONS)
register_permission_policy(TrainingPlan, PLANS)


@hooks.register("register_log_actions")
def session_log(actions):
    # Sessions keep their own log, whose entries the site history shows by place.
    actions.register_model(TrainingSession, SessionLogEntry)
    actions.register_action(
        "training.session_cancelled", _("Cancel the session"), _("Session cancelled")
    )


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "pass_mark", "max_attempts"]
    add_to_admin_menu = False


class RecordsAttendanceMixin:
    """Saving a session in the admin records its attendance (the participants' enrolments and
    completions), in the view's transaction: the model's save() does not."""

    def save_instance(self):
        session = super().save_instance()
        record_attendance(session)
        return session


class SessionCreateView(RecordsAttendanceMixin, CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class SessionCopyView(InPlaceMixin, RecordsAttendanceMixin, CopyView):
    pass


class SessionDeleteView(InPlaceMixin, DeleteView):
    object_actions = ["delete"]


class SessionUsageView(InPlaceMixin, UsageView):
    pass


class SessionHistoryView(InPlaceMixin, HistoryView):
    pass


class SessionEditView(InPlaceMixin, RecordsAttendanceMixin, EditView):
    object_actions = ["change"]

    def save_instance(self):
        # More places give the people waiting theirs, in the view's transaction (decision 0021).
        session = super().save_instance()
        places_raised(session)
        return session

    def get_object(self, queryset=None):
        # The edit page is titled with the session's str(): its course in the admin's language.
        session = super().get_object(queryset)
        session.course_title = (
            with_course_titles(TrainingSession.objects.filter(pk=session.pk))
            .values_list("course_title", flat=True)
            .get()
        )
        return session


class SessionIndexView(IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        # The course column names the course in the admin's language, not by its page's own
        # title: the viewset's queryset annotates it (with_course_titles).
        for column in columns:
            if column.name == "course":
                column.accessor = "course_title"
        return columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                ListingMenuItem(
                    _("Record attendance"),
                    url=reverse("training_attendance", args=[instance.pk]),
                    icon_name="tick",
                    priority=5,
                )
            )
            if instance.published and not instance.cancelled:
                buttons.append(
                    ListingMenuItem(
                        _("Cancel the session"),
                        url=reverse("training_cancel_session", args=[instance.pk]),
                        icon_name="cross",
                        priority=6,
                    )
                )
        return buttons


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "group"
    menu_label = _("Face-to-face sessions")
    list_display = ["course", "date", "area", "trainer", "places", "published"]
    list_filter = ["published"]
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    copy_view_class = SessionCopyView
    delete_view_class = SessionDeleteView
    usage_view_class = SessionUsageView
    history_view_class = SessionHistoryView
    index_view_class = SessionIndexView
    chooser_viewset_class = InPlaceChooserViewSet
    edit_handler = ObjectList(TrainingSession.panels, base_form_class=TrainingSessionForm)

    def get_queryset(self, request):
        # Provincial staff list the sessions held in their province only.
        sessions = SESSIONS.instances_user_has_any_permission_for(request.user, ["view", "change"])
        return with_course_titles(sessions)


register_snippet(QuizViewSet)
register_snippet(TrainingSessionViewSet)
register_snippet(CapacityDevelopmentGroup)


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("training/report/", CompletionReportView.as_view(), name="training_report"),
        path(
            "training/report/learners/",
            ReportLearnersView.as_view(),
            name="training_report_learners",
        ),
        path("training/cohort/", CohortView.as_view(), name="training_cohort"),
        path(
            "training/sessions/<int:pk>/attendance/",
            AttendanceView.as_view(),
            name="training_attendance",
        ),
        path(
            "training/sessions/<int:pk>/cancel/",
            CancelSessionView.as_view(),
            name="training_cancel_session",
        ),
        path("training/refreshers/", RefreshersView.as_view(), name="training_refreshers"),
        path("training/plans/progress/", PlanProgressView.as_view(), name="training_plan_progress"),
        path("training/plans/import/", PlanImportView.as_view(), name="training_plans_import"),
        path("training/plans/export/", PlanExportView.as_view(), name="training_plans_export"),
        path("training/overrides/", OverrideListView.as_view(), name="training_overrides"),
        path("training/overrides/add/", MarkCompleteView.as_view(), name="training_override_add"),
        path(
            "training/overrides/<int:pk>/undo/",
            UndoOverrideView.as_view(),
            name="training_override_undo",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return PermissionMenuItem(
        _("Course completion"),
        reverse("training_report"),
        icon_name="table",
        order=900,
        permission="training.view_completion_report",
    )


@hooks.register("register_admin_menu_item")
def cohort_menu_item():
    return PermissionMenuItem(
        _("Enrol a cohort"),
        reverse("training_cohort"),
        icon_name="group",
        order=901,
        permission="training.enrol_cohort",
    )


@hooks.register("register_admin_menu_item")
def plan_progress_menu_item():
    return PermissionMenuItem(
        _("Progress against the plan"),
        reverse("training_plan_progress"),
        icon_name="list-ol",
        order=900,
        permission="training.view_completion_report",
    )


@hooks.register("register_admin_menu_item")
def refreshers_menu_item():
    return PermissionMenuItem(
        _("Refreshers due"),
        reverse("training_refreshers"),
        icon_name="time",
        order=900,
        permission="training.view_completion_report",
    )


@hooks.register("register_admin_menu_item")
def overrides_menu_item():
    return PermissionMenuItem(
        _("Completions marked by staff"),
        reverse("training_overrides"),
        icon_name="history",
        order=902,
        permission="training.view_completionoverride",
    )

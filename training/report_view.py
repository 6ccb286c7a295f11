"""The completion report in the Wagtail admin: Wagtail's report view and its spreadsheet export
(CSV and XLSX), over the rows training.reports counts."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.reports import ReportView

from portal import access
from portal.admin_views import TitledAdminMixin
from portal.models import AdministrativeArea, Gender

from . import reports
from .forms import CourseChoiceField
from .learning import may_override
from .models import CoursePage


class ReportFilters(forms.Form):
    """The report's selection: a course, a gender, and the place drilled down to. A value that
    is not one of the choices selects nothing (all courses, all genders)."""

    course = CourseChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All courses"),
    )
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), required=False)
    province = forms.CharField(required=False, widget=forms.HiddenInput)
    district = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["course"].queryset = reports.default_courses()
        self.fields["gender"].choices = [("", _("All")), *Gender.choices]
        self.scope = access.scope_of(user)
        self.is_valid()

    def chosen(self):
        """{course_id, province, district, gender} for reports.build, within the user's scope:
        provincial staff stay in their province whatever they ask for."""
        data = self.cleaned_data
        course, province, district = data.get("course"), data.get("province"), data.get("district")
        if self.scope.province is not None:
            province = self.scope.province.code
        if district:
            places = self.scope.filter(AdministrativeArea.objects.filter(code=district), "pk")
            district = district if places.exists() else None
        return {
            "course_id": course.pk if course else None,
            "province": province or None,
            "district": district or None,
            "gender": data.get("gender") or None,
        }


def _may_view_report(user):
    return user.is_superuser or user.has_perm("training.view_completion_report")


class CompletionReportView(ReportView):
    """Completion by course × actor type × place, split by gender, drilled down from provinces to
    districts to communes; the user sees the learners placed where they act (portal.access)."""

    template_name = "training/admin/report.html"
    results_template_name = "training/admin/report_results.html"
    page_title = gettext_lazy("Course completion")
    header_icon = "table"
    paginate_by = None  # every row: the charts sum them all
    export_filename = "course-completion"

    def dispatch(self, request, *args, **kwargs):
        if not _may_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # ?format= is the report's older name for Wagtail's ?export= (links kept by users).
        self.export_format = request.GET.get("export") or request.GET.get("format")
        self.is_export = self.export_format in self.FORMATS

    @cached_property
    def selection(self):
        return ReportFilters(self.request.GET, user=self.request.user)

    @cached_property
    def chosen(self):
        return self.selection.chosen()

    def get_filtered_queryset(self):
        rows, self.level = reports.build(self.request.user, **self.chosen)
        return rows

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            return self.as_spreadsheet(context["object_list"], self.export_format)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        rows = self.object_list
        return super().get_context_data(
            rows=rows,
            level=self.level,
            chosen=self.chosen,
            selection=self.selection,
            everywhere=self.selection.scope.everywhere,
            place_chart=mark_safe(
                reports.bar_chart(
                    reports.totals_by(rows, "place"), title=_("Completion rate by place")
                )
            ),
            actor_chart=mark_safe(
                reports.bar_chart(
                    reports.totals_by(rows, "actor"), title=_("Completion rate by actor type")
                )
            ),
            crumbs=self.crumbs(),
            **kwargs,
        )

    def crumbs(self):
        """[(level, area)] of the places drilled down to."""
        codes = [(key, self.chosen[key]) for key in ("province", "district") if self.chosen[key]]
        areas = AdministrativeArea.objects.in_bulk(
            [code for _key, code in codes], field_name="code"
        )
        return [(key, areas[code]) for key, code in codes if code in areas]

    # The spreadsheet export: SpreadsheetExportMixin over the report's rows.

    @property
    def export_headings(self):
        return reports.export_columns()

    @property
    def list_export(self):
        return list(reports.export_columns())

    def to_row_dict(self, item):
        return dict(zip(self.list_export, item.cells(), strict=True))

    def write_csv_response(self, queryset):
        # A byte-order mark first, so that spreadsheet programs read the file as UTF-8 (Khmer);
        # one response, not a stream: the report is a few hundred rows at most.
        body = "\ufeff".encode() + b"".join(self.stream_csv(queryset))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def write_xlsx_response(self, queryset):
        from openpyxl import load_workbook

        output = io.BytesIO()
        self.write_xlsx(queryset, output)
        book = load_workbook(output)
        book.active.title = _("completion")[:31]  # a sheet name holds at most 31 characters
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.xlsx"'
        return response


class RowFilters(forms.Form):
    """One row of the report, from its link: a course (its default-language page), a place's
    code, an actor type's code ("" for none) and the gender chosen. A value that is not one of
    the choices names no row."""

    course = CourseChoiceField(queryset=CoursePage.objects.none())
    place = forms.CharField(max_length=20)
    actor = forms.CharField(max_length=50, required=False)
    gender = forms.ChoiceField(choices=Gender.choices, required=False)

    def __init__(self, data):
        super().__init__(data)
        self.fields["course"].queryset = reports.default_courses()


class ReportLearnersView(TitledAdminMixin, TemplateView):
    """The learners one row of the completion report counts (the same learners, placed where the
    user acts: portal.access), each with where they are in the course; and, for those not yet
    complete whom the user may mark complete (learning.may_override), the way to the form to
    do it, filled in with the learner and the course."""

    template_name = "training/admin/report_learners.html"
    page_title = gettext_lazy("Learners in the course")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not _may_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        row = RowFilters(self.request.GET)
        enrolments, course = [], None
        if row.is_valid():
            course = row.cleaned_data["course"]
            enrolments = reports.row_learners(
                self.request.user,
                course_id=course.pk,
                place=row.cleaned_data["place"],
                actor=row.cleaned_data["actor"],
                gender=row.cleaned_data["gender"] or None,
            )
        staff = self.request.user
        for enrolment in enrolments:
            completion = getattr(enrolment, "completion", None)
            enrolment.done = completion
            enrolment.may_mark = completion is None and may_override(staff, enrolment.user)
        return super().get_context_data(course=course, enrolments=enrolments, **kwargs)

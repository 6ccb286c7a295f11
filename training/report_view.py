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
from wagtail.admin.views.reports import ReportView

from portal import access
from portal.models import AdministrativeArea, Gender

from . import reports
from .forms import CourseChoiceField
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
        if not (
            request.user.is_superuser or request.user.has_perm("training.view_completion_report")
        ):
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

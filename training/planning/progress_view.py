"""Progress against the plan, beside the completion report in the Wagtail admin: the targets of
a year's plans with the people enrolled and trained, by province → district → commune and actor
type, the provinces furthest behind first, the national roll-up, target-vs-actual charts (the
report's bar chart), and CSV/XLSX exports (portal.infrastructure.spreadsheets)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portal import access
from portal.infrastructure.spreadsheets import table_response
from portal.models import AdministrativeArea

from .. import reports
from ..admin_views import TitledAdminMixin
from . import progress


class PlanProgressView(TitledAdminMixin, TemplateView):
    template_name = "training/admin/plan_progress.html"
    page_title = gettext_lazy("Progress against the plan")
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.is_superuser or request.user.has_perm("training.view_completion_report")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def chosen(self):
        get, user = self.request.GET, self.request.user
        years = progress.years(user) or [timezone.localdate().year]
        year = int(get["year"]) if get.get("year", "").isdigit() else years[0]
        scope = access.scope_of(user)
        province = scope.province.code if scope.province else (get.get("province") or None)
        district = get.get("district") or None
        if district:
            places = scope.filter(AdministrativeArea.objects.filter(code=district), "pk")
            district = district if places.filter(parent__code=province).exists() else None
        return {"years": years, "year": year, "province": province, "district": district}

    def get(self, request, *args, **kwargs):
        chosen = self.chosen()
        rows, level = progress.build(
            request.user, chosen["year"], province=chosen["province"], district=chosen["district"]
        )
        national = [] if chosen["province"] else progress.national(request.user, chosen["year"])
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            body = [row.cells() for row in national + rows]
            return table_response(
                progress.export_columns(),
                body,
                filename=f"plan-progress-{chosen['year']}",
                fmt=fmt,
                sheet_title=_("progress"),
            )
        if level == "province":
            series, chart_title = (
                progress.behind_first(rows),
                _("Trained against target by province"),
            )
        else:
            series = progress.by_item(rows)
            chart_title = _("Trained against target by course and actor type")
        query = request.GET.copy()
        query.pop("format", None)
        context = self.get_context_data(
            rows=rows,
            level=level,
            chosen=chosen,
            national=national,
            everywhere=access.scope_of(request.user).everywhere,
            chart=mark_safe(reports.bar_chart(series, title=chart_title)) if series else "",
            chart_title=chart_title,
            national_chart=mark_safe(
                reports.bar_chart(
                    progress.by_item(national), title=_("National plan: trained against target")
                )
            )
            if national
            else "",
            querystring=query.urlencode(),
            crumbs=[
                (key, area)
                for key in ("province", "district")
                if chosen[key]
                for area in AdministrativeArea.objects.filter(code=chosen[key])[:1]
            ],
        )
        return self.render_to_response(context)

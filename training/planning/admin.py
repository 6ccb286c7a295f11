"""The Wagtail admin of capacity-development plans and learning paths: the plan snippets (listed,
opened, changed and deleted only where the user acts), their import and export as CSV/XLSX."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import (
    CopyView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from portal import access
from portal.infrastructure.spreadsheets import table_response

from ..admin_scoping import InPlaceChooserViewSet, InPlaceMixin
from ..admin_views import TitledAdminMixin
from ..models import LearningPath, TrainingPlan
from .files import PlanRefused, export_table, import_plans

# Who may list, open, change or delete which plan: staff with the model permission, for the
# national plan (national staff) or a province's plan where they act. Registered with Wagtail
# in wagtail_hooks, so the snippet views, chooser, bulk actions and history ask it too.
PLANS = access.AreaPermissionPolicy(TrainingPlan, area_field="province")


class TrainingPlanForm(WagtailAdminModelForm):
    """Provincial staff choose their own province only; the national plan (no province) is
    national staff's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None:
            field = self.fields["province"]
            field.queryset = access.visible(user, field.queryset, "pk")
            if not access.scope_of(user).everywhere:
                field.required = True
                field.empty_label = None

    def clean_province(self):
        province = self.cleaned_data.get("province")
        user = self.for_user
        if user is not None and province is None and not access.scope_of(user).everywhere:
            raise ValidationError(_("Only national staff set the national plan."))
        return province


class PlanIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(_("Import"), url=reverse("training_plans_import"), icon_name="upload")
            )
        for fmt in ("csv", "xlsx"):
            buttons.append(
                HeaderButton(
                    _("Download %(format)s") % {"format": fmt.upper()},
                    url=reverse("training_plans_export") + f"?format={fmt}",
                    icon_name="download",
                )
            )
        return buttons


class PlanEditView(InPlaceMixin, EditView):
    object_actions = ["change"]


class PlanCopyView(InPlaceMixin, CopyView):
    pass


class PlanDeleteView(InPlaceMixin, DeleteView):
    object_actions = ["delete"]


class PlanUsageView(InPlaceMixin, UsageView):
    pass


class PlanHistoryView(InPlaceMixin, HistoryView):
    pass


class TrainingPlanViewSet(SnippetViewSet):
    model = TrainingPlan
    icon = "list-ol"
    menu_label = gettext_lazy("Plans")
    list_display = ["year", Column("scope_label", label=gettext_lazy("scope"))]
    list_filter = ["year"]
    index_view_class = PlanIndexView
    edit_view_class = PlanEditView
    copy_view_class = PlanCopyView
    delete_view_class = PlanDeleteView
    usage_view_class = PlanUsageView
    history_view_class = PlanHistoryView
    chooser_viewset_class = InPlaceChooserViewSet
    edit_handler = ObjectList(TrainingPlan.panels, base_form_class=TrainingPlanForm)

    def get_queryset(self, request):
        return PLANS.instances_user_has_any_permission_for(
            request.user, ["view", "change"]
        ).select_related("province")


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "site"
    menu_label = gettext_lazy("Learning paths")
    list_display = ["name_km", "name_en", "slug"]


class CapacityDevelopmentGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Capacity development")
    menu_icon = "list-ol"
    menu_order = 902
    items = (TrainingPlanViewSet, LearningPathViewSet)


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "Columns: year,scope,course,learning_path,actor_type,people,women_percent. Scope is "
            "national or a province's code; each plan in the file gets the file's targets."
        ),
    )


class PlanImportView(TitledAdminMixin, FormView):
    template_name = "training/admin/plan_import.html"
    form_class = PlanFileForm
    page_title = gettext_lazy("Import plans")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not PLANS.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            plans = import_plans(upload.read(), self.request.user, upload.name)
        except PlanRefused as refused:
            context = self.get_context_data(form=form, errors=refused.errors)
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            _("Plans imported: %(plans)s.") % {"plans": ", ".join(str(p) for p in plans)},
        )
        return redirect(reverse("wagtailsnippets_training_trainingplan:list"))


class PlanExportView(View):
    """The plans the user may see, as the file the import reads."""

    def get(self, request):
        if not PLANS.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        plans = PLANS.instances_user_has_any_permission_for(request.user, ["view", "change"])
        year = request.GET.get("year", "")
        if year.isdigit():
            plans = plans.filter(year=int(year))
        header, body = export_table(plans)
        return table_response(
            header,
            body,
            filename="capacity-development-plans",
            fmt=request.GET.get("format", "csv"),
            sheet_title=_("plans"),
        )

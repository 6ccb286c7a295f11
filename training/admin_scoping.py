"""Wagtail admin views of objects placed in the area tree (face-to-face sessions, plans), kept to
the places the user acts in: Wagtail's generic object views check the model permission only, and
its choosers list every object. Each asks the model's registered permission policy (an
``AreaPermissionPolicy``, portal.access)."""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser


class InPlaceMixin:
    """A view of one object: refused, as without the permission, when the object is placed
    where the user does not act."""

    object_actions = ["view", "change"]

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, self.object_actions, instance
        ):
            raise PermissionDenied
        return instance


class InPlaceChooserMixin:
    """The chooser offers, and accepts, only the objects the user may see."""

    def get_object_list(self):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(self.request.user, ["view", "change"])

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)

    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=pks)


class InPlaceChooseView(InPlaceChooserMixin, chooser.ChooseView):
    pass


class InPlaceChooseResultsView(InPlaceChooserMixin, chooser.ChooseResultsView):
    pass


class InPlaceChosenView(InPlaceChooserMixin, chooser.SnippetChosenView):
    pass


class InPlaceChosenMultipleView(InPlaceChooserMixin, chooser.SnippetChosenMultipleView):
    pass


class InPlaceChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = InPlaceChooseView
    choose_results_view_class = InPlaceChooseResultsView
    chosen_view_class = InPlaceChosenView
    chosen_multiple_view_class = InPlaceChosenMultipleView

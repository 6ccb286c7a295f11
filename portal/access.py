"""Where a user may act: the place-scoped rights of the portal, answered in one place.

Every view, report, export, admin viewset, chooser, history and command that shows or changes
something placed in the area tree (a learner's records, a face-to-face session) asks here:

- National staff and superusers act everywhere.
- Provincial staff act in their province and every district and commune under it, as their
  profile places them; without a place, nowhere.
- Anyone else acts nowhere: a learner reaches their own records through their account, never
  through a place.

Because a staff member's area grants rights, it is set by national staff, never by the staff
member (``area_is_set_by_national_staff``; the profile form asks it).

A user's scope is worked out once per user object (a request's user) and kept on it, as Wagtail
keeps page permissions.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from . import roles
from .models import AdministrativeArea

# The groups whose rights reach beyond the holder's own records: their area is not theirs to set.
STAFF_ROLES = (roles.PROVINCIAL_STAFF, roles.NATIONAL_STAFF)
_CACHE = "_portal_access_scope"


@dataclass(frozen=True)
class Scope:
    """Everywhere, or a set of areas (a province and everything under it), or nowhere."""

    everywhere: bool = False
    province: AdministrativeArea | None = None
    area_ids: frozenset = frozenset()

    def covers(self, area_id):
        return self.everywhere or area_id in self.area_ids

    def filter(self, queryset, area_field="area"):
        """The rows of ``queryset`` whose ``area_field`` (a lookup path to an area, or "pk" for
        areas themselves) lies in this scope."""
        if self.everywhere:
            return queryset
        return queryset.filter(**{f"{area_field}__in": self.area_ids})


NOWHERE = Scope()


def scope_of(user):
    """Where ``user`` acts."""
    if not user.is_authenticated or not user.is_active:
        return NOWHERE
    scope = getattr(user, _CACHE, None)
    if scope is None:
        scope = _work_out_scope(user)
        setattr(user, _CACHE, scope)
    return scope


def _work_out_scope(user):
    if user.is_superuser or roles.has_role(user, roles.NATIONAL_STAFF):
        return Scope(everywhere=True)
    if roles.has_role(user, roles.PROVINCIAL_STAFF):
        province = user.profile.province
        if province is not None:
            return Scope(province=province, area_ids=frozenset(province.subtree_ids()))
    return NOWHERE


def areas_in_scope(user):
    """Ids of the areas ``user`` acts in, or None for everywhere."""
    scope = scope_of(user)
    return None if scope.everywhere else scope.area_ids


def may_act_in(user, area_id):
    return scope_of(user).covers(area_id)


def visible(user, queryset, area_field="area"):
    """The rows of ``queryset`` placed where ``user`` acts (see ``Scope.filter``)."""
    return scope_of(user).filter(queryset, area_field)


def people_in_scope(user):
    """The accounts whose profile places them where ``user`` acts."""
    return visible(user, get_user_model().objects.all(), "profile__area")


def area_is_set_by_national_staff(user):
    """Whether ``user``'s own area is kept out of their hands: a staff member's area places their
    rights (provincial staff act in its province), so only national staff set it."""
    return user.is_superuser or user.groups.filter(name__in=STAFF_ROLES).exists()


class AreaPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the places a user acts in, for a model with an
    area foreign key (``area_field``). Wagtail's admin asks it which objects a user may list,
    choose, open, change or delete; an object elsewhere is refused like one without the
    permission."""

    def __init__(self, model, area_field="area"):
        super().__init__(model)
        self.area_field = area_field

    def _area_id(self, instance):
        return getattr(instance, f"{self.area_field}_id")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_act_in(user, self._area_id(instance))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and may_act_in(
            user, self._area_id(instance)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return visible(
            user, super().instances_user_has_any_permission_for(user, actions), self.area_field
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        area = getattr(instance, self.area_field)
        everywhere = Q(is_superuser=True) | Q(groups__name=roles.NATIONAL_STAFF)
        in_province = (
            Q(groups__name=roles.PROVINCIAL_STAFF, profile__area__province_id=area.province_id)
            if area
            else Q(pk__in=[])
        )
        return self.users_with_any_permission(actions).filter(everywhere | in_province).distinct()

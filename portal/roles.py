"""The groups that later features give rights to. Names are stable identifiers."""

from django.utils.translation import gettext_lazy as _

LEARNER = "Learner"
CONTRIBUTOR = "Contributor"
REVIEWER = "Reviewer"
EDITOR = "Editor"
PROVINCIAL_STAFF = "Provincial staff"
NATIONAL_STAFF = "National staff"

ROLES = {
    LEARNER: _("Learner"),
    CONTRIBUTOR: _("Contributor"),
    REVIEWER: _("Reviewer"),
    EDITOR: _("Editor"),
    PROVINCIAL_STAFF: _("Provincial staff"),
    NATIONAL_STAFF: _("National staff"),
}
# Groups whose members work in the Wagtail admin.
ADMIN_ROLES = [REVIEWER, EDITOR, PROVINCIAL_STAFF, NATIONAL_STAFF]


def has_role(user, role):
    return user.is_authenticated and user.groups.filter(name=role).exists()

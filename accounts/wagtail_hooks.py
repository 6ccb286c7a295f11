from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from portal.password_links import needs_invitation

from .admin_views import InvitationView, LockoutsView, may_invite, may_unlock


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("accounts/lockouts/", LockoutsView.as_view(), name="accounts_lockouts"),
        path("accounts/invitation/<int:pk>/", InvitationView.as_view(), name="accounts_invitation"),
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock(request.user)


@hooks.register("register_admin_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(
        _("Log-in lockouts"), reverse("accounts_lockouts"), icon_name="lock", order=950
    )


@hooks.register("register_user_listing_buttons")
def invitation_button(user, request_user):
    """In the admin's user list: invite again an account that has never set a password."""
    if needs_invitation(user) and may_invite(request_user, user):
        return [
            Button(
                _("Send the invitation again"),
                url=reverse("accounts_invitation", args=[user.pk]),
                icon_name="mail",
                priority=60,
            )
        ]
    return []

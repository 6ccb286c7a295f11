"""The accounts screens of the Wagtail admin: log-in lockouts, and sending an invitation again."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from portal.infrastructure import outbox
from portal.password_links import needs_invitation
from portal.tasks import send_invitation

from . import lockouts

# Who may lift a lockout (national staff: portal migration 0004) and who may invite an account
# to set its password (those who manage users in the admin, as Wagtail's user screens ask).
UNLOCK_PERMISSION = "axes.delete_accessattempt"
INVITE_PERMISSION = "auth.change_user"


def may_unlock(user):
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)


def may_invite(user):
    return user.is_active and user.has_perm(INVITE_PERMISSION)


class TitledAdminView(WagtailAdminTemplateMixin, TemplateView):
    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.has_perm(self.permission)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class LockoutsView(TitledAdminView):
    """Accounts locked out of log-in by repeated failures, each with a button to lift it."""

    template_name = "accounts/admin/lockouts.html"
    page_title = gettext_lazy("Log-in lockouts")
    header_icon = "lock"
    permission = UNLOCK_PERMISSION

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockouts=lockouts.current_lockouts(), **kwargs)

    def post(self, request):
        attempt = request.POST.get("unlock", "")
        username = lockouts.unlock(int(attempt), by=request.user) if attempt.isdigit() else None
        if username is None:
            messages.warning(request, _("That lockout had already ended."))
        else:
            messages.success(
                request, _("“%(username)s” may log in again.") % {"username": username}
            )
        return redirect(reverse("accounts_lockouts"))


class InvitationView(TitledAdminView):
    """Send again the e-mail inviting an account that has no password yet to set one."""

    template_name = "accounts/admin/invitation.html"
    page_title = gettext_lazy("Send the invitation again")
    header_icon = "mail"
    permission = INVITE_PERMISSION

    @cached_property
    def account(self):
        # Read only once the permission is checked: no one else learns which ids exist.
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            account=self.account, can_invite=needs_invitation(self.account), **kwargs
        )

    def post(self, request, pk):
        if not needs_invitation(self.account):
            messages.warning(
                request,
                _("“%(username)s” has a password already, or no e-mail address: no invitation.")
                % {"username": self.account.get_username()},
            )
        else:
            outbox.enqueue(send_invitation, self.account.pk)
            messages.success(
                request,
                _("The invitation to set a password is on its way to %(email)s.")
                % {"email": self.account.email},
            )
        return redirect(reverse("wagtailusers_users:index"))

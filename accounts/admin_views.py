"""The accounts screens of the Wagtail admin: log-in lockouts, and sending an invitation again."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from portal import access
from portal.infrastructure import outbox
from portal.password_links import needs_invitation
from portal.tasks import send_invitation

from . import lockouts

# Who may lift a lockout (national staff: portal migration 0004).
UNLOCK_PERMISSION = "axes.delete_accessattempt"
# Those who manage users in the admin (national staff: portal migration 0006), as Wagtail's user
# screens ask.
MANAGE_USERS_PERMISSION = "auth.change_user"


def may_unlock(user):
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)


def invitable_by(user):
    """The accounts ``user`` may send an invitation to again: any account for those who manage
    users, and the people placed where they act for staff (portal.access: provincial staff,
    their province's; they enrol its cohorts); a superuser's only for a superuser."""
    if not user.is_active:
        return get_user_model().objects.none()
    if user.has_perm(MANAGE_USERS_PERMISSION):
        accounts = get_user_model().objects.all()
    else:
        accounts = access.people_in_scope(user)
    return accounts if user.is_superuser else accounts.filter(is_superuser=False)


def may_invite(user, account):
    return invitable_by(user).filter(pk=account.pk).exists()


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


class InvitationView(WagtailAdminTemplateMixin, TemplateView):
    """Send again the e-mail inviting an account that has no password yet to set one. Reached
    from the user list and from the cohort upload page (``next`` brings one back there)."""

    template_name = "accounts/admin/invitation.html"
    page_title = gettext_lazy("Send the invitation again")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        # Whether there is anyone at all first: no one else learns which ids exist.
        if not invitable_by(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    @cached_property
    def account(self):
        return get_object_or_404(invitable_by(self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def back(self):
        """Where the staff member came from: the page named by ``next``, or the user list."""
        back = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}):
            return back
        if self.request.user.has_perm(MANAGE_USERS_PERMISSION):
            return reverse("wagtailusers_users:index")
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            account=self.account,
            can_invite=needs_invitation(self.account),
            back=self.back,
            **kwargs,
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
        return redirect(self.back)

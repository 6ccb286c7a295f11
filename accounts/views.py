from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import api_tokens
from portal.notifications import language_of, mail_in
from portal.notifications import public_url as absolute

from .forms import ProfileForm, SignUpForm


@sensitive_post_parameters("password1", "password2")
def signup(request):
    # The home page of this page's language: "/" would let the browser's language decide, and
    # someone signing up on the Khmer page with an English browser landed on /en/.
    home = f"/{get_language()}/"
    if request.user.is_authenticated:
        return redirect(home)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(language=get_language())
        if form.owners:
            tell_owners_of_sign_up(form.cleaned_data["email"], form.owners, user)
        else:
            with translation.override(language_of(user)):
                send_mail(
                    _("Welcome to the ISAF portal"),
                    render_to_string("portal/accounts/welcome_email.txt", {"user": user}),
                    None,
                    [user.email],
                )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # The next step: the learner's courses, with those recommended for their actor type.
        messages.success(
            request, _("Your account is ready. Welcome! Next: choose a course recommended for you.")
        )
        return redirect("training:dashboard")
    return render(request, "portal/accounts/signup.html", {"form": form})


def tell_owners_of_sign_up(email, owners, user):
    """Someone signed up with an address that already has an account: the sign-up looked like
    any other (the page says nothing of the address), and the address's owner hears of it, in
    their language, with the way back into their own account."""
    language = owners[0].profile.preferred_language
    with translation.override(language):
        reset_url = absolute(reverse("accounts:password_reset"))
    mail_in(
        language,
        [email],
        "portal/accounts/signup_taken_subject.txt",
        "portal/accounts/signup_taken_email.txt",
        {
            "username": user.get_username(),
            "owners": ", ".join(owner.get_username() for owner in owners),
            "reset_url": reset_url,
        },
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    tokens = [
        {"token": token, "expires_at": api_tokens.expires_at(token)}
        for token in api_tokens.live_tokens(request.user)
    ]
    return render(request, "portal/accounts/profile.html", {"form": form, "api_tokens": tokens})


@login_required
@require_POST
def revoke_api_token(request, pk):
    """A learner ends one of their own app tokens (a lost phone); nobody else's."""
    token = get_object_or_404(api_tokens.live_tokens(request.user), pk=pk)
    token.revoke()
    messages.success(request, _("“%(name)s” is signed out of your account.") % {"name": token.name})
    return redirect("accounts:profile")

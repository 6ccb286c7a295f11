from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

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
        send_mail(
            _("Welcome to the ISAF portal"),
            render_to_string("portal/accounts/welcome_email.txt", {"user": user}),
            None,
            [user.email],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Welcome!"))
        return redirect(home)
    return render(request, "portal/accounts/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "portal/accounts/profile.html", {"form": form})

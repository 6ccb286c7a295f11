"""API tokens end: after their lifetime, and at once on every web process when revoked, when
their owner's password changes or when the owner is deactivated. Learners see and revoke their
own on their profile page; staff issue, list and revoke them in the admin."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from .conftest import admin_in
from .test_api import token_for

pytestmark = pytest.mark.django_db
ME = "/api/training/me"


@pytest.fixture
def auth(learner):
    return token_for(learner)


def works(client, auth):
    status = client.get(ME, **auth).status_code
    assert status in (200, 401)
    return status == 200


def test_a_token_expires_after_its_lifetime(client, auth, settings):
    settings.TRAINING_API_TOKEN_DAYS = 30
    assert works(client, auth)
    APIToken.objects.update(created=timezone.now() - timedelta(days=29, hours=23))
    assert works(client, auth)
    APIToken.objects.update(created=timezone.now() - timedelta(days=30, minutes=1))
    assert not works(client, auth)


def test_a_password_change_ends_every_token_at_once(client, auth, learner):
    assert works(client, auth)  # in the cache, if there is one
    learner.set_password("A-different-pass-88")
    learner.save()
    assert not works(client, auth)
    assert APIToken.objects.get().revoked_at is not None  # and it stays ended


def test_a_password_reset_through_the_site_ends_every_token(
    client, home, auth, learner, django_capture_on_commit_callbacks
):
    from django.core import mail

    assert works(client, auth)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password-reset/", {"email": learner.email})
    path = re.search(r"https?://[^/\s]+(/en/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    data = {"new_password1": "Brand-new-pass-77", "new_password2": "Brand-new-pass-77"}
    assert client.post(form_url, data).status_code == 302
    assert not works(client, auth)


def test_deactivating_the_owner_ends_their_tokens(client, auth, learner):
    assert works(client, auth)
    learner.is_active = False
    learner.save()
    assert not works(client, auth)
    learner.is_active = True
    learner.save()
    assert not works(client, auth)  # reactivating does not bring them back


def test_a_change_made_by_another_process_is_seen_at_once(client, auth, learner):
    """Another web process revoking the token or deactivating the owner clears no cache of this
    one (a bulk update sends no signal at all): the next request here is refused anyway."""
    assert works(client, auth)
    APIToken.objects.update(revoked_at=timezone.now())
    assert not works(client, auth)
    APIToken.objects.update(revoked_at=None)
    assert works(client, auth)
    type(learner).objects.filter(pk=learner.pk).update(is_active=False)
    assert not works(client, auth)


# --- The learner's profile page --------------------------------------------------------------


def test_learners_see_and_revoke_their_tokens_on_their_profile(
    client, home, auth, learner, make_user
):
    other_auth = token_for(make_user("other", groups=["Learner"]))
    mine, theirs = APIToken.objects.order_by("pk")
    client.force_login(learner)
    html = client.get("/en/accounts/profile/").content.decode()
    assert mine.prefix in html and theirs.prefix not in html
    # Someone else's token cannot be revoked from here, even with its id.
    assert client.post(f"/en/accounts/api-tokens/{theirs.pk}/revoke/").status_code == 404
    assert works(client, other_auth)
    response = client.post(f"/en/accounts/api-tokens/{mine.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/"
    client.logout()
    assert not works(client, auth)
    client.force_login(learner)
    assert mine.prefix not in client.get("/en/accounts/profile/").content.decode()


def test_the_khmer_profile_names_the_tokens_in_khmer(client, home, auth, learner):
    client.force_login(learner)
    html = client.get("/km/accounts/profile/").content.decode()
    assert APIToken.objects.get().prefix in html
    assert "API token" not in html and "Revoke" not in html


# --- The admin: issue (shown once), list, revoke ---------------------------------------------


def test_staff_issue_list_and_revoke_tokens_in_the_admin(client, home, learner, make_user):
    client.force_login(admin_in(make_user("boss", is_superuser=True), "en"))
    assert "/admin/api-tokens/" in client.get("/admin/").content.decode()  # in the menu
    response = client.post("/admin/api-tokens/new/", {"name": "phone", "user": learner.pk})
    assert response.status_code == 200
    plain = re.search(r"wagtail_[0-9A-Za-z]+", response.content.decode()).group(0)
    token = APIToken.objects.get(user=learner)
    assert token.key_hash == APIToken.hash_token(plain)  # only the digest is stored
    assert plain not in client.get("/admin/api-tokens/").content.decode()
    assert token.prefix in client.get("/admin/api-tokens/").content.decode()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    api = type(client)()
    assert works(api, auth)
    assert client.post(f"/admin/api-tokens/delete/{token.pk}/").status_code == 302
    assert not works(api, auth)

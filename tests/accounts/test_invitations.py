"""Accounts created for people (a cohort upload) come with an invitation to set a password, in
the person's language; staff send it again; "forgot my password" works for them too."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.training.conftest import admin_in, build_course

User = get_user_model()
HEADER = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"
LINK = re.compile(r"https?://[^/\s]+(/(km|en)/accounts/reset/\S+)")


def set_password_through(client, body, password="Brand-new-pass-77"):
    path = LINK.search(body).group(1)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def cohort_learner(client, home, make_user, django_capture_on_commit_callbacks):
    """A learner whose account a cohort upload created; the invitation it sent is returned."""
    c = build_course(home, slug="invite", with_quiz=False, lessons=1)
    staff = admin_in(make_user("nat", groups=["National staff"]), "en")
    client.force_login(staff)
    csv = HEADER + "newbie,Newbie@Example.org,Sok,Dara,caf,05,female,CAF\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/training/cohort/",
            {"course": c.course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())},
        )
    assert response.status_code == 302
    client.logout()
    return User.objects.get(username="newbie")


@pytest.mark.django_db
def test_a_cohort_learner_is_invited_to_set_a_password_in_their_language(client, cohort_learner):
    assert not cohort_learner.has_usable_password()
    [invitation] = [m for m in mail.outbox if m.to == ["newbie@example.org"]]
    # Their profile's language, Khmer by default: not the uploader's English admin.
    assert cohort_learner.profile.preferred_language == "km"
    assert re.search(r"[\u1780-\u17ff]", invitation.subject)
    assert "/km/accounts/reset/" in invitation.body
    assert "newbie" in invitation.body  # the username they will log in with
    assert set_password_through(client, invitation.body).status_code == 302
    response = client.post(
        "/en/accounts/login/", {"username": "newbie", "password": "Brand-new-pass-77"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_forgot_password_works_for_a_learner_who_never_set_one(
    client, cohort_learner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password-reset/", {"email": "newbie@example.org"})
    [message] = mail.outbox
    assert message.to == ["newbie@example.org"]
    assert set_password_through(client, message.body).status_code == 302
    cohort_learner.refresh_from_db()
    assert cohort_learner.check_password("Brand-new-pass-77")


@pytest.mark.django_db
def test_staff_send_the_invitation_again_from_the_user_admin(
    client, cohort_learner, make_user, django_capture_on_commit_callbacks
):
    profile = cohort_learner.profile
    profile.preferred_language = "en"
    profile.save()
    mail.outbox.clear()
    admin = admin_in(make_user("boss", is_superuser=True), "en")
    client.force_login(admin)
    url = f"/admin/accounts/invitation/{cohort_learner.pk}/"
    assert url in client.get("/admin/users/").content.decode()  # a button in the user list
    assert "newbie" in client.get(url).content.decode()  # a page that asks to confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["newbie@example.org"]
    assert "/en/accounts/reset/" in message.body  # now in the language they chose
    assert set_password_through(client, message.body).status_code == 302


@pytest.mark.django_db
def test_no_invitation_for_someone_who_has_set_a_password(
    client, home, make_user, django_capture_on_commit_callbacks
):
    learner = make_user("dara", groups=["Learner"])
    client.force_login(admin_in(make_user("boss", is_superuser=True), "en"))
    url = f"/admin/accounts/invitation/{learner.pk}/"
    assert url not in client.get("/admin/users/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert mail.outbox == []


@pytest.mark.django_db
def test_learners_cannot_send_invitations(client, cohort_learner, make_user):
    mail.outbox.clear()
    client.force_login(make_user("l", groups=["Learner"]))
    response = client.post(f"/admin/accounts/invitation/{cohort_learner.pk}/")
    assert response.status_code in (302, 403)
    assert mail.outbox == []


COHORT_URL = "/admin/training/cohort/"


@pytest.mark.django_db
def test_provincial_staff_send_the_invitation_again_from_the_cohort_page(
    client, cohort_learner, make_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    provincial = make_user("prov", groups=["Provincial staff"], area_code="05")
    client.force_login(admin_in(provincial, "en"))
    page = client.get(COHORT_URL).content.decode()
    url = f"/admin/accounts/invitation/{cohort_learner.pk}/"
    assert f'action="{url}"' in page  # a button beside the learner who has not logged in
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": COHORT_URL})
    assert response.status_code == 302 and response["Location"] == COHORT_URL
    [message] = mail.outbox
    assert message.to == ["newbie@example.org"]
    assert set_password_through(client, message.body).status_code == 302
    # Logged in once with a password of their own: no longer waiting, no button.
    client.force_login(provincial)
    assert url not in client.get(COHORT_URL).content.decode()


@pytest.mark.django_db
def test_provincial_staff_cannot_invite_someone_of_another_province(
    client, cohort_learner, make_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    elsewhere = make_user("far", groups=["Provincial staff"], area_code="17")
    client.force_login(admin_in(elsewhere, "en"))
    url = f"/admin/accounts/invitation/{cohort_learner.pk}/"
    assert url not in client.get(COHORT_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": COHORT_URL})
    # Not found (a 404 outside /km/ and /en/ is the language redirect, which then finds nothing).
    assert response.status_code == 302 and response["Location"] == f"/km{url}"
    assert mail.outbox == []


@pytest.mark.django_db
def test_national_staff_send_invitations_and_revoke_any_token_in_the_admin(
    client, cohort_learner, make_user, django_capture_on_commit_callbacks
):
    """Issue 13: the invitation and API token screens were a superuser's only."""
    from wagtail.models import APIToken

    from tests.training.test_api import token_for

    token_for(cohort_learner)
    token = APIToken.objects.get(user=cohort_learner)
    national = admin_in(make_user("national", groups=["National staff"]), "en")
    client.force_login(national)
    url = f"/admin/accounts/invitation/{cohort_learner.pk}/"
    assert url in client.get("/admin/users/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [["newbie@example.org"]]
    assert token.prefix in client.get("/admin/api-tokens/").content.decode()
    assert client.post(f"/admin/api-tokens/delete/{token.pk}/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Provincial staff", "Editor", "Learner"])
def test_no_one_else_manages_tokens_or_users(client, cohort_learner, make_user, group):
    from wagtail.models import APIToken

    from tests.training.test_api import token_for

    token_for(cohort_learner)
    token = APIToken.objects.get(user=cohort_learner)
    client.force_login(make_user("someone", groups=[group], area_code="05"))
    for url in ("/admin/api-tokens/", "/admin/users/"):
        assert client.get(url).status_code == 302, url  # to the dashboard, or to log in
    client.post(f"/admin/api-tokens/delete/{token.pk}/")
    token.refresh_from_db()
    assert token.revoked_at is None

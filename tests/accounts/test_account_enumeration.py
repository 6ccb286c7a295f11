"""Nobody learns from the portal's answers which e-mail addresses have an account: not from
sign-up, not from the password-reset request (its content or its time), not from a cohort upload
outside the uploader's province. (A username-based sign-up must say a username is taken.)"""

import re
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from portal.models import OutboxMessage
from tests.accounts.test_accounts import signup_data
from tests.training.conftest import admin_in, build_course

User = get_user_model()
pytestmark = pytest.mark.django_db


def outcome(client, response):
    """What the person signing up sees: where they land, what they are told, who they are."""
    return (
        response.status_code,
        response.get("Location"),
        [str(m) for m in get_messages(response.wsgi_request)],
        client.get("/en/").context["user"].get_username(),
    )


def test_sign_up_with_a_taken_e_mail_looks_like_any_sign_up_and_tells_its_owner(
    client, home, make_user, django_capture_on_commit_callbacks
):
    owner = make_user("owner", email="owner@example.org")
    password_before = owner.password
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post("/en/accounts/signup/", signup_data())
    fresh_outcome = outcome(client, fresh)
    client.post("/en/accounts/logout/")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            "/en/accounts/signup/",
            signup_data(username="intruder", email="Owner@Example.org"),
        )
    taken_outcome = outcome(client, taken)
    assert fresh_outcome[:3] == taken_outcome[:3]
    assert (fresh_outcome[3], taken_outcome[3]) == ("sokha", "intruder")

    # The address is not attached to the new account; its owner's account is untouched…
    assert User.objects.get(username="intruder").email == ""
    owner.refresh_from_db()
    assert owner.email == "owner@example.org" and owner.password == password_before
    # …and its owner is told that someone tried, not welcomed to an account they did not make.
    welcome, notice = mail.outbox
    assert welcome.to == ["sokha@example.org"]
    assert notice.to == ["owner@example.org"]
    assert notice.subject != welcome.subject
    # In the owner's language (Khmer, their profile's), not the sign-up page's.
    assert "intruder" in notice.body and "/km/accounts/password-reset/" in notice.body


def test_sign_up_still_says_a_username_is_taken(client, home, make_user):
    """Log-in is by username, so two accounts cannot share one: this cannot be hidden."""
    make_user("sokha", email="someone@example.org")
    response = client.post("/en/accounts/signup/", signup_data())
    assert response.status_code == 200 and response.context["form"].errors["username"]


@contextmanager
def broker_configured():
    """Enqueueing as in production (a row in the outbox, sent after commit), with the test's
    transaction never committing, so nothing is sent anywhere."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def reset_request(client, email):
    """The SQL the reset request runs (values blanked out), and the work it enqueued."""
    OutboxMessage.objects.all().delete()
    with broker_configured(), CaptureQueriesContext(connection) as queries:
        response = client.post("/en/accounts/password-reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password-reset/sent/"
    sql = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]
    return sql, list(OutboxMessage.objects.values_list("task", "kwargs"))


def test_a_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
    client, home, make_user
):
    make_user("dara", email="dara@example.org")
    known_sql, known_work = reset_request(client, "dara@example.org")
    unknown_sql, unknown_work = reset_request(client, "nobody@example.org")
    # The same statements, none of them looking for the account: the lookup, the token and the
    # e-mail happen in the background task, so the answer takes the same time either way.
    assert known_sql == unknown_sql
    assert not [sql for sql in known_sql if "auth_user" in sql]
    assert [task for task, _kwargs in known_work] == [task for task, _kwargs in unknown_work]
    assert len(known_work) == 1


def test_the_reset_task_mails_only_an_address_that_has_an_account(
    client, home, make_user, django_capture_on_commit_callbacks
):
    make_user("dara", email="dara@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/km/accounts/password-reset/", {"email": "nobody@example.org"})
        client.post("/km/accounts/password-reset/", {"email": "DARA@example.org"})
    [message] = mail.outbox
    assert message.to == ["dara@example.org"]
    assert "/km/accounts/reset/" in message.body  # in the language the request was made in


# --- Cohort upload by provincial staff: nothing said about accounts outside their province ---

HEADER = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"
ERROR = re.compile(r"<li>Line (\d+): (.*?)</li>")


def test_cohort_errors_do_not_reveal_accounts_outside_the_uploaders_province(
    client, home, make_user
):
    c = build_course(home, slug="cohort-enum", with_quiz=False, lessons=1)
    make_user("faraway", groups=["Learner"], area_code="17", email="faraway@example.org")
    make_user("yonder", groups=["Learner"], area_code="17")
    client.force_login(
        admin_in(make_user("prov", groups=["Provincial staff"], area_code="05"), "en")
    )
    csv = (
        HEADER
        + "faraway,far2@example.org,Far,Away,caf,05,male,\n"  # 2: a username taken elsewhere
        + "fresh,faraway@example.org,Fresh,One,caf,05,female,\n"  # 3: an address taken elsewhere
        + "ghost,,,,,,,\n"  # 4: a new username with nothing else
        + "yonder,,,,,,,\n"  # 5: a username taken elsewhere, with nothing else
    )
    response = client.post(
        "/admin/training/cohort/",
        {"course": c.course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())},
    )
    assert response.status_code == 400
    errors = {}
    for line, reason in ERROR.findall(response.content.decode()):
        errors.setdefault(int(line), []).append(reason)
    # A username and an address taken elsewhere read the same, and say nothing of an account.
    assert errors[2] == errors[3] and len(errors[2]) == 1
    assert not re.search(r"account|exist|already|outside", errors[2][0], re.IGNORECASE)
    # A row naming someone elsewhere is checked as a new person's would be.
    assert errors[5] == errors[4]

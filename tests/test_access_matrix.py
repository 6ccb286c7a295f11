"""Who gets what, for every URL of the site, the admin and the APIs.

At the root of tests/, not in an app's folder: it walks every app's URLs.

The URL patterns are read from the URLconf, resolved recursively, so a pattern added anywhere
(an app's urls.py, a Wagtail hook, a snippet viewset) is in the matrix. Each path parameter is
filled with a real object made once for the module (``world``): pages of every type, drafts
private and in review, a face-to-face session in each of two provinces, a certificate, a
document, an image… Every URL is requested (GET) as each of eight people, and the answer's kind
(``outcome``) is compared with RULES, written by URL name or by pattern. A pattern that no rule
covers fails ``test_every_url_pattern_has_a_rule``: a new URL cannot be forgotten.

Its parts are in tests/support/matrix/: ``urls`` (the patterns and the URLs each is requested
at), ``world`` (the objects), ``rules`` (who asks, the kinds of answer, the site's and the APIs'
rules) and ``admin_rules``.

The two findings that needed a POST (a staff member moving themselves to another province; a
provincial staff member editing another province's session) have tests of their own below.
"""

from contextlib import contextmanager
from http.cookies import SimpleCookie

import pytest
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from portal.models import AdministrativeArea
from tests.support.matrix.admin_rules import ADMIN_RULES
from tests.support.matrix.rules import (
    BAD,
    DENIED,
    KSP,
    LEARNER,
    LOGIN,
    MISSING,
    NATIONAL,
    NOT_ALLOWED,
    OK,
    PEOPLE,
    REDIRECT,
    SITE_RULES,
)
from tests.support.matrix.urls import PATTERNS, Pattern, cases
from tests.support.matrix.world import build_world
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def outcome(response, path):
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        target = location.split("?")[0]
        if target in ("/admin/login/", "/km/accounts/login/", "/en/accounts/login/"):
            return LOGIN
        if target == "/admin/" and any(
            m.level == constants.ERROR for m in get_messages(response.wsgi_request)
        ):
            return DENIED
        if target == f"/km{path}":  # LocaleMiddleware's answer to a 404 outside i18n_patterns
            return MISSING
        return REDIRECT
    return {400: BAD, 401: LOGIN, 403: DENIED, 404: MISSING, 405: NOT_ALLOWED}.get(
        status, str(status)
    )


# ---------------------------------------------------------------------------------------------
# The world: one set of demo-like objects for the whole module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def answer(w, who, url):
    """What ``who`` gets at ``url``: requested in a savepoint rolled back afterwards, so that no
    request changes what the next one sees (a GET that logs out, an editing session opened)."""
    client = w.clients[who]
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            try:
                response = client.get(url)
            except Exception as error:  # noqa: BLE001 - reported as the answer
                return f"error: {type(error).__name__}"
            finally:
                transaction.set_rollback(True)
        return outcome(response, url.split("?")[0])
    finally:
        client.cookies = cookies


RULES = SITE_RULES + ADMIN_RULES


def rule_for(p):
    """The rule for the pattern's route, else for its name, else the longest prefix of its
    name."""
    for key in (p.route, p.name):
        for rule in RULES:
            if not rule.is_prefix and rule.match == key:
                return rule
    prefixes = [r for r in RULES if r.is_prefix and p.name and p.name.startswith(r.match)]
    return max(prefixes, key=lambda rule: len(rule.match), default=None)


def without_a_rule(patterns):
    return [f"{p} ({p.route})" for p in patterns if rule_for(p) is None]


def test_every_url_pattern_has_a_rule():
    missing = without_a_rule(PATTERNS)
    assert not missing, "URL patterns with no access rule:\n" + "\n".join(missing)


def test_a_new_url_without_a_rule_is_reported():
    new = Pattern("admin/reports/new/<int:pk>/", "wagtailadmin_new_report", ("pk",))
    assert without_a_rule([*PATTERNS, new]) == [f"{new} ({new.route})"]


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_who_gets_what(world, pattern):
    import os

    rule = rule_for(pattern)
    dump = os.environ.get("MATRIX_DUMP")
    wrong = []
    for label, url in cases(pattern, world):
        got = {who: answer(world, who, url) for who in PEOPLE}
        if dump:
            with open(dump, "a") as out:
                out.write(f"{pattern}\t{label}\t{url}\t" + "\t".join(got.values()) + "\n")
        if rule is None:
            continue
        for who, outcome_got in got.items():
            expected = rule.expected(label, who)
            if outcome_got != expected:
                wrong.append(f"{url} [{label}] as {who}: expected {expected}, got {outcome_got}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# The two findings that took a POST


@contextmanager
def acting_as(w, who):
    """The client of ``who``, its requests in a savepoint rolled back afterwards."""
    client = w.clients[who]
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            try:
                yield client
            finally:
                transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def profile_form(area):
    return {
        "first_name": "Someone",
        "last_name": "Test",
        "area": area.pk,
        "gender": "undisclosed",
        "position": "",
        "preferred_language": "en",
    }


def test_provincial_staff_cannot_move_themselves_to_another_province(world):
    """Issue 13: provincial staff of Kampong Speu posted Siem Reap as their area, then saw Siem
    Reap's completion report and enrolled a Siem Reap learner."""
    w, siem_reap = world, AdministrativeArea.objects.get(code="17")
    me = w.users[KSP]
    assert Enrolment.objects.filter(user=w.far_learner).exists()  # attended the Siem Reap session
    with acting_as(w, KSP) as client:
        response = client.post("/en/accounts/profile/", profile_form(siem_reap))
        assert response.status_code == 302  # the rest of the profile is saved
        me.profile.refresh_from_db()
        assert me.profile.area.code == "05"
        report = client.get("/admin/training/report/?format=csv").content.decode()
        # By district of the province: the learner of Basedth, not the one of Angkor Chum.
        assert "Basedth" in report or "បរសេដ្ឋ" in report
        assert "Angkor Chum" not in report and "អង្គរជុំ" not in report
        cohort = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"
        response = client.post(
            "/admin/training/cohort/",
            {
                "course": w.course.pk,
                "file": SimpleUploadedFile("c.csv", f"{cohort}m-far-learner,,,,,,,\n".encode()),
            },
        )
        assert response.status_code == 400
        assert not Enrolment.objects.filter(user=w.far_learner, assigned_by=me).exists()


def test_the_profile_page_shows_a_staff_members_area_without_offering_it(world):
    with acting_as(world, NATIONAL) as client:
        field = client.get("/en/accounts/profile/").context["form"]["area"]
        assert field.field.disabled and "national staff change it" in str(field.help_text)


def test_a_learner_sets_their_own_area(world):
    w, siem_reap = world, AdministrativeArea.objects.get(code="17")
    with acting_as(w, LEARNER) as client:
        assert client.post("/en/accounts/profile/", profile_form(siem_reap)).status_code == 302
        w.users[LEARNER].profile.refresh_from_db()
        assert w.users[LEARNER].profile.area == siem_reap


def test_provincial_staff_cannot_edit_another_provinces_session(world):
    """Issue 13: provincial staff of Kampong Speu opened a Siem Reap session's edit page, moved
    it to their province, and its participants were wiped."""
    w = world
    session = w.sr_session
    with acting_as(w, KSP) as client:
        response = client.post(
            f"/admin/snippets/training/trainingsession/edit/{session.pk}/",
            {
                "course": w.course.pk,
                "date": "2026-10-02",
                "area": AdministrativeArea.objects.get(code="05").pk,
                "venue": "",
                "trainer": "T",
                "places": 30,
                "participants": [],
            },
        )
        assert outcome(response, response.request["PATH_INFO"]) == DENIED
        session.refresh_from_db()
        assert session.area.code == "17"
        assert list(session.participants.all()) == [w.far_learner]

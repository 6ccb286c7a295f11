"""Provincial staff enrol people and record sessions only within their province, like the report."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from portal.models import AdministrativeArea
from training.models import CompletionRule, Enrolment, TrainingSession

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
HEADER = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"
COHORT_URL = "/admin/training/cohort/"
SESSION_ADD_URL = "/admin/snippets/training/trainingsession/add/"


@pytest.fixture
def provincial(make_user):
    """Kampong Speu (05) staff, seeing the admin in English."""
    return admin_in(make_user("prov", groups=["Provincial staff"], area_code="05"), "en")


def upload(client, course, csv):
    return client.post(
        COHORT_URL, {"course": course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())}
    )


def test_provincial_staff_cannot_enrol_people_of_another_province(
    client, home, make_user, provincial
):
    c = build_course(home, slug="cohort-prov", with_quiz=False, lessons=1)
    make_user("faraway", groups=["Learner"], area_code="17")
    client.force_login(provincial)
    csv = (
        HEADER
        + "near,near@example.org,Near,One,caf,05,female,\n"
        + "far,far@example.org,Far,One,caf,17,male,\n"
        + "nowhere,nowhere@example.org,No,Where,caf,,male,\n"
        + "faraway,,,,,,,\n"
    )
    users_before = get_user_model().objects.count()
    response = upload(client, c.course, csv)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 2" not in page
    assert "Line 3: area 17 is outside your province" in page
    assert "Line 4: the area code is empty" in page
    # Someone outside the province is checked as a new person: nothing says they exist.
    assert "Line 5: the e-mail address is not valid" in page
    assert "Line 5: the area code is empty" in page
    assert "outside your province" not in page.split("Line 5")[1]
    assert get_user_model().objects.count() == users_before
    assert not Enrolment.objects.exists()


def test_provincial_staff_enrol_people_of_their_province(client, home, make_user, provincial):
    c = build_course(home, slug="cohort-own", with_quiz=False, lessons=1)
    make_user("neighbour", groups=["Learner"], area_code="05")
    client.force_login(provincial)
    response = upload(
        client,
        c.course,
        HEADER + "near,near@example.org,Near,One,caf,05,female,\nneighbour,,,,,,,\n",
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=c.course).count() == 2


def test_national_staff_enrol_people_of_any_province(client, home, make_user):
    c = build_course(home, slug="cohort-nat", with_quiz=False, lessons=1)
    client.force_login(make_user("nat", groups=["National staff"]))
    response = upload(client, c.course, HEADER + "far,far@example.org,Far,One,caf,17,male,\n")
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=c.course).count() == 1


def session_post(course, area_code, participants):
    return {
        "course": course.pk,
        "date": "2026-10-01",
        "area": AdministrativeArea.objects.get(code=area_code).pk,
        "venue": "Commune hall",
        "trainer": "Trainer",
        "places": 30,
        "participants": [u.pk for u in participants],
    }


@pytest.fixture
def session_course(home):
    return build_course(home, slug="f2f-scope", rule=CompletionRule.ATTENDANCE).course


def test_session_form_offers_only_places_and_people_of_the_province(
    client, make_user, provincial, session_course
):
    near = make_user("near", groups=["Learner"], area_code="05")
    far = make_user("far", groups=["Learner"], area_code="17")
    client.force_login(provincial)
    response = client.get(SESSION_ADD_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["area"].queryset.values_list("code", flat=True)) == {"05"}
    people = set(form.fields["participants"].queryset)
    assert near in people and far not in people


@pytest.mark.parametrize("area_code,participant", [("17", "near"), ("05", "far")])
def test_a_tampered_session_outside_the_province_is_refused(
    client, make_user, provincial, session_course, area_code, participant
):
    users = {
        "near": make_user("near", groups=["Learner"], area_code="05"),
        "far": make_user("far", groups=["Learner"], area_code="17"),
    }
    client.force_login(provincial)
    response = client.post(
        SESSION_ADD_URL, session_post(session_course, area_code, [users[participant]])
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors
    assert not TrainingSession.objects.exists()
    assert not Enrolment.objects.exists()


def test_provincial_staff_record_a_session_in_their_province(
    client, make_user, provincial, session_course
):
    near = make_user("near", groups=["Learner"], area_code="05")
    client.force_login(provincial)
    response = client.post(SESSION_ADD_URL, session_post(session_course, "05", [near]))
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert list(session.participants.all()) == [near]
    assert session.recorded_by == provincial


def test_national_staff_record_a_session_anywhere(client, make_user, session_course):
    far = make_user("far", groups=["Learner"], area_code="17")
    client.force_login(make_user("nat", groups=["National staff"]))
    response = client.post(SESSION_ADD_URL, session_post(session_course, "17", [far]))
    assert response.status_code == 302
    assert TrainingSession.objects.get().area.code == "17"


# --- The same scope for the command an operator runs: enrol_cohort --as USERNAME ---


def enrol_by_command(course, csv, tmp_path, *args):
    """(stdout, stderr, the CommandError or None) of enrol_cohort on this file, in English."""
    path = tmp_path / "cohort.csv"
    path.write_text(csv, encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        with translation.override("en"):
            call_command("enrol_cohort", str(course.pk), str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_command_as_provincial_staff_refuses_people_outside_their_province(
    home, make_user, provincial, tmp_path
):
    c = build_course(home, slug="cohort-cmd-prov", with_quiz=False, lessons=1)
    make_user("faraway", groups=["Learner"], area_code="17")
    csv = (
        HEADER
        + "near,near@example.org,Near,One,caf,05,female,\n"
        + "far,far@example.org,Far,One,caf,17,male,\n"
        + "faraway,,,,,,,\n"
    )
    users_before = get_user_model().objects.count()
    _out, err, error = enrol_by_command(c.course, csv, tmp_path, "--as", "prov")
    assert error is not None and "nothing was written" in str(error)
    assert "line 2" not in err
    assert "line 3: area 17 is outside your province" in err
    assert "line 4: the e-mail address is not valid" in err
    assert get_user_model().objects.count() == users_before
    assert not Enrolment.objects.exists()


def test_command_as_provincial_staff_enrols_their_province_and_records_who_assigned(
    home, make_user, provincial, tmp_path
):
    c = build_course(home, slug="cohort-cmd-own", with_quiz=False, lessons=1)
    csv = HEADER + "near,near@example.org,Near,One,caf,05,female,\n"
    out, _err, error = enrol_by_command(c.course, csv, tmp_path, "--as", "prov")
    assert error is None
    assert "1 accounts created, 1 enrolled" in out
    assert Enrolment.objects.get(course=c.course).assigned_by == provincial


def test_command_as_someone_who_may_not_enrol_a_cohort_is_refused(home, make_user, tmp_path):
    c = build_course(home, slug="cohort-cmd-learner", with_quiz=False, lessons=1)
    make_user("learner1", groups=["Learner"], area_code="05")
    csv = HEADER + "near,near@example.org,Near,One,caf,05,female,\n"
    for username, reason in (
        ("learner1", "learner1 may not enrol a cohort"),
        ("nosuchuser", "no user nosuchuser"),
    ):
        _out, _err, error = enrol_by_command(c.course, csv, tmp_path, "--as", username)
        assert error is not None and reason in str(error)
    assert not Enrolment.objects.exists()


@pytest.fixture
def two_sessions(client, make_user, session_course):
    """A Kampong Speu session (one participant of Siem Reap among them) and a Siem Reap session,
    recorded by national staff through the admin, which logs them."""
    national = admin_in(make_user("nat", groups=["National staff"]), "en")
    near = make_user("near", groups=["Learner"], area_code="05")
    far = make_user("far", groups=["Learner"], area_code="17")
    client.force_login(national)
    for area, people in (("05", [near, far]), ("17", [far])):
        response = client.post(SESSION_ADD_URL, session_post(session_course, area, people))
        assert response.status_code == 302
    client.logout()
    sessions = {s.area.code: s for s in TrainingSession.objects.all()}
    return {"ksp": sessions["05"], "sr": sessions["17"], "near": near, "far": far}


SESSION_VIEWS = ["edit/{pk}/", "delete/{pk}/", "history/{pk}/", "usage/{pk}/", "copy/{pk}/"]


@pytest.mark.parametrize("view", SESSION_VIEWS)
def test_another_provinces_session_is_refused_in_every_admin_view(
    client, provincial, two_sessions, view
):
    client.force_login(provincial)
    for session, refused in ((two_sessions["sr"], True), (two_sessions["ksp"], False)):
        url = "/admin/snippets/training/trainingsession/" + view.format(pk=session.pk)
        response = client.get(url)
        if refused:
            assert response.status_code == 302 and response["Location"] == "/admin/", url
        elif view != "delete/{pk}/":  # no one but a superuser deletes sessions
            assert response.status_code == 200, url


def test_editing_another_provinces_session_changes_nothing(
    client, provincial, two_sessions, session_course
):
    session = two_sessions["sr"]
    client.force_login(provincial)
    response = client.post(
        f"/admin/snippets/training/trainingsession/edit/{session.pk}/",
        session_post(session_course, "05", []),
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    session.refresh_from_db()
    assert session.area.code == "17"
    assert list(session.participants.all()) == [two_sessions["far"]]


def test_editing_a_session_keeps_the_participants_the_editor_cannot_see(
    client, provincial, two_sessions, session_course
):
    session = two_sessions["ksp"]
    client.force_login(provincial)
    form = client.get(f"/admin/snippets/training/trainingsession/edit/{session.pk}/").context[
        "form"
    ]
    assert set(form.fields["participants"].queryset) == {provincial, two_sessions["near"]}
    data = session_post(session_course, "05", [two_sessions["near"]])  # what the form shows
    data["date"] = "2026-10-08"
    response = client.post(f"/admin/snippets/training/trainingsession/edit/{session.pk}/", data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date.isoformat() == "2026-10-08"
    assert set(session.participants.all()) == {two_sessions["near"], two_sessions["far"]}


def test_the_site_history_shows_only_the_provinces_sessions(client, provincial, two_sessions):
    client.force_login(provincial)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Kampong Speu" in page and "Siem Reap" not in page
    national = get_user_model().objects.get(username="nat")
    client.force_login(national)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Kampong Speu" in page and "Siem Reap" in page


def test_the_session_chooser_offers_only_the_provinces_sessions(client, provincial, two_sessions):
    client.force_login(provincial)
    page = client.get("/admin/snippets/choose/training/trainingsession/").content.decode()
    assert "Kampong Speu" in page and "Siem Reap" not in page
    chosen = "/admin/snippets/choose/training/trainingsession/chosen/{}/"
    refused = chosen.format(two_sessions["sr"].pk)
    # A 404 outside /km/ and /en/ is answered by the language redirect, which then finds nothing.
    assert client.get(refused)["Location"] == f"/km{refused}"
    assert client.get(chosen.format(two_sessions["ksp"].pk)).status_code == 200


def test_another_provinces_attendance_screen_is_refused(client, provincial, two_sessions):
    client.force_login(provincial)
    url = "/admin/training/sessions/{}/attendance/"
    assert client.get(url.format(two_sessions["sr"].pk))["Location"] == "/admin/"
    assert client.get(url.format(two_sessions["ksp"].pk)).status_code == 200


def test_saving_a_session_keeps_the_participants_it_did_not_touch(two_sessions):
    # A session's participants are written when it is saved with them: a save
    # that does not set them (a script, a command) leaves them as they are.
    session = TrainingSession.objects.get(pk=two_sessions["ksp"].pk)
    session.trainer = "Another trainer"
    session.save()
    assert set(session.participants.all()) == {two_sessions["near"], two_sessions["far"]}

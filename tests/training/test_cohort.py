import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from training.models import Enrolment

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
HEADER = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"


def test_cohort_creates_accounts_with_profiles_and_enrols(client, home, make_user):
    c = build_course(home, slug="cohort", with_quiz=False, lessons=1)
    make_user("existing", groups=["Learner"])
    staff = make_user("nat", groups=["National staff"])
    client.force_login(staff)
    csv = HEADER + "newbie,newbie@example.org,Sok,Dara,caf,05,female,CAF\nexisting,,,,,,,\n"
    response = client.post(
        "/admin/training/cohort/",
        {"course": c.course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert user.profile.actor_type.code == "caf" and user.profile.gender == "female"
    assert user.profile.area.code == "05"
    assert Enrolment.objects.filter(course=c.course, source="assigned").count() == 2


def test_bad_rows_are_reported_by_line_and_nothing_is_written(client, home, make_user):
    c = build_course(home, slug="cohort-bad", with_quiz=False, lessons=1)
    client.force_login(admin_in(make_user("nat", groups=["National staff"]), "en"))
    csv = (
        HEADER
        + "good,good@example.org,Good,One,caf,05,female,\n"
        + "bad1,not-an-email,Bad,One,caf,05,female,\n"
        + "bad2,bad2@example.org,Bad,Two,nosuchactor,99,robot,\n"
    )
    users_before = get_user_model().objects.count()
    response = client.post(
        "/admin/training/cohort/",
        {"course": c.course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 3: the e-mail address is not valid" in page
    assert "Line 4: unknown actor type nosuchactor" in page
    assert "Line 4: unknown area code 99" in page
    assert get_user_model().objects.count() == users_before
    assert not Enrolment.objects.exists()


def test_learners_cannot_upload_a_cohort(client, home, make_user):
    client.force_login(make_user("l", groups=["Learner"]))
    assert client.get("/admin/training/cohort/").status_code in (302, 403)


def test_management_command_refuses_a_bad_file(home, tmp_path):
    c = build_course(home, slug="cohort-cmd", with_quiz=False, lessons=1)
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "x,bad,,,,,,\n")
    with pytest.raises(CommandError):
        call_command("enrol_cohort", str(c.course.pk), str(path))
    assert not Enrolment.objects.exists()

"""Progress against the plan: targets against the people enrolled and trained, by province →
district → commune, the provinces furthest behind first, the national roll-up, exports, scope."""

from datetime import date

import pytest

from portal.models import ActorType, AdministrativeArea
from training.learning import complete_lesson, enrol, record_attendance
from training.models import LearningPath, PathStep, PlanTarget, TrainingPlan, TrainingSession

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
URL = "/admin/training/plans/progress/"
YEAR = date.today().year


@pytest.fixture
def world(home, make_user, districts):
    c = build_course(home, slug="basics", with_quiz=False, lessons=1)
    area = AdministrativeArea.objects.get
    caf = ActorType.objects.get(code="caf", locale__language_code="km")
    people = {}
    for name, commune, gender, done in [
        ("ksp1", "050101", "female", True),
        ("ksp2", "050101", "male", False),
        ("sr1", "170101", "female", True),
        ("sr2", "170101", "male", True),
        ("cso", "050101", "female", True),  # another actor type: no target
    ]:
        user = make_user(
            name,
            groups=["Learner"],
            actor_code="cso" if name == "cso" else "caf",
            area_code=commune,
            gender=gender,
        )
        enrol(user, c.course, assigned=True)
        if done:
            complete_lesson(user, c.lessons[0])
        people[name] = user
    plans = {
        "05": TrainingPlan.objects.create(year=YEAR, province=area(code="05")),
        "17": TrainingPlan.objects.create(year=YEAR, province=area(code="17")),
        "national": TrainingPlan.objects.create(year=YEAR),
    }
    for key, n in (("05", 4), ("17", 2), ("national", 10)):
        PlanTarget.objects.create(
            plan=plans[key], course=c.course, actor_type=caf, people=n, women_percent=50
        )
    return c, people, plans


def table(response):
    return response.content.decode()


def test_national_staff_see_provinces_furthest_behind_first_and_the_national_roll_up(
    client, world, make_user
):
    client.force_login(admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en"))
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.place_code, r.target, r.enrolled, r.completed, r.of_target) for r in rows] == [
        ("05", 4, 2, 1, 25),  # Kampong Speu: a quarter of its plan
        ("17", 2, 2, 2, 100),
    ]
    assert rows[0].women_share == 100 and rows[1].women_share == 50
    (national,) = response.context["national"]
    assert (national.target, national.enrolled, national.completed) == (10, 4, 3)
    page = table(response)
    assert "<svg" in page and "25% (1/4)" in page and "30% (3/10)" in page
    csv = client.get(URL + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("course or learning path,actor type,place,target,enrolled")
    assert csv[1].endswith(",Whole country,10,4,3,75,30,50,67,0")
    assert csv[2].endswith(",Kampong Speu,4,2,1,50,25,50,100,0")


def test_drilling_down_shows_districts_and_communes_under_the_provinces_target(
    client, world, make_user
):
    client.force_login(admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en"))
    rows = client.get(URL + "?province=05").context["rows"]
    assert [(r.place_code, r.target, r.enrolled, r.completed) for r in rows] == [
        ("0501", None, 2, 1),
        ("05", 4, 2, 1),
    ]
    rows = client.get(URL + "?province=05&district=0501").context["rows"]
    assert [(r.place_code, r.target, r.enrolled) for r in rows] == [("050101", None, 2)]


def test_provincial_staff_see_only_their_provinces_progress(client, world, make_user):
    client.force_login(
        admin_in(make_user("ksp", groups=["Provincial staff"], area_code="05"), "en")
    )
    response = client.get(URL + "?province=17")
    assert response.context["national"] == []
    assert {r.place_code for r in response.context["rows"]} == {"0501", "05"}
    csv = client.get(URL + "?province=17&format=xlsx")
    assert csv.status_code == 200
    assert "Siem Reap" not in table(client.get(URL + "?province=17&district=1701"))


def test_a_path_target_counts_those_who_did_every_step(client, world, make_user):
    c, people, plans = world
    path = LearningPath.objects.create(slug="induction", name_km="ផ្លូវ", name_en="Induction")
    PathStep.objects.create(path=path, course=c.course, sort_order=0)
    PathStep.objects.create(path=path, course=c.course, kind="session", sort_order=1)
    caf = ActorType.objects.get(code="caf", locale__language_code="km")
    PlanTarget.objects.create(plan=plans["05"], path=path, actor_type=caf, people=2)
    session = TrainingSession.objects.create(
        course=c.course,
        date=date.today(),
        area=AdministrativeArea.objects.get(code="05"),
        trainer="T",
    )
    # ksp2 has not completed online
    record_attendance(session, participants=[people["ksp1"], people["ksp2"]])
    client.force_login(admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en"))
    rows = client.get(URL + "?province=05").context["rows"]
    induction = [r for r in rows if r.item == "Induction" and r.target]
    assert [(r.enrolled, r.completed, r.of_target) for r in induction] == [(2, 1, 50)]


def test_learners_and_editors_do_not_get_the_progress(client, world, make_user):
    client.force_login(make_user("ed", groups=["Editor"]))
    assert client.get(URL).status_code in (302, 403)

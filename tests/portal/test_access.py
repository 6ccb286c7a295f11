"""portal.access: where each kind of person acts, the one answer the report, its exports, the
cohort upload (web and command), attendance, the session admin and its history all use."""

import datetime

import pytest

from portal import access, roles
from portal.models import AdministrativeArea
from tests.training.conftest import build_course
from training.models import Enrolment, TrainingSession
from training.reports import visible_enrolments

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(districts):
    return {code: AdministrativeArea.objects.get(code=code) for code in ("05", "050101", "17")}


@pytest.fixture
def people(make_user, places):
    return {
        "national": make_user("nat", groups=[roles.NATIONAL_STAFF], area_code="12"),
        "provincial": make_user("prov", groups=[roles.PROVINCIAL_STAFF], area_code="0501"),
        "unplaced provincial": make_user("lost", groups=[roles.PROVINCIAL_STAFF]),
        "learner": make_user("near", groups=[roles.LEARNER], area_code="050101"),
        "far learner": make_user("far", groups=[roles.LEARNER], area_code="17"),
        "editor": make_user("ed", groups=[roles.EDITOR], area_code="05"),
    }


def test_national_staff_act_everywhere(people):
    scope = access.scope_of(people["national"])
    assert scope.everywhere and access.areas_in_scope(people["national"]) is None


def test_provincial_staff_act_in_their_whole_province_wherever_their_profile_places_them(
    people, places
):
    scope = access.scope_of(people["provincial"])  # placed in a district of Kampong Speu
    assert scope.province == places["05"]
    assert places["050101"].pk in scope.area_ids and places["17"].pk not in scope.area_ids
    assert access.may_act_in(people["provincial"], places["05"].pk)
    assert not access.may_act_in(people["provincial"], places["17"].pk)


@pytest.mark.parametrize("person", ["unplaced provincial", "learner", "editor"])
def test_anyone_else_acts_nowhere(people, places, person):
    assert access.areas_in_scope(people[person]) == frozenset()
    assert not access.people_in_scope(people[person]).exists()


def test_the_people_and_enrolments_in_scope_are_those_placed_there(home, people):
    course = build_course(home, slug="access", with_quiz=False, lessons=1).course
    for who in ("learner", "far learner"):
        Enrolment.objects.create(user=people[who], course=course, source="self")
    provincial = people["provincial"]
    placed_in_kampong_speu = {provincial, people["learner"], people["editor"]}
    assert set(access.people_in_scope(provincial)) == placed_in_kampong_speu
    assert [e.user for e in visible_enrolments(provincial)] == [people["learner"]]
    assert visible_enrolments(people["national"]).count() == 2
    assert not visible_enrolments(people["learner"]).exists()


def test_the_session_policy_answers_for_the_sessions_of_the_province(home, people, places):
    from training.admin_views import SESSIONS

    course = build_course(home, slug="access-f2f", with_quiz=False, lessons=1).course
    near, far = (
        TrainingSession.objects.create(
            course=course, date=datetime.date(2026, 10, 1), area=places[code], trainer="T"
        )
        for code in ("050101", "17")
    )
    provincial, national = people["provincial"], people["national"]
    assert SESSIONS.user_has_permission_for_instance(provincial, "change", near)
    assert not SESSIONS.user_has_permission_for_instance(provincial, "change", far)
    assert not SESSIONS.user_has_permission_for_instance(provincial, "delete", near)
    assert list(SESSIONS.instances_user_has_any_permission_for(provincial, ["view"])) == [near]
    assert SESSIONS.instances_user_has_any_permission_for(national, ["view"]).count() == 2
    assert not SESSIONS.instances_user_has_any_permission_for(people["editor"], ["view"])
    assert set(SESSIONS.users_with_any_permission_for_instance(["change"], far)) == {national}


@pytest.mark.parametrize(
    "person,managed",
    [("national", True), ("provincial", True), ("unplaced provincial", True), ("learner", False)],
)
def test_a_staff_members_area_is_set_by_national_staff(people, person, managed):
    assert access.area_is_set_by_national_staff(people[person]) is managed

"""Each row of the completion report leads to the learners it counts; staff who may mark a
course complete for a learner (learning.may_override: the right, and the learner placed where
they act) find, on each learner not yet complete, the way to the form, filled in with that
learner and the course. Nobody else sees it."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission

from training.learning import complete_lesson, enrol

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
REPORT = "/admin/training/report/"
LEARNERS = "/admin/training/report/learners/"


@pytest.fixture
def data(home, make_user, districts):
    c = build_course(home, slug="rep", with_quiz=False, lessons=1)
    people = {
        "ks_f": make_user(
            "ks_f", groups=["Learner"], actor_code="caf", area_code="050101", gender="female"
        ),
        "ks_m": make_user(
            "ks_m", groups=["Learner"], actor_code="caf", area_code="0501", gender="male"
        ),
        "ks_cso": make_user("ks_cso", groups=["Learner"], actor_code="cso", area_code="050101"),
        "sr_f": make_user(
            "sr_f", groups=["Learner"], actor_code="caf", area_code="170101", gender="female"
        ),
    }
    for user in people.values():
        enrol(user, c.course)
    complete_lesson(people["ks_f"], c.lessons[0])  # one lesson, no quiz: complete
    return c, people


def staff(make_user, name, group, area):
    return admin_in(make_user(name, groups=[group], actor_code="nsla", area_code=area), "en")


def row_links(page):
    """{(place, actor) query: href} of the report's rows that lead to their learners."""
    hrefs = re.findall(r'href="([^"]+)"[^>]*data-testid="row-learners"', page)
    return [html.unescape(href) for href in hrefs]


def listed(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return {e.user.username: e for e in page.context["enrolments"]}, page.content.decode()


def mark_links(page):
    return {
        html.unescape(href)
        for href in re.findall(r'href="([^"]+)" data-testid="mark-complete"', page)
    }


def test_each_row_leads_to_its_learners_with_the_form_filled_in_for_those_not_complete(
    client, data, make_user
):
    c, people = data
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    links = row_links(client.get(REPORT).content.decode())
    ksp_caf = next(link for link in links if "place=05&" in link and "actor=caf" in link)
    assert ksp_caf.startswith(f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    learners, page = listed(client, ksp_caf)
    assert set(learners) == {"ks_f", "ks_m"}  # the row's 2, not the CSO nor Siem Reap's
    assert "Completed on" in page and "Not started" in page
    # Only the learner not yet complete: the completed one has nothing to mark.
    assert mark_links(page) == {f"/admin/training/overrides/add/?learner=ks_m&course={c.course.pk}"}


def test_the_link_fills_in_the_form_with_the_learner_and_the_course(client, data, make_user):
    c, people = data
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    _learners, page = listed(client, f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    (link,) = mark_links(page)
    form = client.get(link)
    assert form.status_code == 200
    assert form.context["form"].initial == {"learner": "ks_m", "course": str(c.course.pk)}
    rendered = form.content.decode()
    assert 'value="ks_m"' in rendered
    assert f'<option value="{c.course.pk}" selected>' in rendered


def test_a_district_row_counts_its_communes_learners_and_the_actor_type_is_kept(
    client, data, make_user
):
    c, _people = data
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    links = row_links(client.get(f"{REPORT}?province=05").content.decode())
    assert any("place=0501&" in link and "actor=caf" in link for link in links)
    learners, _ = listed(client, f"{LEARNERS}?course={c.course.pk}&place=0501&actor=caf")
    assert set(learners) == {"ks_f", "ks_m"}
    learners, _ = listed(client, f"{LEARNERS}?course={c.course.pk}&place=050101&actor=cso")
    assert set(learners) == {"ks_cso"}
    learners, _ = listed(client, f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf&gender=male")
    assert set(learners) == {"ks_m"}


def test_provincial_staff_see_and_mark_only_their_provinces_learners(client, data, make_user):
    c, _people = data
    client.force_login(staff(make_user, "sr", "Provincial staff", "17"))
    learners, page = listed(client, f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    assert learners == {} and mark_links(page) == set()  # another province: nobody
    learners, page = listed(client, f"{LEARNERS}?course={c.course.pk}&place=17&actor=caf")
    assert set(learners) == {"sr_f"}
    assert mark_links(page) == {f"/admin/training/overrides/add/?learner=sr_f&course={c.course.pk}"}


def test_staff_without_the_right_to_mark_see_the_learners_but_no_link(client, data, make_user):
    c, _people = data
    # National staff who may read the report but not mark completions (a role without it).
    national = Group.objects.get(name="National staff")
    national.permissions.remove(Permission.objects.get(codename="add_completionoverride"))
    viewer = staff(make_user, "viewer", "National staff", "12")
    assert viewer.has_perm("training.view_completion_report")
    assert not viewer.has_perm("training.add_completionoverride")
    client.force_login(viewer)
    report = client.get(REPORT).content.decode()
    assert row_links(report) and "overrides/add/" not in report
    learners, page = listed(client, f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    assert set(learners) == {"ks_f", "ks_m"}
    assert mark_links(page) == set() and "overrides/add/" not in page
    # And the form itself stays closed to them.
    response = client.get(f"/admin/training/overrides/add/?learner=ks_m&course={c.course.pk}")
    assert response.status_code == 403 or response["Location"] == "/admin/"


def test_learners_cannot_open_the_list(client, data):
    c, people = data
    client.force_login(people["ks_m"])
    response = client.get(f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?course=abc&place=05",
        "?course=999999&place=05",
        "?place=05",
        "?course={course}&place=zz",
    ],
)
def test_a_link_that_names_no_row_lists_nobody(client, data, make_user, query):
    c, _people = data
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    learners, page = listed(client, LEARNERS + query.format(course=c.course.pk))
    assert learners == {}
    assert "No learner to show" in page


def test_the_list_speaks_the_admins_language(client, data, make_user):
    c, _people = data
    national = admin_in(staff(make_user, "nat", "National staff", "12"), "km")
    client.force_login(national)
    _learners, page = listed(client, f"{LEARNERS}?course={c.course.pk}&place=05&actor=caf")
    assert "អ្នកសិក្សាក្នុងវគ្គសិក្សា" in page  # the title
    assert "សម្គាល់ថាបានបញ្ចប់" in page and "មិនទាន់ចាប់ផ្តើម" in page

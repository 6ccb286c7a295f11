import codecs
import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from training.learning import complete_lesson, enrol

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
REPORT = "/admin/training/report/"


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
        "sr_f": make_user(
            "sr_f", groups=["Learner"], actor_code="cso", area_code="170101", gender="female"
        ),
    }
    for user in people.values():
        enrol(user, c.course)
    complete_lesson(people["ks_f"], c.lessons[0])
    complete_lesson(people["sr_f"], c.lessons[0])
    return c, people


def staff(make_user, name, group, area):
    return make_user(name, groups=[group], actor_code="nsla", area_code=area)


def test_national_staff_see_every_province(client, data, make_user):
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    page = client.get(REPORT).content.decode()
    assert "Kampong Speu" in page or "កំពង់ស្ពឺ" in page
    assert "សៀមរាប" in page or "Siem Reap" in page
    assert "<svg" in page


def test_provincial_staff_see_only_their_province(client, data, make_user):
    client.force_login(staff(make_user, "prov", "Provincial staff", "05"))
    page = client.get(REPORT).content.decode()
    assert "សៀមរាប" not in page and "Siem Reap" not in page
    # even when asking for another province
    page = client.get(REPORT + "?province=17").content.decode()
    assert "ឃុំចារឈូក" not in page and "ស្រុកអង្គរជុំ" not in page
    body = client.get(REPORT + "?format=csv").content.decode("utf-8-sig")
    assert body.count("\n") == 2  # header + one row: Kampong Speu × CAF


def test_learners_cannot_open_the_report(client, data):
    _c, people = data
    client.force_login(people["ks_f"])
    assert client.get(REPORT).status_code in (302, 403)


def test_drill_down_to_district_and_commune_split_by_gender(client, data, make_user):
    # In Khmer, the admin's default language: place names and CSV headers alike.
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    page = client.get(REPORT + "?province=05").content.decode()
    assert "ស្រុកបរសេដ្ឋ" in page  # district row
    body = client.get(REPORT + "?province=05&district=0501&format=csv").content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    header = lines[0].split(",")
    assert "ស្រី បានបញ្ចប់" in header  # female completed
    commune = [line for line in lines if "ឃុំបរសេដ្ឋ" in line][0].split(",")
    enrolled, completed = header.index("បានចុះឈ្មោះ"), header.index("បានបញ្ចប់")
    assert commune[enrolled] == "1" and commune[completed] == "1"
    unplaced = [line for line in lines if "ឃុំបរសេដ្ឋ" not in line][1].split(",")
    assert unplaced[header.index("ប្រុស បានចុះឈ្មោះ")] == "1"  # male enrolled


def test_xlsx_export(client, data, make_user):
    client.force_login(admin_in(staff(make_user, "nat", "National staff", "12"), "en"))
    response = client.get(REPORT + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:7] == (
        "course",
        "actor type",
        "place",
        "enrolled",
        "in progress",
        "completed",
        "rate %",
    )
    assert sum(r[3] for r in rows[1:]) == 3 and sum(r[5] for r in rows[1:]) == 2


def test_staff_groups_hold_the_report_permission(db):
    perm = Permission.objects.get(codename="view_completion_report")
    assert {g.name for g in perm.group_set.all()} == {"Provincial staff", "National staff"}


def course_options(html):
    """The labels of the course dropdown, as the admin user reads them."""
    select = re.search(r'<select name="course"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        unescape(label).strip()
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select, re.S)
    ]


@pytest.mark.parametrize("url", [REPORT, "/admin/training/cohort/"])
@pytest.mark.parametrize(
    "language,expected",
    [("en", ["Course translated", "វគ្គ khmer-only"]), ("km", ["វគ្គ khmer-only", "វគ្គ translated"])],
)
def test_the_course_dropdowns_name_courses_in_the_admin_language(
    client, home, make_user, url, language, expected
):
    translated = build_course(home, slug="translated", with_quiz=False, lessons=1)
    khmer_only = build_course(home, slug="khmer-only", with_quiz=False, lessons=1)
    khmer_only.course_en.delete()
    staff = make_user("nat", groups=["National staff"], actor_code="nsla", area_code="12")
    client.force_login(admin_in(staff, language))
    html = client.get(url).content.decode()
    assert course_options(html) == expected
    # The choice is still the course itself (its Khmer page, which enrolments point to).
    assert f'<option value="{translated.course.pk}"' in html


def test_the_csv_export_starts_with_a_byte_order_mark_for_spreadsheet_programs(
    client, data, make_user
):
    client.force_login(staff(make_user, "nat", "National staff", "12"))
    page = client.get(REPORT + "?province=05").content.decode()
    # Wagtail's report view offers its downloads, for the selection being shown.
    assert "Download CSV" in page or "ទាញយក CSV" in page
    exported = client.get(REPORT + "?province=05&export=csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported.content.startswith(codecs.BOM_UTF8)
    assert "ស្រុកបរសេដ្ឋ" in exported.content.decode("utf-8-sig")  # the districts of Kampong Speu
    # The report's own ?format= gives the same file.
    assert client.get(REPORT + "?province=05&format=csv").content == exported.content

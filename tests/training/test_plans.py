"""Capacity-development plans: import and export (CSV and XLSX), refused files, province scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from portal.models import AdministrativeArea
from training.models import LearningPath, PathStep, PlanTarget, TrainingPlan

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db
HEADER = "year,scope,course,learning_path,actor_type,people,women_percent\n"
IMPORT, EXPORT = "/admin/training/plans/import/", "/admin/training/plans/export/"


@pytest.fixture
def courses(home):
    basics = build_course(home, slug="sa-basics", with_quiz=False, lessons=1).course
    path = LearningPath.objects.create(slug="caf-induction", name_km="ផ្លូវ", name_en="Path")
    PathStep.objects.create(path=path, course=basics, sort_order=0)
    return basics, path


@pytest.fixture
def national(make_user):
    return admin_in(make_user("nat", groups=["National staff"], area_code="12"), "en")


@pytest.fixture
def provincial(make_user):
    return admin_in(make_user("ksp", groups=["Provincial staff"], area_code="05"), "en")


def upload(client, text, name="plans.csv"):
    data = text if isinstance(text, bytes) else text.encode()
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def targets():
    return sorted(
        (
            t.plan.year,
            t.plan.province.code if t.plan.province else "national",
            t.course.slug if t.course else t.path.slug,
            t.actor_type.code,
            t.people,
            t.women_percent,
        )
        for t in PlanTarget.objects.select_related("plan__province", "course", "path", "actor_type")
    )


GOOD = (
    HEADER
    + "2027,national,sa-basics,,caf,1600,60\n"
    + "2027,national,,caf-induction,caf,800,50\n"
    + "2027,05,sa-basics,,jaap-committee,120,40\n"
)


def test_national_staff_import_plans_and_a_second_import_replaces_their_targets(
    client, courses, national
):
    client.force_login(national)
    assert upload(client, GOOD).status_code == 302
    assert TrainingPlan.objects.count() == 2
    assert targets() == [
        (2027, "05", "sa-basics", "jaap-committee", 120, 40),
        (2027, "national", "caf-induction", "caf", 800, 50),
        (2027, "national", "sa-basics", "caf", 1600, 60),
    ]
    assert upload(client, HEADER + "2027,5,sa-basics,,jaap-committee,150,45\n").status_code == 302
    assert (2027, "05", "sa-basics", "jaap-committee", 150, 45) in targets()
    assert len(targets()) == 3  # the national plan, not in the file, is untouched


def test_every_bad_row_is_refused_with_its_line_and_nothing_is_written(client, courses, national):
    client.force_login(national)
    bad = (
        HEADER
        + "2027,national,sa-basics,,caf,10,50\n"  # good, but the file is refused
        + "2027,national,no-such-course,,caf,10,50\n"
        + "2027,national,sa-basics,,no-such-actor,10,50\n"
        + "2027,99,sa-basics,,caf,10,50\n"
        + "2027,0501,sa-basics,,caf,10,50\n"  # a district, not a province
        + "2027,national,sa-basics,,jaap-committee,-5,50\n"
        + "2027,national,sa-basics,,cso,5000000,50\n"
        + "2027,national,sa-basics,,citizen,10,120\n"
        + "1900,national,sa-basics,,health-centre,10,50\n"
        + "2027,national,sa-basics,caf-induction,primary-school,10,50\n"
        + "2027,national,sa-basics,,caf,20,50\n"  # the first line's target again
        + "2027,national,sa-basics,,caf\n"
    )
    response = upload(client, bad)
    assert response.status_code == 400
    page = response.content.decode()
    for expected in [
        "Line 3: unknown course no-such-course",
        "Line 4: unknown actor type no-such-actor",
        "Line 5: unknown scope 99",
        "Line 6: unknown scope 0501",
        "Line 7: people must be between 1 and 100000",
        "Line 8: people must be between 1 and 100000",
        "Line 9: women_percent must be between 0 and 100",
        "Line 10: year must be between 2020 and 2100",
        "Line 11: give a course or a learning path, not both",
        "Line 12: duplicate target (first on line 2)",
        "Line 13: expected 7 columns, found 5",
    ]:
        assert expected in page, expected
    assert "Line 2" not in page
    assert not TrainingPlan.objects.exists() and not PlanTarget.objects.exists()


def test_a_wrong_header_and_bad_utf8_are_refused(client, courses, national):
    client.force_login(national)
    page = upload(client, "year,scope\n2027,national\n").content.decode()
    assert "Line 1: the header must be year,scope,course" in page
    response = upload(client, HEADER.encode() + b"2027,national,\xff\n")
    assert "Line 2: the file is not valid UTF-8" in response.content.decode()
    assert not TrainingPlan.objects.exists()


def test_provincial_staff_import_only_their_provinces_plan(client, courses, provincial):
    client.force_login(provincial)
    response = upload(
        client,
        HEADER
        + "2027,05,sa-basics,,caf,100,50\n"
        + "2027,17,sa-basics,,caf,100,50\n"
        + "2027,national,sa-basics,,caf,100,50\n",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 3: province 17 is outside your province" in page
    assert "Line 4: only national staff set the national plan" in page
    assert not TrainingPlan.objects.exists()
    assert upload(client, HEADER + "2027,05,sa-basics,,caf,100,50\n").status_code == 302
    assert targets() == [(2027, "05", "sa-basics", "caf", 100, 50)]


def test_an_xlsx_export_imports_back_unchanged(client, courses, national):
    client.force_login(national)
    upload(client, GOOD)
    before = targets()
    response = client.get(EXPORT + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER.strip().split(",")
    assert len(rows) == 4
    PlanTarget.objects.all().delete()
    assert upload(client, response.content, "plans.xlsx").status_code == 302
    assert targets() == before
    csv = client.get(EXPORT + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1:] == [
        "2027,national,sa-basics,,caf,1600,60",
        "2027,national,,caf-induction,caf,800,50",
        "2027,05,sa-basics,,jaap-committee,120,40",
    ]


def test_an_xlsx_file_typed_in_a_spreadsheet_program_is_read(client, courses, national):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([2027, 5, "sa-basics", None, "caf", 30, 55])  # numbers, an empty cell
    sheet.append([2027, "05", "sa-basics", None, "cso", -1, 55])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(national)
    response = upload(client, buffer.getvalue(), "plans.xlsx")
    assert "Line 3: people must be between 1 and 100000" in response.content.decode()
    assert not TrainingPlan.objects.exists()


def test_provincial_staff_see_export_and_edit_only_their_provinces_plans(
    client, courses, provincial
):
    basics, _path = courses
    ksp = AdministrativeArea.objects.get(code="05")
    siem_reap = AdministrativeArea.objects.get(code="17")
    mine = TrainingPlan.objects.create(year=2027, province=ksp)
    theirs = TrainingPlan.objects.create(year=2027, province=siem_reap)
    nation = TrainingPlan.objects.create(year=2027)
    for plan in (mine, theirs, nation):
        PlanTarget.objects.create(plan=plan, course=basics, actor_type=_caf(), people=10)
    client.force_login(provincial)
    listing = client.get("/admin/snippets/training/trainingplan/").content.decode()
    assert f"/edit/{mine.pk}/" in listing
    assert f"/edit/{theirs.pk}/" not in listing and f"/edit/{nation.pk}/" not in listing
    assert client.get(f"/admin/snippets/training/trainingplan/edit/{theirs.pk}/").status_code in (
        302,
        403,
    )
    exported = client.get(EXPORT + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert exported[1:] == ["2027,05,sa-basics,,caf,10,50"]
    # The add form offers their province only, and no national plan.
    response = client.post(
        "/admin/snippets/training/trainingplan/add/",
        {
            "year": "2028",
            "province": "",
            "notes": "",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert not TrainingPlan.objects.filter(year=2028).exists()
    form = response.context["form"]
    assert list(form.fields["province"].queryset) == [ksp]


def _caf():
    from portal.models import ActorType

    return ActorType.objects.get(code="caf", locale__language_code="km")

"""Staff mark a course complete for a learner, with a reason, and undo it: recorded who, when and
why; counted (and marked) in the completion report and the plan progress; the certificate issued
as usual and withdrawn on undo; refused, changing nothing, outside the staff member's province,
without a reason, or twice."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from training.learning import (
    AlreadyComplete,
    AlreadyUndone,
    OutOfScope,
    ReasonMissing,
    complete_lesson,
    enrol,
    mark_complete,
    submit_quiz,
    undo_override,
)
from training.models import (
    Certificate,
    CompletionOverride,
    CourseCompletion,
    Enrolment,
    LearningPath,
    PathCompletion,
    PathStep,
    PlanTarget,
    TrainingPlan,
    WithdrawnCertificate,
)
from training.tasks import award_paths

from .conftest import admin_in, answers, build_course

pytestmark = pytest.mark.django_db
LIST = "/admin/training/overrides/"
ADD = "/admin/training/overrides/add/"
REPORT = "/admin/training/report/"
PROGRESS = "/admin/training/plans/progress/"


def denied(response):
    """Refused as a screen without the right: Wagtail's admin answers a PermissionDenied with a
    redirect to its dashboard (and a message)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def undo_url(override):
    return f"/admin/training/overrides/{override.pk}/undo/"


@pytest.fixture
def course(home):
    return build_course(home, slug="override", lessons=2)


@pytest.fixture
def people(make_user):
    def staff(username, group, area):
        return admin_in(make_user(username, groups=[group], area_code=area), "en")

    return {
        "national": staff("nat", "National staff", "12"),
        "ksp": staff("ksp", "Provincial staff", "05"),
        "sr": staff("sr", "Provincial staff", "17"),
        "sokha": make_user(
            "sokha", groups=["Learner"], actor_code="caf", area_code="05", gender="female"
        ),
        "dara": make_user("dara", groups=["Learner"], actor_code="caf", area_code="17"),
    }


def post_mark(client, learner, course, reason="Session held in Chbar Mon on 3 December"):
    data = {"learner": learner.username, "course": course.pk, "reason": reason}
    first = client.post(ADD, data)
    second = client.post(ADD, {**data, "confirm": "yes"})
    return first, second


def test_staff_mark_a_course_complete_after_confirming(client, course, people):
    client.force_login(people["ksp"])
    first, second = post_mark(client, people["sokha"], course.course)
    # The first post only asks to confirm: nothing is written until the second.
    assert first.status_code == 200 and first.context["confirming"]
    assert "Mark “Course override” complete for Sokha Test (sokha)?" in first.content.decode()
    assert second.status_code == 302
    override = CompletionOverride.objects.get()
    assert (override.learner, override.course, override.created_by) == (
        people["sokha"],
        course.course,
        people["ksp"],
    )
    assert override.reason == "Session held in Chbar Mon on 3 December"
    assert abs(override.created_at - timezone.now()) < timedelta(minutes=1)
    enrolment = Enrolment.objects.get(user=people["sokha"], course=course.course)
    assert enrolment.source == Enrolment.Source.ASSIGNED  # enrolled by the marking
    assert enrolment.completion.via == CourseCompletion.BY_STAFF
    assert override.completion == enrolment.completion

    page = client.get(LIST).content.decode()
    assert "Session held in Chbar Mon on 3 December" in page and "Ksp Test" in page


def test_the_certificate_follows_the_normal_path_and_is_withdrawn_on_undo(
    client, course, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        override = mark_complete(
            people["sokha"], course.course, by=people["national"], reason="Held offline"
        )
    certificate = Certificate.objects.get(completion__enrolment__user=people["sokha"])
    assert certificate.pdf and certificate.pdf.storage.exists(certificate.pdf.name)
    pdf_name = certificate.pdf.name
    assert client.get(f"/km/training/verify/{certificate.code}/").status_code == 200

    client.force_login(people["national"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(undo_url(override), {"reason": "Wrong learner"})
    assert response.status_code == 302
    override.refresh_from_db()
    assert (override.undone_by, override.undo_reason) == (people["national"], "Wrong learner")
    assert override.undone_at is not None and override.completion is None
    assert not CourseCompletion.objects.filter(enrolment__user=people["sokha"]).exists()
    assert not Certificate.objects.filter(code=certificate.code).exists()
    assert not certificate.pdf.storage.exists(pdf_name)
    withdrawn = WithdrawnCertificate.objects.get(code=certificate.code)
    assert withdrawn.override == override

    client.logout()
    page = client.get(f"/en/training/verify/{certificate.code}/")
    assert page.status_code == 410
    text = page.content.decode()
    assert "This certificate was withdrawn on" in text and "It is no longer valid." in text
    assert "This certificate is genuine." not in text


def test_the_reports_count_it_as_completed_and_say_so(client, home, course, people):
    other = build_course(home, slug="own-work", with_quiz=False, lessons=1)
    enrol(people["dara"], other.course)
    complete_lesson(people["dara"], other.lessons[0])  # completed by their own work
    mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Held offline")
    client.force_login(people["national"])

    rows = {(r.course, r.place): r for r in client.get(REPORT).context["rows"]}
    marked = rows[("Course override", "Kampong Speu")]
    own = rows[("Course own-work", "Siem Reap")]
    assert (marked.enrolled, marked.completed, marked.by_staff) == (1, 1, 1)
    assert (own.completed, own.by_staff) == (1, 0)
    page = client.get(REPORT).content.decode()
    assert "Marked complete by staff" in page

    lines = client.get(REPORT + "?export=csv").content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert "marked complete by staff" in header
    by_staff = {
        line.split(",")[0]: line.split(",")[header.index("marked complete by staff")]
        for line in lines[1:]
    }
    assert by_staff == {"Course override": "1", "Course own-work": "0"}
    sheet = load_workbook(io.BytesIO(client.get(REPORT + "?export=xlsx").content)).active
    rows = list(sheet.values)
    column = rows[0].index("marked complete by staff")
    assert sorted(r[column] for r in rows[1:]) == [0, 1]


def test_the_plan_progress_counts_it_as_trained_and_says_so(client, course, people):
    from portal.models import ActorType, AdministrativeArea

    plan = TrainingPlan.objects.create(
        year=timezone.localdate().year, province=AdministrativeArea.objects.get(code="05")
    )
    caf = ActorType.objects.get(code="caf", locale__language_code="km")
    PlanTarget.objects.create(plan=plan, course=course.course, actor_type=caf, people=4)
    mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Held offline")
    client.force_login(people["ksp"])
    response = client.get(PROGRESS)
    [row] = [r for r in response.context["rows"] if r.target]
    assert (row.target, row.completed, row.by_staff) == (4, 1, 1)
    assert "Marked complete by staff" in response.content.decode()
    csv = client.get(PROGRESS + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].endswith(",marked complete by staff")
    assert csv[-1].endswith(",Kampong Speu,4,1,1,100,25,50,100,1")


def test_another_provinces_learner_is_refused_and_nothing_written(client, course, people):
    client.force_login(people["ksp"])
    first, second = post_mark(client, people["dara"], course.course)  # Siem Reap's learner
    for response in (first, second):
        assert response.status_code == 400
        assert "No learner with this username is placed where you work." in (
            response.content.decode()
        )
    with pytest.raises(OutOfScope):
        mark_complete(people["dara"], course.course, by=people["ksp"], reason="Forged")
    assert not CompletionOverride.objects.exists()
    assert not Enrolment.objects.filter(user=people["dara"]).exists()


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_a_missing_reason_is_refused_and_nothing_written(client, course, people, reason):
    client.force_login(people["ksp"])
    first, second = post_mark(client, people["sokha"], course.course, reason=reason)
    assert (first.status_code, second.status_code) == (400, 400)
    assert "Give a reason." in second.content.decode()
    with pytest.raises(ReasonMissing):
        mark_complete(people["sokha"], course.course, by=people["ksp"], reason=reason)
    assert not CompletionOverride.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_course_completed_already_is_refused(client, course, people):
    mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Held offline")
    client.force_login(people["national"])
    _first, second = post_mark(client, people["sokha"], course.course, reason="Again")
    assert second.status_code == 409
    assert "completed this course on" in second.content.decode()
    with pytest.raises(AlreadyComplete):
        mark_complete(people["sokha"], course.course, by=people["national"], reason="Again")
    assert CompletionOverride.objects.count() == 1


def test_undoing_twice_is_refused_and_changes_nothing(client, course, people):
    override = mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Offline")
    client.force_login(people["ksp"])
    assert client.post(undo_url(override), {"reason": "Mistake"}).status_code == 302
    override.refresh_from_db()
    undone = (override.undone_by_id, override.undone_at, override.undo_reason)

    client.force_login(people["national"])
    page = client.get(undo_url(override))
    assert 'data-testid="already-undone"' in page.content.decode()
    again = client.post(undo_url(override), {"reason": "Twice"})
    assert again.status_code == 409
    assert "This was undone on" in again.content.decode()
    with pytest.raises(AlreadyUndone):
        undo_override(override, by=people["national"], reason="Twice")
    override.refresh_from_db()
    assert (override.undone_by_id, override.undone_at, override.undo_reason) == undone


def test_undoing_another_provinces_override_or_without_a_reason_is_refused(client, course, people):
    override = mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Offline")
    client.force_login(people["sr"])
    assert denied(client.get(undo_url(override)))
    assert denied(client.post(undo_url(override), {"reason": "Forged"}))
    with pytest.raises(OutOfScope):
        undo_override(override, by=people["sr"], reason="Forged")
    client.force_login(people["ksp"])
    assert client.post(undo_url(override), {"reason": "  "}).status_code == 400
    with pytest.raises(ReasonMissing):
        undo_override(override, by=people["ksp"], reason="")
    override.refresh_from_db()
    assert override.standing and override.completion is not None
    assert CourseCompletion.objects.filter(via=CourseCompletion.BY_STAFF).count() == 1


def test_after_undoing_the_learners_own_work_still_completes_the_course(course, people):
    sokha = people["sokha"]
    override = mark_complete(sokha, course.course, by=people["ksp"], reason="Offline")
    for lesson in course.lessons:
        complete_lesson(sokha, lesson)
    submit_quiz(sokha, course.lessons[-1], course.quiz, answers(course.quiz))
    undo_override(override, by=people["ksp"], reason="They did it online after all")
    completion = CourseCompletion.objects.get(enrolment__user=sokha)
    assert completion.via == "online"
    assert not CompletionOverride.objects.filter(undone_at__isnull=True).exists()


def test_a_learning_path_certificate_resting_on_the_override_is_withdrawn(course, people):
    path = LearningPath.objects.create(slug="p", name_km="ផ្លូវ", name_en="Path")
    PathStep.objects.create(path=path, course=course.course, sort_order=0)
    override = mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Offline")
    assert award_paths.apply(args=[people["sokha"].pk]).get()
    certificate = Certificate.objects.get(path_completion__user=people["sokha"])
    undo_override(override, by=people["ksp"], reason="Mistake")
    assert not PathCompletion.objects.exists()
    assert WithdrawnCertificate.objects.filter(code=certificate.code).exists()


def test_the_trail_is_filtered_and_kept_to_the_staff_members_province(client, home, people):
    one = build_course(home, slug="one", with_quiz=False, lessons=1).course
    two = build_course(home, slug="two", with_quiz=False, lessons=1).course
    a = mark_complete(people["sokha"], one, by=people["ksp"], reason="First")
    mark_complete(people["sokha"], two, by=people["national"], reason="Second")
    mark_complete(people["dara"], one, by=people["sr"], reason="Third")
    undo_override(a, by=people["national"], reason="Undo first")

    def reasons(who, query=""):
        client.force_login(people[who])
        page = client.get(LIST + query).context["page"]
        return sorted(o.reason for o in page.object_list)

    assert reasons("national") == ["First", "Second", "Third"]
    assert reasons("ksp") == ["First", "Second"]
    assert reasons("sr") == ["Third"]
    assert reasons("national", "?status=standing") == ["Second", "Third"]
    assert reasons("national", "?status=undone") == ["First"]
    assert reasons("national", f"?course={one.pk}") == ["First", "Third"]
    assert reasons("national", "?learner=dara") == ["Third"]
    assert reasons("national", "?status=nonsense") == ["First", "Second", "Third"]


def test_the_screens_speak_khmer(client, course, people):
    mark_complete(people["sokha"], course.course, by=people["ksp"], reason="Offline")
    client.force_login(admin_in(people["ksp"], "km"))
    page = client.get(LIST).content.decode()
    assert "ការបញ្ចប់ដែលបុគ្គលិកបានសម្គាល់" in page
    assert "ការបញ្ចប់ដែលបុគ្គលិកបានសម្គាល់" in client.get(REPORT).content.decode()


def test_staff_groups_hold_the_override_permissions(db):
    for codename in ("add_completionoverride", "change_completionoverride"):
        perm = Permission.objects.get(codename=codename)
        assert {g.name for g in perm.group_set.all()} == {"Provincial staff", "National staff"}


def test_learners_and_content_people_may_not_mark(client, course, people, make_user):
    editor = make_user("ed", groups=["Editor"], area_code="05")
    client.force_login(editor)
    assert denied(client.get(ADD))
    data = {"learner": "sokha", "course": course.course.pk, "reason": "x", "confirm": "yes"}
    assert denied(client.post(ADD, data))
    assert not CompletionOverride.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_undoings_at_once_one_is_refused(home, make_user):
    """The override row is locked while it is undone: of two staff members undoing it at the same
    moment, one wins and the other is refused. (PostgreSQL: SQLite has no row locks, and writes
    one transaction at a time anyway.)"""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    c = build_course(home, slug="race", with_quiz=False, lessons=1)
    learner = make_user("race", groups=["Learner"], area_code="05")
    staff = [make_user(f"s{n}", groups=["National staff"], area_code="12") for n in range(2)]
    override = mark_complete(learner, c.course, by=staff[0], reason="Offline")
    barrier, results = threading.Barrier(2), []

    def undo(by):
        try:
            barrier.wait()
            undo_override(override, by=by, reason=f"by {by.username}")
            results.append("undone")
        except AlreadyUndone:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=undo, args=(s,)) for s in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "undone"]
    assert CompletionOverride.objects.get().undone_at is not None

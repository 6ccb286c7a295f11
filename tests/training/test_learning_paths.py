"""Learning paths: recommended on the dashboard by actor type with their progress; doing every
step (courses completed, a face-to-face session attended) issues a path certificate."""

from datetime import date

import pytest

from portal.models import ActorType, AdministrativeArea
from training.learning import complete_lesson, enrol, record_attendance
from training.models import Certificate, LearningPath, PathCompletion, PathStep, TrainingSession
from training.tasks import award_paths

from .conftest import build_course
from .test_certificates import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def induction(home):
    first = build_course(home, slug="first", with_quiz=False, lessons=1)
    second = build_course(home, slug="second", with_quiz=False, lessons=1)
    path = LearningPath.objects.create(
        slug="caf-induction", name_km="ការណែនាំ CAF", name_en="CAF induction"
    )
    path.actor_types.set([ActorType.objects.get(code="caf", locale__language_code="km")])
    PathStep.objects.create(path=path, course=first.course, sort_order=0)
    PathStep.objects.create(path=path, course=first.course, kind="session", sort_order=1)
    PathStep.objects.create(path=path, course=second.course, sort_order=2)
    return path, first, second


def attend(course, *people):
    session = TrainingSession.objects.create(
        course=course,
        date=date.today(),
        area=AdministrativeArea.objects.get(code="05"),
        trainer="T",
    )
    record_attendance(session, participants=people)
    return session


def test_the_dashboard_recommends_the_path_of_the_learners_actor_type(client, induction, make_user):
    caf = make_user("caf1", groups=["Learner"], actor_code="caf", area_code="05")
    cso = make_user("cso1", groups=["Learner"], actor_code="cso", area_code="05")
    client.force_login(cso)
    assert "CAF induction" not in client.get("/en/training/").content.decode()
    client.force_login(caf)
    page = client.get("/en/training/").content.decode()
    assert "CAF induction" in page and 'data-testid="learning-paths"' in page
    assert 'data-testid="percent">0%' in page
    path, first, _second = induction
    enrol(caf, first.course)
    complete_lesson(caf, first.lessons[0])
    page = client.get("/en/training/").content.decode()
    assert 'data-testid="percent">33%' in page  # one step of three
    assert "Course first" in page  # the step's course, in English


@pytest.mark.worker
def test_doing_every_step_issues_one_path_certificate_with_its_pdf(
    celery_worker, client, induction, make_user
):
    path, first, second = induction
    learner = make_user("caf1", groups=["Learner"], actor_code="caf", area_code="05")
    enrol(learner, first.course)
    complete_lesson(learner, first.lessons[0])
    enrol(learner, second.course)
    complete_lesson(learner, second.lessons[0])
    assert not PathCompletion.objects.exists()  # the session step is not done yet
    attend(first.course, learner)  # the last step: attendance completes the path
    paths = Certificate.objects.filter(path_completion__user=learner, pdf__gt="")
    assert wait_for(paths.exists)  # the row and its PDF, by the worker
    certificate = paths.get()
    assert certificate.course_title_en == "CAF induction" and certificate.pdf
    assert award_paths.apply(args=[learner.pk]).get() == []  # done once: nothing new
    assert (
        PathCompletion.objects.count() == 1
        and Certificate.objects.filter(path_completion__isnull=False).count() == 1
    )
    client.force_login(learner)
    dashboard = client.get("/en/training/").content.decode()
    assert certificate.code in dashboard and "Path complete" in dashboard
    pdf = client.get(f"/en/training/certificates/{certificate.code}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    verified = client.get(f"/en/training/verify/{certificate.code}/").content.decode()
    assert "CAF induction" in verified


def test_a_path_is_not_complete_while_a_step_is_missing(induction, make_user):
    path, first, second = induction
    learner = make_user("caf2", groups=["Learner"], actor_code="caf", area_code="05")
    attend(first.course, learner)
    enrol(learner, second.course)
    complete_lesson(learner, second.lessons[0])  # the first course's online work is not done
    assert award_paths.apply(args=[learner.pk]).get() == []
    assert not PathCompletion.objects.exists()

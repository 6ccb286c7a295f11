"""The world of the access matrix: one set of demo-like objects, made once for the module."""

from datetime import date
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Collection, Locale, Site, Task, Workflow

from knowledge_base.factories import (
    ExchangeIndexPageFactory,
    ExchangeVisitPageFactory,
    GuidebookChapterPageFactory,
    GuidebookPageFactory,
    GuidebookSectionPageFactory,
    LessonIndexPageFactory,
    LessonPageFactory,
)
from knowledge_base.models import LessonPage
from portal import roles
from portal.factories import StandardPageFactory, UserFactory
from portal.models import ActorType, AdministrativeArea, GlossaryTerm, Organisation, Strategy
from tests.conftest import make_districts, make_home
from training.models import Enrolment

from .rules import ANON, CONTRIBUTOR, EDITOR, KSP, LEARNER, NATIONAL, PEOPLE, REVIEWER, SR


def build_world():
    from tests.training.conftest import build_course
    from training.learning import record_attendance
    from training.models import CourseCompletion, TrainingSession

    w = SimpleNamespace()
    home_km, home_en = make_home()
    make_districts()

    def person(username, groups=(), area=None):
        return UserFactory(
            username=username,
            first_name=username.title(),
            last_name="Test",
            groups=groups,
            area_code=area,
            password="correct-horse-42",
        )

    w.users = {
        LEARNER: person("m-learner", [roles.LEARNER], "050101"),
        CONTRIBUTOR: person("m-contributor", [roles.CONTRIBUTOR], "05"),
        REVIEWER: person("m-reviewer", [roles.REVIEWER], "12"),
        EDITOR: person("m-editor", [roles.EDITOR], "12"),
        KSP: person("m-ksp", [roles.PROVINCIAL_STAFF], "05"),
        SR: person("m-sr", [roles.PROVINCIAL_STAFF], "17"),
        NATIONAL: person("m-national", [roles.NATIONAL_STAFF], "12"),
    }
    w.other = person("m-other-contributor", [roles.CONTRIBUTOR], "05")
    w.far_learner = person("m-far-learner", [roles.LEARNER], "170101")
    # Made by a cohort upload and never logged in: staff may send the invitation again.
    w.invitee = person("m-invitee", [roles.LEARNER], "050101")
    w.invitee.set_unusable_password()
    w.invitee.save()

    # Pages of every type.
    from knowledge_base.models import (
        GuidebookEdition,
        GuidebookPDF,
    )

    w.home = home_km
    w.home_en = home_en
    w.standard, _ = StandardPageFactory.pair(parent=home_km, slug="about", title="អំពី")
    w.guidebook, _ = GuidebookPageFactory.pair(parent=home_km, slug="guidebook", title="សៀវភៅ")
    w.chapter, _ = GuidebookChapterPageFactory.pair(parent=w.guidebook, slug="ch-1", title="ជំពូក")
    w.section, _ = GuidebookSectionPageFactory.pair(parent=w.chapter, slug="s-1", title="ផ្នែក")
    GuidebookPDF.objects.create(
        guidebook=w.guidebook,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matrix-guidebook.pdf"),
        fingerprint="matrix",
    )
    w.edition = GuidebookEdition.objects.create(
        guidebook=w.guidebook,
        number=1,
        published_on=date(2026, 6, 3),
        fingerprint="matrix",
        pdf=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matrix-edition.pdf"),
    )
    w.lessons, _ = LessonIndexPageFactory.pair(parent=home_km, slug="lessons", title="មេរៀន")
    w.exchanges, _ = ExchangeIndexPageFactory.pair(parent=home_km, slug="exchanges", title="ផ្លាស់")
    w.lesson, _ = LessonPageFactory.pair(
        parent=w.lessons, slug="live-lesson", title="Live lesson", summary="s"
    )
    w.visit, _ = ExchangeVisitPageFactory.pair(
        parent=w.exchanges, slug="visit", title="Visit", start_date=date(2026, 2, 10)
    )

    def draft(owner, title):
        page = LessonPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            owner=owner,
            live=False,
            summary="s",
            locale=w.lessons.locale,
        )
        w.lessons.add_child(instance=page)
        page.save_revision(user=owner)
        return page

    w.private_draft = draft(w.other, "Private draft")
    w.in_review = draft(w.other, "Draft in review")
    w.in_review.get_workflow().start(w.in_review, w.other)
    w.in_review.refresh_from_db()
    w.own_draft = draft(w.users[CONTRIBUTOR], "Own draft")

    course = build_course((home_km, home_en), slug="matrix-course", lessons=1)
    w.course = course.course
    w.course_lesson = course.lessons[0]
    w.quiz = course.quiz
    w.course_pages = [course.index, course.course, course.lessons[0].get_parent()]

    learner = w.users[LEARNER]
    w.enrolment = Enrolment.objects.create(
        user=learner, course=w.course, source=Enrolment.Source.SELF
    )
    completion = CourseCompletion.objects.create(
        enrolment=w.enrolment, completed_at=timezone.now(), via="online"
    )
    from training.models import Certificate

    w.certificate = Certificate.objects.create(
        completion=completion,
        learner_name="M Learner",
        course_title_km="វគ្គ",
        course_title_en="Course",
        issuer="NSLA",
        issued_on=date(2026, 10, 1),
    )
    w.certificate.pdf.save("matrix-certificate.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))

    area = AdministrativeArea.objects.get
    w.ksp_session = TrainingSession.objects.create(
        course=w.course, date=date(2026, 10, 1), area=area(code="0501"), trainer="T"
    )
    record_attendance(w.ksp_session, participants=[learner])
    w.sr_session = TrainingSession.objects.create(
        course=w.course, date=date(2026, 10, 2), area=area(code="17"), trainer="T"
    )
    record_attendance(w.sr_session, participants=[w.far_learner])

    from training.models import LearningPath, PlanTarget, TrainingPlan

    w.path = LearningPath.objects.create(slug="matrix-path", name_km="ផ្លូវ", name_en="Path")
    w.path.steps.create(course=w.course, sort_order=0)
    w.path.save()
    w.ksp_plan = TrainingPlan.objects.create(year=2027, province=area(code="05"))
    w.sr_plan = TrainingPlan.objects.create(year=2027, province=area(code="17"))
    caf = ActorType.objects.get(code="caf", locale__language_code="km")
    for plan in (w.ksp_plan, w.sr_plan):
        PlanTarget.objects.create(plan=plan, course=w.course, actor_type=caf, people=10)

    from training.models import CompletionOverride

    # Completions marked by staff, one in each province (rows only: the matrix opens screens).
    w.ksp_override = CompletionOverride.objects.create(
        learner=learner, course=w.course, reason="Offline", created_by=w.users[NATIONAL]
    )
    w.sr_override = CompletionOverride.objects.create(
        learner=w.far_learner, course=w.course, reason="Offline", created_by=w.users[NATIONAL]
    )

    root = Collection.get_first_root_node()
    w.collection = root
    # Another contributor's uploads, which no page uses yet: theirs and the Editors' to see.
    w.document = get_document_model().objects.create(
        title="Handbook",
        file=ContentFile(b"text", name="matrix-handbook.txt"),
        collection=root,
        uploaded_by_user=w.other,
    )
    w.image = get_image_model().objects.create(
        title="Photo",
        file=get_test_image_file(filename="matrix-photo.png"),
        collection=root,
        uploaded_by_user=w.other,
    )
    plain = APIToken.generate_token()
    w.token = APIToken.objects.create(
        user=w.far_learner, name="app", key_hash=APIToken.hash_token(plain), prefix=plain[:12]
    )
    w.redirect = Redirect.objects.create(old_path="/old-matrix", redirect_link="/km/")
    w.site = Site.objects.get(is_default_site=True)
    w.locale = Locale.objects.get(language_code="km")
    w.workflow = Workflow.objects.get(name="Knowledge base review")
    w.task = Task.objects.filter(workflow_tasks__workflow=w.workflow).first()
    w.workflow_state = w.in_review.current_workflow_state
    w.strategy = Strategy.objects.filter(locale=w.locale).first()
    w.glossary_term = GlossaryTerm.objects.first()  # seeded by the migrations
    w.actor = ActorType.objects.filter(locale=w.locale).first()
    w.area = area(code="05")
    w.organisation = Organisation.objects.create(
        name_km="អង្គការ", name_en="Organisation", area=w.area, actor_type=w.actor
    )
    from django.contrib.auth.models import Group

    w.group = Group.objects.get(name=roles.LEARNER)

    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(w.lesson)
    w.translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en")
    )
    w.translation.save_target(publish=False)
    w.string_segment = source.stringsegment_set.first()
    w.translation_source = source

    w.clients = {}
    for who in PEOPLE:
        client = Client()
        if who != ANON:
            client.force_login(w.users[who])
        w.clients[who] = client
    return w

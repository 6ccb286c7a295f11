"""Who gets what, for every URL of the site, the admin and the APIs.

At the root of tests/, not in an app's folder: it walks every app's URLs.

The URL patterns are read from the URLconf, resolved recursively, so a pattern added anywhere
(an app's urls.py, a Wagtail hook, a snippet viewset) is in the matrix. Each path parameter is
filled with a real object made once for the module (``world``): pages of every type, drafts
private and in review, a face-to-face session in each of two provinces, a certificate, a
document, an image… Every URL is requested (GET) as each of eight people, and the answer's kind
(``outcome``) is compared with RULES, written by URL name or by pattern. A pattern that no rule
covers fails ``test_every_url_pattern_has_a_rule``: a new URL cannot be forgotten.

The two findings that needed a POST (a staff member moving themselves to another province; a
provincial staff member editing another province's session) have tests of their own below.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import constants, get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow

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
from portal.models import ActorType, AdministrativeArea, Organisation, Strategy
from training.models import Enrolment

from .conftest import make_districts, make_home

pytestmark = pytest.mark.django_db

# Who asks.
ANON, LEARNER, CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL = (
    "anonymous",
    "learner",
    "contributor",
    "reviewer",
    "editor",
    "provincial staff (Kampong Speu)",
    "provincial staff (Siem Reap)",
    "national staff",
)
PEOPLE = [ANON, LEARNER, CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL]
ADMIN_USERS = [CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL]
STAFF = [KSP, SR, NATIONAL]

# What they get.
OK = "allowed"  # 2xx
LOGIN = "login"  # sent to a log-in page (or 401 from an API)
DENIED = "403"  # 403, or the admin's redirect to its dashboard with "no permission"
MISSING = "404"  # 404 (also the language redirect Django makes for an unknown admin path)
REDIRECT = "redirect"  # any other redirect
NOT_ALLOWED = "405"  # GET refused: the URL takes POST only
BAD = "400"


def outcome(response, path):
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        target = location.split("?")[0]
        if target in ("/admin/login/", "/km/accounts/login/", "/en/accounts/login/"):
            return LOGIN
        if target == "/admin/" and any(
            m.level == constants.ERROR for m in get_messages(response.wsgi_request)
        ):
            return DENIED
        if target == f"/km{path}":  # LocaleMiddleware's answer to a 404 outside i18n_patterns
            return MISSING
        return REDIRECT
    return {400: BAD, 401: LOGIN, 403: DENIED, 404: MISSING, 405: NOT_ALLOWED}.get(
        status, str(status)
    )


# ---------------------------------------------------------------------------------------------
# The URL patterns


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole pattern, as the URLconf spells it: "admin/pages/<int:page_id>/edit/"
    name: str | None  # "wagtailadmin_pages:edit"
    params: tuple  # the names of its path parameters, or ints for unnamed groups

    def __str__(self):
        return self.name or self.route


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
            names = tuple(a or b for a, b in params)
            if not names:
                # Unnamed regex groups: filled by position.
                names = tuple(range(re.compile(route.replace("^", "")).groups))
            yield Pattern(route, f"{namespace}{entry.name}" if entry.name else None, names)


def url_patterns():
    with translation.override("km"):
        found = {(p.route, p.name): p for p in walk(get_resolver().url_patterns)}
    return sorted(found.values(), key=lambda p: p.route)


PATTERNS = url_patterns()


# ---------------------------------------------------------------------------------------------
# The world: one set of demo-like objects for the whole module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world():
    from tests.training.conftest import build_course
    from training.learning import record_attendance
    from training.models import CourseCompletion, Enrolment, TrainingSession

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

    # Pages of every type.
    from knowledge_base.models import (
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

    root = Collection.get_first_root_node()
    w.collection = root
    w.document = get_document_model().objects.create(
        title="Handbook", file=ContentFile(b"text", name="matrix-handbook.txt"), collection=root
    )
    w.image = get_image_model().objects.create(
        title="Photo", file=get_test_image_file(filename="matrix-photo.png"), collection=root
    )
    w.redirect = Redirect.objects.create(old_path="/old-matrix", redirect_link="/km/")
    w.site = Site.objects.get(is_default_site=True)
    w.locale = Locale.objects.get(language_code="km")
    w.workflow = Workflow.objects.get(name="Knowledge base review")
    w.task = Task.objects.filter(workflow_tasks__workflow=w.workflow).first()
    w.workflow_state = w.in_review.current_workflow_state
    w.strategy = Strategy.objects.filter(locale=w.locale).first()
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


# A parameter whose objects exist only for a moment (an upload in progress, an editing session,
# a password-protected page): an id no object has. The URL's answer is then its 404 or refusal.
NO_SUCH_ID = 999999


def subjects(p, w):
    """[(label, object)]: the objects a pattern is requested for, when the answer should differ
    by object; [(None, None)] otherwise."""
    name, params = str(p), p.params
    if name.startswith("wagtailadmin_pages:workflow") or name.startswith(
        "wagtailadmin_pages:collect_workflow"
    ):
        return [("draft in review", w.in_review), ("private draft", w.private_draft)]
    if (
        {"page_id", "page_to_move_id"} & set(params)
        or (name.startswith("wagtailadmin_pages:") and "pk" in params)
        or name == "wagtailadmin_api:pages:detail"
    ):
        return [
            ("private draft", w.private_draft),
            ("draft in review", w.in_review),
            ("own draft", w.own_draft),
            ("live lesson", w.lesson),
        ]
    if "parent_page_id" in params and "content_type_app_name" not in params:
        return [("lesson index", w.lessons), ("private draft", w.private_draft)]
    if name == "training_attendance" or ("trainingsession:" in name and ("pk" in params)):
        return [("Kampong Speu session", w.ksp_session), ("Siem Reap session", w.sr_session)]
    if "trainingplan:" in name and "pk" in params:
        return [("Kampong Speu plan", w.ksp_plan), ("Siem Reap plan", w.sr_plan)]
    if name == "wagtail_bulk_action":
        return [("publish a private draft", w.private_draft), ("delete a session", w.sr_session)]
    if name == "wagtail_serve":
        return [("home", w.home), ("live lesson", w.lesson), ("private draft", w.private_draft)]
    return [(None, None)]


SNIPPETS = {
    "portal_strategy": "strategy",
    "portal_actortype": "actor",
    "portal_administrativearea": "area",
    "portal_organisation": "organisation",
    "training_quiz": "quiz",
    "training_learningpath": "path",
}


def value(param, p, w, subject):
    """The value of one path parameter of pattern ``p`` requested for ``subject``."""
    name = str(p)
    page = subject if isinstance(subject, LessonPage) else None
    if param in ("page_id", "page_to_move_id") or (param == "pk" and page is not None):
        return (page or w.lesson).pk
    if param == "parent_page_id":
        return (subject or w.lessons).pk
    if param == "revision_id":
        return page.latest_revision_id
    if param == "revision_id_a":
        return "earliest"
    if param == "revision_id_b":
        return "latest"
    if param == "destination_id":
        return w.lessons.pk
    if param in ("content_type_app_name", "app_label") and "wagtailadmin_pages" in name:
        return "knowledge_base"
    if param in ("content_type_model_name", "model_name") and "wagtailadmin_pages" in name:
        return "lessonpage"
    if param == "task_state_id":
        return w.workflow_state.current_task_state_id
    if param == "workflow_state_id":
        return w.workflow_state.pk
    if param == "task_id":
        return w.task.pk
    if param == "action_name":
        return "approve" if "workflow" in name else "copy"
    if name == "wagtail_bulk_action":
        model = Page if page else type(subject)
        return {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "action": "publish" if page else "delete",
        }[param]
    if "trainingsession" in name or name == "training_attendance" or "trainingplan:" in name:
        return subject.pk
    for model, attribute in SNIPPETS.items():
        if f"_{model}:" in name:
            return getattr(w, attribute).pk
    namespace = name.split(":")[0]
    by_namespace = {
        "wagtailadmin_api": {"pk": w.document.pk if "documents" in name else w.image.pk},
        "wagtailadmin_collections": {"pk": w.collection.pk, "collection_id": w.collection.pk},
        "wagtaillocales": {"pk": w.locale.pk},
        "wagtailsites": {"pk": w.site.pk},
        "wagtailusers_users": {"pk": w.users[LEARNER].pk},
        "wagtailusers_groups": {"pk": w.group.pk},
        "wagtailredirects": {"redirect_id": w.redirect.pk},
        "wagtaildocs_chooser": {"pk": w.document.pk},
        "wagtailimages_chooser": {"pk": w.image.pk, "image_id": w.image.pk},
        "wagtailsettings": {"app_name": "portal", "model_name": "contactsettings", "pk": w.site.pk},
        "wagtailadmin_editing_sessions": {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": w.lesson.pk,
            "session_id": NO_SUCH_ID,
        },
        "wagtail_localize": {
            "app_label": "portal",
            "model_name": "strategy",
            "pk": w.strategy.pk,
            "translation_source_id": w.translation_source.pk,
            "translation_id": w.translation.pk,
            "string_segment_id": w.string_segment.pk,
            "overridable_segment_id": NO_SUCH_ID,
            "mode": "default",
        },
        "wagtailadmin_workflows": {
            "pk": w.task.pk if "task" in name else w.workflow.pk,
            "page_pk": w.lessons.pk,
            "workflow_pk": w.workflow.pk,
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        "wagtailadmin_tag_model_autocomplete": {"app_name": "taggit", "model_name": "tag"},
        "api": {"enrolment_id": w.enrolment.pk},
        "training": {
            "course_id": w.course.pk,
            "lesson_id": w.course_lesson.pk,
            "quiz_id": w.quiz.pk,
            "code": w.certificate.code,
        },
        "knowledge_base": {"pk": w.guidebook.pk},
        "accounts": {
            "uidb64": urlsafe_base64_encode(force_bytes(w.users[LEARNER].pk)),
            "token": default_token_generator.make_token(w.users[LEARNER]),
        },
        "wagtailadmin_password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(w.users[LEARNER].pk)),
            "token": default_token_generator.make_token(w.users[LEARNER]),
        },
    }
    found = by_namespace.get(namespace, {})
    if param in found:
        return found[param]
    if param in ("document_id", "doc_id"):
        return w.document.pk
    if param in ("image_id",):
        return w.image.pk
    if param == "filter_spec":
        return "max-100x100"
    if param in (
        "uploaded_file_id",
        "restriction_id",
        "page_view_restriction_id",
        "session_id",
    ):
        return NO_SUCH_ID
    if name == "wagtaildocs_serve":
        return [w.document.pk, w.document.filename][param]
    if name == "wagtail_serve":
        return subject.url_path.removeprefix(w.home.url_path)
    if param == "pk":
        return NO_SUCH_ID  # screens of work in progress elsewhere; see the rule
    raise LookupError(f"no value for parameter {param!r} of {name} ({p.route})")


UNNAMED = {"favicon.ico": "/favicon.ico", "admin/test404/": "/admin/test404/"}


def cases(p, w):
    """[(label, url)]: the URLs pattern ``p`` is requested at."""
    if p.name is None:
        if p.route == "admin/^.*/$":
            return [(None, "/admin/no-such-screen/")]
        return [(None, UNNAMED[p.route])]
    found = []
    with translation.override("km"):
        for label, subject in subjects(p, w):
            values = [value(param, p, w, subject) for param in p.params]
            if p.params and isinstance(p.params[0], int):
                url = reverse(p.name, args=values)
            else:
                url = reverse(p.name, kwargs=dict(zip(p.params, values, strict=True)))
            if p.name == "wagtail_bulk_action":
                url += f"?id={subject.pk}"
            found.append((label, url))
    return found


def answer(w, who, url):
    """What ``who`` gets at ``url``: requested in a savepoint rolled back afterwards, so that no
    request changes what the next one sees (a GET that logs out, an editing session opened)."""
    client = w.clients[who]
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            try:
                response = client.get(url)
            except Exception as error:  # noqa: BLE001 - reported as the answer
                return f"error: {type(error).__name__}"
            finally:
                transaction.set_rollback(True)
        return outcome(response, url.split("?")[0])
    finally:
        client.cookies = cookies


# ---------------------------------------------------------------------------------------------
# The rules


def everyone(answer=OK):
    return dict.fromkeys(PEOPLE, answer)


def signed_in(answer=OK):
    """A page of the site for signed-in people: the others are sent to log in."""
    return {**everyone(answer), ANON: LOGIN}


def admin(*allowed, others=DENIED, exceptions=None):
    """A screen of the Wagtail admin. The unsigned, and learners (who have no admin access), are
    sent to its log-in page; ``allowed`` get in; the other admin users get ``others``."""
    answers = {ANON: LOGIN, LEARNER: LOGIN}
    answers.update({who: OK if who in allowed else others for who in ADMIN_USERS})
    answers.update(exceptions or {})
    return answers


@dataclass(frozen=True)
class Rule:
    """What each person gets from the URLs of one pattern, named by its URL name or its route,
    or from every pattern whose name starts with ``match`` when that ends with ":" or "_".
    ``expect`` is {person: outcome}, or {case label: {person: outcome}} for patterns requested
    for several objects (see ``subjects``)."""

    match: str
    expect: dict

    @property
    def is_prefix(self):
        return self.match[-1] in ":_"

    def expected(self, label, who):
        answers = self.expect[label] if label is not None else self.expect
        return answers[who]


ADMIN_ENTRY = admin(*ADMIN_USERS)  # every admin user: home, account, choosers, autocompletes
SUPERUSERS_ONLY = admin()  # no group holds these rights: settings, users, vocabulary
POST_ONLY = admin(others=NOT_ALLOWED)
CONTENT_PEOPLE = admin(CONTRIBUTOR, REVIEWER, EDITOR)  # hold page rights somewhere
UPLOADERS = admin(CONTRIBUTOR, EDITOR)  # add images and documents
STAFF_ONLY = admin(*STAFF)
EDITORS_ONLY = admin(EDITOR)

# A knowledge-base page, by whose draft it is (see ``subjects``). A draft never submitted is
# its author's and the Editors' alone; one in review, also the Reviewers'. Reviewers hold
# "publish", which opens a live page's revisions to them.
PAGE_SCREEN = {
    "private draft": EDITORS_ONLY,
    "draft in review": EDITORS_ONLY,
    "own draft": admin(CONTRIBUTOR, EDITOR),
    "live lesson": EDITORS_ONLY,
}
PAGE_REVIEW_SCREEN = {  # edit, revisions, view draft: where Wagtail lets a Reviewer review
    **PAGE_SCREEN,
    "draft in review": admin(REVIEWER, EDITOR),
}
PAGE_PUBLISHER_SCREEN = {  # what "publish" opens: a live page's revisions too
    **PAGE_REVIEW_SCREEN,
    "live lesson": admin(REVIEWER, EDITOR),
}
PUBLISH_ONLY_SCREEN = {  # privacy, unscheduling: "publish" rights, not the author's
    **PAGE_PUBLISHER_SCREEN,
    "own draft": EDITORS_ONLY,
}
SESSION_SCREEN = {
    "Kampong Speu session": admin(KSP, NATIONAL),
    "Siem Reap session": admin(SR, NATIONAL),
}
PLAN_SCREEN = {
    "Kampong Speu plan": admin(KSP, NATIONAL),
    "Siem Reap plan": admin(SR, NATIONAL),
}

RULES = [
    # The public site.
    Rule(
        "wagtail_serve",
        {
            "home": everyone(),
            "live lesson": everyone(),
            "private draft": everyone(MISSING),
        },
    ),
    Rule("favicon.ico", everyone(REDIRECT)),
    Rule("wagtailcore_login", everyone()),
    Rule(
        "wagtailcore_authenticate_with_password",
        {
            label: everyone(MISSING)
            for label in ("private draft", "draft in review", "own draft", "live lesson")
        },
    ),
    Rule("wagtaildocs_authenticate_with_password", everyone(MISSING)),
    # Documents are served to those who may edit them (knowledge_base's upload rules).
    Rule("wagtaildocs_serve", {**everyone(MISSING), ANON: LOGIN, EDITOR: OK}),
    Rule("search:", everyone()),
    Rule("api:search_search", everyone()),
    Rule("search-api-localized", everyone()),
    Rule("knowledge_base:guidebook_pdf", everyone()),
    Rule("knowledge_base:share", {**signed_in(DENIED), CONTRIBUTOR: OK, EDITOR: OK}),
    Rule("training:dashboard", signed_in()),
    Rule("training:verify", everyone()),
    Rule("training:verify_code", everyone()),
    Rule("training:certificate_pdf", {**signed_in(MISSING), LEARNER: OK}),  # its owner's
    Rule("training:enrol", signed_in(NOT_ALLOWED)),
    Rule("training:complete_lesson", signed_in(NOT_ALLOWED)),
    Rule("training:quiz", signed_in(NOT_ALLOWED)),
    # Accounts.
    Rule("accounts:signup", {**everyone(REDIRECT), ANON: OK}),
    Rule("accounts:login", everyone()),
    Rule("accounts:logout", everyone(NOT_ALLOWED)),
    Rule("accounts:password_reset", everyone()),
    Rule("accounts:password_reset_done", everyone()),
    Rule("accounts:password_reset_confirm", everyone(REDIRECT)),
    Rule("accounts:password_reset_complete", everyone()),
    Rule("accounts:profile", signed_in()),
    Rule("accounts:revoke_api_token", signed_in(NOT_ALLOWED)),
    Rule("accounts_invitation", SUPERUSERS_ONLY),
    Rule("accounts_lockouts", admin(NATIONAL)),
    # The API: its document, and the training router's learner's own records (401 without a
    # token or a session).
    Rule("api:openapi-json", everyone()),
    Rule("api-training-openapi", everyone()),
    Rule("api:api-root", everyone(MISSING)),
    Rule("api:training_me", signed_in()),
    Rule("api:training_enrolments", signed_in()),
    Rule("api:training_certificates", signed_in()),
    Rule("api:training_progress", {**signed_in(DENIED), LEARNER: OK}),  # the learner's enrolment
    Rule("api:training_post_event", everyone(NOT_ALLOWED)),
    Rule("api:training_post_events", everyone(NOT_ALLOWED)),
    # The training admin: staff, each within their province.
    Rule("training_report", STAFF_ONLY),
    Rule("training_cohort", STAFF_ONLY),
    Rule("training_attendance", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:", STAFF_ONLY),
    Rule("wagtailsnippets_training_trainingsession:edit", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:copy", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:history", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:history_results", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:usage", SESSION_SCREEN),
    # No one but a superuser deletes a session.
    Rule(
        "wagtailsnippets_training_trainingsession:delete",
        {label: SUPERUSERS_ONLY for label in SESSION_SCREEN},
    ),
    # Capacity-development plans: staff, each their province's (the national plan, national
    # staff's); learning paths: national staff.
    Rule("training_plan_progress", STAFF_ONLY),
    Rule("training_refreshers", STAFF_ONLY),
    Rule("training_plans_import", STAFF_ONLY),
    Rule("training_plans_export", STAFF_ONLY),
    Rule("wagtailsnippets_training_trainingplan:", STAFF_ONLY),
    Rule("wagtailsnippets_training_trainingplan:edit", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:copy", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:delete", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:history", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:history_results", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:usage", PLAN_SCREEN),
    Rule(
        "wagtailsnippetchoosers_training_trainingplan:chosen",
        {
            "Kampong Speu plan": admin(KSP, NATIONAL, others=MISSING),
            "Siem Reap plan": admin(SR, NATIONAL, others=MISSING),
        },
    ),
    Rule("wagtailsnippetchoosers_training_trainingplan:create", STAFF_ONLY),
    Rule("wagtailsnippets_training_learningpath:", admin(NATIONAL)),
    Rule("wagtailsnippetchoosers_training_learningpath:create", admin(NATIONAL)),
    # Choosers open to every admin user; the session chooser lists the sessions in one's scope.
    Rule("wagtailsnippetchoosers_", ADMIN_ENTRY),
    Rule(
        "wagtailsnippetchoosers_training_trainingsession:chosen",
        {
            "Kampong Speu session": admin(KSP, NATIONAL, others=MISSING),
            "Siem Reap session": admin(SR, NATIONAL, others=MISSING),
        },
    ),
    Rule("wagtailsnippetchoosers_training_trainingsession:create", STAFF_ONLY),
    Rule("wagtailsnippetchoosers_portal_actortype:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_administrativearea:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_organisation:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_strategy:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_training_quiz:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippets:index", STAFF_ONLY),
    Rule("wagtailsnippets_portal_", SUPERUSERS_ONLY),  # the shared vocabulary
    Rule("wagtailsnippets_training_quiz:", SUPERUSERS_ONLY),
    # Pages: knowledge-base drafts by whose they are.
    Rule("wagtailadmin_pages:edit", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:view_draft", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:preview_on_edit", PAGE_SCREEN),
    Rule("wagtailadmin_pages:revisions_view", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:revisions_compare", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:revisions_revert", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:revisions_unschedule", PUBLISH_ONLY_SCREEN),
    Rule("wagtailadmin_pages:set_privacy", PUBLISH_ONLY_SCREEN),
    Rule("wagtailadmin_pages:copy", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:history", PAGE_SCREEN),
    Rule("wagtailadmin_pages:history_results", PAGE_SCREEN),
    Rule("wagtailadmin_pages:usage", PAGE_SCREEN),
    Rule("wagtailadmin_pages:delete", {**PAGE_SCREEN, "own draft": admin(CONTRIBUTOR, EDITOR)}),
    Rule("wagtailadmin_pages:move", PAGE_SCREEN),
    Rule("wagtailadmin_pages:move_confirm", PAGE_SCREEN),
    Rule(
        "wagtailadmin_pages:unpublish",
        {
            **{label: SUPERUSERS_ONLY for label in PAGE_SCREEN},  # nothing to unpublish in a draft
            "live lesson": admin(REVIEWER, EDITOR),
        },
    ),
    Rule(
        "wagtailadmin_pages:revisions_index",
        {
            label: admin(others=REDIRECT)
            for label in PAGE_SCREEN  # to the history
        },
    ),
    Rule(
        "wagtailadmin_pages:convert_alias", {label: admin(others=MISSING) for label in PAGE_SCREEN}
    ),
    Rule("wagtailadmin_pages:lock", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule("wagtailadmin_pages:unlock", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule("wagtailadmin_pages:set_page_position", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule(
        "wagtailadmin_pages:workflow_history",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": EDITORS_ONLY,
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_history_detail",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(exceptions={EDITOR: MISSING}),  # not that page's workflow
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_preview",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(),
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_action",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(others=REDIRECT),  # not in a workflow: back to its edit page
        },
    ),
    Rule(
        "wagtailadmin_pages:collect_workflow_action_data",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(others=REDIRECT),
        },
    ),
    # Asks whether to cancel the page's workflow: names neither page nor workflow.
    Rule(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        {label: ADMIN_ENTRY for label in PAGE_SCREEN},
    ),
    Rule("wagtailadmin_pages:add", UPLOADERS),  # a lesson under the lesson index
    Rule("wagtailadmin_pages:preview_on_add", UPLOADERS),
    Rule(
        "wagtailadmin_pages:add_subpage",
        {
            "lesson index": admin(
                others=DENIED, exceptions={CONTRIBUTOR: REDIRECT, EDITOR: REDIRECT}
            ),
            "private draft": admin(),
        },
    ),
    Rule(
        "wagtailadmin_pages:choose_parent",
        admin(REVIEWER, KSP, SR, NATIONAL, exceptions={CONTRIBUTOR: REDIRECT, EDITOR: REDIRECT}),
    ),
    Rule("wagtailadmin_pages:search", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:search_results", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:type_use", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:type_use_results", CONTENT_PEOPLE),
    # The explorer's root: the pages above both knowledge-base indexes (Khmer and English).
    Rule("wagtailadmin_explore_root", CONTENT_PEOPLE),
    # The explorer lists the drafts one may see (tests/knowledge_base/test_draft_visibility.py);
    # opened at a draft's own id, it still shows that draft's title in its header.
    Rule("wagtailadmin_explore", {"lesson index": CONTENT_PEOPLE, "private draft": CONTENT_PEOPLE}),
    Rule(
        "wagtailadmin_explore_results",
        {
            "lesson index": CONTENT_PEOPLE,
            "private draft": CONTENT_PEOPLE,
        },
    ),
    Rule("wagtailadmin_choose_page", ADMIN_ENTRY),
    Rule("wagtailadmin_choose_page_", ADMIN_ENTRY),
    Rule(
        "wagtailadmin_choose_page_child",
        {
            "lesson index": ADMIN_ENTRY,
            "private draft": ADMIN_ENTRY,
        },
    ),
    Rule(
        "wagtailadmin_api:pages:detail",
        {
            "private draft": admin(EDITOR, others=MISSING),
            "draft in review": admin(REVIEWER, EDITOR, others=MISSING),
            "own draft": admin(CONTRIBUTOR, EDITOR, others=MISSING),
            "live lesson": admin(CONTRIBUTOR, REVIEWER, EDITOR, others=MISSING),
        },
    ),
    Rule("wagtailadmin_api:pages:listing", ADMIN_ENTRY),
    Rule("wagtailadmin_api:pages:action", POST_ONLY),
    Rule("wagtailadmin_api:", ADMIN_ENTRY),
    Rule("wagtailadmin_api:documents:find", admin(others=MISSING)),
    Rule("wagtailadmin_api:images:find", admin(others=MISSING)),
    Rule("wagtailadmin_api:pages:find", admin(others=MISSING)),
    # Bulk actions list what they were asked for, those one has no right on included.
    Rule(
        "wagtail_bulk_action",
        {
            "publish a private draft": ADMIN_ENTRY,
            "delete a session": ADMIN_ENTRY,
        },
    ),
    # Reports.
    Rule("wagtailadmin_reports:site_history", ADMIN_ENTRY),
    Rule("wagtailadmin_reports:site_history_results", ADMIN_ENTRY),
    Rule("wagtailadmin_reports:locked_pages", EDITORS_ONLY),
    Rule("wagtailadmin_reports:locked_pages_results", EDITORS_ONLY),
    Rule("wagtailadmin_reports:", CONTENT_PEOPLE),
    # Images and documents: contributors and editors add them, editors change them.
    Rule("wagtailimages:", UPLOADERS),
    Rule("wagtaildocs:", UPLOADERS),
    Rule("wagtailimages:edit", EDITORS_ONLY),
    Rule("wagtailimages:delete", EDITORS_ONLY),
    Rule("wagtailimages:preview", EDITORS_ONLY),
    Rule("wagtailimages:image_usage", EDITORS_ONLY),
    Rule("wagtailimages:url_generator", admin(exceptions={CONTRIBUTOR: MISSING, EDITOR: MISSING})),
    Rule(
        "wagtailimages:url_generator_output",
        admin(exceptions={CONTRIBUTOR: MISSING, EDITOR: MISSING}),
    ),
    Rule("wagtaildocs:edit", EDITORS_ONLY),
    Rule("wagtaildocs:delete", EDITORS_ONLY),
    Rule("wagtaildocs:document_usage", EDITORS_ONLY),
    Rule("wagtailimages:edit_multiple", POST_ONLY),
    Rule("wagtailimages:delete_multiple", POST_ONLY),
    Rule("wagtailimages:create_multiple_from_uploaded_image", POST_ONLY),
    Rule("wagtailimages:delete_upload_multiple", POST_ONLY),
    Rule("wagtaildocs:edit_multiple", POST_ONLY),
    Rule("wagtaildocs:delete_multiple", POST_ONLY),
    Rule("wagtaildocs:create_multiple_from_uploaded_document", POST_ONLY),
    Rule("wagtaildocs:delete_upload_multiple", POST_ONLY),
    Rule("wagtailimages_chooser:", ADMIN_ENTRY),
    Rule("wagtaildocs_chooser:", ADMIN_ENTRY),
    Rule("wagtailimages_chooser:create", UPLOADERS),
    Rule("wagtaildocs_chooser:create", UPLOADERS),
    Rule("wagtailimages_chooser:chosen", CONTENT_PEOPLE),
    Rule("wagtailimages_chooser:select_format", CONTENT_PEOPLE),
    Rule("wagtaildocs_chooser:chosen", CONTENT_PEOPLE),
    # Forms (no form pages here).
    Rule("wagtailforms:index", CONTENT_PEOPLE),
    Rule("wagtailforms:index_results", CONTENT_PEOPLE),
    Rule("wagtailforms:list_submissions", {label: admin(others=MISSING) for label in PAGE_SCREEN}),
    Rule(
        "wagtailforms:list_submissions_results",
        {label: admin(others=MISSING) for label in PAGE_SCREEN},
    ),
    Rule("wagtailforms:delete_submissions", {label: SUPERUSERS_ONLY for label in PAGE_SCREEN}),
    # Translation (wagtail-localize).
    Rule("wagtail_localize:", SUPERUSERS_ONLY),
    Rule("wagtail_localize:javascript_catalog", ADMIN_ENTRY),
    Rule("wagtail_localize:snippets_api_listing", ADMIN_ENTRY),
    Rule("wagtail_localize:snippets_api_detail", ADMIN_ENTRY),
    Rule("wagtail_localize:translations_report", ADMIN_ENTRY),
    Rule("wagtail_localize:translations_report_results", ADMIN_ENTRY),
    Rule(
        "wagtail_localize:submit_page_translation",
        {label: SUPERUSERS_ONLY for label in PAGE_SCREEN},
    ),
    Rule(  # a 404 to those who may edit the page: it is no alias
        "wagtail_localize:convert_to_alias",
        {
            label: {who: MISSING if answer == OK else answer for who, answer in answers.items()}
            for label, answers in PAGE_REVIEW_SCREEN.items()
        },
    ),
    Rule("wagtail_localize:stop_translation", POST_ONLY),
    Rule("wagtail_localize:machine_translate", POST_ONLY),
    Rule("wagtail_localize:edit_override", POST_ONLY),
    Rule("wagtail_localize:upload_pofile", POST_ONLY),
    Rule("wagtail_localize:edit_string_translation", POST_ONLY),
    Rule("wagtail_localize:download_pofile", EDITORS_ONLY),  # they may change the lesson
    Rule(  # a preview mode the page does not have
        "admin/localize/translate/<int:translation_id>/preview/<str:mode>/",
        admin(others=DENIED, exceptions={EDITOR: MISSING}),
    ),
    Rule("wagtail_localize:preview_translation", EDITORS_ONLY),
    # Settings and people: superusers only.
    Rule("admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/", admin(others=MISSING)),
    Rule("wagtailsettings:edit", admin(others=REDIRECT)),  # to the default site's settings
    Rule("wagtailsettings:preview_on_edit", admin(others=MISSING)),
    Rule("wagtailusers_", SUPERUSERS_ONLY),
    Rule("wagtailusers_api_tokens:delete", admin(others=MISSING)),
    Rule("wagtailusers_api_tokens:history", admin(others=MISSING)),
    Rule("wagtailusers_api_tokens:history_results", admin(others=MISSING)),
    Rule("wagtailusers_api_tokens:usage", admin(others=MISSING)),
    Rule("wagtailadmin_collections:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_collections:delete", admin(others=MISSING)),  # the root: never deleted
    Rule("wagtaillocales:", SUPERUSERS_ONLY),
    Rule("wagtailsites:", SUPERUSERS_ONLY),
    Rule("wagtailredirects:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_workflows:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_workflows:enable", POST_ONLY),
    Rule("wagtailadmin_workflows:enable_task", POST_ONLY),
    Rule("wagtailadmin_workflows:remove", POST_ONLY),
    Rule("wagtailadmin_workflows:task_chooser", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chooser_results", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chooser_create", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chosen", ADMIN_ENTRY),
    # The admin's frame.
    Rule("wagtailadmin_home", ADMIN_ENTRY),
    Rule("wagtailadmin_account", ADMIN_ENTRY),
    Rule("wagtailadmin_dismissibles", ADMIN_ENTRY),
    Rule("wagtailadmin_tag_autocomplete", ADMIN_ENTRY),
    Rule("wagtailadmin_tag_model_autocomplete", ADMIN_ENTRY),
    Rule("wagtailembeds:", ADMIN_ENTRY),
    Rule("wagtailadmin_block_preview", admin(others=MISSING)),
    Rule("wagtailadmin_editing_sessions:", POST_ONLY),
    Rule("wagtailadmin_logout", POST_ONLY),
    Rule("wagtailadmin_login", {**everyone(REDIRECT), ANON: OK, LEARNER: OK}),
    Rule("wagtailadmin_password_reset", everyone()),
    Rule("wagtailadmin_password_reset_done", everyone()),
    Rule("wagtailadmin_password_reset_confirm", everyone(REDIRECT)),
    Rule("wagtailadmin_password_reset_complete", everyone()),
    Rule("wagtailadmin_javascript_catalog", everyone()),
    Rule("wagtailadmin_sprite", everyone()),
    Rule("wagtailadmin_error_test", admin(others=f"error: {Exception.__name__}")),  # on purpose
    Rule("admin/test404/", ADMIN_ENTRY),  # Wagtail's 404 page, shown as a page
    Rule("admin/^.*/$", admin(others=MISSING)),
]


def rule_for(p):
    """The rule for the pattern's route, else for its name, else the longest prefix of its
    name."""
    for key in (p.route, p.name):
        for rule in RULES:
            if not rule.is_prefix and rule.match == key:
                return rule
    prefixes = [r for r in RULES if r.is_prefix and p.name and p.name.startswith(r.match)]
    return max(prefixes, key=lambda rule: len(rule.match), default=None)


def test_every_url_pattern_has_a_rule():
    missing = [f"{p} ({p.route})" for p in PATTERNS if rule_for(p) is None]
    assert not missing, "URL patterns with no access rule:\n" + "\n".join(missing)


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_who_gets_what(world, pattern):
    import os

    rule = rule_for(pattern)
    dump = os.environ.get("MATRIX_DUMP")
    wrong = []
    for label, url in cases(pattern, world):
        got = {who: answer(world, who, url) for who in PEOPLE}
        if dump:
            with open(dump, "a") as out:
                out.write(f"{pattern}\t{label}\t{url}\t" + "\t".join(got.values()) + "\n")
        if rule is None:
            continue
        for who, outcome_got in got.items():
            expected = rule.expected(label, who)
            if outcome_got != expected:
                wrong.append(f"{url} [{label}] as {who}: expected {expected}, got {outcome_got}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# The two findings that took a POST


@contextmanager
def acting_as(w, who):
    """The client of ``who``, its requests in a savepoint rolled back afterwards."""
    client = w.clients[who]
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            try:
                yield client
            finally:
                transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def profile_form(area):
    return {
        "first_name": "Someone",
        "last_name": "Test",
        "area": area.pk,
        "gender": "undisclosed",
        "position": "",
        "preferred_language": "en",
    }


def test_provincial_staff_cannot_move_themselves_to_another_province(world):
    """Issue 13: provincial staff of Kampong Speu posted Siem Reap as their area, then saw Siem
    Reap's completion report and enrolled a Siem Reap learner."""
    w, siem_reap = world, AdministrativeArea.objects.get(code="17")
    me = w.users[KSP]
    assert Enrolment.objects.filter(user=w.far_learner).exists()  # attended the Siem Reap session
    with acting_as(w, KSP) as client:
        response = client.post("/en/accounts/profile/", profile_form(siem_reap))
        assert response.status_code == 302  # the rest of the profile is saved
        me.profile.refresh_from_db()
        assert me.profile.area.code == "05"
        report = client.get("/admin/training/report/?format=csv").content.decode()
        # By district of the province: the learner of Basedth, not the one of Angkor Chum.
        assert "Basedth" in report or "បរសេដ្ឋ" in report
        assert "Angkor Chum" not in report and "អង្គរជុំ" not in report
        cohort = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"
        response = client.post(
            "/admin/training/cohort/",
            {
                "course": w.course.pk,
                "file": SimpleUploadedFile("c.csv", f"{cohort}m-far-learner,,,,,,,\n".encode()),
            },
        )
        assert response.status_code == 400
        assert not Enrolment.objects.filter(user=w.far_learner, assigned_by=me).exists()


def test_the_profile_page_shows_a_staff_members_area_without_offering_it(world):
    with acting_as(world, NATIONAL) as client:
        field = client.get("/en/accounts/profile/").context["form"]["area"]
        assert field.field.disabled and "national staff change it" in str(field.help_text)


def test_a_learner_sets_their_own_area(world):
    w, siem_reap = world, AdministrativeArea.objects.get(code="17")
    with acting_as(w, LEARNER) as client:
        assert client.post("/en/accounts/profile/", profile_form(siem_reap)).status_code == 302
        w.users[LEARNER].profile.refresh_from_db()
        assert w.users[LEARNER].profile.area == siem_reap


def test_provincial_staff_cannot_edit_another_provinces_session(world):
    """Issue 13: provincial staff of Kampong Speu opened a Siem Reap session's edit page, moved
    it to their province, and its participants were wiped."""
    w = world
    session = w.sr_session
    with acting_as(w, KSP) as client:
        response = client.post(
            f"/admin/snippets/training/trainingsession/edit/{session.pk}/",
            {
                "course": w.course.pk,
                "date": "2026-10-02",
                "area": AdministrativeArea.objects.get(code="05").pk,
                "venue": "",
                "trainer": "T",
                "participants": [],
            },
        )
        assert outcome(response, response.request["PATH_INFO"]) == DENIED
        session.refresh_from_db()
        assert session.area.code == "17"
        assert list(session.participants.all()) == [w.far_learner]

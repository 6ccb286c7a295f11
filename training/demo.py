"""Two bilingual courses, learners across provinces and actor types, and their progress.

The words are data in ``demo_data/``: ``courses.json`` (courses, lessons and questions, each
Khmer string beside its English twin), one cohort CSV per course (the file staff upload, read by
the same importer, ``training.cohort``), ``progress.csv`` (how far each learner got),
``overrides.csv`` (a course staff marked complete for a learner, with the reason) and
``sessions.json`` (face-to-face sessions in the calendar, in Kampong Speu and Siem Reap, dated
from the day the demo is loaded, with learners registered and waiting).

Idempotent: pages are found by slug, quizzes by their course's Khmer title, learners by
username (the cohort importer enrols them once); progress is recorded through the same
functions learners use, which do nothing the second time.
"""

import csv
import json
import uuid
from datetime import time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import escape

from portal import roles
from portal.factories import UserFactory, english, khmer
from portal.models import ActorType, AdministrativeArea, HomePage, Strategy

from .cohort import enrol_cohort
from .factories import (
    CourseIndexPageFactory,
    CourseLessonPageFactory,
    CourseModulePageFactory,
    CoursePageFactory,
    TrainingSessionFactory,
)
from .learning import cancel_session, complete_lesson, mark_complete, register, submit_quiz
from .models import CompletionOverride, CoursePage, Quiz, QuizAttempt, TrainingSession
from .planning import demo as planning_demo

DATA = Path(__file__).parent / "demo_data"
PASSWORD = "demo-password-2026"  # every demo account's (README.md)


def read_courses():
    return json.loads((DATA / "courses.json").read_text(encoding="utf-8"))


def _ids(raw):
    """The id of a stored block or list item, or a fresh one."""
    return raw.get("id") if isinstance(raw, dict) and raw.get("id") else str(uuid.uuid4())


def quiz_ids(stored, questions):
    """[(question id, [answer ids])] for the questions: the ids already stored, position by
    position, so attempts keep pointing at their questions when the demo runs again, and fresh
    ids for a question or answer the stored quiz does not have yet."""
    result = []
    for n, question in enumerate(questions):
        old = stored[n] if n < len(stored) else {}
        old_choices = old.get("value", {}).get("choices", []) if old else []
        choice_ids = [
            _ids(old_choices[i] if i < len(old_choices) else None)
            for i in range(len(question["km"]["choices"]))
        ]
        result.append((_ids(old or None), choice_ids))
    return result


def quiz_for(spec, questions):
    """The course's quiz in Khmer and English, titled with the course's title (the template
    says "Quiz:" before it). Questions are written in place with the same question and answer
    ids in both languages: scoring must not depend on the language."""
    km_locale, en_locale = khmer(), english()
    title_km, title_en = spec["km"]["title"], spec["en"]["title"]
    legacy_km = f"សំណួរ៖ {spec['slug']}"  # what earlier demos named it: renamed in place
    km = Quiz.objects.filter(title__in=[title_km, legacy_km], locale=km_locale).first()
    if km is None:
        km = Quiz(title=title_km, locale=km_locale)
    ids = quiz_ids(list(km.questions.raw_data) if km.pk else [], questions)
    en = None
    if km.pk:
        en = Quiz.objects.filter(translation_key=km.translation_key, locale=en_locale).first()
    en = en or Quiz(translation_key=km.translation_key, locale=en_locale)
    for quiz, lang, title in ((km, "km", title_km), (en, "en", title_en)):
        quiz.title = title
        quiz.questions = [
            {
                "type": "question",
                "id": question_id,
                "value": {
                    "kind": question["kind"],
                    "text": question[lang]["text"],
                    "choices": [
                        {
                            "type": "item",
                            "id": choice_id,
                            "value": {"text": text, "correct": i in question["right"]},
                        }
                        for i, (choice_id, text) in enumerate(
                            zip(choice_ids, question[lang]["choices"], strict=True)
                        )
                    ],
                    "feedback": question[lang]["feedback"],
                },
            }
            for question, (question_id, choice_ids) in zip(questions, ids, strict=True)
        ]
        quiz.pass_mark, quiz.max_attempts = 100, 3
        quiz.save()
    return {lang: Quiz.objects.get(pk=quiz.pk) for lang, quiz in (("km", km), ("en", en))}


def objectives_html(objectives):
    return "<ul>" + "".join(f"<li>{escape(o)}</li>" for o in objectives) + "</ul>"


def lesson_body(blocks):
    """StreamField data from the file's [block type, value] pairs; "tip" is a tip callout."""
    return [
        {"type": "callout", "value": {"kind": "tip", "text": value}}
        if kind == "tip"
        else {"type": kind, "value": value}
        for kind, value in blocks
    ]


def course_fields(spec, data, lang):
    return {
        "title": spec[lang]["title"],
        "summary": spec[lang]["summary"],
        "completion_rule": spec["completion_rule"],
        "estimated_minutes": spec["minutes"],
        "issuer": data["issuer"][lang],
        "learning_objectives": objectives_html(spec[lang]["objectives"]),
    }


def build_course(index, spec, data):
    """The course, its modules and lessons in both languages; its quiz after the last lesson.
    Returns (course, lessons, Khmer quiz)."""
    km_locale = khmer()
    course = CoursePageFactory(
        parent=index,
        slug=spec["slug"],
        **course_fields(spec, data, "km"),
        en=course_fields(spec, data, "en"),
    )
    course.strategies.set(Strategy.objects.filter(number__in=spec["strategies"], locale=km_locale))
    course.actor_types.set(ActorType.objects.filter(code__in=spec["actor_types"], locale=km_locale))
    course.prerequisites.set(
        CoursePage.objects.child_of(index).filter(slug__in=spec["prerequisites"])
    )
    course.save_revision().publish()
    quizzes = quiz_for(spec, [data["questions"][name] for name in spec["questions"]])
    slugs = [(m, slug) for m in spec["modules"] for slug in m["lessons"]]
    lessons, modules = [], {}
    for n, (module_spec, slug) in enumerate(slugs):
        if module_spec["slug"] not in modules:
            modules[module_spec["slug"]] = CourseModulePageFactory(
                parent=course,
                slug=module_spec["slug"],
                title=module_spec["km"],
                en={"title": module_spec["en"]},
            )
        lesson_spec = data["lessons"][slug]
        body = {lang: lesson_body(lesson_spec[lang]["body"]) for lang in ("km", "en")}
        if n == len(slugs) - 1:
            for lang in ("km", "en"):
                body[lang].append({"type": "quiz", "value": {"quiz": quizzes[lang].pk}})
        minutes = lesson_spec["minutes"]
        lessons.append(
            CourseLessonPageFactory(
                parent=modules[module_spec["slug"]],
                slug=slug,
                title=lesson_spec["km"]["title"],
                body=body["km"],
                estimated_minutes=minutes,
                en={"title": lesson_spec["en"]["title"], "body": body["en"]},
            )
        )
    return course, lessons, quizzes["km"]


def right_answers(quiz):
    """The form a learner who gets every question right posts: every right answer, several
    for a multiple-choice question."""
    return {
        f"q_{q['id']}": [c["id"] for c in q["choices"] if c["correct"]]
        for q in quiz.question_list()
    }


def enrol_cohorts(courses):
    """Each course's cohort file, through the importer staff use (assigned enrolments, which
    enrol() lets past prerequisites). The accounts are made first, with the demo password, so
    that the importer sends no invitations to the demo's made-up addresses."""
    for slug, (course, _lessons, _quiz) in courses.items():
        path = DATA / f"cohort-{slug}.csv"
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                UserFactory(
                    username=row["username"],
                    email=row["email"],
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    groups=[roles.LEARNER],
                    actor_code=row["actor_type"],
                    area_code=row["area_code"],
                    gender=row["gender"],
                    position=row["position"],
                    password=PASSWORD,
                )
        enrol_cohort(path.read_bytes(), course, assigned_by=None)


def record_progress(courses):
    """progress.csv, in order: whoever completes the second course completed the first before."""
    users = get_user_model().objects
    with open(DATA / "progress.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            course, lessons, quiz = courses[row["course"]]
            user = users.get(username=row["username"])
            read = len(lessons) if row["lessons_read"] == "all" else int(row["lessons_read"])
            for lesson in lessons[:read]:
                complete_lesson(user, lesson)
            already = QuizAttempt.objects.filter(enrolment__user=user, quiz=quiz, passed=True)
            if row["quiz_passed"] == "yes" and read >= len(lessons) and not already.exists():
                submit_quiz(user, lessons[-1], quiz, right_answers(quiz))


def mark_by_staff(courses):
    """overrides.csv: courses marked complete by staff, through the staff's own service; a
    learner and course marked before (standing or undone) is left as it is."""
    users = get_user_model().objects
    with open(DATA / "overrides.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            course = courses[row["course"]][0]
            learner = users.get(username=row["username"])
            if CompletionOverride.objects.filter(learner=learner, course=course).exists():
                continue
            staff = users.get(username=row["staff"])
            mark_complete(learner, course, by=staff, reason=row["reason"])


def _time(text):
    return time.fromisoformat(text) if text else None


def schedule_sessions(courses):
    """sessions.json: calendar sessions dated from today, found again by course, place and venue
    (a second load moves them to the new dates and registers nobody twice)."""
    users = get_user_model().objects
    today = timezone.localdate()
    sessions = []
    specs = json.loads((DATA / "sessions.json").read_text(encoding="utf-8"))
    for spec in specs:
        course = courses[spec["course"]][0]
        area = AdministrativeArea.objects.filter(code=spec["area"]).first()
        if area is None:  # districts come with import_areas; without them, the province
            area = AdministrativeArea.objects.get(code=spec["area"][:2])
        fields = {
            "date": today + timedelta(days=spec["days_ahead"]),
            "start_time": _time(spec["start"]),
            "end_time": _time(spec["end"]),
            "trainer": spec["trainer"],
            "places": spec["places"],
        }
        session = TrainingSession.objects.filter(
            course=course, area=area, venue=spec["venue"], published=True
        ).first()
        if session is None:
            session = TrainingSessionFactory(
                course=course, area=area, venue=spec["venue"], **fields
            )
        else:
            TrainingSession.objects.filter(pk=session.pk).update(**fields)
            session.refresh_from_db()
        for username in spec["places_for"] + spec["waiting"]:
            user = users.get(username=username)
            if not session.registrations.filter(user=user).exists() and not session.cancelled:
                register(user, session, waiting_list=username in spec["waiting"])
        if spec.get("cancelled"):
            cancel_session(session, by=None)
        sessions.append(session)
    return sessions


def load(command):
    data = read_courses()
    home = HomePage.objects.get(locale=khmer(), depth=2)
    index = CourseIndexPageFactory(
        parent=home,
        slug="courses",
        show_in_menus=True,
        **data["index"]["km"],
        en={"show_in_menus": True, **data["index"]["en"]},
    )
    # In order: a course's prerequisites are built before it.
    courses = {spec["slug"]: build_course(index, spec, data) for spec in data["courses"]}
    enrol_cohorts(courses)
    record_progress(courses)
    mark_by_staff(courses)
    sessions = schedule_sessions(courses)
    command.stdout.write(
        f"training: {len(courses)} courses, learners with progress, {len(sessions)} sessions"
    )
    planning_demo.load(command)

"""factory_boy factories for courses, quizzes and face-to-face sessions (see portal.factories
for the shape): the tests and the demo loader build training content with these."""

from datetime import time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.factories import TranslatedPageFactory, khmer
from portal.models import AdministrativeArea

from .models import (
    CourseIndexPage,
    CourseLessonPage,
    CourseModulePage,
    CoursePage,
    Quiz,
    TrainingSession,
)


class CourseIndexPageFactory(TranslatedPageFactory):
    class Meta:
        model = CourseIndexPage

    title = "វគ្គសិក្សា"
    slug = "courses"


class CoursePageFactory(TranslatedPageFactory):
    class Meta:
        model = CoursePage

    slug = factory.Sequence(lambda n: f"course-{n}")


class CourseModulePageFactory(TranslatedPageFactory):
    class Meta:
        model = CourseModulePage

    slug = factory.Sequence(lambda n: f"module-{n}")


class CourseLessonPageFactory(TranslatedPageFactory):
    class Meta:
        model = CourseLessonPage

    slug = factory.Sequence(lambda n: f"lesson-{n}")


def question(text, choices, right=(0,), kind="single", feedback=""):
    """A question block's raw value: ``choices`` are texts, ``right`` the positions of the
    right ones."""
    return {
        "type": "question",
        "value": {
            "kind": kind,
            "text": text,
            "choices": [{"text": c, "correct": i in right} for i, c in enumerate(choices)],
            "feedback": feedback,
        },
    }


class QuizFactory(DjangoModelFactory):
    """A Khmer quiz, read back after saving: answer ids are given when it is saved."""

    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    locale = factory.LazyFunction(khmer)
    pass_mark = 100
    max_attempts = 2
    shuffle = True
    questions = factory.LazyFunction(
        lambda: [
            question(
                "What does CAF stand for?",
                [
                    "Community Accountability Facilitator",
                    "Commune Action Fund",
                    "Central Audit Function",
                ],
                feedback="CAFs facilitate social accountability in the commune.",
            ),
            question(
                "The JAAP is agreed after the scorecards.",
                ["True", "False"],
                kind="true_false",
                feedback="Yes: citizens and providers agree it after the scorecards.",
            ),
        ]
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        quiz = super()._create(model_class, *args, **kwargs)
        return model_class.objects.get(pk=quiz.pk)


class TrainingSessionFactory(DjangoModelFactory):
    """A face-to-face session in the calendar: published, tomorrow-or-later, with places. Give
    ``course`` (a course page) and ``area`` (an area, or ``area_code``)."""

    class Meta:
        model = TrainingSession

    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    start_time = time(8, 30)
    end_time = time(12, 0)
    venue = "សាលាខេត្ត"
    trainer = "Trainer"
    places = 20
    published = True

    @classmethod
    def _create(cls, model_class, *args, area_code=None, **kwargs):
        if area_code is not None:
            kwargs["area"] = AdministrativeArea.objects.get(code=area_code)
        return super()._create(model_class, *args, **kwargs)

"""Demo plans and learning paths, from the data files in training/demo_data/: ``paths.json``
(the CAF induction) and ``plans.csv`` (the national plan, Kampong Speu's and Siem Reap's), read
by the same import as the admin's, for the current year. Idempotent: paths are found by code,
and importing the plans again replaces their targets with the same ones."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.models import ActorType

from ..models import CoursePage, LearningPath, PathStep
from ..models.pages import default_locale_id
from .files import import_plans

DATA = Path(__file__).resolve().parent.parent / "demo_data"


def load_paths():
    courses = {c.slug: c for c in CoursePage.objects.filter(locale_id=default_locale_id())}
    paths = []
    for spec in json.loads((DATA / "paths.json").read_text(encoding="utf-8")):
        path, _created = LearningPath.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name_km": spec["km"]["name"],
                "name_en": spec["en"]["name"],
                "description_km": spec["km"]["description"],
                "description_en": spec["en"]["description"],
            },
        )
        path.actor_types.set(
            ActorType.objects.filter(code__in=spec["actor_types"], locale_id=default_locale_id())
        )
        PathStep.objects.filter(path=path).delete()
        for order, step in enumerate(spec["steps"]):
            PathStep.objects.create(
                path=path, kind=step["kind"], course=courses[step["course"]], sort_order=order
            )
        paths.append(path)
    return paths


def load(command):
    paths = load_paths()
    national_staff = get_user_model().objects.get(username="admin")
    # The file's plans are for 2026; the demo's enrolments are made today, and an enrolment counts
    # for the plan of its year (planning.progress): the plans are loaded for this year.
    year = str(timezone.localdate().year)
    text = (DATA / "plans.csv").read_text(encoding="utf-8").replace("\n2026,", f"\n{year},")
    plans = import_plans(text.encode(), national_staff, "plans.csv")
    command.stdout.write(f"training: {len(paths)} learning path, {len(plans)} plans")

"""Capacity-development plans to and from CSV/XLSX files.

One row per target: the plan it belongs to (year and scope: ``national`` or a province's code),
a course (its slug) or a learning path (its code), an actor type (its code), the people to
train and the target share of women. Importing a file replaces the targets of each plan it
names, creating the plan if needed. Every row is checked first; any bad row refuses the whole
file with its line and reason, and nothing is written. Provincial staff import only their
province's plans (portal.access). A file exported here imports back unchanged.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from portal import access
from portal.infrastructure.spreadsheets import TableRefused, read_table
from portal.models import ActorType, AdministrativeArea

from ..models import MAX_PEOPLE, CoursePage, LearningPath, PlanTarget, TrainingPlan
from ..models.pages import default_locale_id
from ..models.plans import FIRST_YEAR, LAST_YEAR

HEADER = ["year", "scope", "course", "learning_path", "actor_type", "people", "women_percent"]
NATIONAL = "national"


class PlanRefused(Exception):
    def __init__(self, errors):
        self.errors = errors  # [(line, reason)]
        super().__init__(
            "; ".join(
                _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in errors
            )
        )


def _number(text, low, high, problems, name):
    try:
        value = int(text)
    except ValueError:
        problems.append(_("%(column)s must be a whole number") % {"column": name})
        return None
    if not low <= value <= high:
        problems.append(
            _("%(column)s must be between %(low)s and %(high)s")
            % {"column": name, "low": low, "high": high}
        )
        return None
    return value


def parse(raw: bytes, user, name=""):
    """The checked rows of a plan file: [(year, province or None, target fields)]."""
    try:
        table, errors = read_table(raw, name, header=HEADER)
    except TableRefused as refused:
        raise PlanRefused(refused.errors) from None
    scope = access.scope_of(user)
    provinces = {a.code: a for a in AdministrativeArea.objects.filter(level="province")}
    courses = defaultdict(list)
    for course in CoursePage.objects.filter(locale_id=default_locale_id()):
        courses[course.slug].append(course)
    paths = LearningPath.objects.in_bulk(field_name="slug")
    actors = {a.code: a for a in ActorType.objects.filter(locale_id=default_locale_id())}
    rows, seen = [], {}
    for line, values in table:
        problems = []
        year = _number(values["year"], FIRST_YEAR, LAST_YEAR, problems, "year")
        code = values["scope"]
        if code.isdigit():
            code = code.zfill(2)  # a spreadsheet reads the code 05 as the number 5
        province = None
        if code.lower() == NATIONAL:
            if not scope.everywhere:
                problems.append(_("only national staff set the national plan"))
        elif code not in provinces:
            problems.append(
                _("unknown scope %(code)s: give national or a province's code") % {"code": code}
            )
        else:
            province = provinces[code]
            if not scope.covers(province.pk):
                problems.append(_("province %(code)s is outside your province") % {"code": code})
        course = path = None
        if bool(values["course"]) == bool(values["learning_path"]):
            problems.append(_("give a course or a learning path, not both"))
        elif values["course"]:
            found = courses.get(values["course"], [])
            if len(found) != 1:
                problems.append(_("unknown course %(slug)s") % {"slug": values["course"]})
            else:
                course = found[0]
        else:
            path = paths.get(values["learning_path"])
            if path is None:
                problems.append(
                    _("unknown learning path %(slug)s") % {"slug": values["learning_path"]}
                )
        actor = actors.get(values["actor_type"])
        if actor is None:
            problems.append(_("unknown actor type %(code)s") % {"code": values["actor_type"]})
        people = _number(values["people"], 1, MAX_PEOPLE, problems, "people")
        women = _number(values["women_percent"], 0, 100, problems, "women_percent")
        key = (year, code.lower(), values["course"], values["learning_path"], values["actor_type"])
        if not problems and key in seen:
            problems.append(_("duplicate target (first on line %(line)s)") % {"line": seen[key]})
        seen.setdefault(key, line)
        errors += [(line, problem) for problem in problems]
        if not problems:
            target = {
                "course": course,
                "path": path,
                "actor_type": actor,
                "people": people,
                "women_percent": women,
            }
            rows.append((year, province, target))
    if errors:
        raise PlanRefused(sorted(errors, key=lambda error: error[0]))
    if not rows:
        raise PlanRefused([(1, _("the file has no rows"))])
    return rows


def import_plans(raw: bytes, user, name=""):
    """Write the file's plans (see the module); returns the plans written."""
    rows = parse(raw, user, name)
    by_plan = defaultdict(list)
    for year, province, target in rows:
        by_plan[(year, province)].append(target)
    written = []
    with transaction.atomic():
        for (year, province), targets in by_plan.items():
            plan, _created = TrainingPlan.objects.get_or_create(year=year, province=province)
            plan.targets.all().delete()
            PlanTarget.objects.bulk_create(PlanTarget(plan=plan, **t) for t in targets)
            written.append(plan)
    return written


def export_table(plans):
    """Header and rows of these plans, in the file format ``import_plans`` reads."""
    body = []
    targets = (
        PlanTarget.objects.filter(plan__in=plans)
        .select_related("plan__province", "course", "path", "actor_type")
        # The national plan first on every database (SQLite and PostgreSQL sort NULL apart).
        .order_by("-plan__year", F("plan__province__code").asc(nulls_first=True), "pk")
    )
    for t in targets:
        body.append(
            [
                t.plan.year,
                t.plan.province.code if t.plan.province_id else NATIONAL,
                t.course.slug if t.course_id else "",
                t.path.slug if t.path_id else "",
                t.actor_type.code,
                t.people,
                t.women_percent,
            ]
        )
    return HEADER, body

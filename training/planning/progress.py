"""Progress against the capacity-development plans: for each target (a course or a learning path
× an actor type), the people enrolled and trained in the plan's year, against the target.

An enrolment counts for the year it was made in; a learner counts as trained when they completed
the course (or every step of the path). Provinces' plans hold the targets of their provinces; at
district and commune level the figures are the same learners, without a target of their own.
The national plan is compared with the whole country. Every figure counts only the learners
placed where the user acts (training.reports.visible_enrolments, portal.access).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal import access
from portal.models import ActorType, Gender

from .. import reports
from ..learning.paths import completed_path
from ..models import CourseCompletion, LearningPath, PlanTarget, TrainingPlan


@dataclass
class ProgressRow:
    item: str  # the course or learning path, in the language shown
    actor: str
    place: str
    place_code: str = ""
    drill: bool = False
    target: int | None = None  # None below province level: plans are set per province
    women_target: int | None = None  # percent
    enrolled: int = 0
    completed: int = 0
    by_staff: int = 0  # of the completed: a course (of the path) marked complete by staff
    women_completed: int = 0

    @property
    def rate(self):
        """Completed of enrolled, percent."""
        return round(100 * self.completed / self.enrolled) if self.enrolled else 0

    @property
    def of_target(self):
        """Completed of the target, percent (None without a target)."""
        if not self.target:
            return None
        return round(100 * self.completed / self.target)

    @property
    def women_share(self):
        """Women among those who completed, percent."""
        return round(100 * self.women_completed / self.completed) if self.completed else 0

    def cells(self):
        return [
            self.item,
            self.actor,
            self.place,
            self.target if self.target is not None else "",
            self.enrolled,
            self.completed,
            self.rate,
            self.of_target if self.of_target is not None else "",
            self.women_target if self.women_target is not None else "",
            self.women_share,
            self.by_staff,
        ]


def export_columns():
    return [
        _("course or learning path"),
        _("actor type"),
        _("place"),
        _("target"),
        _("enrolled"),
        _("completed"),
        _("completion rate %"),
        _("of target %"),
        _("target share of women %"),
        _("share of women %"),
        _("marked complete by staff"),
    ]


def years(user):
    """The years of the plans the user may see, latest first."""
    plans = access.visible(user, TrainingPlan.objects.all(), "province")
    return sorted(set(plans.values_list("year", flat=True)), reverse=True)


class Learners:
    """The learners the user may see who enrolled in the year: per course, their ids, actor
    type code, area, gender and whether they completed."""

    def __init__(self, user, year):
        self.tree = reports.AreaTree()
        self.by_course = defaultdict(list)
        self.people = {}
        rows = (
            reports.visible_enrolments(user)
            .filter(enrolled_at__year=year)
            .values(
                "course_id",
                "user_id",
                "user__profile__actor_type__code",
                "user__profile__area_id",
                "user__profile__gender",
                "completion__pk",
                "completion__via",
            )
        )
        self.by_staff = set()  # (user id, course id) of the completions marked by staff
        for e in rows:
            self.people[e["user_id"]] = (
                e["user__profile__actor_type__code"] or "",
                e["user__profile__area_id"],
                e["user__profile__gender"] == Gender.FEMALE,
            )
            self.by_course[e["course_id"]].append((e["user_id"], e["completion__pk"] is not None))
            if e["completion__via"] == CourseCompletion.BY_STAFF:
                self.by_staff.add((e["user_id"], e["course_id"]))
        self._path_cache = {}

    def for_target(self, target):
        """[(user id, completed)] of the target's course or path, of its actor type."""
        if target.course_id:
            found = self.by_course.get(target.course_id, [])
        else:
            found = self._path(target.path)
        code = target.actor_type.code
        return [(uid, done) for uid, done in found if self.people[uid][0] == code]

    def _path(self, path):
        if path.pk not in self._path_cache:
            course_ids = {step.course_id for step in path.steps.all()}
            ids = {uid for cid in course_ids for uid, _done in self.by_course.get(cid, [])}
            done = completed_path(ids, path) if ids else set()
            self._path_cache[path.pk] = [(uid, uid in done) for uid in sorted(ids)]
        return self._path_cache[path.pk]

    def marked_by_staff(self, user_id, target):
        """Whether the learner's completion of the target's course (or of a course of its path)
        was marked by staff."""
        if target.course_id:
            course_ids = [target.course_id]
        else:
            course_ids = [step.course_id for step in target.path.steps.all()]
        return any((user_id, cid) in self.by_staff for cid in course_ids)

    def place(self, user_id, level):
        return self.tree.chain(self.people[user_id][1]).get(level)

    def is_woman(self, user_id):
        return self.people[user_id][2]


def _names():
    actors = {a.code: a.name for a in ActorType.objects.for_active_language()}
    courses = reports.course_titles()
    paths = {p.pk: p.name for p in LearningPath.objects.all()}
    return actors, courses, paths


def _item_name(target, courses, paths):
    if target.course_id:
        return courses.get(target.course.translation_key, target.course.title)
    return paths.get(target.path_id, "")


def _targets(plans):
    return (
        PlanTarget.objects.filter(plan__in=plans)
        .select_related("plan__province", "course", "path", "actor_type")
        .prefetch_related("path__steps")
        .order_by("plan__province__code", "pk")
    )


def _add(row, learners, people, target):
    for uid, done in people:
        row.enrolled += 1
        row.completed += done
        row.by_staff += done and learners.marked_by_staff(uid, target)
        row.women_completed += done and learners.is_woman(uid)


def build(user, year, *, province=None, district=None):
    """(rows, level): the targets of the year's plans the user may see, with their figures,
    at the level drilled to (province, district or commune)."""
    scope = access.scope_of(user)
    if scope.province is not None:
        province = scope.province.code
    plans = access.visible(user, TrainingPlan.objects.filter(year=year), "province")
    if province:
        plans = plans.filter(province__code=province)
    else:
        plans = plans.filter(province__isnull=False)
    learners = Learners(user, year)
    actors, courses, paths = _names()
    level, parent_level, parent_code = "province", None, None
    if district:
        level, parent_level, parent_code = "commune", "district", district
    elif province:
        level, parent_level, parent_code = "district", "province", province
    rows = []
    for target in _targets(plans):
        item = _item_name(target, courses, paths)
        actor = actors.get(target.actor_type.code, str(target.actor_type))
        people = [
            (uid, done)
            for uid, done in learners.for_target(target)
            if (p := learners.place(uid, "province")) and p.pk == target.plan.province_id
        ]
        if level == "province":
            row = ProgressRow(
                item=item,
                actor=actor,
                place=target.plan.province.name,
                place_code=target.plan.province.code,
                drill=True,
                target=target.people,
                women_target=target.women_percent,
            )
            _add(row, learners, people, target)
            rows.append(row)
            continue
        below = defaultdict(list)
        for uid, done in people:
            chain = learners.tree.chain(learners.people[uid][1])
            if parent_level != "province" and (
                parent_level not in chain or chain[parent_level].code != parent_code
            ):
                continue
            below[chain.get(level)].append((uid, done))
        for place, group in sorted(below.items(), key=lambda kv: kv[0].code if kv[0] else ""):
            row = ProgressRow(
                item=item,
                actor=actor,
                place=place.name if place else _("(not given at this level)"),
                place_code=place.code if place else "",
                drill=bool(place) and level != "commune",
            )
            _add(row, learners, group, target)
            rows.append(row)
        if level == "district":  # the province's own line: its target
            row = ProgressRow(
                item=item,
                actor=actor,
                place=target.plan.province.name,
                place_code=target.plan.province.code,
                target=target.people,
                women_target=target.women_percent,
            )
            _add(row, learners, people, target)
            rows.append(row)
    if level == "province":  # the provinces furthest behind their plans first
        order = {s[0]: n for n, s in enumerate(behind_first(rows))}
        rows.sort(key=lambda r: (order.get(r.place, 0), r.item, r.actor))
    return rows, level


def national(user, year):
    """The national plan's targets against the whole country's figures (national staff only:
    for anyone else, no rows)."""
    if not access.scope_of(user).everywhere:
        return []
    learners = Learners(user, year)
    actors, courses, paths = _names()
    rows = []
    for target in _targets(TrainingPlan.objects.filter(year=year, province__isnull=True)):
        row = ProgressRow(
            item=_item_name(target, courses, paths),
            actor=actors.get(target.actor_type.code, str(target.actor_type)),
            place=_("Whole country"),
            target=target.people,
            women_target=target.women_percent,
        )
        _add(row, learners, learners.for_target(target), target)
        rows.append(row)
    return rows


def behind_first(rows):
    """[(place, target, completed, % of target)] summed by place over rows with a target, the
    furthest behind its plan first: the series of the target-vs-actual chart."""
    sums = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.target:
            sums[row.place][0] += row.target
            sums[row.place][1] += row.completed
    series = [
        (place, target, done, round(100 * done / target)) for place, (target, done) in sums.items()
    ]
    return sorted(series, key=lambda s: (s[3], s[0]))


def by_item(rows):
    """The same series by course or path and actor type."""
    sums = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.target:
            sums[f"{row.item} · {row.actor}"][0] += row.target
            sums[f"{row.item} · {row.actor}"][1] += row.completed
    series = [
        (label, target, done, round(100 * done / target)) for label, (target, done) in sums.items()
    ]
    return sorted(series, key=lambda s: (s[3], s[0]))

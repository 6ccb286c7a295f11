"""Completion figures for NSLA and the M&E unit: by course × actor type × place, split by gender.

Rows are counted in Python over one query of enrolments: the area tree is three levels deep and
loaded once, so rolling a learner up to their district (the parent) and province (stored on the
area) is a dict look-up.
Every output (the page and its CSV and XLSX exports, training.report_view) counts
``visible_enrolments``: the learners placed where the user
acts, as ``portal.access`` decides.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from portal import access
from portal.models import ActorType, AdministrativeArea, Gender

from .models import CourseCompletion, CoursePage, Enrolment, LessonProgress, QuizAttempt

GENDERS = [Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.UNDISCLOSED]


class AreaTree:
    """The area tree, loaded once for a report's roll-ups."""

    def __init__(self):
        self.rows = {
            a.pk: a
            for a in AdministrativeArea.objects.only(
                "pk", "code", "name_km", "name_en", "level", "parent_id", "province_id"
            )
        }

    def chain(self, area_id):
        """{level: area} for the area, its district and its province."""
        area = self.rows.get(area_id)
        if area is None:
            return {}
        found = {"province": self.rows.get(area.province_id), area.level: area}
        if area.level == "commune" and area.parent_id in self.rows:
            found["district"] = self.rows[area.parent_id]
        return {level: place for level, place in found.items() if place is not None}


def visible_enrolments(user):
    """The enrolments a user may see in reports: those of learners placed where the user acts.
    Learners see none here: their own records are on their dashboard and in the API."""
    return access.visible(user, Enrolment.objects.all(), "user__profile__area")


@dataclass
class Row:
    course: str
    actor: str
    place: str
    place_code: str = ""
    drill: bool = False
    course_id: int = 0  # the row's course and actor type: its learners are row_learners()
    actor_code: str = ""
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    by_staff: int = 0  # of the completed: marked complete by staff (learning.overrides)
    by_gender: dict = field(default_factory=lambda: {g.value: [0, 0] for g in GENDERS})

    @property
    def rate(self):
        return round(100 * self.completed / self.enrolled) if self.enrolled else 0

    def gender_cells(self):
        return [(g.label, self.by_gender[g.value][0], self.by_gender[g.value][1]) for g in GENDERS]

    def cells(self):
        """The row's values in the order of export_columns()."""
        figures = [getattr(self, field) for field in COLUMNS]
        return figures + [n for g in GENDERS for n in self.by_gender[g.value]]


def _started():
    """Whether an enrolment's learner read a lesson or tried a quiz."""
    return Exists(LessonProgress.objects.filter(enrolment=OuterRef("pk"))) | Exists(
        QuizAttempt.objects.filter(enrolment=OuterRef("pk"))
    )


def _counted(user, course_id=None, gender=None):
    """The enrolments the report counts for ``user`` (those they see), in ``course_id`` and of
    learners of ``gender`` when given, each with ``started``."""
    qs = visible_enrolments(user)
    if course_id:
        qs = qs.filter(course_id=course_id)
    if gender:
        qs = qs.filter(user__profile__gender=gender)
    return qs.annotate(started=_started())


def row_learners(user, *, course_id, place, actor="", gender=None):
    """The enrolments one row of the report counts: in the course ``course_id``, of the learners
    of the actor type ``actor`` ("": none) placed in the area ``place`` (a code, at its own
    level, as build() rolls them up), among those ``user`` sees; each with its learner, their
    profile and place, its completion and ``started``; by the learner's name."""
    tree = AreaTree()
    area = next((a for a in tree.rows.values() if a.code == place), None)
    if area is None:
        return []
    qs = _counted(user, course_id, gender)
    if actor:
        qs = qs.filter(user__profile__actor_type__code=actor)
    else:
        qs = qs.filter(user__profile__actor_type__isnull=True)
    qs = qs.select_related("user__profile__area", "completion").order_by(
        "user__first_name", "user__last_name", "user__username"
    )
    return [e for e in qs if tree.chain(e.user.profile.area_id).get(area.level) == area]


def build(user, *, course_id=None, province=None, district=None, gender=None):
    """Rows for the report: by course × actor type × place at the drill-down level."""
    tree = AreaTree()
    qs = (
        _counted(user, course_id, gender)
        .select_related("course", "completion")
        .values(
            "pk",
            "course_id",
            "course__title",
            "course__translation_key",
            "user__profile__actor_type__code",
            "user__profile__area_id",
            "user__profile__gender",
            "completion__pk",
            "completion__via",
            "started",
        )
    )
    if district:
        level, parent_level, parent_code = "commune", "district", district
    elif province:
        level, parent_level, parent_code = "district", "province", province
    else:
        level, parent_level, parent_code = "province", None, None

    actor_names = {a.code: a.name for a in ActorType.objects.for_active_language()}
    course_names = course_titles()
    rows = {}
    for e in qs:
        chain = tree.chain(e["user__profile__area_id"])
        if parent_level and (parent_level not in chain or chain[parent_level].code != parent_code):
            continue
        place = chain.get(level)
        place_name = place.name if place else _("(not given at this level)")
        actor_code = e["user__profile__actor_type__code"] or ""
        key = (e["course_id"], actor_code, place.code if place else "")
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(
                course=course_names.get(e["course__translation_key"], e["course__title"]),
                actor=actor_names.get(actor_code, _("(no actor type)")),
                place=place_name,
                place_code=place.code if place else "",
                drill=bool(place) and level != "commune",
                course_id=e["course_id"],
                actor_code=actor_code,
            )
        done = e["completion__pk"] is not None
        row.enrolled += 1
        row.completed += done
        row.by_staff += done and e["completion__via"] == CourseCompletion.BY_STAFF
        row.in_progress += (not done) and e["started"]
        g = row.by_gender.setdefault(e["user__profile__gender"], [0, 0])
        g[0] += 1
        g[1] += done
    return sorted(rows.values(), key=lambda r: (r.course, r.place, r.actor)), level


def default_courses():
    """The courses as enrolments know them (their default-language pages), each with
    ``shown_title``: the title of its translation in the admin's language, else its own; in
    that order."""
    translated = CoursePage.objects.filter(
        translation_key=OuterRef("translation_key"), locale=Locale.get_active()
    ).values("title")[:1]
    return (
        CoursePage.objects.filter(locale=Locale.get_default())
        .annotate(shown_title=Coalesce(Subquery(translated), "title"))
        .order_by("shown_title")
    )


def course_titles():
    """Course titles in the language being shown (default_courses()), keyed by translation key."""
    return dict(default_courses().values_list("translation_key", "shown_title"))


def totals_by(rows, attr):
    """[(label, enrolled, completed, rate)] summed over rows by one attribute."""
    sums = defaultdict(lambda: [0, 0])
    for row in rows:
        sums[getattr(row, attr)][0] += row.enrolled
        sums[getattr(row, attr)][1] += row.completed
    return [
        (label, n, done, round(100 * done / n) if n else 0)
        for label, (n, done) in sorted(sums.items())
    ]


# The chart's coordinate space. Its section is at least 28rem (448 px) wide in the report's
# grid, so a unit renders at 448 / 480 px or more: FONT_SIZE 14 is 13 px at the narrowest.
CHART_WIDTH = 480
FONT_SIZE = 14
LABEL_CLUSTERS = 56  # a label is on its own line above its bar: about the chart's width


def shorten(text, limit=LABEL_CLUSTERS):
    """The text cut to ``limit`` user-perceived characters (grapheme clusters, so a Khmer
    consonant keeps its subscripts and vowels), with "…" if cut. Cut before escaping, so an
    HTML entity is never split."""
    from icu4py.breakers import CharacterBreaker
    from icu4py.locale import Locale

    clusters = list(CharacterBreaker(text, Locale("km"))) if text else []
    if len(clusters) <= limit:
        return text
    return "".join(clusters[: limit - 1]).rstrip() + "…"


def bar_chart(series, *, title):
    """A horizontal bar chart of completion rates as inline SVG (no script, no CDN).

    Each label has a line of its own above its bar, so a long Khmer name gets the chart's full
    width, and the figure right of the bar has room for "100% (999/999)"."""
    from django.utils.html import escape

    label_h, bar_h, gap = FONT_SIZE + 4, 18, 12
    row_h = label_h + bar_h + gap
    value_w = round(FONT_SIZE * 0.62 * len("100% (999/999)")) + 12  # digits are ~0.6 em
    chart_w = CHART_WIDTH - value_w
    height = row_h * max(len(series), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" class="report-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, n, done, rate) in enumerate(series):
        y = 5 + i * row_h
        bar_y = y + label_h
        w = chart_w * min(rate, 100) / 100  # a target passed fills the bar
        parts.append(
            f'<text x="0" y="{y + FONT_SIZE}" font-size="{FONT_SIZE}">'
            f"{escape(shorten(str(label)))}</text>"
            f'<rect x="0" y="{bar_y}" width="{chart_w}" height="{bar_h}" fill="#e3e8f0"/>'
            f'<rect x="0" y="{bar_y}" width="{w:.1f}" height="{bar_h}" fill="#2e7d32">'
            f"<title>{escape(str(label))}: {done}/{n}</title></rect>"
            f'<text x="{chart_w + 6}" y="{bar_y + bar_h - 4}" font-size="{FONT_SIZE}">'
            f"{rate}% ({done}/{n})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


COLUMNS = {
    "course": gettext_lazy("course"),
    "actor": gettext_lazy("actor type"),
    "place": gettext_lazy("place"),
    "enrolled": gettext_lazy("enrolled"),
    "in_progress": gettext_lazy("in progress"),
    "completed": gettext_lazy("completed"),
    "rate": gettext_lazy("rate %"),
    "by_staff": gettext_lazy("marked complete by staff"),
}


def export_columns():
    """{field: heading} of the CSV and XLSX exports, in the language being shown: the figures,
    then each gender's enrolled and completed. Row.cells() gives a row's values in this order."""
    columns = {field: str(heading) for field, heading in COLUMNS.items()}
    for g in GENDERS:
        columns[f"{g.value}_enrolled"] = _("%(gender)s enrolled") % {"gender": g.label}
        columns[f"{g.value}_completed"] = _("%(gender)s completed") % {"gender": g.label}
    return columns

"""Refreshers: a course may give its certificates a validity (``certificate_valid_months``);
staff see whose certificates have expired or expire soon, for the learners placed where they act
(portal.access)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access

from . import reports
from .models import Certificate

SOON = timedelta(days=30)


def add_months(day, months):
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Due:
    learner: str
    username: str
    course: str
    place: str
    issued_on: date
    valid_until: date

    @property
    def expired(self):
        return self.valid_until < timezone.localdate()

    def cells(self):
        return [
            self.learner,
            self.username,
            self.course,
            self.place,
            self.issued_on,
            self.valid_until,
        ]


def export_columns():
    return [_("learner"), _("username"), _("course"), _("place"), _("issued on"), _("valid until")]


def due(user, *, soon=SOON, today=None):
    """The course certificates, of learners where ``user`` acts, that have expired or expire
    within ``soon``: the earliest first."""
    today = today or timezone.localdate()
    certificates = access.visible(
        user,
        Certificate.objects.filter(
            completion__enrolment__course__certificate_valid_months__isnull=False
        ),
        "completion__enrolment__user__profile__area",
    ).select_related("completion__enrolment__user__profile__area", "completion__enrolment__course")
    titles = reports.course_titles()
    found = []
    for c in certificates:
        course = c.completion.enrolment.course
        until = add_months(c.issued_on, course.certificate_valid_months)
        if until > today + soon:
            continue
        learner = c.completion.enrolment.user
        area = learner.profile.area
        found.append(
            Due(
                learner=c.learner_name,
                username=learner.get_username(),
                course=titles.get(course.translation_key, course.title),
                place=area.path_label if area else "",
                issued_on=c.issued_on,
                valid_until=until,
            )
        )
    return sorted(found, key=lambda d: (d.valid_until, d.learner))

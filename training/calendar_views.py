"""The public training calendar: the published face-to-face sessions by province and course,
with their places; a learner registers, joins the waiting list or cancels here; and each
province's sessions as an iCalendar feed (RFC 5545) for a phone's or a desktop's calendar.

What registering does, and what it refuses, is training.learning.registration's; what the
calendar lists, calendar_listing's; this module reads the request and shows the answer
(refusals with the status of training/refusals.py)."""

from datetime import UTC, datetime, timedelta

import icalendar
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.models import AdministrativeArea
from portal.notifications import public_url

from . import reports
from .calendar_listing import (
    PLACE,
    courses_shown,
    my_registrations,
    provinces,
    published,
    with_counts,
)
from .learning import LearningError, UnexpectedField, cancel_registration, register
from .models import CoursePage, SessionRegistration, TrainingSession
from .refusals import status_of

PER_PAGE = 20
# How far back a feed keeps sessions held: a calendar that synced them keeps seeing them.
FEED_PAST = timedelta(days=90)


class CalendarFilters(forms.Form):
    """The calendar's filters, from the query string; a value that names nothing is ignored."""

    province = forms.ModelChoiceField(
        label=gettext_lazy("Capital/province"),
        queryset=AdministrativeArea.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All"),
    )
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces()
        # Each course once, by its default-language page, named in the language shown.
        courses = self.fields["course"]
        courses.queryset = reports.default_courses()
        courses.label_from_instance = lambda course: course.shown_title

    def chosen(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("province"), data.get("course")


def calendar(request):
    filters = CalendarFilters(request.GET or None)
    province, course = filters.chosen()
    sessions = published()
    if province is not None:
        sessions = sessions.filter(area__province=province)
    if course is not None:
        sessions = sessions.filter(course__translation_key=course.translation_key)
    page = Paginator(with_counts(sessions), PER_PAGE).get_page(request.GET.get("page"))
    mine = {}
    if request.user.is_authenticated:
        mine = {
            r.session_id: r
            for r in SessionRegistration.objects.filter(
                user=request.user, session__in=[s.pk for s in page]
            )
        }
    for session in courses_shown(page):
        session.mine = mine.get(session.pk)
        session.left = max(session.places - session.taken, 0)
    return render(
        request,
        "training/calendar.html",
        {
            "page_title": _("Training calendar"),
            "filters": filters,
            "province": province,
            "course": course,
            "filtered": province is not None or course is not None,
            "sessions": page,
            "registrations": my_registrations(request.user),
            "next": request.get_full_path(),
        },
    )


def refused_page(request, error):
    """A refused registration or cancellation: why, with the way back, and the status of
    training/refusals.py. Nothing was changed."""
    return render(
        request,
        "training/calendar_refused.html",
        {"page_title": _("Not done"), "message": error.message},
        status=status_of(error),
    )


def check_fields(request, allowed):
    extra = set(request.POST) - set(allowed) - {"csrfmiddlewaretoken", "next"}
    if extra:
        fields = ", ".join(sorted(extra))
        raise UnexpectedField(_("Unexpected field: %(field)s") % {"field": fields})


def back(request, session_id):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("training:calendar")
    return redirect(f"{target.split('#')[0]}#session-{session_id}")


@login_required
@require_POST
def register_view(request, session_id):
    session = get_object_or_404(TrainingSession, pk=session_id, published=True)
    try:
        check_fields(request, ["waiting_list"])
        registration = register(
            request.user, session, waiting_list=request.POST.get("waiting_list") == "yes"
        )
    except LearningError as error:
        return refused_page(request, error)
    if registration.status == PLACE:
        messages.success(request, _("You are registered. We will remind you the day before."))
    else:
        messages.success(
            request,
            _("You are on the waiting list. We will e-mail you if a place becomes free."),
        )
    return back(request, session.pk)


@login_required
@require_POST
def cancel_registration_view(request, registration_id):
    try:
        check_fields(request, [])
        session_id = (
            SessionRegistration.objects.filter(pk=registration_id)
            .values_list("session_id", flat=True)
            .first()
        )
        cancel_registration(request.user, registration_id)
    except LearningError as error:
        return refused_page(request, error)
    messages.success(request, _("Your registration is cancelled."))
    return back(request, session_id)


def _when(session):
    """DTSTART and DTEND: times in UTC when the session has them (no VTIMEZONE needed), else
    the whole day (DTEND the day after, RFC 5545 3.6.1)."""
    if session.start_time is None:
        return session.date, session.date + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(session.date, session.start_time))
    if session.end_time is not None:
        end = timezone.make_aware(datetime.combine(session.date, session.end_time))
    else:
        end = start + timedelta(hours=1)
    return start.astimezone(UTC), end.astimezone(UTC)


def calendar_feed(request, province):
    """One province's sessions as iCalendar, in the language of the URL: the published ones
    held in the last 90 days and to come, cancelled ones with STATUS:CANCELLED so that a
    subscribed calendar strikes them out."""
    area = get_object_or_404(provinces(), code=province)
    since = timezone.localdate() - FEED_PAST
    calendar_url = public_url(reverse("training:calendar") + f"?province={area.code}")
    feed = icalendar.Calendar()
    feed.add("prodid", "-//ISAF portal//Training calendar//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", _("Training sessions: %(province)s") % {"province": area.name})
    host = public_url("").split("//", 1)[-1].split("/")[0] or "isaf"
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for session in courses_shown(published(since).filter(area__province=area)):
        start, end = _when(session)
        event = icalendar.Event()
        event.add("uid", f"training-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", session.shown_course.title)
        event.add("location", ", ".join(p for p in (session.venue, session.area.path_label) if p))
        event.add(
            "description",
            _("Trainer: %(trainer)s. Register on the portal: %(url)s")
            % {"trainer": session.trainer, "url": calendar_url},
        )
        event.add("url", calendar_url)
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="training-{area.code}.ics"'
    return response

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.numerals import shown

from .calendar_listing import calendar_url, courses_shown, registrations_of
from .learning import (
    LearningError,
    PrerequisitesMissing,
    QuizClosed,
    UnexpectedField,
    complete_lesson,
    completion_of,
    continue_lesson,
    enrol,
    localized,
    percent,
    recommended_courses,
    requirements,
    started,
    submit_quiz,
)
from .learning.paths import path_cards
from .models import (
    Certificate,
    CourseLessonPage,
    CoursePage,
    Enrolment,
    Quiz,
    ReminderOptOut,
    WithdrawnCertificate,
)
from .refusals import status_of

#: The sessions held that the dashboard lists under their count (the latest first).
PAST_SHOWN = 10


def refused(error):
    """The error as a plain page. Its message may name a posted field, which the client chose:
    escaped, so a field named like markup is shown, never run."""
    return HttpResponse(escape(error.message), status=status_of(error))


def check_fields(request, allowed):
    """Refuse any posted field the form does not have (a forged learner id, a score)."""
    extra = set(request.POST) - set(allowed) - {"csrfmiddlewaretoken"}
    if extra:
        fields = ", ".join(sorted(extra))
        raise UnexpectedField(_("Unexpected field: %(field)s") % {"field": fields})


@login_required
@require_POST
def enrol_view(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id, live=True)
    try:
        check_fields(request, [])
        enrol(request.user, course)
    except UnexpectedField as error:
        return refused(error)
    except PrerequisitesMissing as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(course.url)


@login_required
@require_POST
def complete_lesson_view(request, lesson_id):
    lesson = get_object_or_404(CourseLessonPage, pk=lesson_id, live=True)
    try:
        check_fields(request, [])
        enrolment, completion = complete_lesson(request.user, lesson)
    except LearningError as error:
        return refused(error)
    if completion:
        messages.success(request, _("Course complete. Your certificate is being prepared."))
    nxt = continue_lesson(enrolment)
    course = enrolment.course.localized
    if nxt and nxt.translation_key != lesson.translation_key and not completion:
        return redirect(localized(nxt).url)
    return redirect(course.url)


@login_required
@require_POST
def quiz_view(request, lesson_id, quiz_id):
    lesson = get_object_or_404(CourseLessonPage, pk=lesson_id, live=True)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    data = {key: request.POST.getlist(key) for key in request.POST}
    try:
        attempt, results, completion = submit_quiz(request.user, lesson, quiz, data)
    except QuizClosed as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    except LearningError as error:
        return refused(error)
    request.session[f"quiz-feedback-{quiz.pk}"] = {"attempt": attempt.pk, "results": results}
    if attempt.passed:
        messages.success(request, _("Passed: %(score)s%%.") % {"score": shown(attempt.score)})
    else:
        messages.error(
            request,
            _("Not passed: %(score)s%% (pass mark %(mark)s%%).")
            % {"score": shown(attempt.score), "mark": shown(quiz.pass_mark)},
        )
    if completion:
        messages.success(request, _("Course complete. Your certificate is being prepared."))
    return redirect(lesson.url + f"#quiz-{quiz.pk}")


@login_required
def dashboard(request):
    enrolments = (
        Enrolment.objects.filter(user=request.user)
        .select_related("course", "completion", "completion__certificate")
        .order_by("-last_activity_at", "-enrolled_at")
    )
    rows = []
    for enrolment in Paginator(enrolments, 20).get_page(request.GET.get("page")):
        req = requirements(enrolment.course)
        nxt = continue_lesson(enrolment, req)
        completion = completion_of(enrolment)
        rows.append(
            {
                "enrolment": enrolment,
                "course": enrolment.course.localized,
                "percent": percent(enrolment, req),
                "completion": completion,
                "continue": localized(nxt) if nxt and not completion else None,
                "started": started(enrolment),
                "certificate": getattr(completion, "certificate", None) if completion else None,
            }
        )
    certificates = Certificate.objects.of(request.user)
    return render(
        request,
        "training/dashboard.html",
        {
            "rows": rows,
            **sessions_of(request.user),
            "paths": path_cards(request.user),
            "reminders_on": not ReminderOptOut.objects.filter(user=request.user).exists(),
            "certificates": certificates,
            "recommended": recommended_courses(request.user),
            "page_title": _("My courses and certificates"),
        },
    )


def sessions_of(user):
    """The face-to-face sessions ``user`` registered for, for the dashboard: those to come, each
    with its address in the calendar, and the latest held (``held``, at most PAST_SHOWN, of
    ``held_count``). At most four queries, whatever the number of registrations."""
    upcoming = list(registrations_of(user))
    held_count = registrations_of(user, past=True).count()
    held = list(registrations_of(user, past=True)[:PAST_SHOWN]) if held_count else []
    courses_shown([r.session for r in upcoming + held])
    for registration in upcoming:  # the calendar lists the sessions to come only
        registration.calendar_url = calendar_url(registration.session)
    return {"upcoming_sessions": upcoming, "held_sessions": held, "held_count": held_count}


@login_required
def certificate_pdf(request, code):
    certificate = get_object_or_404(Certificate.objects.of(request.user), code=code)
    if not certificate.pdf:
        raise Http404(_("The certificate is still being prepared."))
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def verify(request, code=None):
    """Public: confirms a code and shows only what the certificate itself states."""
    code = (code or request.GET.get("code", "")).strip().upper()
    certificate = Certificate.objects.filter(code=code).first() if code else None
    # A certificate withdrawn (its completion, marked by staff, undone) is named as such: 410.
    withdrawn = (
        WithdrawnCertificate.objects.filter(code=code).first() if code and not certificate else None
    )
    status = 200
    if withdrawn:
        status = 410
    elif code and certificate is None:
        status = 404
    return render(
        request,
        "training/verify.html",
        {
            "code": code,
            "certificate": certificate,
            "withdrawn": withdrawn,
            "page_title": _("Verify a certificate"),
        },
        status=status,
    )


@login_required
@require_POST
def reminders_view(request):
    """Turn one's reminder e-mails off, or on again."""
    if request.POST.get("reminders") == "off":
        ReminderOptOut.objects.get_or_create(user=request.user)
        messages.success(request, _("You will get no more reminders."))
    else:
        ReminderOptOut.objects.filter(user=request.user).delete()
        messages.success(request, _("Reminders are on."))
    return redirect("training:dashboard")

from django.urls import path

from . import calendar_views, views

app_name = "training"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/enrol/", views.enrol_view, name="enrol"),
    path("lessons/<int:lesson_id>/complete/", views.complete_lesson_view, name="complete_lesson"),
    path("lessons/<int:lesson_id>/quiz/<int:quiz_id>/", views.quiz_view, name="quiz"),
    path("certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("reminders/", views.reminders_view, name="reminders"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/<str:province>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("sessions/<int:session_id>/register/", calendar_views.register_view, name="register"),
    path(
        "registrations/<int:registration_id>/cancel/",
        calendar_views.cancel_registration_view,
        name="cancel_registration",
    ),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
]

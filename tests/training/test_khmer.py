"""The training app speaks Khmer: learner pages, the admin report, cohort errors, the API and the
certificate show the Khmer catalogue's words, not the English they are written in.

Each test also names English strings that must be gone: a missing or uncompiled catalogue
(``manage.py compile_translations``) falls back to English and fails here.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from training.cohort import CohortRefused, parse
from training.learning import complete_lesson, enrol
from training.models import Certificate, CourseCompletion

from .conftest import admin_in, build_course

pytestmark = pytest.mark.django_db

HEADER = "username,email,first_name,last_name,actor_type,area_code,gender,position\n"


def url(name, *args, lang="km"):
    with translation.override(lang):
        return reverse(f"training:{name}", args=args)


def assert_khmer(body, khmer, english):
    for text in khmer:
        assert text in body, text
    for text in english:
        assert text not in body, text


def test_course_page_in_khmer(client, course, learner):
    client.force_login(learner)
    body = client.get(course.course.url).content.decode()
    assert course.course.url.startswith("/km/")
    assert_khmer(
        body,
        [
            "រយៈពេលប៉ាន់ស្មាន",
            "៦០ នាទី",
            "បានអានមេរៀនទាំងអស់ និងប្រឡងជាប់កម្រងសំណួរទាំងអស់",  # the completion rule
            "ម៉ូឌុល និងមេរៀន",
            "ចុះឈ្មោះចូលរៀនវគ្គសិក្សានេះ",
        ],
        ["Estimated time", "60 minutes", "All lessons read", "Modules and lessons", "Enrol in"],
    )


def test_course_page_in_english_keeps_english(client, course, learner):
    client.force_login(learner)
    body = client.get(course.course_en.url).content.decode()
    assert "Modules and lessons" in body and "Enrol in this course" in body
    assert "ម៉ូឌុល និងមេរៀន" not in body


def test_lesson_page_with_its_quiz_in_khmer(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    body = client.get(course.lessons[-1].url).content.decode()
    assert_khmer(
        body,
        [
            f"កម្រងសំណួរ៖ {course.quiz.title}",
            "ពិន្ទុជាប់៖ ១០០%",
            "ចំនួនដងដែលនៅសល់៖ ២",
            "ដាក់ស្នើចម្លើយ",
            "សម្គាល់ថាបានអាន ហើយបន្ត",
        ],
        ["Pass mark", "Attempts left", "Submit answers", "Mark as read and continue"],
    )


def test_quiz_result_message_in_khmer(client, course, learner):
    from .conftest import answers

    enrol(learner, course.course)
    client.force_login(learner)
    response = client.post(
        url("quiz", course.lessons[-1].pk, course.quiz.pk),
        answers(course.quiz, right=False),
        follow=True,
    )
    body = response.content.decode()
    assert_khmer(body, ["មិនជាប់៖ ៥០% (ពិន្ទុជាប់ ១០០%)។", "មតិយោបល់"], ["Not passed", "Feedback"])


def test_dashboard_in_khmer(client, course, learner):
    enrol(learner, course.course)
    client.force_login(learner)
    body = client.get(url("dashboard")).content.decode()
    assert_khmer(
        body,
        [
            "វគ្គសិក្សា និងវិញ្ញាបនបត្ររបស់ខ្ញុំ",
            "ចាប់ផ្តើមវគ្គសិក្សា",  # nothing started yet: "start", not "continue"
            "សូមបញ្ចប់វគ្គសិក្សាមួយ ដើម្បីទទួលបានវិញ្ញាបនបត្រ។",
        ],
        ["My courses", "Start the course", "Complete a course to receive"],
    )


def certificate_for(home, make_user):
    c = build_course(home, slug="cert-km", with_quiz=False, lessons=1)
    user = make_user("dara", first_name="Dara", last_name="Sok", groups=["Learner"])
    enrol(user, c.course)
    complete_lesson(user, c.lessons[0])
    return Certificate.objects.create(
        completion=CourseCompletion.objects.get(enrolment__user=user),
        learner_name="Dara Sok",
        course_title_km=c.course.title,
        course_title_en=c.course_en.title,
        issuer="សាលាជាតិរដ្ឋបាលមូលដ្ឋាន",
        issued_on=datetime.date(2026, 11, 20),
    )


def test_verify_page_in_khmer(client, home, make_user):
    certificate = certificate_for(home, make_user)
    body = client.get(url("verify_code", certificate.code)).content.decode()
    assert_khmer(
        body,
        ["ផ្ទៀងផ្ទាត់វិញ្ញាបនបត្រ", "វិញ្ញាបនបត្រនេះពិតប្រាកដ។", "ប្រគល់ជូន", "ចេញដោយ"],
        ["Verify a certificate", "This certificate is genuine", "Awarded to", "Issued by"],
    )
    response = client.get(url("verify_code", "NOSUCHCODE"))
    assert response.status_code == 404
    assert_khmer(
        response.content.decode(),
        ["គ្មានវិញ្ញាបនបត្រណាមានលេខកូដ NOSUCHCODE ទេ។"],
        ["No certificate has the code"],
    )


def test_certificate_is_bilingual_whatever_the_language_shown(home, make_user):
    certificate = certificate_for(home, make_user)
    for language in ("km", "en"):
        with translation.override(language):
            html = render_to_string(
                "training/certificate_pdf.html",
                {"certificate": certificate, "url": "https://example.org/v", "qr": ""},
            )
        for khmer, english in [
            ("វិញ្ញាបនបត្របញ្ចប់វគ្គសិក្សា", "Certificate of completion"),
            ("សូមបញ្ជាក់ថា", "This is to certify that"),
            ("បានបញ្ចប់វគ្គសិក្សា", "has completed the course"),
            ("លេខកូដផ្ទៀងផ្ទាត់", "Verification code"),
        ]:
            assert khmer in html and english in html, (language, english)


@pytest.fixture
def report_data(home, make_user, districts):
    c = build_course(home, slug="rep-km", with_quiz=False, lessons=1)
    for name, gender in (("ks_f", "female"), ("ks_m", "male")):
        user = make_user(
            name, groups=["Learner"], actor_code="caf", area_code="0501", gender=gender
        )
        enrol(user, c.course)
        if gender == "female":
            complete_lesson(user, c.lessons[0])
    return c


REPORT = "/admin/training/report/"


def test_admin_report_in_khmer(client, report_data, make_user):
    staff = make_user("nat", groups=["National staff"], actor_code="nsla", area_code="12")
    client.force_login(admin_in(staff, "km"))
    body = client.get(REPORT).content.decode()
    assert_khmer(
        body,
        [
            "ការបញ្ចប់វគ្គសិក្សា",
            "អត្រាបញ្ចប់តាមទីកន្លែង",
            "អត្រាបញ្ចប់តាមប្រភេទតួអង្គ",
            "កំពុងសិក្សា",
            "តាមភេទ (បានបញ្ចប់/បានចុះឈ្មោះ)",
            "រាជធានី ខេត្តទាំងអស់",
        ],
        ["Completion rate by place", "In progress", "By gender", "All provinces"],
    )
    csv = client.get(REPORT + "?format=csv").content.decode("utf-8-sig")
    header = csv.splitlines()[0].split(",")
    assert header[:4] == ["វគ្គសិក្សា", "ប្រភេទតួអង្គ", "ទីកន្លែង", "បានចុះឈ្មោះ"]
    assert "ស្រី បានបញ្ចប់" in header and "female completed" not in csv.lower()


def test_admin_report_in_english_for_an_english_user(client, report_data, make_user):
    staff = make_user("nat", groups=["National staff"], actor_code="nsla", area_code="12")
    client.force_login(admin_in(staff, "en"))
    body = client.get(REPORT).content.decode()
    assert "Completion rate by place" in body and "អត្រាបញ្ចប់តាមទីកន្លែង" not in body


def test_cohort_errors_in_khmer(client, home, make_user):
    c = build_course(home, slug="cohort-km", with_quiz=False, lessons=1)
    client.force_login(admin_in(make_user("nat", groups=["National staff"]), "km"))
    csv = HEADER + "bad1,not-an-email,Bad,One,caf,05,female,\n"
    response = client.post(
        "/admin/training/cohort/",
        {"course": c.course.pk, "file": SimpleUploadedFile("c.csv", csv.encode())},
    )
    assert response.status_code == 400
    assert_khmer(
        response.content.decode(),
        ["ឯកសារត្រូវបានបដិសេធ", "បន្ទាត់ទី 2៖ អាសយដ្ឋានអ៊ីមែលមិនត្រឹមត្រូវ"],
        ["The file was refused", "Line 2", "the e-mail address is not valid"],
    )


def test_cohort_parse_errors_name_their_line_in_khmer(home):
    with translation.override("km"), pytest.raises(CohortRefused) as refused:
        parse((HEADER + "a,a@example.org,A,B,caf,05,female\n").encode())
    assert refused.value.errors == [(2, "ត្រូវការ 8 ជួរឈរ ប៉ុន្តែមាន 7")]


def test_api_error_follows_the_client_language(client, home, learner):
    from .test_api import event, token_for

    other = build_course(home, slug="api-km", with_quiz=False, lessons=1)
    auth = token_for(learner)
    for language, detail in (
        ("km", "មេរៀននេះមិនស្ថិតក្នុងវគ្គសិក្សាដែលអ្នកបានចុះឈ្មោះទេ"),
        ("en", "lesson is not in your enrolments"),
    ):
        response = client.post(
            "/api/training/progress-events",
            event(other.lessons[0]),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **auth,
        )
        assert response.status_code == 403
        assert response.json()["detail"] == detail


def test_an_id_reused_for_a_different_event_is_refused_in_the_client_language(
    client, home, learner
):
    from training.learning import enrol

    from .test_api import event, token_for

    c = build_course(home, slug="api-km-409", with_quiz=False, lessons=1)
    enrol(learner, c.course)
    auth = token_for(learner)
    body = event(c.lessons[0], "lesson_viewed")
    assert (
        client.post(
            "/api/training/progress-events", body, content_type="application/json", **auth
        ).status_code
        == 201
    )
    for language, message in (
        ("km", "ត្រូវបានប្រើរួចហើយសម្រាប់ព្រឹត្តិការណ៍ផ្សេង"),
        ("en", "already used for a different event"),
    ):
        response = client.post(
            "/api/training/progress-events",
            {**body, "type": "lesson_completed"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **auth,
        )
        assert response.status_code == 409
        assert response.json()["errors"] == [{"field": "id", "message": message}]

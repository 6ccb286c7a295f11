"""Two bilingual courses, learners across provinces and actor types, and their progress.

Idempotent: pages are found by slug, quizzes by their course's Khmer title, users by username;
progress is recorded through the same functions learners use, which do nothing the second time.
"""

from wagtail.models import Locale

from portal import roles
from portal.demo import home_pages, publish_pair, upsert_user
from portal.models import ActorType, Strategy

from .learning import complete_lesson, enrol, submit_quiz
from .models import (
    CompletionRule,
    CourseIndexPage,
    CourseLessonPage,
    CourseModulePage,
    CoursePage,
    Quiz,
    QuizAttempt,
)

QUESTIONS = {
    "km": [
        (
            "single",
            "តើ CAF ជាអ្វី?",
            ["អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍", "មូលនិធិឃុំ", "សវនករ"],
            "CAF សម្របសម្រួលការងារគណនេយ្យភាពសង្គមនៅឃុំ សង្កាត់។",
        ),
        (
            "true_false",
            "ផ.ស.រ.គ. ត្រូវបានព្រមព្រៀងបន្ទាប់ពីកាតពិន្ទុ។",
            ["ពិត", "មិនពិត"],
            "ត្រូវ៖ ប្រជាពលរដ្ឋ និងអ្នកផ្តល់សេវាព្រមព្រៀងគ្នាបន្ទាប់ពីកាតពិន្ទុ។",
        ),
    ],
    "en": [
        (
            "single",
            "What is a CAF?",
            ["Community Accountability Facilitator", "Commune fund", "Auditor"],
            "A CAF facilitates social accountability in the commune/sangkat.",
        ),
        (
            "true_false",
            "The JAAP is agreed after the scorecards.",
            ["True", "False"],
            "Yes: citizens and service providers agree it after the scorecards.",
        ),
    ],
}

COURSES = [
    {
        "slug": "introduction-to-social-accountability",
        "km": ("សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម", "យល់ដឹងអំពីក្របខ័ណ្ឌគណនេយ្យភាពសង្គម និងតួនាទីរបស់តួអង្គនីមួយៗ។"),
        "en": (
            "Introduction to social accountability",
            "The social accountability framework and each actor's role.",
        ),
        "rule": CompletionRule.ONLINE,
        "strategies": [2],
        "actors": ["caf", "commune-administration", "cso"],
        "modules": [
            (
                "framework",
                "ក្របខ័ណ្ឌ",
                "The framework",
                [
                    ("what-is-sa", "តើគណនេយ្យភាពសង្គមជាអ្វី?", "What is social accountability?"),
                    ("actors", "តួអង្គ និងតួនាទី", "Actors and roles"),
                ],
            ),
            (
                "tools",
                "ឧបករណ៍",
                "Tools",
                [
                    ("scorecards", "កាតពិន្ទុសហគមន៍", "Community scorecards"),
                    ("jaap", "ផែនការសកម្មភាពរួម (ផ.ស.រ.គ.)", "The Joint Accountability Action Plan"),
                ],
            ),
        ],
    },
    {
        "slug": "monitoring-the-jaap",
        "km": ("ការតាមដាន ផ.ស.រ.គ.", "តាមដាន និងវាយតម្លៃការអនុវត្តផែនការសកម្មភាពរួម។"),
        "en": (
            "Monitoring the JAAP",
            "Following up and evaluating the Joint Accountability Action Plan.",
        ),
        "rule": CompletionRule.ONLINE_OR_ATTENDANCE,
        "strategies": [5, 2],
        "actors": ["caf", "jaap-committee", "health-centre", "primary-school"],
        "modules": [
            (
                "follow-up",
                "ការតាមដាន",
                "Follow-up",
                [
                    ("indicators", "សូចនាករ", "Indicators"),
                    ("reporting", "ការរាយការណ៍", "Reporting"),
                ],
            ),
        ],
    },
]

LEARNERS = [
    # username, given, family, actor, area, gender, how far (lessons read, quiz passed?)
    ("demo_sopheap", "Sopheap", "Chea", "caf", "050101", "female", (99, True)),
    ("demo_vannak", "Vannak", "Sok", "caf", "050101", "male", (99, True)),
    ("demo_srey", "Sreymom", "Ly", "commune-administration", "050101", "female", (2, False)),
    ("demo_dara", "Dara", "Heng", "cso", "0501", "male", (99, True)),
    ("demo_kunthea", "Kunthea", "Pich", "cso", "05", "female", (0, False)),
    ("demo_rith", "Rith", "Mao", "caf", "170101", "male", (99, True)),
    ("demo_chenda", "Chenda", "Keo", "caf", "170101", "female", (3, False)),
    ("demo_bopha", "Bopha", "Nhem", "commune-administration", "1701", "female", (99, True)),
    ("demo_sokun", "Sokun", "Touch", "cso", "17", "male", (1, False)),
    ("demo_malis", "Malis", "Yim", "caf", "020101", "female", (99, True)),
    ("demo_piseth", "Piseth", "Ouk", "commune-administration", "020101", "male", (99, False)),
    ("demo_nary", "Nary", "Chan", "cso", "0201", "female", (0, False)),
    ("demo_vibol", "Vibol", "Seng", "caf", "02", "male", (2, False)),
]


def quiz_for(spec):
    """The course's quiz in Khmer and English, titled with the course's title (the template
    says "Quiz:" before it)."""
    km_locale, en_locale = (Locale.objects.get(language_code=c) for c in ("km", "en"))
    title_km, title_en = spec["km"][0], spec["en"][0]
    legacy_km = f"សំណួរ៖ {spec['slug']}"  # what earlier demos named it: renamed in place
    quizzes = {}
    for locale, lang in ((km_locale, "km"), (en_locale, "en")):
        questions = [
            {
                "type": "question",
                "value": {
                    "kind": kind,
                    "text": text,
                    "choices": [{"text": t, "correct": i == 0} for i, t in enumerate(choices)],
                    "feedback": feedback,
                },
            }
            for kind, text, choices, feedback in QUESTIONS[lang]
        ]
        if lang == "km":
            quiz = Quiz.objects.filter(title__in=[title_km, legacy_km], locale=locale).first()
            if quiz is None:
                quiz = Quiz(title=title_km, locale=locale)
            elif quiz.title != title_km:
                quiz.title = title_km
                quiz.save(update_fields=["title"])
        else:
            quiz = Quiz.objects.filter(
                translation_key=quizzes["km"].translation_key, locale=locale
            ).first() or Quiz(translation_key=quizzes["km"].translation_key, locale=locale)
            quiz.title = title_en
            # Same question and answer ids in both languages: scoring must not depend on it.
            km_raw = quizzes["km"].questions.raw_data
            for q_raw, q in zip(km_raw, questions, strict=True):
                q["id"] = q_raw["id"]
                q["value"]["choices"] = [
                    {"type": "item", "id": c_raw["id"], "value": c["value"] if "value" in c else c}
                    for c_raw, c in zip(
                        q_raw["value"]["choices"], q["value"]["choices"], strict=True
                    )
                ]
        if lang == "km" and quiz.pk:
            quizzes[lang] = quiz  # keep its ids
            continue
        quiz.questions = questions
        quiz.pass_mark, quiz.max_attempts = 100, 3
        quiz.save()
        quizzes[lang] = Quiz.objects.get(pk=quiz.pk)
    return quizzes


def build_course(index, spec):
    km_locale = Locale.objects.get(language_code="km")
    course, _en = publish_pair(
        index,
        CoursePage,
        spec["slug"],
        {
            "title": spec["km"][0],
            "summary": spec["km"][1],
            "completion_rule": spec["rule"],
            "estimated_minutes": 90,
            "issuer": "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (NSLA)",
            "learning_objectives": "<ul><li>ពន្យល់ពីគណនេយ្យភាពសង្គម</li><li>រៀបចំ ផ.ស.រ.គ.</li></ul>",
        },
        {
            "title": spec["en"][0],
            "summary": spec["en"][1],
            "completion_rule": spec["rule"],
            "estimated_minutes": 90,
            "issuer": "National School of Local Administration (NSLA)",
            "learning_objectives": "<ul><li>Explain SA</li><li>Prepare a JAAP</li></ul>",
        },
    )
    course.strategies.set(Strategy.objects.filter(number__in=spec["strategies"], locale=km_locale))
    course.actor_types.set(ActorType.objects.filter(code__in=spec["actors"], locale=km_locale))
    course.save_revision().publish()
    quizzes = quiz_for(spec)
    lessons = []
    for m_index, (m_slug, m_km, m_en, lesson_specs) in enumerate(spec["modules"]):
        module, _ = publish_pair(course, CourseModulePage, m_slug, {"title": m_km}, {"title": m_en})
        for l_index, (l_slug, l_km, l_en) in enumerate(lesson_specs):
            last = m_index == len(spec["modules"]) - 1 and l_index == len(lesson_specs) - 1
            body_km = [{"type": "paragraph", "value": f"<p>{l_km}៖ ខ្លឹមសារមេរៀន។</p>"}]
            body_en = [{"type": "paragraph", "value": f"<p>{l_en}: lesson content.</p>"}]
            if last:
                body_km.append({"type": "quiz", "value": {"quiz": quizzes["km"].pk}})
                body_en.append({"type": "quiz", "value": {"quiz": quizzes["en"].pk}})
            lesson, _ = publish_pair(
                module,
                CourseLessonPage,
                l_slug,
                {"title": l_km, "body": body_km, "estimated_minutes": 20},
                {"title": l_en, "body": body_en, "estimated_minutes": 20},
            )
            lessons.append(lesson)
    return course, lessons, quizzes["km"]


def right_answers(quiz):
    return {
        f"q_{q['id']}": [c["id"] for c in q["choices"] if c["correct"]]
        for q in quiz.question_list()
    }


def load(command):
    home, _home_en = home_pages()
    index, _ = publish_pair(
        home,
        CourseIndexPage,
        "courses",
        {
            "title": "វគ្គសិក្សា",
            "show_in_menus": True,
            "intro": "វគ្គសិក្សាតាមអនឡាញ។",
        },
        {
            "title": "Courses",
            "show_in_menus": True,
            "intro": "Online courses on social accountability work.",
        },
    )
    built = [build_course(index, spec) for spec in COURSES]
    for n, (username, given, family, actor, area, gender, (read, passed)) in enumerate(LEARNERS):
        user = upsert_user(
            username,
            first_name=given,
            last_name=family,
            groups=[roles.LEARNER],
            actor_code=actor,
            area_code=area,
            gender=gender,
        )
        for c_index, (course, lessons, quiz) in enumerate(built):
            if c_index == 1 and n % 3 == 2:
                continue  # not everyone takes the second course
            enrol(user, course, assigned=True)
            for lesson in lessons[: min(read, len(lessons))]:
                complete_lesson(user, lesson)
            already = QuizAttempt.objects.filter(enrolment__user=user, quiz=quiz, passed=True)
            if passed and read >= len(lessons) and not already.exists():
                submit_quiz(user, lessons[-1], quiz, right_answers(quiz))
    upsert_user(
        "provincial",
        first_name="Sothea",
        last_name="Kong",
        groups=[roles.PROVINCIAL_STAFF],
        actor_code="provincial-administration",
        area_code="05",
        gender="female",
    )
    command.stdout.write(f"training: 2 courses, {len(LEARNERS)} learners with progress")

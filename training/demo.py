"""Two bilingual courses, learners across provinces and actor types, and their progress.

Idempotent: pages are found by slug, quizzes by their course's Khmer title, users by username;
progress is recorded through the same functions learners use, which do nothing the second time.
The content is data, not interface text: each Khmer string has its English twin beside it.
"""

import uuid

from django.utils.html import escape
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
from .planning import demo as planning_demo

# A question: its kind, the positions of its right answers (the same in both languages), and
# per language (question, answers, feedback).
WHAT_IS_A_CAF = {
    "kind": "single",
    "right": [0],
    "km": (
        "តើ CAF ជាអ្វី?",
        ["អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍", "មូលនិធិឃុំ", "សវនករ"],
        "CAF សម្របសម្រួលការងារគណនេយ្យភាពសង្គមនៅឃុំ សង្កាត់។",
    ),
    "en": (
        "What is a CAF?",
        ["Community Accountability Facilitator", "Commune fund", "Auditor"],
        "A CAF facilitates social accountability in the commune/sangkat.",
    ),
}
JAAP_AFTER_SCORECARDS = {
    "kind": "true_false",
    "right": [0],
    "km": (
        "ផ.ស.រ.គ. ត្រូវបានព្រមព្រៀងបន្ទាប់ពីកាតពិន្ទុ។",
        ["ពិត", "មិនពិត"],
        "ត្រូវ៖ ប្រជាពលរដ្ឋ និងអ្នកផ្តល់សេវាព្រមព្រៀងគ្នាបន្ទាប់ពីកាតពិន្ទុ។",
    ),
    "en": (
        "The JAAP is agreed after the scorecards.",
        ["True", "False"],
        "Yes: citizens and service providers agree it after the scorecards.",
    ),
}
WHO_SCORES = {
    "kind": "multiple",
    "right": [0, 1],
    "km": (
        "តើអ្នកណាដាក់ពិន្ទុលើសេវា ក្នុងដំណើរការកាតពិន្ទុ?",
        ["ប្រជាពលរដ្ឋ", "អ្នកផ្តល់សេវា", "អភិបាលខេត្ត", "ដៃគូអភិវឌ្ឍន៍"],
        "ទាំងពីរ៖ ប្រជាពលរដ្ឋដាក់ពិន្ទុលើសេវា អ្នកផ្តល់សេវាដាក់ពិន្ទុលើសេវារបស់ខ្លួន ហើយបន្ទាប់មកគេប្រៀបធៀបពិន្ទុ។",
    ),
    "en": (
        "Who scores the services in the scorecard process?",
        ["Citizens", "Service providers", "The provincial governor", "Development partners"],
        "Both: citizens score the services, the providers score their own, "
        "and then they compare the scores.",
    ),
}


def tip(html):
    return ("callout", {"kind": "tip", "text": html})


# Lessons: slug, minutes, and per language (title, body). A body is a list of (block type,
# value), the same types in the same order in both languages.
WHAT_IS_SA = {
    "slug": "what-is-sa",
    "minutes": 15,
    "km": (
        "តើគណនេយ្យភាពសង្គមជាអ្វី?",
        [
            (
                "paragraph",
                "<p>គណនេយ្យភាពសង្គម គឺជាការចូលរួមរបស់ប្រជាពលរដ្ឋក្នុងការតាមដានសេវាសាធារណៈ។ "
                "ប្រជាពលរដ្ឋដឹងអំពីសេវាដែលខ្លួនត្រូវទទួល ហើយផ្តល់មតិយោបល់ទៅអ្នកផ្តល់សេវា។</p>"
                "<p>នៅកម្ពុជា ការងារនេះអនុវត្តតាមរយៈ ISAF គឺការអនុវត្តក្របខ័ណ្ឌគណនេយ្យភាពសង្គម "
                "ជាមួយលេខាធិការដ្ឋាន គ.ជ.អ.ប.។ ការងារនេះធ្វើនៅថ្នាក់ឃុំ សង្កាត់៖ "
                "នៅរដ្ឋបាលឃុំ សង្កាត់ មណ្ឌលសុខភាព និងសាលាបឋមសិក្សា។</p>",
            ),
            tip(
                "<p>គោលបំណងនៃយុទ្ធសាស្ត្រជាតិ៖ អង្គភាពផ្តល់សេវាថ្នាក់ឃុំ សង្កាត់ "
                "មានម្ចាស់ការលើការងារនេះ ក្នុងភាពជាដៃគូយ៉ាងជិតស្និទ្ធជាមួយសង្គមស៊ីវិល។</p>"
            ),
        ],
    ),
    "en": (
        "What is social accountability?",
        [
            (
                "paragraph",
                "<p>Social accountability means that citizens take part in checking public "
                "services. Citizens learn which services they should receive, and they give "
                "their views to the service providers.</p>"
                "<p>In Cambodia this work is done through ISAF, the Implementation of the Social "
                "Accountability Framework, with the NCDD Secretariat. It happens at "
                "commune/sangkat level: in the commune/sangkat administration, the health centre "
                "and the primary school.</p>",
            ),
            tip(
                "<p>The national strategy's objective: the service-delivery units at "
                "commune/sangkat level own this work, in close partnership with civil "
                "society.</p>"
            ),
        ],
    ),
}
ACTORS = {
    "slug": "actors",
    "minutes": 15,
    "km": (
        "តួអង្គ និងតួនាទី",
        [
            (
                "paragraph",
                "<p>តួអង្គជាច្រើនចូលរួមក្នុងការងារគណនេយ្យភាពសង្គម។ "
                "តួអង្គនីមួយៗមានតួនាទីរៀងៗខ្លួន៖</p>"
                "<ul>"
                "<li>ប្រជាពលរដ្ឋ៖ ស្វែងយល់អំពីសេវា វាយតម្លៃសេវា និងតាមដានផែនការ។</li>"
                "<li>អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ (CAF)៖ ជួយប្រជាពលរដ្ឋឱ្យចូលរួម "
                "និងសម្របសម្រួលកិច្ចប្រជុំកាតពិន្ទុ។</li>"
                "<li>រដ្ឋបាលឃុំ សង្កាត់ មណ្ឌលសុខភាព និងសាលាបឋមសិក្សា៖ ផ្តល់ព័ត៌មាន "
                "និងអនុវត្តសកម្មភាពដែលបានព្រមព្រៀង។</li>"
                "<li>គណៈកម្មាធិការ ផ.ស.រ.គ.៖ តាមដាន ផ.ស.រ.គ. និងរាយការណ៍ទៅប្រជាពលរដ្ឋវិញ។</li>"
                "<li>សាលាជាតិរដ្ឋបាលមូលដ្ឋាន និងក្រុមការងារគណនេយ្យភាពសង្គម៖ "
                "បណ្តុះបណ្តាល និងគាំទ្រការងារ។</li>"
                "</ul>"
                "<p>អង្គការសង្គមស៊ីវិលធ្វើការជាដៃគូជាមួយតួអង្គទាំងអស់នេះ។</p>",
            ),
        ],
    ),
    "en": (
        "Actors and roles",
        [
            (
                "paragraph",
                "<p>Many actors take part in social-accountability work. Each has its own "
                "role:</p>"
                "<ul>"
                "<li>Citizens: learn about the services, score them and follow the plan.</li>"
                "<li>Community Accountability Facilitators (CAFs): help citizens take part and "
                "facilitate the scorecard meetings.</li>"
                "<li>The commune/sangkat administration, health centre and primary school: share "
                "information and carry out the actions they agreed.</li>"
                "<li>The JAAP committee: follows up the JAAP and reports back to citizens.</li>"
                "<li>The National School of Local Administration and the SA working groups: "
                "train and support the work.</li>"
                "</ul>"
                "<p>Civil society organisations work in partnership with all of them.</p>",
            ),
        ],
    ),
}
SCORECARDS = {
    "slug": "scorecards",
    "minutes": 15,
    "km": (
        "កាតពិន្ទុសហគមន៍",
        [
            (
                "paragraph",
                "<p>មុនកាតពិន្ទុ ប្រជាពលរដ្ឋទទួលបានព័ត៌មានអំពីសេវា៖ ថវិកាឃុំ សង្កាត់ "
                "និងស្តង់ដារសេវារបស់មណ្ឌលសុខភាព និងសាលាបឋមសិក្សា។ "
                "នេះគឺជាព័ត៌មានសម្រាប់ប្រជាពលរដ្ឋ (I4C)។</p>"
                "<p>ក្នុងកិច្ចប្រជុំកាតពិន្ទុ ប្រជាពលរដ្ឋដាក់ពិន្ទុលើសេវា "
                "និងលើកឡើងអ្វីដែលត្រូវកែលម្អ។ អ្នកផ្តល់សេវាក៏ដាក់ពិន្ទុលើសេវារបស់ខ្លួនដែរ។ "
                "CAF សម្របសម្រួលកិច្ចប្រជុំ។</p>"
                "<p>បន្ទាប់មក ភាគីទាំងពីរជួបគ្នា ហើយប្រៀបធៀបពិន្ទុ។ "
                "អ្វីដែលគេព្រមព្រៀងកែលម្អ ត្រូវដាក់ក្នុង ផ.ស.រ.គ.។</p>",
            ),
        ],
    ),
    "en": (
        "Community scorecards",
        [
            (
                "paragraph",
                "<p>Before the scorecards, citizens receive information about the services: the "
                "commune/sangkat budget and the service standards of the health centre and the "
                "primary school. This is information for citizens (I4C).</p>"
                "<p>In the scorecard meetings, citizens score the services and say what should "
                "improve. The service providers score their own services too. A CAF facilitates "
                "the meetings.</p>"
                "<p>Then the two sides meet and compare their scores. What they agree to improve "
                "goes into the JAAP.</p>",
            ),
        ],
    ),
}
JAAP = {
    "slug": "jaap",
    "minutes": 15,
    "km": (
        "ផែនការសកម្មភាពរួម (ផ.ស.រ.គ.)",
        [
            (
                "paragraph",
                "<p>ផ.ស.រ.គ. ត្រូវបានព្រមព្រៀងរវាងប្រជាពលរដ្ឋ និងអ្នកផ្តល់សេវា "
                "បន្ទាប់ពីកាតពិន្ទុ។ ផែនការនេះមានសកម្មភាពដែលនឹងធ្វើឱ្យសេវាប្រសើរឡើង។</p>"
                "<p>សម្រាប់សកម្មភាពនីមួយៗ ផ.ស.រ.គ. បញ្ជាក់៖</p>"
                "<ul><li>ធ្វើអ្វី</li><li>អ្នកណាទទួលខុសត្រូវ</li><li>ធ្វើរួចនៅពេលណា</li></ul>"
                "<p>គណៈកម្មាធិការ ផ.ស.រ.គ. តាមដានការអនុវត្តផែនការ។ សកម្មភាពខ្លះត្រូវការថវិកា៖ "
                "ឃុំ សង្កាត់អាចដាក់សកម្មភាពទាំងនោះក្នុងផែនការ និងថវិការបស់ខ្លួន។</p>",
            ),
        ],
    ),
    "en": (
        "The Joint Accountability Action Plan",
        [
            (
                "paragraph",
                "<p>The JAAP is agreed between citizens and service providers after the "
                "scorecards. It lists the actions that will make the services better.</p>"
                "<p>For each action, the JAAP says:</p>"
                "<ul><li>what will be done</li><li>who is responsible</li><li>by when</li></ul>"
                "<p>The JAAP committee follows up the plan. Some actions need money: the "
                "commune/sangkat can put them in its plan and budget.</p>",
            ),
        ],
    ),
}
INDICATORS = {
    "slug": "indicators",
    "minutes": 15,
    "km": (
        "សូចនាករ",
        [
            (
                "paragraph",
                "<p>សូចនាករបង្ហាញថា សកម្មភាពក្នុង ផ.ស.រ.គ. កំពុងដំណើរការឬទេ។ "
                "ជ្រើសរើសសូចនាករសាមញ្ញពីរបី ដែលអ្នករាល់គ្នាអាចពិនិត្យបាន។ ឧទាហរណ៍៖</p>"
                "<ul>"
                "<li>មណ្ឌលសុខភាពបើកតាមម៉ោងដែលបានបិទផ្សាយ</li>"
                "<li>សាលាបឋមសិក្សាបិទផ្សាយថវិកានៅលើក្តារព័ត៌មាន</li>"
                "<li>ចំនួនប្រជាពលរដ្ឋ ស្ត្រី និងបុរស ដែលចូលរួមកិច្ចប្រជុំ ផ.ស.រ.គ.</li>"
                "</ul>",
            ),
            tip("<p>កត់ត្រាស្ថានភាពដើម និងគោលដៅនៃសូចនាករនីមួយៗ ហើយពិនិត្យវានៅរាល់កិច្ចប្រជុំតាមដាន។</p>"),
        ],
    ),
    "en": (
        "Indicators",
        [
            (
                "paragraph",
                "<p>An indicator shows whether a JAAP action is moving forward. Choose a few "
                "simple indicators that everyone can check. For example:</p>"
                "<ul>"
                "<li>the health centre is open at the posted hours</li>"
                "<li>the primary school posts its budget on the information board</li>"
                "<li>the number of citizens, women and men, who attend the JAAP meetings</li>"
                "</ul>",
            ),
            tip(
                "<p>Write down the starting point and the target of each indicator, and check "
                "them at every follow-up meeting.</p>"
            ),
        ],
    ),
}
REPORTING = {
    "slug": "reporting",
    "minutes": 15,
    "km": (
        "ការរាយការណ៍",
        [
            (
                "paragraph",
                "<p>គណៈកម្មាធិការ ផ.ស.រ.គ. រាយការណ៍អំពីសកម្មភាព៖ អ្វីដែលបានធ្វើរួច "
                "អ្វីដែលយឺត និងមូលហេតុ។ គណៈកម្មាធិការរាយការណ៍ទៅប្រជាពលរដ្ឋវិញ "
                "ក្នុងកិច្ចប្រជុំសាធារណៈ និងនៅលើក្តារព័ត៌មានឃុំ។</p>"
                "<p>CAF និងរដ្ឋបាលឃុំ សង្កាត់ ផ្ញើលទ្ធផលទៅរដ្ឋបាលក្រុង ស្រុក ខណ្ឌ។ "
                "អង្គភាពត្រួតពិនិត្យ វាយតម្លៃ និងព័ត៌មាន នៃលេខាធិការដ្ឋាន គ.ជ.អ.ប. "
                "ប្រមូលទិន្នន័យពីគ្រប់រាជធានី ខេត្ត។</p>",
            ),
            tip(
                "<p>ការរាយការណ៍ទៅប្រជាពលរដ្ឋវិញ សំខាន់បំផុត៖ "
                "វាបង្ហាញថាសំឡេងរបស់ពួកគេបានធ្វើឱ្យសេវាប្រសើរឡើង។ "
                "លទ្ធផលក៏ជួយរៀបចំ ផ.ស.រ.គ. លើកក្រោយដែរ។</p>"
            ),
        ],
    ),
    "en": (
        "Reporting",
        [
            (
                "paragraph",
                "<p>The JAAP committee reports on the actions: what was done, what is late, and "
                "why. It reports back to citizens at a public meeting and on the commune "
                "information board.</p>"
                "<p>The CAF and the commune/sangkat administration send the results to the "
                "municipal/district/khan administration. The M&amp;E and Information Unit of the "
                "NCDD Secretariat gathers the data from every capital and province.</p>",
            ),
            tip(
                "<p>Reporting back to citizens matters most: it shows them that their voice made "
                "the services better. The results also help to prepare the next JAAP.</p>"
            ),
        ],
    ),
}

COURSES = [
    {
        "slug": "introduction-to-social-accountability",
        "km": ("សេចក្តីផ្តើមអំពីគណនេយ្យភាពសង្គម", "យល់ដឹងអំពីក្របខ័ណ្ឌគណនេយ្យភាពសង្គម និងតួនាទីរបស់តួអង្គនីមួយៗ។"),
        "en": (
            "Introduction to social accountability",
            "The social accountability framework and each actor's role.",
        ),
        "objectives": {
            "km": [
                "ពន្យល់ថា គណនេយ្យភាពសង្គមជាអ្វី និងហេតុអ្វីវាសំខាន់នៅថ្នាក់ឃុំ សង្កាត់",
                "រៀបរាប់តួអង្គនៃការងារគណនេយ្យភាពសង្គម និងតួនាទីរបស់តួអង្គនីមួយៗ",
                "ពិពណ៌នាជំហាននៃ ISAF៖ ព័ត៌មានសម្រាប់ប្រជាពលរដ្ឋ កាតពិន្ទុ និង ផ.ស.រ.គ.",
                "ពន្យល់ថា ផ.ស.រ.គ. ត្រូវបានព្រមព្រៀងដោយរបៀបណា",
            ],
            "en": [
                "Explain what social accountability is and why it matters at commune/sangkat level",
                "Name the actors of SA work and the role of each",
                "Describe the steps of ISAF: information for citizens, scorecards and the JAAP",
                "Explain how a JAAP is agreed",
            ],
        },
        "minutes": 75,
        "rule": CompletionRule.ONLINE,
        "strategies": [2],
        "actors": ["caf", "commune-administration", "cso"],
        "prerequisites": [],
        "modules": [
            ("framework", "ក្របខ័ណ្ឌ", "The framework", [WHAT_IS_SA, ACTORS]),
            ("tools", "ឧបករណ៍", "Tools", [SCORECARDS, JAAP]),
        ],
        "questions": [WHAT_IS_A_CAF, JAAP_AFTER_SCORECARDS, WHO_SCORES],
    },
    {
        "slug": "monitoring-the-jaap",
        "km": ("ការតាមដាន ផ.ស.រ.គ.", "តាមដាន និងវាយតម្លៃការអនុវត្តផែនការសកម្មភាពរួម។"),
        "en": (
            "Monitoring the JAAP",
            "Following up and evaluating the Joint Accountability Action Plan.",
        ),
        "objectives": {
            "km": [
                "ជ្រើសរើសសូចនាករសាមញ្ញសម្រាប់សកម្មភាពក្នុង ផ.ស.រ.គ.",
                "តាមដានសកម្មភាព ផ.ស.រ.គ. ក្នុងកិច្ចប្រជុំជាប្រចាំ",
                "រាយការណ៍លទ្ធផលទៅប្រជាពលរដ្ឋវិញ និងទៅរដ្ឋបាលក្រុង ស្រុក ខណ្ឌ",
                "ប្រើលទ្ធផលដើម្បីកែលម្អ ផ.ស.រ.គ. លើកក្រោយ",
            ],
            "en": [
                "Choose simple indicators for the JAAP actions",
                "Follow up the JAAP actions at regular meetings",
                "Report the results back to citizens and to the municipal/district/khan "
                "administration",
                "Use the results to improve the next JAAP",
            ],
        },
        "minutes": 45,
        "rule": CompletionRule.ONLINE_OR_ATTENDANCE,
        "strategies": [5, 2],
        "actors": ["caf", "jaap-committee", "health-centre", "primary-school"],
        # Learners are enrolled by assignment, which enrol() lets past prerequisites; those who
        # complete this course completed the first one before (see load).
        "prerequisites": ["introduction-to-social-accountability"],
        "modules": [
            ("follow-up", "ការតាមដាន", "Follow-up", [INDICATORS, REPORTING]),
        ],
        "questions": [WHAT_IS_A_CAF, JAAP_AFTER_SCORECARDS],
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


def _ids(raw):
    """The id of a stored block or list item, or a fresh one."""
    return raw.get("id") if isinstance(raw, dict) and raw.get("id") else str(uuid.uuid4())


def quiz_ids(stored, spec_questions):
    """[(question id, [answer ids])] for the spec's questions: the ids already stored, position
    by position, so attempts keep pointing at their questions when the demo runs again, and
    fresh ids for a question or answer the stored quiz does not have yet."""
    result = []
    for n, question in enumerate(spec_questions):
        old = stored[n] if n < len(stored) else {}
        old_choices = old.get("value", {}).get("choices", []) if old else []
        answers = question["km"][1]
        choice_ids = [
            _ids(old_choices[i] if i < len(old_choices) else None) for i in range(len(answers))
        ]
        result.append((_ids(old or None), choice_ids))
    return result


def quiz_for(spec):
    """The course's quiz in Khmer and English, titled with the course's title (the template
    says "Quiz:" before it). Questions are written in place with the same question and answer
    ids in both languages: scoring must not depend on the language."""
    km_locale, en_locale = (Locale.objects.get(language_code=c) for c in ("km", "en"))
    title_km, title_en = spec["km"][0], spec["en"][0]
    legacy_km = f"សំណួរ៖ {spec['slug']}"  # what earlier demos named it: renamed in place
    km = Quiz.objects.filter(title__in=[title_km, legacy_km], locale=km_locale).first()
    if km is None:
        km = Quiz(title=title_km, locale=km_locale)
    ids = quiz_ids(list(km.questions.raw_data) if km.pk else [], spec["questions"])
    en = None
    if km.pk:
        en = Quiz.objects.filter(translation_key=km.translation_key, locale=en_locale).first()
    en = en or Quiz(translation_key=km.translation_key, locale=en_locale)
    for quiz, lang, title in ((km, "km", title_km), (en, "en", title_en)):
        quiz.title = title
        quiz.questions = [
            {
                "type": "question",
                "id": question_id,
                "value": {
                    "kind": question["kind"],
                    "text": question[lang][0],
                    "choices": [
                        {
                            "type": "item",
                            "id": choice_id,
                            "value": {"text": text, "correct": i in question["right"]},
                        }
                        for i, (choice_id, text) in enumerate(
                            zip(choice_ids, question[lang][1], strict=True)
                        )
                    ],
                    "feedback": question[lang][2],
                },
            }
            for question, (question_id, choice_ids) in zip(spec["questions"], ids, strict=True)
        ]
        quiz.pass_mark, quiz.max_attempts = 100, 3
        quiz.save()
    return {lang: Quiz.objects.get(pk=quiz.pk) for lang, quiz in (("km", km), ("en", en))}


def objectives_html(objectives):
    return "<ul>" + "".join(f"<li>{escape(o)}</li>" for o in objectives) + "</ul>"


def lesson_body(blocks):
    return [{"type": kind, "value": value} for kind, value in blocks]


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
            "estimated_minutes": spec["minutes"],
            "issuer": "សាលាជាតិរដ្ឋបាលមូលដ្ឋាន (NSLA)",
            "learning_objectives": objectives_html(spec["objectives"]["km"]),
        },
        {
            "title": spec["en"][0],
            "summary": spec["en"][1],
            "completion_rule": spec["rule"],
            "estimated_minutes": spec["minutes"],
            "issuer": "National School of Local Administration (NSLA)",
            "learning_objectives": objectives_html(spec["objectives"]["en"]),
        },
    )
    course.strategies.set(Strategy.objects.filter(number__in=spec["strategies"], locale=km_locale))
    course.actor_types.set(ActorType.objects.filter(code__in=spec["actors"], locale=km_locale))
    course.prerequisites.set(
        CoursePage.objects.child_of(index).filter(slug__in=spec.get("prerequisites", []))
    )
    course.save_revision().publish()
    quizzes = quiz_for(spec)
    lessons = []
    for m_index, (m_slug, m_km, m_en, lesson_specs) in enumerate(spec["modules"]):
        module, _ = publish_pair(course, CourseModulePage, m_slug, {"title": m_km}, {"title": m_en})
        for l_index, lesson_spec in enumerate(lesson_specs):
            last = m_index == len(spec["modules"]) - 1 and l_index == len(lesson_specs) - 1
            (title_km, blocks_km), (title_en, blocks_en) = lesson_spec["km"], lesson_spec["en"]
            body_km, body_en = lesson_body(blocks_km), lesson_body(blocks_en)
            if last:
                body_km.append({"type": "quiz", "value": {"quiz": quizzes["km"].pk}})
                body_en.append({"type": "quiz", "value": {"quiz": quizzes["en"].pk}})
            minutes = lesson_spec["minutes"]
            lesson, _ = publish_pair(
                module,
                CourseLessonPage,
                lesson_spec["slug"],
                {"title": title_km, "body": body_km, "estimated_minutes": minutes},
                {"title": title_en, "body": body_en, "estimated_minutes": minutes},
            )
            lessons.append(lesson)
    return course, lessons, quizzes["km"]


def right_answers(quiz):
    """The form a learner who gets every question right posts: every right answer, several
    for a multiple-choice question."""
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
    # In order: a course's prerequisites are built before it.
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
        # Course by course, in order: whoever completes the second course has completed the
        # first before. Enrolments are assigned (as NSLA assigns a cohort), which enrol() lets
        # past prerequisites, so learners still working on the first course are in the second.
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
    planning_demo.load(command)

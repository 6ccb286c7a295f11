"""Demo content of the knowledge base: a guidebook, lessons and exchange visits, in Khmer and
English, tagged with the shared vocabulary. Idempotent: pages are found by slug and updated."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from portal import roles
from portal.demo import home_pages, locales, publish_pair, upsert_user
from portal.models import ActorType, AdministrativeArea, Organisation, Strategy

from .models import (
    ExchangeIndexPage,
    ExchangeVisitor,
    ExchangeVisitPage,
    FollowUpAction,
    GuidebookChapterPage,
    GuidebookPage,
    GuidebookSectionPage,
    LessonIndexPage,
    LessonPage,
    ParticipantsByActor,
    ParticipantsByGender,
)


def _strategies(*numbers):
    km, _en = locales()
    return list(Strategy.objects.filter(locale=km, number__in=numbers))


def _actors(*codes):
    km, _en = locales()
    return list(ActorType.objects.filter(locale=km, code__in=codes))


def _actor(code):
    return _actors(code)[0]


def _area(code):
    return AdministrativeArea.objects.get(code=code)


def _demo_image():
    from PIL import Image, ImageDraw

    Image_ = get_image_model()
    image = Image_.objects.filter(title="ISAF cycle (demo)").first()
    if image:
        return image
    canvas = Image.new("RGB", (800, 360), "white")
    draw = ImageDraw.Draw(canvas)
    colours = ["#0b5394", "#c27c0e", "#2e7d32", "#6a1b9a"]
    for n, colour in enumerate(colours):
        x = 40 + n * 190
        draw.rounded_rectangle((x, 120, x + 150, 240), radius=20, fill=colour)
        if n < 3:
            draw.polygon([(x + 160, 170), (x + 180, 180), (x + 160, 190)], fill="#5b6472")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    image = Image_(
        title="ISAF cycle (demo)",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="isaf-cycle.png"),
    )
    image.save()
    return image


def _demo_document():
    Document = get_document_model()
    document = Document.objects.filter(title="JAAP template (demo)").first()
    if document:
        return document
    csv = "សកម្មភាព,អ្នកទទួលខុសត្រូវ,កាលបរិច្ឆេទ,ស្ថានភាព\nAction,Who,By when,Status\n"
    document = Document(title="JAAP template (demo)")
    document.file.save("jaap-template.csv", ContentFile(csv.encode("utf-8")), save=False)
    document.save()
    return document


GUIDEBOOK = [
    (
        "introduction",
        ("សេចក្តីផ្តើម", "Introduction"),
        (
            "<p>សៀវភៅណែនាំនេះពន្យល់ពីការងារគណនេយ្យភាពសង្គមថ្នាក់ឃុំ សង្កាត់។</p>",
            "<p>This guidebook explains social-accountability work at commune/sangkat level.</p>",
        ),
        [
            ("purpose", ("គោលបំណងនៃសៀវភៅណែនាំ", "Purpose of the guidebook"), "purpose"),
            ("principles", ("គោលការណ៍", "Principles"), "principles"),
        ],
    ),
    (
        "jaap",
        ("ផែនការសកម្មភាពរួម ផ.ស.រ.គ.", "The joint accountability action plan (JAAP)"),
        (
            "<p>ផ.ស.រ.គ. ត្រូវបានព្រមព្រៀងរវាងប្រជាពលរដ្ឋ និងអ្នកផ្តល់សេវា។</p>",
            "<p>The JAAP is agreed between citizens and service providers.</p>",
        ),
        [
            ("preparing", ("ការរៀបចំ ផ.ស.រ.គ.", "Preparing the JAAP"), "steps"),
            ("following-up", ("ការតាមដាន", "Following up"), "table"),
        ],
    ),
    (
        "monitoring",
        ("ការត្រួតពិនិត្យ និងការវាយតម្លៃ", "Monitoring and evaluation"),
        (
            "<p>ការត្រួតពិនិត្យជួយឱ្យដឹងថាសកម្មភាពបានអនុវត្តឬនៅ។</p>",
            "<p>Monitoring shows whether the actions were carried out.</p>",
        ),
        [
            ("indicators", ("សូចនាករ", "Indicators"), "figure"),
            ("reporting", ("ការរាយការណ៍", "Reporting"), "document"),
        ],
    ),
]


def _section_body(kind, language, image, document, cross_reference):
    km = language == "km"
    body = [
        ("heading", "ទិដ្ឋភាពទូទៅ" if km else "Overview"),
        (
            "paragraph",
            RichText(
                "<p>ការងារ<b>គណនេយ្យភាពសង្គម</b>ត្រូវបានធ្វើស្ថាប័នូបនីយកម្មក្នុងរចនាសម្ព័ន្ធ "
                "និងប្រព័ន្ធនៃអង្គភាពផ្តល់សេវាថ្នាក់ឃុំ សង្កាត់។</p>"
                if km
                else "<p><b>Social accountability</b> is institutionalised in the structures and "
                "systems of the service-delivery units at commune/sangkat level.</p>"
            ),
        ),
    ]
    if kind == "principles":
        items_km = ["ធ្វើស្ថាប័នូបនីយកម្ម", "ម្ចាស់ការ", "ពាក់ព័ន្ធ", "សាមញ្ញ និងងាយយល់"]
        items_en = ["Institutionalise", "Ownership", "Relevance", "Simple and easy to understand"]
        body.append(
            (
                "checklist",
                {"title": "គោលការណ៍" if km else "Principles", "items": items_km if km else items_en},
            )
        )
        body.append(
            (
                "callout",
                {
                    "kind": "tip",
                    "text": RichText(
                        "<p>ចាប់ផ្តើមពីអ្វីដែលឃុំធ្វើរួចហើយ។</p>"
                        if km
                        else "<p>Start from what the commune already does.</p>"
                    ),
                },
            )
        )
    elif kind == "steps":
        steps_km = ["<p>ប្រមូលលទ្ធផលកាតពិន្ទុ</p>", "<p>ប្រជុំរួមគ្នា</p>", "<p>ចុះហត្ថលេខា ផ.ស.រ.គ.</p>"]
        steps_en = [
            "<p>Collect the scorecard results</p>",
            "<p>Hold the joint meeting</p>",
            "<p>Sign the JAAP</p>",
        ]
        body.append(
            (
                "steps",
                {
                    "title": "ជំហាន" if km else "Steps",
                    "steps": [RichText(s) for s in (steps_km if km else steps_en)],
                },
            )
        )
        body.append(
            (
                "callout",
                {
                    "kind": "legal",
                    "text": RichText(
                        "<p>យោងតាមក្របខណ្ឌអនុវត្តគណនេយ្យភាពសង្គម (ISAF)។</p>"
                        if km
                        else "<p>See the Implementation of the Social Accountability "
                        "Framework (ISAF).</p>"
                    ),
                },
            )
        )
    elif kind == "table":
        data = (
            [
                ["សកម្មភាព", "អ្នកទទួលខុសត្រូវ", "ស្ថានភាព"],
                ["បិទផ្សាយថវិកា", "ក្រុមប្រឹក្សាឃុំ", "បានធ្វើ"],
                ["ជួសជុលមណ្ឌលសុខភាព", "មន្ទីរសុខាភិបាល", "កំពុងធ្វើ"],
            ]
            if km
            else [
                ["Action", "Who", "Status"],
                ["Post the budget", "Commune council", "Done"],
                ["Repair the health centre", "Health department", "In progress"],
            ]
        )
        body.append(
            (
                "table",
                {
                    "data": data,
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_header_choice": "row",
                },
            )
        )
        body.append(
            (
                "callout",
                {
                    "kind": "warning",
                    "text": RichText(
                        "<p>កុំភ្លេចរាយការណ៍ទៅប្រជាពលរដ្ឋវិញ។</p>"
                        if km
                        else "<p>Do not forget to report back to citizens.</p>"
                    ),
                },
            )
        )
    elif kind == "figure":
        body.append(
            (
                "figure",
                {
                    "image": image,
                    "caption": "វដ្តនៃការងារគណនេយ្យភាពសង្គម" if km else "The SA work cycle",
                },
            )
        )
    elif kind == "document":
        body.append(
            ("document", {"document": document, "title": "គំរូ ផ.ស.រ.គ." if km else "JAAP template"})
        )
    if cross_reference is not None:
        body.append(("cross_reference", {"section": cross_reference, "text": ""}))
    return body


def load_guidebook(home, image, document):
    book, _book_en = publish_pair(
        home,
        GuidebookPage,
        "guidebook",
        {
            "title": "សៀវភៅណែនាំរួមស្តីពីការងារគណនេយ្យភាពសង្គម",
            "show_in_menus": True,
            "edition": "បោះពុម្ពលើកទី ១",
            "effective_date": datetime.date(2026, 6, 3),
            "summary": "សៀវភៅណែនាំរួមសម្រាប់ការអនុវត្តការងារគណនេយ្យភាពសង្គមថ្នាក់ឃុំ សង្កាត់ (យុទ្ធសាស្ត្រទី ៣)។",
        },
        {
            "title": "Joint guidebook on social-accountability work",
            "show_in_menus": True,
            "edition": "First edition",
            "effective_date": datetime.date(2026, 6, 3),
            "summary": "The joint guidebook on SA work at commune/sangkat level (Strategy 3).",
        },
    )
    first_section = None
    for slug, (km_title, en_title), (km_intro, en_intro), sections in GUIDEBOOK:
        chapter, _ = publish_pair(
            book,
            GuidebookChapterPage,
            slug,
            {"title": km_title, "intro": km_intro},
            {"title": en_title, "intro": en_intro},
        )
        for section_slug, (s_km, s_en), kind in sections:
            reference = first_section if kind in ("table", "document") else None
            section, _ = publish_pair(
                chapter,
                GuidebookSectionPage,
                section_slug,
                {
                    "title": s_km,
                    "body": _section_body(kind, "km", image, document, reference),
                    "strategies": _strategies(3),
                },
                {
                    "title": s_en,
                    "body": _section_body(kind, "en", image, document, reference),
                    "strategies": _strategies(3),
                },
            )
            first_section = first_section or section
    return book


LESSONS = [
    {
        "slug": "posting-the-commune-budget",
        "km": (
            "ការបិទផ្សាយថវិកាឃុំនៅសាលាឃុំ",
            "ឃុំបរសេដ្ឋបិទផ្សាយថវិកា និងគម្រោងវិនិយោគនៅសាលាឃុំ ដើម្បីឱ្យប្រជាពលរដ្ឋអាចតាមដាន។",
        ),
        "en": (
            "Posting the commune budget at the commune hall",
            "Basedth commune posts its budget and investment plan at the commune hall so that "
            "citizens can follow it.",
        ),
        "sector": "commune-administration",
        "date": datetime.date(2026, 3, 14),
        "area": "050101",
        "strategies": (1, 4),
        "actors": ("commune-administration", "caf"),
    },
    {
        "slug": "health-centre-scorecard",
        "km": (
            "កាតពិន្ទុសហគមន៍នៅមណ្ឌលសុខភាព",
            "ប្រជាពលរដ្ឋ និងបុគ្គលិកមណ្ឌលសុខភាពបានវាយតម្លៃសេវា ហើយព្រមព្រៀងលើ ផ.ស.រ.គ.។",
        ),
        "en": (
            "Community scorecard at the health centre",
            "Citizens and health-centre staff rated the services and agreed a JAAP.",
        ),
        "sector": "health",
        "date": datetime.date(2025, 11, 20),
        "area": "170101",
        "strategies": (1, 5),
        "actors": ("health-centre", "jaap-committee"),
    },
    {
        "slug": "caf-network-meeting",
        "km": ("បណ្តាញ CAFs ប្រជុំប្រចាំខែ", "បណ្តាញ CAFs ថ្នាក់ស្រុកប្រជុំរៀងរាល់ខែ ដើម្បីចែករំលែកបទពិសោធន៍។"),
        "en": (
            "Monthly CAF network meeting",
            "The district CAF network meets every month to share experience.",
        ),
        "sector": "other",
        "date": datetime.date(2026, 1, 8),
        "area": "0201",
        "strategies": (7, 2),
        "actors": ("district-caf-network", "caf"),
    },
    {
        "slug": "school-information-board",
        "km": ("ក្តារព័ត៌មាននៅសាលាបឋមសិក្សា", "សាលាបឋមសិក្សាបិទផ្សាយព័ត៌មានសម្រាប់ប្រជាពលរដ្ឋ (I4C)។"),
        "en": None,  # Khmer only: the English index says so
        "sector": "education",
        "date": datetime.date(2026, 5, 2),
        "area": "05",
        "strategies": (6,),
        "actors": ("primary-school",),
    },
]


def load_lessons(home, image, organisation):
    index, _ = publish_pair(
        home,
        LessonIndexPage,
        "lessons",
        {
            "title": "មេរៀនបទពិសោធន៍ និងការអនុវត្តល្អ",
            "show_in_menus": True,
            "intro": "មេរៀន និងបទពិសោធន៍ល្អនៃការអនុវត្តការងារគណនេយ្យភាពសង្គម។",
        },
        {
            "title": "Lessons learned and good practices",
            "show_in_menus": True,
            "intro": "Lessons and good experiences of SA implementation.",
        },
    )
    pages = {}
    for lesson in LESSONS:
        common = {
            "sector": lesson["sector"],
            "date": lesson["date"],
            "area": _area(lesson["area"]),
            "organisation": organisation,
            "strategies": _strategies(*lesson["strategies"]),
            "actor_types": _actors(*lesson["actors"]),
            "images": [("image", {"image": image, "caption": ""})],
        }
        km_title, km_summary = lesson["km"]
        km = {
            **common,
            "title": km_title,
            "summary": km_summary,
            "what_was_done": f"<p>{km_summary}</p>",
            "what_was_learned": "<p>ការចូលរួមរបស់ប្រជាពលរដ្ឋកើនឡើង។</p>",
            "recommendations": "<p>ធ្វើម្តងទៀតរៀងរាល់ឆ្នាំ។</p>",
        }
        en = None
        if lesson["en"]:
            en_title, en_summary = lesson["en"]
            en = {
                **common,
                "title": en_title,
                "summary": en_summary,
                "what_was_done": f"<p>{en_summary}</p>",
                "what_was_learned": "<p>More citizens took part.</p>",
                "recommendations": "<p>Repeat it every year.</p>",
            }
        pages[lesson["slug"]], _ = publish_pair(index, LessonPage, lesson["slug"], km, en)
    return pages


EXCHANGES = [
    {
        "slug": "kampong-speu-visits-battambang",
        "km": "រដ្ឋបាលស្រុកបរសេដ្ឋទស្សនកិច្ចសិក្សានៅស្រុកបាណន់",
        "en": "Basedth district visits Banan district",
        "host": "0201",
        "host_actor": "district-administration",
        "visitors": ["0501", "050101"],
        "start": datetime.date(2026, 2, 10),
        "end": datetime.date(2026, 2, 11),
        "strategies": (2, 8),
        "women": 9,
        "men": 12,
        "lessons": ["caf-network-meeting"],
    },
    {
        "slug": "siem-reap-hosts-kampong-speu",
        "km": "ឃុំចារឈូកស្វាគមន៍គណៈប្រតិភូពីខេត្តកំពង់ស្ពឺ",
        "en": "Char Chhuk commune welcomes a delegation from Kampong Speu",
        "host": "170101",
        "host_actor": "commune-administration",
        "visitors": ["05"],
        "start": datetime.date(2025, 9, 3),
        "end": None,
        "strategies": (1, 5),
        "women": 6,
        "men": 5,
        "lessons": ["health-centre-scorecard"],
    },
    {
        "slug": "battambang-visits-kampong-speu",
        "km": "ក្រុមការងារខេត្តបាត់ដំបងទស្សនកិច្ចនៅខេត្តកំពង់ស្ពឺ",
        "en": "Battambang working group visits Kampong Speu",
        "host": "05",
        "host_actor": "provincial-administration",
        "visitors": ["02", "17"],
        "start": datetime.date(2026, 4, 22),
        "end": datetime.date(2026, 4, 23),
        "strategies": (3, 4),
        "women": 14,
        "men": 10,
        "lessons": ["posting-the-commune-budget"],
    },
]


def load_exchanges(home, image, lessons):
    km_locale, en_locale = locales()
    index, _ = publish_pair(
        home,
        ExchangeIndexPage,
        "exchanges",
        {
            "title": "ការផ្លាស់ប្តូរបទពិសោធន៍",
            "show_in_menus": True,
            "intro": "កំណត់ត្រានៃទស្សនកិច្ចផ្លាស់ប្តូរបទពិសោធន៍រវាងរដ្ឋបាលថ្នាក់ក្រោមជាតិ។",
        },
        {
            "title": "Peer exchanges",
            "show_in_menus": True,
            "intro": "Records of exchange visits between sub-national administrations.",
        },
    )
    for visit in EXCHANGES:

        def fields(language, visit=visit):
            km = language == "km"
            locale = km_locale if km else en_locale
            related = [("lesson", lessons[slug]) for slug in visit["lessons"]]
            return {
                "title": visit[language],
                "summary": (
                    "ទស្សនកិច្ចសិក្សាអំពីការអនុវត្ត ផ.ស.រ.គ.។"
                    if km
                    else "A study visit on carrying out the JAAP."
                ),
                "area": _area(visit["host"]),
                "host_actor_type": _actor(visit["host_actor"]),
                "start_date": visit["start"],
                "end_date": visit["end"],
                "strategies": _strategies(*visit["strategies"]),
                "agenda": "<ol><li>ស្វាគមន៍</li><li>ទស្សនកិច្ចទីតាំង</li><li>ពិភាក្សា</li></ol>"
                if km
                else "<ol><li>Welcome</li><li>Site visit</li><li>Discussion</li></ol>",
                "observed": "<p>ក្តារព័ត៌មានឃុំត្រូវបានធ្វើបច្ចុប្បន្នភាពរៀងរាល់ខែ។</p>"
                if km
                else "<p>The commune information board is updated every month.</p>",
                "learned": "<p>ការតាមដាន ផ.ស.រ.គ. ជាប្រចាំធ្វើឱ្យសេវាប្រសើរឡើង។</p>"
                if km
                else "<p>Regular JAAP follow-up improves services.</p>",
                "photos": [("image", {"image": image, "caption": ""})],
                "related_lessons": related,
                "visitors": [ExchangeVisitor(area=_area(code)) for code in visit["visitors"]],
                "participants_by_gender": [
                    ParticipantsByGender(gender="female", count=visit["women"]),
                    ParticipantsByGender(gender="male", count=visit["men"]),
                ],
                "participants_by_actor": [
                    ParticipantsByActor(actor_type=_actor("commune-administration"), count=8),
                    ParticipantsByActor(actor_type=_actor("caf"), count=4),
                ],
                "follow_up_actions": [
                    FollowUpAction(
                        locale=locale,
                        what="បង្កើតក្តារព័ត៌មានឃុំ" if km else "Set up a commune information board",
                        who="ក្រុមប្រឹក្សាឃុំ" if km else "Commune council",
                        due_date=visit["start"] + datetime.timedelta(days=60),
                        status="in-progress",
                    ),
                    FollowUpAction(
                        locale=locale,
                        what="រាយការណ៍ទៅស្រុក" if km else "Report to the district",
                        who="CAF",
                        due_date=visit["start"] + datetime.timedelta(days=30),
                        status="done",
                    ),
                ],
            }

        publish_pair(index, ExchangeVisitPage, visit["slug"], fields("km"), fields("en"))


def load(command):
    home, _home_en = home_pages()
    image = _demo_image()
    document = _demo_document()
    organisation = Organisation.objects.filter(
        name_en="Demo Community Accountability Network"
    ).first()
    upsert_user(
        "editor",
        first_name="Vanna",
        last_name="Sok",
        groups=[roles.EDITOR],
        actor_code="nsla",
        area_code="12",
    )
    load_guidebook(home, image, document)
    lessons = load_lessons(home, image, organisation)
    load_exchanges(home, image, lessons)
    command.stdout.write("knowledge_base: guidebook, lessons and exchange visits")

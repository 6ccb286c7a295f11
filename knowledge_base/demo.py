"""Demo content of the knowledge base: a guidebook, lessons and exchange visits, in Khmer and
English, tagged with the shared vocabulary.

The words are data in ``demo_data/``. The guidebook is two Markdown files imported by the
importer staff use (``manage.py import_guidebook``), Khmer first, then English as its
translation; ``guidebook.json`` adds what Markdown cannot say (the edition, checklists, steps,
callouts, a figure, a document, cross-references). The guidebook has two editions, so readers
see a change list: the first from ``guidebook.<language>.edition-1.md`` (an older text: other
words, a section later withdrawn, one not written yet), the second from today's files.
``lessons.json`` and ``exchanges.json`` hold the lessons and the visits. Idempotent: pages are
found by slug and updated in place.
"""

import datetime
import io
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command

from portal.factories import DocumentFactory, ImageFactory, english, khmer
from portal.models import ActorType, AdministrativeArea, HomePage, Organisation, Strategy

from .editions import publish_edition
from .factories import (
    ExchangeIndexPageFactory,
    ExchangeVisitPageFactory,
    GuidebookPageFactory,
    GuidebookSectionPageFactory,
    LessonIndexPageFactory,
    LessonPageFactory,
)
from .models import (
    ExchangeVisitor,
    FollowUpAction,
    GuidebookPage,
    GuidebookSectionPage,
    ParticipantsByActor,
    ParticipantsByGender,
)

DATA = Path(__file__).parent / "demo_data"


def read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _strategies(numbers):
    return list(Strategy.objects.filter(locale=khmer(), number__in=numbers))


def _actors(codes):
    return list(ActorType.objects.filter(locale=khmer(), code__in=codes))


def _area(code):
    return AdministrativeArea.objects.get(code=code)


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def demo_image():
    """A drawing of the four-step cycle (no words in it)."""
    from PIL import Image, ImageDraw

    canvas = Image.new("RGB", (800, 360), "white")
    draw = ImageDraw.Draw(canvas)
    for n, colour in enumerate(["#0b5394", "#c27c0e", "#2e7d32", "#6a1b9a"]):
        x = 40 + n * 190
        draw.rounded_rectangle((x, 120, x + 150, 240), radius=20, fill=colour)
        if n < 3:
            draw.polygon([(x + 160, 170), (x + 180, 180), (x + 160, 190)], fill="#5b6472")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    buffer.seek(0)
    return ImageFactory(title="ISAF cycle (demo)", file=ImageFile(buffer, name="isaf-cycle.png"))


def demo_document():
    return DocumentFactory(
        title="JAAP template (demo)",
        file=ContentFile((DATA / "jaap-template.csv").read_bytes(), name="jaap-template.csv"),
    )


def _blocks(raw, image, document, sections):
    """StreamField data from the file's [block type, value] pairs, with the demo image and
    document, and cross-references ("chapter/section") to the Khmer section pages."""
    result = []
    for kind, value in raw:
        value = dict(value)
        if kind == "figure":
            value["image"] = image.pk
        elif kind == "document":
            value["document"] = document.pk
        elif kind == "cross_reference":
            value["section"] = sections[value["section"]].pk
        result.append({"type": kind, "value": value})
    return result


def load_guidebook(home, image, document):
    data = read("guidebook.json")
    existing = GuidebookPage.objects.child_of(home).filter(slug="guidebook").first()
    if existing is None or not existing.editions.exists():
        # Edition 1 is the older text, published as it was before today's files replace it.
        _publish_edition(_dress_guidebook(home, image, document, data, ".edition-1"), data, 1)
    book = _dress_guidebook(home, image, document, data)
    if not book.editions.filter(number=2).exists():
        _publish_edition(book, data, 2)
    return book


def _publish_edition(book, data, number):
    edition = next(e for e in data["editions"] if e["number"] == number)
    for language, page in (("km", book), ("en", book.get_translation_or_none(english()))):
        if page is not None and not page.specific.editions.filter(number=number).exists():
            publish_edition(
                page.specific,
                number=number,
                summary=edition[language],
                published_on=_date(edition["date"]),
            )


def _dress_guidebook(home, image, document, data, edition_suffix=""):
    """Import the guidebook's Markdown files, then add the blocks Markdown cannot say."""
    for language in ("km", "en"):
        call_command(
            "import_guidebook",
            str(DATA / f"guidebook.{language}{edition_suffix}.md"),
            locale=language,
            title=data[language]["title"],
            replace=True,
            stdout=io.StringIO(),
        )
    common = {
        "show_in_menus": True,
        "effective_date": _date(data["effective_date"]),
    }
    book = GuidebookPageFactory(
        parent=home,
        slug="guidebook",
        **common,
        **data["km"],
        en={**common, **data["en"]},
    )
    stream_block = GuidebookSectionPage._meta.get_field("body").stream_block
    sections = {}
    # Live pages only: a section an import withdrew (unpublished) must stay withdrawn.
    for chapter in book.get_children().live().specific():
        for section in chapter.get_children().live().specific():
            sections[f"{chapter.slug}/{section.slug}"] = section
    for section in sections.values():
        extra = data["blocks"].get(section.slug, {"km": [], "en": []})
        bodies = {}
        for language, page in (("km", section), ("en", section.get_translation(english()))):
            page = page.specific
            imported = [
                {"type": b.block_type, "value": b.block.get_prep_value(b.value)}
                for b in page.body
                if b.block_type != "heading"
            ]
            heading = {"type": "heading", "value": data["overview"][language]}
            raw = [heading] + imported + _blocks(extra[language], image, document, sections)
            bodies[language] = {
                "title": page.title,
                "body": stream_block.to_python(raw),
                "strategies": _strategies(data["strategies"]),
            }
        GuidebookSectionPageFactory(
            parent=section.get_parent(), slug=section.slug, **bodies["km"], en=bodies["en"]
        )
    return book


def load_lessons(home, image, organisation):
    data = read("lessons.json")
    index = LessonIndexPageFactory(
        parent=home,
        slug="lessons",
        show_in_menus=True,
        **data["index"]["km"],
        en={"show_in_menus": True, **data["index"]["en"]},
    )
    pages = {}
    for lesson in data["lessons"]:
        common = {
            "sector": lesson["sector"],
            "date": _date(lesson["date"]),
            "area": _area(lesson["area"]),
            "organisation": organisation,
            "strategies": _strategies(lesson["strategies"]),
            "actor_types": _actors(lesson["actor_types"]),
            "images": [("image", {"image": image, "caption": ""})],
        }

        def fields(language, lesson=lesson, common=common):
            words = lesson[language]
            if words is None:
                return None  # Khmer only: the English index says so
            return {
                **common,
                **words,
                "what_was_done": f"<p>{words['summary']}</p>",
                "what_was_learned": data["learned"][language],
                "recommendations": data["recommendations"][language],
            }

        pages[lesson["slug"]] = LessonPageFactory(
            parent=index, slug=lesson["slug"], **fields("km"), en=fields("en")
        )
    return pages


def load_exchanges(home, image, lessons):
    data = read("exchanges.json")
    index = ExchangeIndexPageFactory(
        parent=home,
        slug="exchanges",
        show_in_menus=True,
        **data["index"]["km"],
        en={"show_in_menus": True, **data["index"]["en"]},
    )
    actor = {a.code: a for a in ActorType.objects.filter(locale=khmer())}
    for visit in data["visits"]:
        start = _date(visit["start"])

        def fields(language, visit=visit, start=start):
            locale = khmer() if language == "km" else english()
            return {
                "title": visit[language],
                **data["text"][language],
                "area": _area(visit["host"]),
                "host_actor_type": actor[visit["host_actor"]],
                "start_date": start,
                "end_date": _date(visit["end"]),
                "strategies": _strategies(visit["strategies"]),
                "photos": [("image", {"image": image, "caption": ""})],
                "related_lessons": [("lesson", lessons[slug]) for slug in visit["lessons"]],
                "visitors": [ExchangeVisitor(area=_area(code)) for code in visit["visitors"]],
                "participants_by_gender": [
                    ParticipantsByGender(gender="female", count=visit["women"]),
                    ParticipantsByGender(gender="male", count=visit["men"]),
                ],
                "participants_by_actor": [
                    ParticipantsByActor(actor_type=actor[code], count=count)
                    for code, count in data["participants_by_actor"].items()
                ],
                "follow_up_actions": [
                    FollowUpAction(
                        locale=locale,
                        **action[language],
                        due_date=start + datetime.timedelta(days=action["days_after"]),
                        status=action["status"],
                    )
                    for action in data["follow_up_actions"]
                ],
            }

        ExchangeVisitPageFactory(parent=index, slug=visit["slug"], **fields("km"), en=fields("en"))


def load(command):
    home = HomePage.objects.get(locale=khmer(), depth=2)
    image = demo_image()
    document = demo_document()
    organisation = Organisation.objects.filter(
        name_en="Demo Community Accountability Network"
    ).first()
    load_guidebook(home, image, document)
    lessons = load_lessons(home, image, organisation)
    load_exchanges(home, image, lessons)
    command.stdout.write("knowledge_base: guidebook, lessons and exchange visits")

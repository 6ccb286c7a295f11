"""Demo content for the portal itself, and the helper every app's demo module uses."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from . import roles
from .models import ActorType, AdministrativeArea, HomePage, Organisation, StandardPage


def locales():
    return Locale.objects.get(language_code="km"), Locale.objects.get(language_code="en")


def _apply(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)


def publish_pair(parent, model, slug, km, en=None, user=None):
    """Create or update a Khmer page under ``parent`` and its English translation; publish both.

    ``km`` and ``en`` are field values. Idempotent: found by slug under the parent, updated in
    place, so URLs never change. With ``en=None`` the page exists only in Khmer.
    """
    km_locale, en_locale = locales()
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=km_locale, **km)
        parent.add_child(instance=page)
    else:
        _apply(page, km)
    page.save_revision(user=user).publish()
    if en is None:
        return page, None
    translation = page.get_translation_or_none(en_locale)
    if translation is None:
        translation = page.copy_for_translation(en_locale, copy_parents=True)
    translation = translation.specific
    _apply(translation, en)
    translation.save_revision(user=user).publish()
    return page, translation


def upsert_user(
    username,
    *,
    first_name,
    last_name,
    groups=(),
    actor_code=None,
    area_code=None,
    gender="undisclosed",
    position="",
    organisation=None,
    is_superuser=False,
    password="demo-password-2026",
    email=None,
):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email or f"{username}@demo.isaf.example",
        },
    )
    if created:
        user.set_password(password)
    user.is_superuser = user.is_staff = is_superuser
    user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    profile = user.profile
    km_locale, _ = locales()
    if actor_code:
        profile.actor_type = ActorType.objects.get(code=actor_code, locale=km_locale)
    if area_code:
        profile.area = AdministrativeArea.objects.get(code=area_code)
    profile.gender = gender
    profile.position = position
    profile.organisation = organisation
    profile.save()
    return user


def home_pages():
    """The Khmer home page and its English translation."""
    km_locale, en_locale = locales()
    home = HomePage.objects.get(locale=km_locale, depth=2)
    return home, home.get_translation(en_locale)


DEMO_AREAS = [
    ("0501", "ស្រុកបរសេដ្ឋ", "Basedth district", "05", "district"),
    ("050101", "ឃុំបរសេដ្ឋ", "Basedth commune", "0501", "commune"),
    ("1701", "ស្រុកអង្គរជុំ", "Angkor Chum district", "17", "district"),
    ("170101", "ឃុំចារឈូក", "Char Chhuk commune", "1701", "commune"),
    ("0201", "ស្រុកបាណន់", "Banan district", "02", "district"),
    ("020101", "ឃុំកន្ទឺ ១", "Kantueu Muoy commune", "0201", "commune"),
]


def load(command):
    km_locale, _en_locale = locales()
    root = Page.get_first_root_node()
    # Wagtail's placeholder "Welcome" page gives way to the portal's home page.
    for placeholder in root.get_children().filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        placeholder.delete()
    home_fields_km = {
        "title": "វិបផតថលចំណេះដឹង និងបណ្តុះបណ្តាលគណនេយ្យភាពសង្គម",
        "intro": (
            "វិបផតថលនេះគាំទ្រការងារគណនេយ្យភាពសង្គមថ្នាក់ឃុំ សង្កាត់៖ សៀវភៅណែនាំរួម "
            "មេរៀនបទពិសោធន៍ និងការអនុវត្តល្អ ការផ្លាស់ប្តូរបទពិសោធន៍ និងវគ្គសិក្សាតាមអនឡាញ។"
        ),
        "vision": (
            "<h2>ចក្ខុវិស័យ</h2><p>ការងារគណនេយ្យភាពសង្គមត្រូវបានធ្វើស្ថាប័នូបនីយកម្មក្នុងរចនាសម្ព័ន្ធ "
            "និងប្រព័ន្ធនៃអង្គភាពផ្តល់សេវាថ្នាក់ឃុំ សង្កាត់ "
            "និងត្រូវបានអនុវត្តតាមរយៈការចូលរួមរបស់ប្រជាពលរដ្ឋ ប្រកបដោយប្រសិទ្ធភាព តម្លាភាព "
            "សមភាពយេនឌ័រ បរិយាប័ន្ន និងសមធម៌សង្គម។</p>"
            "<h2>គោលបំណង</h2><p>អង្គភាពផ្តល់សេវាថ្នាក់ឃុំ សង្កាត់ មានម្ចាស់ការ "
            "និងទទួលខុសត្រូវលើការងារគណនេយ្យភាពសង្គម ក្នុងភាពជាដៃគូយ៉ាងជិតស្និទ្ធជាមួយសង្គមស៊ីវិល។</p>"
        ),
    }
    home_fields_en = {
        "title": "Social accountability knowledge and training portal",
        "intro": (
            "This portal supports social-accountability work at commune/sangkat level: the joint "
            "guidebook, lessons learned and good practices, peer exchanges and online courses."
        ),
        "vision": (
            "<h2>Vision</h2><p>SA work is institutionalised in the structures and systems of the "
            "service-delivery units at commune/sangkat level, and carried out through citizen "
            "participation: effective, transparent, gender-equal, inclusive and socially "
            "equitable.</p><h2>Objective</h2><p>Service-delivery units at sangkat level own and "
            "answer for SA work, in close partnership with civil society, under the principles of "
            "democratic development.</p>"
        ),
    }
    home, _home_en = publish_pair(root, HomePage, "home", home_fields_km, home_fields_en)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.hostname = site.hostname or "localhost"
    site.port = site.port or 80
    site.site_name = "ISAF"
    site.save()

    publish_pair(
        home,
        StandardPage,
        "about",
        {
            "title": "អំពីវិបផតថល",
            "show_in_menus": True,
            "intro": "វិបផតថលនេះជាផ្នែកមួយនៃយុទ្ធសាស្ត្រទី ២៖ ការអភិវឌ្ឍសមត្ថភាពអំពីការងារគណនេយ្យភាពសង្គម។",
        },
        {
            "title": "About the portal",
            "show_in_menus": True,
            "intro": "This portal is part of Strategy 2: capacity development for SA work.",
        },
    )

    from .area_import import import_areas

    csv_rows = ["code,name_km,name_en,parent_code,level"] + [",".join(r) for r in DEMO_AREAS]
    import_areas("\n".join(csv_rows).encode())
    cso, _ = Organisation.objects.update_or_create(
        name_en="Demo Community Accountability Network",
        defaults={
            "name_km": "បណ្តាញគណនេយ្យភាពសហគមន៍ (សាកល្បង)",
            "actor_type": ActorType.objects.get(code="cso", locale=km_locale),
            "area": AdministrativeArea.objects.get(code="05"),
        },
    )
    upsert_user(
        "admin",
        first_name="Admin",
        last_name="ISAF",
        is_superuser=True,
        groups=[roles.NATIONAL_STAFF],
        actor_code="nsla",
        area_code="12",
    )
    upsert_user(
        "learner",
        first_name="Sokha",
        last_name="Chan",
        groups=[roles.LEARNER],
        actor_code="caf",
        area_code="050101",
        gender="female",
        position="CAF",
    )
    upsert_user(
        "contributor",
        first_name="Dara",
        last_name="Kim",
        groups=[roles.CONTRIBUTOR],
        actor_code="cso",
        area_code="05",
        gender="male",
        organisation=cso,
    )
    upsert_user(
        "reviewer",
        first_name="Sophea",
        last_name="Meas",
        groups=[roles.REVIEWER],
        actor_code="nsla",
        area_code="12",
        gender="female",
    )
    command.stdout.write("portal: home page, about page, demo areas and users")

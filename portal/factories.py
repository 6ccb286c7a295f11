"""factory_boy factories for the core: bilingual pages, users with their profiles, places.

The tests build their data with these, and so does the demo loader (``manage.py load_demo``):
one way to make a page pair or a person. Each factory is idempotent on its natural key (a
page's slug under its parent, a username, an area's code): called again, it updates the row in
place, which is what lets the demo run again over an older demo without breaking its URLs.
"""

from functools import lru_cache

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale

from .models import ActorType, AdministrativeArea, HomePage, Organisation, StandardPage


def khmer():
    return Locale.objects.get(language_code="km")


def english():
    return Locale.objects.get(language_code="en")


def _apply(obj, fields):
    for name, value in fields.items():
        setattr(obj, name, value)


class TranslatedPageFactory(wagtail_factories.PageFactory):
    """A live Khmer page under ``parent`` and, when ``en`` gives its English field values, its
    live English translation. Returns the Khmer page; ``pair()`` returns (Khmer, English).

    A page of that slug under that parent is updated in place rather than duplicated. Fields
    given are used for both languages unless ``en`` overrides them (``en`` has no default: a
    page without it exists only in Khmer).
    """

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"ទំព័រ {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    en = None
    user = None

    @classmethod
    def _create(cls, model_class, *args, parent, en=None, user=None, **fields):
        page = model_class.objects.child_of(parent).filter(slug=fields["slug"]).first()
        if page is None:
            page = model_class(locale=khmer(), **fields)
            parent.add_child(instance=page)
        else:
            _apply(page, fields)
        page.save_revision(user=user).publish()
        if en is not None:
            translation = page.get_translation_or_none(english())
            if translation is None:
                translation = page.copy_for_translation(english(), copy_parents=True)
            translation = translation.specific
            _apply(translation, en)
            translation.save_revision(user=user).publish()
        return page

    @classmethod
    def pair(cls, **kwargs):
        """(the Khmer page, its English translation or None)."""
        page = cls.create(**kwargs)
        return page, page.get_translation_or_none(english())


class HomePageFactory(TranslatedPageFactory):
    class Meta:
        model = HomePage

    title = "ទំព័រដើម"
    slug = "home"


class StandardPageFactory(TranslatedPageFactory):
    class Meta:
        model = StandardPage


@lru_cache(maxsize=8)
def _hashed(password, hasher):
    """The password hashed once per process and hasher: the demo's 19 accounts share one
    password, and each PBKDF2 hash costs about 0.4 s of CPU."""
    return make_password(password)


class UserFactory(DjangoModelFactory):
    """A person with their profile: groups by name, actor type by code, area by code.

    Found by username: called again, it updates the names-independent parts (rights, groups,
    profile) and keeps the password the person may have changed."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    last_name = "Test"
    email = factory.LazyAttribute(lambda user: f"{user.username}@demo.isaf.example")
    password = "correct-horse-42"
    is_superuser = False

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        username,
        password,
        is_superuser,
        groups=(),
        actor_code=None,
        area_code=None,
        gender="undisclosed",
        position="",
        organisation=None,
        **fields,
    ):
        user, created = model_class.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.password = _hashed(password, settings.PASSWORD_HASHERS[0])
        user.is_superuser = user.is_staff = is_superuser
        user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        profile = user.profile
        if actor_code:
            profile.actor_type = ActorType.objects.get(code=actor_code, locale=khmer())
        if area_code:
            profile.area = AdministrativeArea.objects.get(code=area_code)
        profile.gender = gender
        profile.position = position
        profile.organisation = organisation
        profile.save()
        return user


class AreaFactory(DjangoModelFactory):
    """A district or commune (the provinces come with the migrations), found by its code."""

    class Meta:
        model = AdministrativeArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:02d}")
    name_km = factory.LazyAttribute(lambda area: f"តំបន់ {area.code}")
    name_en = factory.LazyAttribute(lambda area: f"Area {area.code}")
    level = "district"
    parent = None


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name_en",)

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_km = factory.LazyAttribute(lambda org: f"អង្គការ {org.name_en}")


def root_collection():
    return Collection.get_first_root_node()


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection, found by title."""

    class Meta:
        django_get_or_create = ("title",)

    collection = factory.LazyFunction(root_collection)


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the root collection, found by title."""

    class Meta:
        django_get_or_create = ("title",)

    collection = factory.LazyFunction(root_collection)

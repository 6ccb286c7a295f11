import pytest
from django.contrib.auth.models import Group

from portal import roles
from portal.models import ActorType, AdministrativeArea, Strategy


@pytest.mark.django_db
def test_the_eight_strategies_exist_in_khmer_and_english():
    for language in ("km", "en"):
        numbers = list(
            Strategy.objects.filter(locale__language_code=language).values_list("number", flat=True)
        )
        assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    km = Strategy.objects.get(number=5, locale__language_code="km")
    en = km.get_translation(km.locale.__class__.objects.get(language_code="en"))
    assert km.name == "ការត្រួតពិនិត្យ និងការវាយតម្លៃ"
    assert en.name == "Monitoring and evaluation"


@pytest.mark.django_db
def test_actor_types_exist_in_both_languages_with_their_level():
    km = {a.code: a for a in ActorType.objects.filter(locale__language_code="km")}
    en = {a.code: a for a in ActorType.objects.filter(locale__language_code="en")}
    assert set(km) == set(en)
    assert len(km) == 19
    assert km["health-centre"].name == "មណ្ឌលសុខភាព"
    assert en["health-centre"].name == "Health centre"
    assert km["nsla"].level == "national"
    assert km["caf"].level == "commune"
    assert km["cso"].translation_key == en["cso"].translation_key


@pytest.mark.django_db
def test_the_25_provinces_are_seeded_with_both_names():
    provinces = AdministrativeArea.objects.filter(level="province")
    assert provinces.count() == 25
    kampong_speu = provinces.get(name_en="Kampong Speu")
    assert kampong_speu.name_km == "កំពង់ស្ពឺ"
    assert kampong_speu.parent is None


@pytest.mark.django_db
def test_the_role_groups_exist():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLES) <= names
    editor = Group.objects.get(name=roles.EDITOR)
    assert editor.permissions.filter(codename="access_admin").exists()
    learner = Group.objects.get(name=roles.LEARNER)
    assert not learner.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_every_user_gets_a_profile(make_user):
    user = make_user("sokha", actor_code="caf", area_code="05", gender="female")
    assert user.profile.actor_type.code == "caf"
    assert user.profile.province.name_en == "Kampong Speu"

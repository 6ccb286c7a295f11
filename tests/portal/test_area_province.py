"""An area's province is stored on the area and stays right however the tree changes."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from portal import access, roles
from portal.models import AdministrativeArea

from .test_import_areas import HEADER, run


def _walked_province(area):
    """The province found by walking up the parents: what the stored one must equal."""
    while area.parent_id is not None:
        area = AdministrativeArea.objects.get(pk=area.parent_id)
    return area


def _assert_every_province_is_right():
    for area in AdministrativeArea.objects.all():
        assert area.province_id == _walked_province(area).pk, area.code


TREE = (
    HEADER
    + "0501,ស្រុកបរសេដ្ឋ,Basedth,05,district\n"
    + "050101,ឃុំបរសេដ្ឋ,Basedth commune,0501,commune\n"
    + "0201,ស្រុកបាណន់,Banan,02,district\n"
    + "020101,ឃុំកន្ទឺ១,Kantueu Muoy,0201,commune\n"
)


@pytest.mark.django_db
def test_a_province_is_its_own_province_and_imported_areas_get_theirs(tmp_path):
    run(tmp_path, TREE)
    kampong_speu = AdministrativeArea.objects.get(code="05")
    assert kampong_speu.province == kampong_speu
    assert AdministrativeArea.objects.get(code="0501").province == kampong_speu
    assert AdministrativeArea.objects.get(code="050101").province == kampong_speu
    _assert_every_province_is_right()


@pytest.mark.django_db
def test_a_district_moved_to_another_province_carries_its_communes(tmp_path):
    run(tmp_path, TREE)
    battambang = AdministrativeArea.objects.get(code="02")
    district = AdministrativeArea.objects.get(code="0501")
    district.parent = battambang
    district.save()
    assert AdministrativeArea.objects.get(code="050101").province == battambang
    assert AdministrativeArea.objects.get(code="0501").province == battambang
    _assert_every_province_is_right()


@pytest.mark.django_db
def test_a_commune_moved_by_a_new_import_follows_its_new_district(tmp_path):
    run(tmp_path, TREE)
    run(tmp_path, TREE.replace("Basedth commune,0501", "Basedth commune,0201"))
    assert AdministrativeArea.objects.get(code="050101").province.code == "02"
    _assert_every_province_is_right()


@pytest.mark.django_db
def test_saving_only_the_parent_still_moves_the_province(tmp_path):
    run(tmp_path, TREE)
    commune = AdministrativeArea.objects.get(code="050101")
    commune.parent = AdministrativeArea.objects.get(code="0201")
    commune.save(update_fields=["parent"])
    assert AdministrativeArea.objects.get(code="050101").province.code == "02"


@pytest.mark.django_db
def test_the_migration_fills_the_province_from_the_parents(tmp_path):
    run(tmp_path, TREE)
    AdministrativeArea.objects.update(province=None)
    migration = importlib.import_module("portal.migrations.0005_area_province")
    migration.fill_province(apps, None)
    _assert_every_province_is_right()


@pytest.mark.django_db
def test_provincial_staff_follow_the_province_when_their_district_moves(tmp_path, make_user):
    run(tmp_path, TREE)
    staff = make_user("pstaff", groups=[Group.objects.get(name=roles.PROVINCIAL_STAFF)])
    staff.profile.area = AdministrativeArea.objects.get(code="0501")
    staff.profile.save()
    district = AdministrativeArea.objects.get(code="0501")
    district.parent = AdministrativeArea.objects.get(code="02")
    district.save()
    staff = type(staff).objects.get(pk=staff.pk)  # a fresh user: its scope is worked out again
    scope = access.scope_of(staff)
    assert scope.province.code == "02"
    assert scope.covers(AdministrativeArea.objects.get(code="020101").pk)
    assert not scope.covers(AdministrativeArea.objects.get(code="05").pk)

"""One pattern for names kept in both languages on one row (portal.models.BilingualName)."""

import pytest
from django.apps import apps
from django.utils import translation

from portal.models import AdministrativeArea, BilingualName, Organisation


def models_with_two_names():
    return [
        model
        for model in apps.get_models()
        if {"name_km", "name_en"} <= {f.name for f in model._meta.get_fields()}
    ]


def test_every_model_with_khmer_and_english_names_uses_the_one_pattern():
    found = models_with_two_names()
    assert AdministrativeArea in found and Organisation in found
    assert [m.__name__ for m in found if not issubclass(m, BilingualName)] == []
    assert [m.__name__ for m in found if "name" in vars(m)] == []  # nobody re-implements it


@pytest.mark.parametrize("model", models_with_two_names(), ids=lambda m: m.__name__)
def test_the_name_follows_the_language_and_falls_back_to_khmer(model):
    named = model(name_km="កំពង់ស្ពឺ", name_en="Kampong Speu")
    with translation.override("en"):
        assert named.name == "Kampong Speu" and str(named) == "Kampong Speu"
    with translation.override("km"):
        assert named.name == "កំពង់ស្ពឺ" and str(named) == "កំពង់ស្ពឺ"
    untranslated = model(name_km="កំពង់ស្ពឺ", name_en="")
    with translation.override("en"):
        assert untranslated.name == "កំពង់ស្ពឺ"

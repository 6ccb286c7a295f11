from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.models import AdministrativeArea

HEADER = "code,name_km,name_en,parent_code,level\n"
GOOD = (
    HEADER
    + "0501,ស្រុកបរសេដ្ឋ,Basedth,05,district\n"
    + "050101,ឃុំបរសេដ្ឋ,Basedth commune,0501,commune\n"
    + "050102,ឃុំកាត់ភ្លុក,Kat Phluk,0501,commune\n"
)


def run(tmp_path, content, name="areas.csv", language="en"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = StringIO()
    with translation.override(language):
        call_command("import_areas", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_good_file_builds_the_tree(tmp_path):
    output = run(tmp_path, GOOD)
    assert "3 created" in output
    commune = AdministrativeArea.objects.get(code="050102")
    assert commune.parent.code == "0501"
    assert commune.province.name_en == "Kampong Speu"
    assert commune.path_label.endswith(commune.name)


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path):
    run(tmp_path, GOOD)
    before = list(AdministrativeArea.objects.order_by("code").values())
    output = run(tmp_path, GOOD)
    assert "0 created, 0 updated, 3 unchanged" in output
    assert list(AdministrativeArea.objects.order_by("code").values()) == before


@pytest.mark.django_db
def test_a_changed_name_is_updated_in_place(tmp_path):
    run(tmp_path, GOOD)
    pk = AdministrativeArea.objects.get(code="0501").pk
    output = run(tmp_path, GOOD.replace("Basedth,05", "Basedth district,05"))
    assert "1 updated" in output
    assert AdministrativeArea.objects.get(code="0501").pk == pk


BAD_FILES = {
    "wrong header": (
        HEADER.replace("parent_code", "parent") + "0501,a,b,05,district\n",
        1,
        "header",
    ),
    "unknown parent": (GOOD + "0599,ស្រុក,Nowhere,99,district\n", 5, "unknown parent code 99"),
    "duplicate code": (GOOD + "050101,ឃុំ,Again,0501,commune\n", 5, "duplicate code 050101"),
    "bad utf-8": (GOOD.encode() + b"0502,\xff\xfe,Bad,05,district\n", 5, "UTF-8"),
    "wrong column count": (GOOD + "0502,ស្រុក,Short,05\n", 5, "expected 5 columns"),
    "unknown level": (GOOD + "0502,ស្រុក,X,05,village\n", 5, "unknown level"),
    "parent of the wrong level": (
        GOOD + "050199,ឃុំ,X,05,commune\n",
        5,
        "must be a Municipality/district/khan",
    ),
    "empty file": ("", 1, "empty"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, kind):
    content, line, reason = BAD_FILES[kind]
    before = AdministrativeArea.objects.count()
    with pytest.raises(CommandError) as error:
        run(tmp_path, content)
    assert f"line {line}:" in str(error.value)
    assert reason in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert AdministrativeArea.objects.count() == before


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_areas", str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_the_refusal_is_in_khmer_for_a_khmer_operator(tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path, GOOD + "0599,ស្រុក,Nowhere,99,district\n", language="km")
    assert "បន្ទាត់ទី 5" in str(error.value)
    assert "មិនស្គាល់លេខកូដអង្គភាពមេ 99" in str(error.value)

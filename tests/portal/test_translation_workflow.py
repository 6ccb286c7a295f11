"""The translation workflow on wagtail-localize: tracking, status, the editor's warning, a
section's PO export and import, and the glossary (issue 16, docs/decisions/0023)."""

import polib
import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale, PageLogEntry, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from portal.factories import StandardPageFactory, english
from portal.models import GlossaryTerm, StandardPage
from portal.translations import po_bundle, status
from portal.translations.tracking import track_all

pytestmark = pytest.mark.django_db


def in_admin(user, language="en"):
    """The Wagtail admin follows the user's profile language (Khmer by default)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def section(home):
    """A section (a child of the home page) with two translated pages and one in Khmer only."""
    km_home, _en = home
    root = StandardPageFactory(
        parent=km_home, slug="handbook", title="សៀវភៅ", en={"title": "Handbook"}
    )
    StandardPageFactory(
        parent=root,
        slug="jaap",
        title="ផ.ស.រ.គ.",
        intro="CAF ជួយរៀបចំ ផ.ស.រ.គ. ជាមួយប្រជាពលរដ្ឋ",
        en={"title": "JAAP", "intro": "The CAF helps citizens draw up the JAAP"},
    )
    StandardPageFactory(parent=root, slug="only-khmer", title="តែខ្មែរ")
    track_all(root)
    return root


def row_of(page):
    return status.rows(StandardPage.objects.filter(pk=page.pk))[0]


def khmer_page(section, slug):
    return StandardPage.objects.get(slug=slug, locale__language_code="km")


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_copied_translation_once_tracked_is_in_sync_and_listed_by_wagtail_localize(section):
    page = khmer_page(section, "jaap")
    row = row_of(page)
    assert (row.status, row.translated, row.total) == (status.IN_SYNC, row.total, row.total)
    assert row.total >= 2  # title and intro at least
    # Reports → Translations lists wagtail-localize's Translation rows
    assert Translation.objects.filter(source__object_id=page.translation_key, enabled=True)
    assert row_of(khmer_page(section, "only-khmer")).status == status.MISSING


def test_a_page_translated_through_wagtail_localize_is_in_sync(home):
    km_home, _en = home
    page = StandardPageFactory(parent=km_home, slug="new", title="ទំព័រថ្មី", intro="សេចក្តីផ្តើម")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english())
    assert row_of(page).status == status.MISSING  # no English page yet
    po = translation.export_po()
    for entry in po:
        entry.msgstr = {"ទំព័រថ្មី": "New page", "សេចក្តីផ្តើម": "Introduction"}.get(
            entry.msgid, entry.msgid
        )
    translation.import_po(po)
    translation.save_target(publish=True)
    english_page = page.get_translation(english()).specific
    assert (english_page.title, english_page.intro) == ("New page", "Introduction")
    assert row_of(page).status == status.IN_SYNC


def test_editing_the_source_puts_its_translation_out_of_date_until_translated(section):
    page = khmer_page(section, "jaap")
    publish(page, intro="អត្ថបទថ្មី")
    row = row_of(page)
    assert (row.status, row.source_changed) == (status.OUTDATED, True)
    # Synced (wagtail-localize reads the source again): the new string waits for a translation.
    from portal.translations.tracking import source_of

    source_of(page)
    row = row_of(page)
    assert (row.status, row.source_changed, row.translated) == (
        status.OUTDATED,
        False,
        row.total - 1,
    )


def test_the_editor_of_an_outdated_translation_says_so(client, section, make_user):
    page = khmer_page(section, "jaap")
    publish(page, intro="អត្ថបទថ្មី")
    client.force_login(in_admin(make_user("boss", is_superuser=True)))  # rights on every page
    target = page.get_translation(english())
    response = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This translation is out of date" in html
    assert "Glossary terms in this page:" in html
    assert "ផ.ស.រ.គ. = JAAP (Joint Accountability Action Plan)" in html
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "is out of date" in response.content.decode()
    # In sync: no warning
    fresh = khmer_page(section, "handbook")
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[fresh.get_translation(english()).pk])
    )
    assert "out of date" not in response.content.decode()


def test_the_status_view_filters_by_section_and_status_and_counts(client, section, make_user):
    km_home = section.get_parent()
    StandardPageFactory(parent=km_home, slug="elsewhere", title="ផ្សេង")
    client.force_login(in_admin(make_user("ed", groups=["Editor"])))
    url = reverse("portal_translations")
    response = client.get(url, {"section": section.pk})
    titles = [row.page.title for row in response.context["rows"]]
    assert titles == ["សៀវភៅ", "ផ.ស.រ.គ.", "តែខ្មែរ"]
    counts = {key: n for key, _label, n in response.context["counts"]}
    assert counts == {"missing": 1, "untracked": 0, "outdated": 0, "in_sync": 2}
    response = client.get(url, {"section": section.pk, "status": "missing"})
    assert [row.page.title for row in response.context["rows"]] == ["តែខ្មែរ"]
    response = client.get(url, {"status": "missing"})
    assert {row.page.title for row in response.context["rows"]} == {"តែខ្មែរ", "ផ្សេង"}
    html = response.content.decode()
    assert "ផ.ស.រ.គ." in html and "JAAP (Joint Accountability Action Plan)" in html  # glossary


def test_the_status_view_speaks_khmer_to_a_khmer_editor(client, section, make_user):
    client.force_login(in_admin(make_user("ed", groups=["Editor"]), "km"))
    html = client.get(reverse("portal_translations")).content.decode()
    assert "ស្ថានភាពការបកប្រែ" in html and "ទាន់សម័យ" in html and "សទ្ទានុក្រម" in html


def test_the_status_view_is_paginated(client, home, make_user, monkeypatch):
    from portal.translations import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    km_home, _en = home
    for n in range(5):
        StandardPageFactory(parent=km_home, slug=f"p{n}", title=f"ទំព័រ {n}")
    client.force_login(in_admin(make_user("ed", groups=["Editor"])))
    response = client.get(reverse("portal_translations"), {"status": "missing", "page": 3})
    assert [row.page.title for row in response.context["rows"]] == ["ទំព័រ 4"]


def test_only_editors_follow_translations(client, section, make_user):
    client.force_login(make_user("rev", groups=["Reviewer"]))
    for name in ("portal_translations", "portal_translations_import"):
        response = client.get(reverse(name))  # Wagtail's "no permission": back to the dashboard
        assert (response.status_code, response.get("Location")) == (302, "/admin/")


def export_text(section):
    with override("en"):
        return str(po_bundle.export(section, english()))


def revisions():
    return Revision.objects.count()


def test_an_untouched_export_imported_back_changes_nothing(section):
    text = export_text(section)
    before = (revisions(), PageLogEntry.objects.count(), StringTranslation.objects.count())
    report = po_bundle.import_file(text.encode())
    assert (report.pages_changed, report.strings_changed) == ([], 0)
    assert (revisions(), PageLogEntry.objects.count(), StringTranslation.objects.count()) == before


def test_the_export_names_each_page_and_marks_the_glossary_terms(section):
    po = polib.pofile(export_text(section))
    assert po.metadata["Language"] == "en"
    page = khmer_page(section, "jaap")
    intro = next(e for e in po if e.msgctxt == f"page-{page.pk}/intro")
    assert intro.msgstr == "The CAF helps citizens draw up the JAAP"
    assert "Page: ផ.ស.រ.គ. (" in intro.comment
    assert "Glossary: ផ.ស.រ.គ. = JAAP (Joint Accountability Action Plan)" in intro.comment
    assert "Community Accountability Facilitator (CAF)" in intro.comment
    assert "Glossary: ប្រជាពលរដ្ឋ = citizen" in intro.comment
    assert "Glossary: ប្រជាពលរដ្ឋ = citizen" in po.header or "ប្រជាពលរដ្ឋ = citizen" in po.header
    # The page in Khmer only is in the file too, to be translated.
    only = khmer_page(section, "only-khmer")
    assert any(e.msgctxt == f"page-{only.pk}/title" and e.msgstr == "" for e in po)


def test_glossary_terms_are_found_in_khmer_typed_another_way(section):
    from portal.translations.glossary import Glossary

    GlossaryTerm.objects.create(name_km="ស្ត្រី", name_en="woman")
    found = Glossary().found_in("សិទ្ធិ\u200bស្រ្តី")  # zero-width space; subscript typed RO first
    assert [t.name_en for t in found] == ["woman"]


def test_a_translated_export_updates_exactly_the_translated_strings(
    section, django_capture_on_commit_callbacks
):
    po = polib.pofile(export_text(section))
    page = khmer_page(section, "jaap")
    only = khmer_page(section, "only-khmer")
    for entry in po:
        if entry.msgctxt == f"page-{page.pk}/intro":
            entry.msgstr = "The CAF and citizens draw up the JAAP together"
        if entry.msgctxt == f"page-{only.pk}/title":
            entry.msgstr = "Khmer only no more"
    untouched = page.get_parent().get_translation(english())
    untouched_revisions = Revision.page_revisions.filter(object_id=str(untouched.pk)).count()
    with django_capture_on_commit_callbacks(execute=True):
        report = po_bundle.import_file(str(po).encode())
    assert sorted(p.slug for p in report.pages_changed) == ["jaap", "only-khmer"]
    assert report.strings_changed == 2
    target = page.get_translation(english()).specific
    assert (target.title, target.intro) == (
        "JAAP",
        "The CAF and citizens draw up the JAAP together",
    )
    assert (target.live, target.has_unpublished_changes) == (True, False)
    assert only.get_translation(english()).title == "Khmer only no more"
    assert (
        Revision.page_revisions.filter(object_id=str(untouched.pk)).count() == untouched_revisions
    )
    assert row_of(page).status == status.IN_SYNC


def bad_files(section):
    text = export_text(section)
    page = khmer_page(section, "jaap")
    good_change = text.replace(
        'msgstr "The CAF helps citizens draw up the JAAP"', 'msgstr "Changed"'
    )
    assert good_change != text
    return {
        "not UTF-8": b'msgid ""\nmsgstr ""\n' + b"\xff\xfe",
        "not PO": b'<html>not a po file</html>\n"',
        "another PO": b'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        "unknown page": good_change.replace(f"page-{page.pk}/", "page-999999/").encode(),
        "wrong language": good_change.replace('"Language: en\\n"', '"Language: fr\\n"').encode(),
        "string not in the page": (
            good_change + f'\nmsgctxt "page-{page.pk}/intro"\nmsgid "គ្មាន"\nmsgstr "None"\n'
        ).encode(),
        "context without a page": (
            good_change + '\nmsgctxt "intro"\nmsgid "x"\nmsgstr "y"\n'
        ).encode(),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "not UTF-8",
        "not PO",
        "another PO",
        "unknown page",
        "wrong language",
        "string not in the page",
        "context without a page",
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(section, kind):
    content = bad_files(section)[kind]
    before = (
        revisions(),
        list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
    )
    with pytest.raises(po_bundle.ImportRefused) as refused:
        po_bundle.import_file(content)
    assert refused.value.errors
    after = (
        revisions(),
        list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
    )
    assert after == before


def test_the_admin_exports_by_post_and_imports_with_clear_errors(
    client, section, make_user, django_capture_on_commit_callbacks
):
    client.force_login(in_admin(make_user("ed", groups=["Editor"])))
    assert client.get(reverse("portal_translations_export")).status_code == 405
    response = client.post(
        reverse("portal_translations_export"), {"section": section.pk, "locale": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="handbook-en.po"'
    text = response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("portal_translations_import")
    bad = SimpleUploadedFile("x.po", b'not a po file\n"')
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "nothing was written" in response.content.decode()
    changed = text.replace(
        'msgstr "The CAF helps citizens draw up the JAAP"', 'msgstr "Changed by the translator"'
    )
    # The editor may not change the pages of this section (the Editor group's page rights are
    # on the knowledge base): refused, nothing written.
    response = client.post(url, {"file": SimpleUploadedFile("x.po", changed.encode())})
    assert response.status_code == 400
    assert "You may not publish the page JAAP" in response.content.decode()
    assert not StringTranslation.objects.filter(data="Changed by the translator").exists()
    client.force_login(in_admin(make_user("boss", is_superuser=True)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("x.po", changed.encode())})
    assert response.status_code == 302
    page = khmer_page(section, "jaap").get_translation(english()).specific
    assert (page.intro, page.live, page.has_unpublished_changes) == (
        "Changed by the translator",
        True,
        False,
    )


def test_the_management_commands_round_trip(section, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "handbook.po"
    call_command("export_translations", "handbook", "--locale", "en", "-o", str(out))
    po = polib.pofile(str(out))
    page = khmer_page(section, "jaap")
    next(e for e in po if e.msgctxt == f"page-{page.pk}/title").msgstr = "Joint plan"
    po.save(str(out))
    call_command("import_translations", str(out))
    assert page.get_translation(english()).title == "Joint plan"
    bad = tmp_path / "bad.po"
    bad.write_bytes(b"\xff")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_translations", str(bad))


def test_tracking_again_changes_nothing(section):
    before = list(StringTranslation.objects.order_by("pk").values_list("pk", "data"))
    assert track_all(section) == []  # tracked already: left alone
    assert list(StringTranslation.objects.order_by("pk").values_list("pk", "data")) == before
    assert Locale.objects.count() == 2


def test_the_demo_translations_are_tracked_and_stay_in_sync_when_loaded_again():
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    first = status.counts(status.rows())
    call_command("load_demo", stdout=io.StringIO())
    found = status.rows()
    assert status.counts(found) == first
    assert first[status.UNTRACKED] == 0 and first[status.OUTDATED] == 0
    assert first[status.IN_SYNC] >= 30  # every demo page that has an English version
    guidebook = [r for r in found if r.page.url_path.startswith("/home/guidebook/")]
    assert guidebook and {r.status for r in guidebook} == {status.IN_SYNC}


def test_a_copy_is_not_tracked_until_track_translations_runs(home):
    from django.core.management import call_command

    km_home, _en = home
    page = StandardPageFactory(
        parent=km_home, slug="copied", title="ចម្លង", intro="អត្ថបទ", en={"title": "Copied"}
    )
    assert row_of(page).status == status.UNTRACKED
    call_command("track_translations", "copied", stdout=__import__("io").StringIO())
    row = row_of(page)
    assert (row.status, row.translated, row.total) == (status.IN_SYNC, row.total, row.total)

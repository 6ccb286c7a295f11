"""The Wagtail admin speaks Khmer to editors, reviewers and contributors (issue 16): Wagtail ships
no Khmer catalogue, the project's locale/km/LC_MESSAGES/django.po and djangojs.po translate its
strings (portal/admin_catalogue.py measures how many, `manage.py wagtail_km_coverage`)."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal import roles
from portal.admin_catalogue import SCREENS, THRESHOLD, measure
from portal.factories import StandardPageFactory


def shows(html, text):
    """Text in the page, as HTML or inside the JSON the side menu and the editor are drawn from
    (json_script escapes every non-ASCII character)."""
    return text in html or json.dumps(text)[1:-1] in html


def test_the_screens_in_scope_are_at_least_the_threshold_in_khmer():
    coverage = measure()
    done, total, percent = coverage.figure()
    # Wagtail's English catalogues list over a thousand strings for these screens: an empty
    # reading (a moved .po, a wrong path prefix) must not pass as 100 %.
    assert total > 1000
    assert all(coverage.messages[group] for group in SCREENS)
    missing = [m.msgid for m in coverage.missing()][:20]
    assert percent >= THRESHOLD, f"{done}/{total}; for instance {missing}"


def test_the_command_prints_a_figure_per_screen_group_and_overall():
    out = StringIO()
    call_command("wagtail_km_coverage", stdout=out)
    lines = out.getvalue().splitlines()
    for group in [*SCREENS, "all screens in scope"]:
        line = next(line for line in lines if line.startswith(group))
        assert re.search(r"\d+ / \d+\s+\d+\.\d %$", line), line


@pytest.fixture
def about(home):
    home_km, _ = home
    return StandardPageFactory(parent=home_km, slug="about-admin", title="អំពីកម្មវិធី")


@pytest.fixture
def editor(make_user, home, role_groups):
    # The feature apps grant the Editor group its rights on their own sections; here, on the
    # home page, so that the test is about the language alone.
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=role_groups[roles.EDITOR],
            page=home[0],
            permission=Permission.objects.get(codename=codename),
        )
    user = make_user("editor", groups=[roles.EDITOR])
    assert user.profile.preferred_language == "km"
    return user


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def speaks(html, khmer, english):
    """Every Khmer label shown, none of the English ones it replaces."""
    assert [text for text in khmer if not shows(html, text)] == []
    assert [text for text in english if shows(html, text)] == []


def in_english(user):
    user.profile.preferred_language = "en"
    user.profile.save()  # Wagtail's profile follows (portal/signals.py)
    return user


@pytest.mark.django_db
def test_dashboard_and_side_menu(client, editor, about):
    html = get(client, editor, "/admin/")
    # <title>, the side menu (drawn from JSON), the dashboard's panels.
    speaks(
        html,
        ["ផ្ទាំងគ្រប់គ្រង", "ជំនួយ", "មគ្គុទ្ទេសក៍សម្រាប់អ្នកកែសម្រួល", "សេចក្តីសង្ខេបវិបសាយ", "ការបកប្រែ"],
        ["<title>Dashboard", '"Help"', "Editor Guide", "Site summary", '"Translations"'],
    )


@pytest.mark.django_db
def test_page_editor(client, editor, about):
    html = get(client, editor, f"/admin/pages/{about.pk}/edit/")
    khmer = ["រក្សាទុកសេចក្តីព្រាង", "ប្តូរភាពឯកជន", "កំណត់កាលវិភាគ", "មើលជាមុនក្នុងផ្ទាំងថ្មី"]
    english = ["Save draft", "Change privacy", "Set schedule", "Preview in new tab"]
    speaks(html, khmer, english)
    # The same screen for an editor who chose English: the test tells the two apart.
    speaks(get(client, in_english(editor), f"/admin/pages/{about.pk}/edit/"), english, khmer)


@pytest.mark.django_db
def test_page_explorer(client, editor, about):
    html = get(client, editor, f"/admin/pages/{about.get_parent().pk}/")
    speaks(
        html,
        ["បន្ថែមទំព័ររង", "តម្រៀបលំដាប់ម៉ឺនុយ", "កាលបរិច្ឆេទកែចុងក្រោយ", "ប្រភេទទំព័រ"],
        ["Add child page", "Sort menu order", "Date updated", "Page type"],
    )


@pytest.mark.django_db
def test_a_reviewer_sees_the_page_in_review_in_khmer(client, editor, about, make_user, role_groups):
    workflow = Workflow.objects.create(name="ការពិនិត្យ")
    task = GroupApprovalTask.objects.create(name="អ្នកពិនិត្យអនុម័ត")
    task.groups.set([role_groups[roles.REVIEWER]])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=about.get_parent())
    workflow.start(about, editor)
    reviewer = make_user("reviewer", groups=[roles.REVIEWER])

    html = get(client, reviewer, "/admin/")
    speaks(
        html,
        ["កំពុងរង់ចាំការពិនិត្យរបស់អ្នក", "អនុម័ត", "ស្នើឱ្យកែប្រែ", "កិច្ចការបានដាក់ស្នើដោយ"],
        ["Awaiting your review", "Request changes", "Task submitted by"],
    )
    html = get(client, reviewer, f"/admin/pages/{about.pk}/workflow_history/")
    speaks(html, ["ប្រវត្តិលំហូរការងារ"], ["Workflow history"])


@pytest.mark.django_db
def test_the_admin_scripts_strings(client, editor):
    # Comments, the rich-text editor and the side menu's own words come from djangojs.po.
    script = get(client, editor, "/admin/jsi18n/")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["Main menu"] == "ម៉ឺនុយចម្បង"
    assert catalogue["Add a comment"] == "បន្ថែមមតិ"
    assert catalogue["Page explorer"] == "ការរុករកទំព័រ"

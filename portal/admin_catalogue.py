"""How much of the Wagtail admin that editors, reviewers and contributors use speaks Khmer.

Wagtail ships no Khmer catalogue; the project's `locale/km/LC_MESSAGES/django.po` (and
`djangojs.po` for the admin's scripts) translates Wagtail's strings, with Wagtail's msgids, and
wins over every app's catalogue because it is on LOCALE_PATHS (decision 0016).

Which strings a screen shows is read from Wagtail's (and wagtail-localize's) own English
catalogues of the installed version (`wagtail/**/locale/en/LC_MESSAGES/*.po`): the maintainers
regenerate them with `makemessages` for each release, so every msgid comes with the source files
(`#:` references) that use it. A screen group is a set of those source paths; a string counts as
translated when Django's Khmer catalogue, as the running site loads it, has it (so the figure is
what an editor sees, whichever catalogue the translation comes from). Upgrading Wagtail changes
the msgids; the figure then shows what is left to translate, and `missing()` lists it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib
import wagtail
import wagtail_localize
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

# Wagtail, and wagtail-localize, whose screens translators use (Wagtail's admin menu shows its
# "Translations" report to every editor).
PACKAGES = [Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent]

# Source paths (relative to site-packages) of the screens in scope, by group. A string
# belongs to every group one of its references falls in. Left out on purpose: what only
# administrators see (users and groups, sites, locales, collections, redirects, forms, search
# promotions, the styleguide, wagtail-localize's Locales), and the images and documents
# libraries outside their choosers.
SCREENS = {
    "side menu and admin frame": (
        "wagtail/admin/wagtail_hooks.py",
        "wagtail/admin/menu.py",
        "wagtail/admin/localization.py",
        "wagtail/admin/templatetags/",
        "wagtail/admin/templates/wagtailadmin/base.html",
        "wagtail/admin/templates/wagtailadmin/skeleton.html",
        "wagtail/admin/templates/wagtailadmin/404.html",
        "wagtail/admin/templates/wagtailadmin/shared/keyboard_shortcuts_dialog.html",
        "wagtail/admin/templates/wagtailadmin/shared/headers/",
        "wagtail/admin/templates/wagtailadmin/shared/breadcrumbs.html",
        "wagtail/admin/templates/wagtailadmin/shared/dropdown/",
        "wagtail/admin/templates/wagtailadmin/shared/dialog/",
        "wagtail/admin/templates/wagtailadmin/shared/avatar.html",
        "wagtail/admin/templates/wagtailadmin/shared/panel.html",
        "wagtail/admin/templates/wagtailadmin/shared/pagination_nav.html",
        "wagtail/admin/paginator.py",
        "wagtail/admin/utils.py",
        "wagtail/snippets/wagtail_hooks.py",
        "wagtail/images/wagtail_hooks.py",
        "wagtail/documents/wagtail_hooks.py",
        "wagtail/admin/src/components/Sidebar/",
        "wagtail/admin/src/components/ComboBox/",
        "wagtail/admin/src/components/LoadingSpinner/",
    ),
    "dashboard": (
        "wagtail/admin/templates/wagtailadmin/home.html",
        "wagtail/admin/templates/wagtailadmin/home/",
        "wagtail/admin/views/home.py",
        "wagtail/images/templates/wagtailimages/homepage/",
        "wagtail/documents/templates/wagtaildocs/homepage/",
    ),
    "page editor": (
        "wagtail/admin/views/pages/create.py",
        "wagtail/admin/views/pages/edit.py",
        "wagtail/admin/views/pages/preview.py",
        "wagtail/admin/views/pages/revisions.py",
        "wagtail/admin/views/pages/history.py",
        "wagtail/admin/views/pages/lock.py",
        "wagtail/admin/views/pages/unpublish.py",
        "wagtail/admin/views/pages/delete.py",
        "wagtail/admin/views/pages/copy.py",
        "wagtail/admin/views/pages/move.py",
        "wagtail/admin/views/pages/choose_parent.py",
        "wagtail/admin/views/pages/usage.py",
        "wagtail/admin/views/pages/convert_alias.py",
        "wagtail/admin/views/page_privacy.py",
        "wagtail/admin/views/generic/history.py",
        "wagtail/admin/views/generic/preview.py",
        "wagtail/admin/views/generic/lock.py",
        "wagtail/admin/views/generic/usage.py",
        "wagtail/admin/templates/wagtailadmin/pages/action_menu/",
        "wagtail/admin/templates/wagtailadmin/pages/add_subpage.html",
        "wagtail/admin/templates/wagtailadmin/pages/confirm_",
        "wagtail/admin/templates/wagtailadmin/pages/copy.html",
        "wagtail/admin/templates/wagtailadmin/pages/edit_alias.html",
        "wagtail/admin/templates/wagtailadmin/pages/move_choose_destination.html",
        "wagtail/admin/templates/wagtailadmin/panels/",
        "wagtail/admin/templates/wagtailadmin/shared/side_panels",
        "wagtail/admin/templates/wagtailadmin/shared/editing_sessions/",
        "wagtail/admin/templates/wagtailadmin/shared/autosave/",
        "wagtail/admin/templates/wagtailadmin/shared/unsaved_changes_warning.html",
        "wagtail/admin/templates/wagtailadmin/shared/revisions/",
        "wagtail/admin/templates/wagtailadmin/shared/page_status_tag",
        "wagtail/admin/templates/wagtailadmin/shared/formatted_field.html",
        "wagtail/admin/templates/wagtailadmin/shared/set_privacy.html",
        "wagtail/admin/templates/wagtailadmin/shared/usage_summary.html",
        "wagtail/admin/templates/wagtailadmin/page_privacy/",
        "wagtail/admin/templates/wagtailadmin/generic/history/",
        "wagtail/admin/templates/wagtailadmin/generic/revisions/",
        "wagtail/admin/templates/wagtailadmin/generic/preview_error.html",
        "wagtail/admin/templates/wagtailadmin/widgets/",
        "wagtail/admin/panels/",
        "wagtail/admin/ui/side_panels.py",
        "wagtail/admin/action_menu.py",
        "wagtail/admin/forms/pages.py",
        "wagtail/admin/forms/models.py",
        "wagtail/admin/forms/tags.py",
        "wagtail/admin/forms/view_restrictions.py",
        "wagtail/admin/widgets/tags.py",
        "wagtail/admin/widgets/boolean_radio_select.py",
        "wagtail/admin/compare.py",
        "wagtail/wagtail_hooks.py",
        "wagtail/models/pages.py",
        "wagtail/models/draft_state.py",
        "wagtail/models/revisions.py",
        "wagtail/models/preview.py",
        "wagtail/models/locking.py",
        "wagtail/models/view_restrictions.py",
        "wagtail/models/audit_log.py",
        "wagtail/locks.py",
        "wagtail/blocks/",
        "wagtail/fields.py",
        "wagtail/admin/src/components/Draftail/",
        "wagtail/admin/src/components/StreamField/",
        "wagtail/admin/src/components/Minimap/",
        "wagtail/admin/src/components/Widget/",
        "wagtail/admin/src/controllers/",
        "wagtail/admin/src/includes/contentMetrics.ts",
        "wagtail/admin/src/includes/sidePanel.js",
    ),
    "workflow and moderation": (
        "wagtail/models/workflows.py",
        "wagtail/admin/views/workflows.py",
        "wagtail/admin/views/pages/workflow.py",
        "wagtail/admin/views/generic/workflow.py",
        "wagtail/admin/forms/workflows.py",
        "wagtail/admin/forms/comments.py",
        "wagtail/admin/widgets/workflows.py",
        "wagtail/admin/templates/wagtailadmin/workflows/",
        "wagtail/admin/templates/wagtailadmin/shared/workflow_history/",
        "wagtail/admin/templates/wagtailadmin/pages/confirm_workflow_cancellation.html",
        "wagtail/admin/templates/wagtailadmin/generic/confirm_workflow_cancellation.html",
        "wagtail/admin/src/components/CommentApp/",
        "wagtail/admin/src/entrypoints/admin/comments.js",
    ),
    "notification e-mails": ("wagtail/admin/templates/wagtailadmin/notifications/",),
    "page explorer": (
        "wagtail/admin/views/pages/listing.py",
        "wagtail/admin/views/pages/search.py",
        "wagtail/admin/views/pages/bulk_actions/",
        "wagtail/admin/templates/wagtailadmin/pages/listing",
        "wagtail/admin/templates/wagtailadmin/pages/explorable_index_results.html",
        "wagtail/admin/templates/wagtailadmin/pages/search_results.html",
        "wagtail/admin/templates/wagtailadmin/pages/bulk_actions/",
        "wagtail/admin/templates/wagtailadmin/bulk_actions/",
        "wagtail/admin/templates/wagtailadmin/shared/active_filters.html",
        "wagtail/admin/templates/wagtailadmin/shared/filters.html",
        "wagtail/admin/templates/wagtailadmin/shared/search_other.html",
        "wagtail/admin/templates/wagtailadmin/tables/",
        "wagtail/admin/ui/tables/",
        "wagtail/admin/filters.py",
        "wagtail/admin/active_filters.py",
        "wagtail/admin/forms/search.py",
        "wagtail/admin/src/components/PageExplorer/",
    ),
    "snippets": (
        "wagtail/snippets/",
        "wagtail/admin/views/generic/base.py",
        "wagtail/admin/views/generic/models.py",
        "wagtail/admin/views/generic/mixins.py",
        "wagtail/admin/views/mixins.py",
        "wagtail/admin/templates/wagtailadmin/generic/confirm_delete.html",
        "wagtail/admin/templates/wagtailadmin/generic/confirm_unpublish.html",
        "wagtail/admin/templates/wagtailadmin/generic/form.html",
        "wagtail/admin/templates/wagtailadmin/generic/index_results.html",
        "wagtail/admin/templates/wagtailadmin/generic/listing_results.html",
        "wagtail/admin/templates/wagtailadmin/shared/export_buttons.html",
        "wagtail/contrib/settings/",
    ),
    "image, document and link choosers": (
        "wagtail/admin/views/chooser.py",
        "wagtail/admin/views/generic/chooser.py",
        "wagtail/admin/viewsets/chooser.py",
        "wagtail/admin/widgets/chooser.py",
        "wagtail/admin/forms/choosers.py",
        "wagtail/admin/templates/wagtailadmin/chooser/",
        "wagtail/admin/templates/wagtailadmin/generic/chooser/",
        "wagtail/admin/templates/wagtailadmin/shared/collection_chooser.html",
        "wagtail/images/views/chooser.py",
        "wagtail/images/templates/wagtailimages/chooser/",
        "wagtail/images/forms.py",
        "wagtail/images/fields.py",
        "wagtail/images/widgets.py",
        "wagtail/images/blocks.py",
        "wagtail/images/formats.py",
        "wagtail/documents/views/chooser.py",
        "wagtail/documents/templates/wagtaildocs/chooser/",
        "wagtail/documents/forms.py",
        "wagtail/documents/fields.py",
        "wagtail/documents/blocks.py",
        "wagtail/admin/src/includes/chooserModal.js",
        "wagtail/admin/src/entrypoints/admin/modal-workflow.js",
    ),
    "user bar": (
        "wagtail/admin/userbar.py",
        "wagtail/admin/templates/wagtailadmin/userbar/",
    ),
    "log-in and account": (
        "wagtail/admin/templates/wagtailadmin/login.html",
        "wagtail/admin/templates/wagtailadmin/account/",
        "wagtail/admin/views/account.py",
        "wagtail/admin/forms/account.py",
        "wagtail/admin/forms/auth.py",
        "wagtail/admin/auth.py",
        "wagtail/templates/wagtailcore/login.html",
        "wagtail/templates/wagtailcore/password_required.html",
        "wagtail/forms.py",
    ),
    # The Reports menu editors and reviewers see: locked pages, workflows and their tasks, site
    # history, aging pages, page types.
    "reports": (
        "wagtail/admin/views/reports/",
        "wagtail/admin/templates/wagtailadmin/reports/",
    ),
    # The Translations report, the translation editor, submitting and updating translations;
    # not the Locales settings (administrators) nor the deprecated modeladmin screens.
    "translation (wagtail-localize)": (
        "wagtail_localize/src/",
        "wagtail_localize/templates/",
        "wagtail_localize/wagtail_hooks.py",
        "wagtail_localize/views/",
        "wagtail_localize/models.py",
        "wagtail_localize/strings.py",
        "wagtail_localize/components.py",
    ),
}

THRESHOLD = 100  # per cent, overall: tests/portal/test_admin_khmer.py holds the catalogue to it


@dataclass(frozen=True)
class Message:
    domain: str
    msgid: str
    context: str = ""
    plural: str = ""

    @property
    def key(self):
        """The key of this message in a gettext catalogue as Django loads it."""
        msgid = f"{self.context}\x04{self.msgid}" if self.context else self.msgid
        return (msgid, 0) if self.plural else msgid


@dataclass
class Coverage:
    messages: dict = field(default_factory=dict)  # group -> set of Message
    translated: dict = field(default_factory=dict)  # group -> set of Message

    def figure(self, group=None):
        """(translated, total, per cent) for a group, or for every group together."""
        if group is None:
            total = set().union(*self.messages.values())
            done = set().union(*self.translated.values())
        else:
            total, done = self.messages[group], self.translated[group]
        return len(done), len(total), 100 * len(done) / len(total) if total else 100.0

    def missing(self, group=None):
        groups = [group] if group else list(self.messages)
        return sorted(
            {m for g in groups for m in self.messages[g] - self.translated[g]},
            key=lambda m: (m.domain, m.msgid),
        )


def _source_path(po_path, reference):
    """A `#:` reference as a path relative to site-packages: the .po file of an app lists its
    references relative to that app's folder (`wagtail/admin/locale/en/...` says
    `templates/wagtailadmin/...`)."""
    app = po_path.parents[3]  # <app>/locale/en/LC_MESSAGES/x.po
    site_packages = PACKAGES[0].parent
    return (app.relative_to(site_packages) / reference).as_posix().replace("/./", "/")


def wagtail_messages():
    """Every (message, source path) of the installed packages' English catalogues."""
    for package in PACKAGES:
        for po_path in sorted(package.glob("**/locale/en/LC_MESSAGES/*.po")):
            domain = po_path.stem
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete:
                    continue
                message = Message(domain, entry.msgid, entry.msgctxt or "", entry.msgid_plural)
                for reference, _line in entry.occurrences:
                    yield message, _source_path(po_path, reference)


def khmer_catalogue(domain):
    """Django's Khmer catalogue for a domain, loaded as the site loads it (apps, then
    LOCALE_PATHS on top)."""
    with translation.override("km"):
        if domain == "django":
            return translation.trans_real.translation("km")._catalog
        return DjangoTranslation("km", domain=domain)._catalog


def measure():
    catalogues = {}
    coverage = Coverage({g: set() for g in SCREENS}, {g: set() for g in SCREENS})
    for message, path in wagtail_messages():
        if message.domain not in catalogues:
            catalogues[message.domain] = khmer_catalogue(message.domain)
        for group, prefixes in SCREENS.items():
            if path.startswith(prefixes):
                coverage.messages[group].add(message)
                if catalogues[message.domain].get(message.key):
                    coverage.translated[group].add(message)
    return coverage

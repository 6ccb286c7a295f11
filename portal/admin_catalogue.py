"""How much of the Wagtail admin that editors, reviewers and contributors use speaks Khmer.

Wagtail ships no Khmer catalogue; the project's `locale/km/LC_MESSAGES/django.po` (and
`djangojs.po` for the admin's scripts) translates Wagtail's strings, with Wagtail's msgids, and
wins over every app's catalogue because it is on LOCALE_PATHS (decision 0016).

Which strings a screen shows is read from Wagtail's own English catalogues of the installed
version (`wagtail/**/locale/en/LC_MESSAGES/*.po`): Wagtail's maintainers regenerate them with
`makemessages` for each release, so every msgid comes with the source files (`#:` references)
that use it. A screen group is a set of those source paths; a string counts as translated when
Django's Khmer catalogue, as the running site loads it, has it (so the figure is what an editor
sees, whichever catalogue the translation comes from). Upgrading Wagtail changes the msgids; the
figure then shows what is left to translate, and `missing()` lists it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib
import wagtail
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

WAGTAIL = Path(wagtail.__file__).parent

# Source paths (relative to the wagtail package) of the screens in scope, by group. A string
# belongs to every group one of its references falls in. Left out on purpose: what only
# administrators see (reports, users and groups, sites, locales, collections, redirects, forms,
# search promotions, the styleguide), and the images and documents libraries outside their
# choosers.
SCREENS = {
    "side menu and admin frame": (
        "admin/wagtail_hooks.py",
        "admin/menu.py",
        "admin/localization.py",
        "admin/templatetags/",
        "admin/templates/wagtailadmin/base.html",
        "admin/templates/wagtailadmin/skeleton.html",
        "admin/templates/wagtailadmin/404.html",
        "admin/templates/wagtailadmin/shared/keyboard_shortcuts_dialog.html",
        "admin/templates/wagtailadmin/shared/headers/",
        "admin/templates/wagtailadmin/shared/breadcrumbs.html",
        "admin/templates/wagtailadmin/shared/dropdown/",
        "admin/templates/wagtailadmin/shared/dialog/",
        "admin/templates/wagtailadmin/shared/avatar.html",
        "admin/templates/wagtailadmin/shared/panel.html",
        "admin/templates/wagtailadmin/shared/pagination_nav.html",
        "admin/paginator.py",
        "admin/utils.py",
        "snippets/wagtail_hooks.py",
        "images/wagtail_hooks.py",
        "documents/wagtail_hooks.py",
        "admin/src/components/Sidebar/",
        "admin/src/components/ComboBox/",
        "admin/src/components/LoadingSpinner/",
    ),
    "dashboard": (
        "admin/templates/wagtailadmin/home.html",
        "admin/templates/wagtailadmin/home/",
        "admin/views/home.py",
        "images/templates/wagtailimages/homepage/",
        "documents/templates/wagtaildocs/homepage/",
    ),
    "page editor": (
        "admin/views/pages/create.py",
        "admin/views/pages/edit.py",
        "admin/views/pages/preview.py",
        "admin/views/pages/revisions.py",
        "admin/views/pages/history.py",
        "admin/views/pages/lock.py",
        "admin/views/pages/unpublish.py",
        "admin/views/pages/delete.py",
        "admin/views/pages/copy.py",
        "admin/views/pages/move.py",
        "admin/views/pages/choose_parent.py",
        "admin/views/pages/usage.py",
        "admin/views/pages/convert_alias.py",
        "admin/views/page_privacy.py",
        "admin/views/generic/history.py",
        "admin/views/generic/preview.py",
        "admin/views/generic/lock.py",
        "admin/views/generic/usage.py",
        "admin/templates/wagtailadmin/pages/action_menu/",
        "admin/templates/wagtailadmin/pages/add_subpage.html",
        "admin/templates/wagtailadmin/pages/confirm_",
        "admin/templates/wagtailadmin/pages/copy.html",
        "admin/templates/wagtailadmin/pages/edit_alias.html",
        "admin/templates/wagtailadmin/pages/move_choose_destination.html",
        "admin/templates/wagtailadmin/panels/",
        "admin/templates/wagtailadmin/shared/side_panels",
        "admin/templates/wagtailadmin/shared/editing_sessions/",
        "admin/templates/wagtailadmin/shared/autosave/",
        "admin/templates/wagtailadmin/shared/unsaved_changes_warning.html",
        "admin/templates/wagtailadmin/shared/revisions/",
        "admin/templates/wagtailadmin/shared/page_status_tag",
        "admin/templates/wagtailadmin/shared/formatted_field.html",
        "admin/templates/wagtailadmin/shared/set_privacy.html",
        "admin/templates/wagtailadmin/shared/usage_summary.html",
        "admin/templates/wagtailadmin/page_privacy/",
        "admin/templates/wagtailadmin/generic/history/",
        "admin/templates/wagtailadmin/generic/revisions/",
        "admin/templates/wagtailadmin/generic/preview_error.html",
        "admin/templates/wagtailadmin/widgets/",
        "admin/panels/",
        "admin/ui/side_panels.py",
        "admin/action_menu.py",
        "admin/forms/pages.py",
        "admin/forms/models.py",
        "admin/forms/tags.py",
        "admin/forms/view_restrictions.py",
        "admin/widgets/tags.py",
        "admin/widgets/boolean_radio_select.py",
        "admin/compare.py",
        "wagtail_hooks.py",
        "models/pages.py",
        "models/draft_state.py",
        "models/revisions.py",
        "models/preview.py",
        "models/locking.py",
        "models/view_restrictions.py",
        "models/audit_log.py",
        "locks.py",
        "blocks/",
        "fields.py",
        "admin/src/components/Draftail/",
        "admin/src/components/StreamField/",
        "admin/src/components/Minimap/",
        "admin/src/components/Widget/",
        "admin/src/controllers/",
        "admin/src/includes/contentMetrics.ts",
        "admin/src/includes/sidePanel.js",
    ),
    "workflow and moderation": (
        "models/workflows.py",
        "admin/views/workflows.py",
        "admin/views/pages/workflow.py",
        "admin/views/generic/workflow.py",
        "admin/forms/workflows.py",
        "admin/forms/comments.py",
        "admin/widgets/workflows.py",
        "admin/templates/wagtailadmin/workflows/",
        "admin/templates/wagtailadmin/shared/workflow_history/",
        "admin/templates/wagtailadmin/pages/confirm_workflow_cancellation.html",
        "admin/templates/wagtailadmin/generic/confirm_workflow_cancellation.html",
        "admin/src/components/CommentApp/",
        "admin/src/entrypoints/admin/comments.js",
    ),
    "notification e-mails": ("admin/templates/wagtailadmin/notifications/",),
    "page explorer": (
        "admin/views/pages/listing.py",
        "admin/views/pages/search.py",
        "admin/views/pages/bulk_actions/",
        "admin/templates/wagtailadmin/pages/listing",
        "admin/templates/wagtailadmin/pages/explorable_index_results.html",
        "admin/templates/wagtailadmin/pages/search_results.html",
        "admin/templates/wagtailadmin/pages/bulk_actions/",
        "admin/templates/wagtailadmin/bulk_actions/",
        "admin/templates/wagtailadmin/shared/active_filters.html",
        "admin/templates/wagtailadmin/shared/filters.html",
        "admin/templates/wagtailadmin/shared/search_other.html",
        "admin/templates/wagtailadmin/tables/",
        "admin/ui/tables/",
        "admin/filters.py",
        "admin/active_filters.py",
        "admin/forms/search.py",
        "admin/src/components/PageExplorer/",
    ),
    "snippets": (
        "snippets/",
        "admin/views/generic/base.py",
        "admin/views/generic/models.py",
        "admin/views/generic/mixins.py",
        "admin/views/mixins.py",
        "admin/templates/wagtailadmin/generic/confirm_delete.html",
        "admin/templates/wagtailadmin/generic/confirm_unpublish.html",
        "admin/templates/wagtailadmin/generic/form.html",
        "admin/templates/wagtailadmin/generic/index_results.html",
        "admin/templates/wagtailadmin/generic/listing_results.html",
        "admin/templates/wagtailadmin/shared/export_buttons.html",
        "contrib/settings/",
    ),
    "image, document and link choosers": (
        "admin/views/chooser.py",
        "admin/views/generic/chooser.py",
        "admin/viewsets/chooser.py",
        "admin/widgets/chooser.py",
        "admin/forms/choosers.py",
        "admin/templates/wagtailadmin/chooser/",
        "admin/templates/wagtailadmin/generic/chooser/",
        "admin/templates/wagtailadmin/shared/collection_chooser.html",
        "images/views/chooser.py",
        "images/templates/wagtailimages/chooser/",
        "images/forms.py",
        "images/fields.py",
        "images/widgets.py",
        "images/blocks.py",
        "images/formats.py",
        "documents/views/chooser.py",
        "documents/templates/wagtaildocs/chooser/",
        "documents/forms.py",
        "documents/fields.py",
        "documents/blocks.py",
        "admin/src/includes/chooserModal.js",
        "admin/src/entrypoints/admin/modal-workflow.js",
    ),
    "user bar": (
        "admin/userbar.py",
        "admin/templates/wagtailadmin/userbar/",
    ),
    "log-in and account": (
        "admin/templates/wagtailadmin/login.html",
        "admin/templates/wagtailadmin/account/",
        "admin/views/account.py",
        "admin/forms/account.py",
        "admin/forms/auth.py",
        "admin/auth.py",
        "templates/wagtailcore/login.html",
        "templates/wagtailcore/password_required.html",
        "forms.py",
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
    """A `#:` reference as a path relative to the wagtail package: the .po file of an app
    lists its references relative to that app's folder (`wagtail/admin/locale/en/...` says
    `templates/wagtailadmin/...`)."""
    app = po_path.parents[3].relative_to(WAGTAIL)  # <app>/locale/en/LC_MESSAGES/x.po
    return (app / reference).as_posix().removeprefix("./")


def wagtail_messages():
    """Every (message, source path) of the installed Wagtail's English catalogues."""
    for po_path in sorted(WAGTAIL.glob("**/locale/en/LC_MESSAGES/*.po")):
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

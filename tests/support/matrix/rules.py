"""The rules of the access matrix (tests/test_access_matrix.py): who asks, the kinds of answer,
and what each person gets from the public site, the accounts pages and the APIs. The admin's
rules are in admin_rules.py."""

from dataclasses import dataclass

# Who asks.
ANON, LEARNER, CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL = (
    "anonymous",
    "learner",
    "contributor",
    "reviewer",
    "editor",
    "provincial staff (Kampong Speu)",
    "provincial staff (Siem Reap)",
    "national staff",
)
PEOPLE = [ANON, LEARNER, CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL]
ADMIN_USERS = [CONTRIBUTOR, REVIEWER, EDITOR, KSP, SR, NATIONAL]
STAFF = [KSP, SR, NATIONAL]

# What they get.
OK = "allowed"  # 2xx
LOGIN = "login"  # sent to a log-in page (or 401 from an API)
DENIED = "403"  # 403, or the admin's redirect to its dashboard with "no permission"
MISSING = "404"  # 404 (also the language redirect Django makes for an unknown admin path)
REDIRECT = "redirect"  # any other redirect
NOT_ALLOWED = "405"  # GET refused: the URL takes POST only
BAD = "400"


def everyone(answer=OK):
    return dict.fromkeys(PEOPLE, answer)


def signed_in(answer=OK):
    """A page of the site for signed-in people: the others are sent to log in."""
    return {**everyone(answer), ANON: LOGIN}


def admin(*allowed, others=DENIED, exceptions=None):
    """A screen of the Wagtail admin. The unsigned, and learners (who have no admin access), are
    sent to its log-in page; ``allowed`` get in; the other admin users get ``others``."""
    answers = {ANON: LOGIN, LEARNER: LOGIN}
    answers.update({who: OK if who in allowed else others for who in ADMIN_USERS})
    answers.update(exceptions or {})
    return answers


@dataclass(frozen=True)
class Rule:
    """What each person gets from the URLs of one pattern, named by its URL name or its route,
    or from every pattern whose name starts with ``match`` when that ends with ":" or "_".
    ``expect`` is {person: outcome}, or {case label: {person: outcome}} for patterns requested
    for several objects (see ``subjects``)."""

    match: str
    expect: dict

    @property
    def is_prefix(self):
        return self.match[-1] in ":_"

    def expected(self, label, who):
        answers = self.expect[label] if label is not None else self.expect
        return answers[who]


ADMIN_ENTRY = admin(*ADMIN_USERS)  # every admin user: home, account, choosers, autocompletes
SUPERUSERS_ONLY = admin()  # no group holds these rights: settings, users, vocabulary
POST_ONLY = admin(others=NOT_ALLOWED)
CONTENT_PEOPLE = admin(CONTRIBUTOR, REVIEWER, EDITOR)  # hold page rights somewhere
UPLOADERS = admin(CONTRIBUTOR, EDITOR)  # add images and documents
STAFF_ONLY = admin(*STAFF)
EDITORS_ONLY = admin(EDITOR)

# A knowledge-base page, by whose draft it is (see ``subjects``). A draft never submitted is
# its author's and the Editors' alone; one in review, also the Reviewers'. Reviewers hold
# "publish", which opens a live page's revisions to them.
PAGE_SCREEN = {
    "private draft": EDITORS_ONLY,
    "draft in review": EDITORS_ONLY,
    "own draft": admin(CONTRIBUTOR, EDITOR),
    "live lesson": EDITORS_ONLY,
}
PAGE_REVIEW_SCREEN = {  # edit, revisions, view draft: where Wagtail lets a Reviewer review
    **PAGE_SCREEN,
    "draft in review": admin(REVIEWER, EDITOR),
}
PAGE_PUBLISHER_SCREEN = {  # what "publish" opens: a live page's revisions too
    **PAGE_REVIEW_SCREEN,
    "live lesson": admin(REVIEWER, EDITOR),
}
PUBLISH_ONLY_SCREEN = {  # privacy, unscheduling: "publish" rights, not the author's
    **PAGE_PUBLISHER_SCREEN,
    "own draft": EDITORS_ONLY,
}
SESSION_SCREEN = {
    "Kampong Speu session": admin(KSP, NATIONAL),
    "Siem Reap session": admin(SR, NATIONAL),
}
PLAN_SCREEN = {
    "Kampong Speu plan": admin(KSP, NATIONAL),
    "Siem Reap plan": admin(SR, NATIONAL),
}

SITE_RULES = [
    # The public site.
    Rule(
        "wagtail_serve",
        {
            "home": everyone(),
            "live lesson": everyone(),
            "private draft": everyone(MISSING),
        },
    ),
    Rule("favicon.ico", everyone(REDIRECT)),
    Rule("service-worker", everyone()),  # the script; what it keeps is the learner's own
    Rule("web-manifest", everyone()),
    Rule("wagtailcore_login", everyone()),
    Rule(
        "wagtailcore_authenticate_with_password",
        {
            label: everyone(MISSING)
            for label in ("private draft", "draft in review", "own draft", "live lesson")
        },
    ),
    Rule("wagtaildocs_authenticate_with_password", everyone(MISSING)),
    # Documents are served to those who may edit them (knowledge_base's upload rules).
    Rule("wagtaildocs_serve", {**everyone(MISSING), ANON: LOGIN, EDITOR: OK}),
    Rule("search:", everyone()),
    Rule("api:search_search", everyone()),
    Rule("search-api-localized", everyone()),
    Rule("knowledge_base:guidebook_pdf", everyone()),
    Rule("knowledge_base:guidebook_edition", everyone()),
    Rule("knowledge_base:guidebook_edition_pdf", everyone()),
    Rule("knowledge_base:share", {**signed_in(DENIED), CONTRIBUTOR: OK, EDITOR: OK}),
    Rule("training:dashboard", signed_in()),
    Rule("training:verify", everyone()),
    Rule("training:verify_code", everyone()),
    Rule("training:certificate_pdf", {**signed_in(MISSING), LEARNER: OK}),  # its owner's
    Rule("training:enrol", signed_in(NOT_ALLOWED)),
    Rule("training:complete_lesson", signed_in(NOT_ALLOWED)),
    Rule("training:quiz", signed_in(NOT_ALLOWED)),
    Rule("training:reminders", signed_in(NOT_ALLOWED)),
    Rule("training:calendar", everyone()),
    Rule("training:calendar_feed", everyone()),
    Rule("training:register", signed_in(NOT_ALLOWED)),
    Rule("training:cancel_registration", signed_in(NOT_ALLOWED)),
    # Accounts.
    Rule("accounts:signup", {**everyone(REDIRECT), ANON: OK}),
    Rule("accounts:login", everyone()),
    Rule("accounts:logout", everyone(NOT_ALLOWED)),
    Rule("accounts:password_reset", everyone()),
    Rule("accounts:password_reset_done", everyone()),
    Rule("accounts:password_reset_confirm", everyone(REDIRECT)),
    Rule("accounts:password_reset_complete", everyone()),
    Rule("accounts:profile", signed_in()),
    Rule("accounts:revoke_api_token", signed_in(NOT_ALLOWED)),
    # To someone of Kampong Speu: staff of the province, and those who manage users.
    Rule("accounts_invitation", admin(KSP, NATIONAL, exceptions={SR: MISSING})),
    Rule("accounts_lockouts", admin(NATIONAL)),
    # The API: its document, and the training router's learner's own records (401 without a
    # token or a session).
    Rule("api:openapi-json", everyone()),
    Rule("api-training-openapi", everyone()),
    Rule("api:api-root", everyone(MISSING)),
    Rule("api:training_me", signed_in()),
    Rule("api:training_enrolments", signed_in()),
    Rule("api:training_certificates", signed_in()),
    Rule("api:training_progress", {**signed_in(DENIED), LEARNER: OK}),  # the learner's enrolment
    Rule("api:training_offline", {**signed_in(DENIED), LEARNER: OK}),  # a course of theirs
    Rule("api:training_post_event", everyone(NOT_ALLOWED)),
    Rule("api:training_post_events", everyone(NOT_ALLOWED)),
    # The calendar: its sessions are public; a learner's registrations are their own.
    Rule("api:training_sessions", everyone()),
    Rule("api:training_registrations", signed_in()),
    Rule("api:training_register_for_session", everyone(NOT_ALLOWED)),  # POST and DELETE only
    Rule("api:training_cancel_session_registration", everyone(NOT_ALLOWED)),
]

"""The access matrix's rules for the Wagtail admin and the training admin (see rules.py)."""

from .rules import (
    ADMIN_ENTRY,
    ANON,
    CONTENT_PEOPLE,
    CONTRIBUTOR,
    DENIED,
    EDITOR,
    EDITORS_ONLY,
    KSP,
    LEARNER,
    MISSING,
    NATIONAL,
    NOT_ALLOWED,
    OK,
    PAGE_PUBLISHER_SCREEN,
    PAGE_REVIEW_SCREEN,
    PAGE_SCREEN,
    PLAN_SCREEN,
    POST_ONLY,
    PUBLISH_ONLY_SCREEN,
    REDIRECT,
    REVIEWER,
    SESSION_SCREEN,
    SR,
    STAFF_ONLY,
    SUPERUSERS_ONLY,
    UPLOADERS,
    Rule,
    admin,
    everyone,
)

ADMIN_RULES = [
    # A guidebook's editions: who may publish the guidebook (Editors) publishes an edition.
    Rule("knowledge_base_guidebook_editions", EDITORS_ONLY),
    # The training admin: staff, each within their province.
    Rule("training_report", STAFF_ONLY),
    Rule("training_report_learners", STAFF_ONLY),
    Rule("training_cohort", STAFF_ONLY),
    Rule("training_attendance", SESSION_SCREEN),
    Rule("training_cancel_session", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:", STAFF_ONLY),
    Rule("wagtailsnippets_training_trainingsession:edit", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:copy", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:history", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:history_results", SESSION_SCREEN),
    Rule("wagtailsnippets_training_trainingsession:usage", SESSION_SCREEN),
    # No one but a superuser deletes a session.
    Rule(
        "wagtailsnippets_training_trainingsession:delete",
        {label: SUPERUSERS_ONLY for label in SESSION_SCREEN},
    ),
    # Capacity-development plans: staff, each their province's (the national plan, national
    # staff's); learning paths: national staff.
    Rule("training_plan_progress", STAFF_ONLY),
    Rule("training_refreshers", STAFF_ONLY),
    Rule("training_plans_import", STAFF_ONLY),
    Rule("training_plans_export", STAFF_ONLY),
    # Completions marked by staff: the trail and the form for staff; undoing, each their
    # province's learners' (national staff everyone's).
    Rule("training_overrides", STAFF_ONLY),
    Rule("training_override_add", STAFF_ONLY),
    Rule(
        "training_override_undo",
        {
            "Kampong Speu override": admin(KSP, NATIONAL),
            "Siem Reap override": admin(SR, NATIONAL),
        },
    ),
    Rule("wagtailsnippets_training_trainingplan:", STAFF_ONLY),
    Rule("wagtailsnippets_training_trainingplan:edit", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:copy", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:delete", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:history", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:history_results", PLAN_SCREEN),
    Rule("wagtailsnippets_training_trainingplan:usage", PLAN_SCREEN),
    Rule(
        "wagtailsnippetchoosers_training_trainingplan:chosen",
        {
            "Kampong Speu plan": admin(KSP, NATIONAL, others=MISSING),
            "Siem Reap plan": admin(SR, NATIONAL, others=MISSING),
        },
    ),
    Rule("wagtailsnippetchoosers_training_trainingplan:create", STAFF_ONLY),
    Rule("wagtailsnippets_training_learningpath:", admin(NATIONAL)),
    Rule("wagtailsnippetchoosers_training_learningpath:create", admin(NATIONAL)),
    # Choosers open to every admin user; the session chooser lists the sessions in one's scope.
    Rule("wagtailsnippetchoosers_", ADMIN_ENTRY),
    Rule(
        "wagtailsnippetchoosers_training_trainingsession:chosen",
        {
            "Kampong Speu session": admin(KSP, NATIONAL, others=MISSING),
            "Siem Reap session": admin(SR, NATIONAL, others=MISSING),
        },
    ),
    Rule("wagtailsnippetchoosers_training_trainingsession:create", STAFF_ONLY),
    Rule("wagtailsnippetchoosers_portal_actortype:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_administrativearea:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_organisation:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_strategy:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_portal_glossaryterm:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippetchoosers_training_quiz:create", SUPERUSERS_ONLY),
    Rule("wagtailsnippets:index", STAFF_ONLY),
    Rule("wagtailsnippets_portal_", SUPERUSERS_ONLY),  # the shared vocabulary
    Rule("wagtailsnippets_training_quiz:", SUPERUSERS_ONLY),
    # Pages: knowledge-base drafts by whose they are.
    Rule("wagtailadmin_pages:edit", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:view_draft", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:preview_on_edit", PAGE_SCREEN),
    Rule("wagtailadmin_pages:revisions_view", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:revisions_compare", PAGE_PUBLISHER_SCREEN),
    Rule("wagtailadmin_pages:revisions_revert", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:revisions_unschedule", PUBLISH_ONLY_SCREEN),
    Rule("wagtailadmin_pages:set_privacy", PUBLISH_ONLY_SCREEN),
    Rule("wagtailadmin_pages:copy", PAGE_REVIEW_SCREEN),
    Rule("wagtailadmin_pages:history", PAGE_SCREEN),
    Rule("wagtailadmin_pages:history_results", PAGE_SCREEN),
    Rule("wagtailadmin_pages:usage", PAGE_SCREEN),
    Rule("wagtailadmin_pages:delete", {**PAGE_SCREEN, "own draft": admin(CONTRIBUTOR, EDITOR)}),
    Rule("wagtailadmin_pages:move", PAGE_SCREEN),
    Rule("wagtailadmin_pages:move_confirm", PAGE_SCREEN),
    Rule(
        "wagtailadmin_pages:unpublish",
        {
            **{label: SUPERUSERS_ONLY for label in PAGE_SCREEN},  # nothing to unpublish in a draft
            "live lesson": admin(REVIEWER, EDITOR),
        },
    ),
    Rule(
        "wagtailadmin_pages:revisions_index",
        {
            label: admin(others=REDIRECT)
            for label in PAGE_SCREEN  # to the history
        },
    ),
    Rule(
        "wagtailadmin_pages:convert_alias", {label: admin(others=MISSING) for label in PAGE_SCREEN}
    ),
    Rule("wagtailadmin_pages:lock", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule("wagtailadmin_pages:unlock", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule("wagtailadmin_pages:set_page_position", {label: POST_ONLY for label in PAGE_SCREEN}),
    Rule(
        "wagtailadmin_pages:workflow_history",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": EDITORS_ONLY,
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_history_detail",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(exceptions={EDITOR: MISSING}),  # not that page's workflow
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_preview",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(),
        },
    ),
    Rule(
        "wagtailadmin_pages:workflow_action",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(others=REDIRECT),  # not in a workflow: back to its edit page
        },
    ),
    Rule(
        "wagtailadmin_pages:collect_workflow_action_data",
        {
            "draft in review": admin(REVIEWER, EDITOR),
            "private draft": admin(others=REDIRECT),
        },
    ),
    # Asks whether to cancel the page's workflow: names neither page nor workflow.
    Rule(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        {label: ADMIN_ENTRY for label in PAGE_SCREEN},
    ),
    Rule("wagtailadmin_pages:add", UPLOADERS),  # a lesson under the lesson index
    Rule("wagtailadmin_pages:preview_on_add", UPLOADERS),
    Rule(
        "wagtailadmin_pages:add_subpage",
        {
            "lesson index": admin(
                others=DENIED, exceptions={CONTRIBUTOR: REDIRECT, EDITOR: REDIRECT}
            ),
            "private draft": admin(),
        },
    ),
    Rule(
        "wagtailadmin_pages:choose_parent",
        admin(REVIEWER, KSP, SR, NATIONAL, exceptions={CONTRIBUTOR: REDIRECT, EDITOR: REDIRECT}),
    ),
    Rule("wagtailadmin_pages:search", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:search_results", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:type_use", CONTENT_PEOPLE),
    Rule("wagtailadmin_pages:type_use_results", CONTENT_PEOPLE),
    # The explorer's root: the pages above both knowledge-base indexes (Khmer and English).
    Rule("wagtailadmin_explore_root", CONTENT_PEOPLE),
    # The explorer lists the drafts one may see (tests/knowledge_base/test_draft_visibility.py);
    # opened at a draft's own id, it still shows that draft's title in its header.
    Rule("wagtailadmin_explore", {"lesson index": CONTENT_PEOPLE, "private draft": CONTENT_PEOPLE}),
    Rule(
        "wagtailadmin_explore_results",
        {
            "lesson index": CONTENT_PEOPLE,
            "private draft": CONTENT_PEOPLE,
        },
    ),
    Rule("wagtailadmin_choose_page", ADMIN_ENTRY),
    Rule("wagtailadmin_choose_page_", ADMIN_ENTRY),
    Rule(
        "wagtailadmin_choose_page_child",
        {
            "lesson index": ADMIN_ENTRY,
            "private draft": ADMIN_ENTRY,
        },
    ),
    Rule(
        "wagtailadmin_api:pages:detail",
        {
            "private draft": admin(EDITOR, others=MISSING),
            "draft in review": admin(REVIEWER, EDITOR, others=MISSING),
            "own draft": admin(CONTRIBUTOR, EDITOR, others=MISSING),
            "live lesson": admin(CONTRIBUTOR, REVIEWER, EDITOR, others=MISSING),
        },
    ),
    Rule("wagtailadmin_api:pages:listing", ADMIN_ENTRY),
    Rule("wagtailadmin_api:pages:action", POST_ONLY),
    Rule("wagtailadmin_api:", ADMIN_ENTRY),
    Rule("wagtailadmin_api:documents:find", admin(others=MISSING)),
    Rule("wagtailadmin_api:images:find", admin(others=MISSING)),
    Rule("wagtailadmin_api:pages:find", admin(others=MISSING)),
    # Another contributor's image and document, which no page uses: the Editors' (and theirs).
    Rule("wagtailadmin_api:images:detail", admin(EDITOR, others=MISSING)),
    Rule("wagtailadmin_api:documents:detail", admin(EDITOR, others=MISSING)),
    # Bulk actions list what they were asked for, those one has no right on included.
    Rule(
        "wagtail_bulk_action",
        {
            "publish a private draft": ADMIN_ENTRY,
            "delete a session": ADMIN_ENTRY,
        },
    ),
    # Reports.
    Rule("wagtailadmin_reports:site_history", ADMIN_ENTRY),
    Rule("wagtailadmin_reports:site_history_results", ADMIN_ENTRY),
    Rule("wagtailadmin_reports:locked_pages", EDITORS_ONLY),
    Rule("wagtailadmin_reports:locked_pages_results", EDITORS_ONLY),
    Rule("wagtailadmin_reports:", CONTENT_PEOPLE),
    # Images and documents: contributors and editors add them, editors change them.
    Rule("wagtailimages:", UPLOADERS),
    Rule("wagtaildocs:", UPLOADERS),
    Rule("wagtailimages:edit", EDITORS_ONLY),
    Rule("wagtailimages:delete", EDITORS_ONLY),
    Rule("wagtailimages:preview", EDITORS_ONLY),
    Rule("wagtailimages:image_usage", EDITORS_ONLY),
    Rule("wagtailimages:url_generator", admin(exceptions={CONTRIBUTOR: MISSING, EDITOR: MISSING})),
    Rule(
        "wagtailimages:url_generator_output",
        admin(exceptions={CONTRIBUTOR: MISSING, EDITOR: MISSING}),
    ),
    Rule("wagtaildocs:edit", EDITORS_ONLY),
    Rule("wagtaildocs:delete", EDITORS_ONLY),
    Rule("wagtaildocs:document_usage", EDITORS_ONLY),
    Rule("wagtailimages:edit_multiple", POST_ONLY),
    Rule("wagtailimages:delete_multiple", POST_ONLY),
    Rule("wagtailimages:create_multiple_from_uploaded_image", POST_ONLY),
    Rule("wagtailimages:delete_upload_multiple", POST_ONLY),
    Rule("wagtaildocs:edit_multiple", POST_ONLY),
    Rule("wagtaildocs:delete_multiple", POST_ONLY),
    Rule("wagtaildocs:create_multiple_from_uploaded_document", POST_ONLY),
    Rule("wagtaildocs:delete_upload_multiple", POST_ONLY),
    Rule("wagtailimages_chooser:", ADMIN_ENTRY),
    Rule("wagtaildocs_chooser:", ADMIN_ENTRY),
    Rule("wagtailimages_chooser:create", UPLOADERS),
    Rule("wagtaildocs_chooser:create", UPLOADERS),
    Rule("wagtailimages_chooser:chosen", EDITORS_ONLY),
    Rule("wagtailimages_chooser:select_format", EDITORS_ONLY),
    Rule("wagtaildocs_chooser:chosen", EDITORS_ONLY),
    # Forms (no form pages here).
    Rule("wagtailforms:index", CONTENT_PEOPLE),
    Rule("wagtailforms:index_results", CONTENT_PEOPLE),
    Rule("wagtailforms:list_submissions", {label: admin(others=MISSING) for label in PAGE_SCREEN}),
    Rule(
        "wagtailforms:list_submissions_results",
        {label: admin(others=MISSING) for label in PAGE_SCREEN},
    ),
    Rule("wagtailforms:delete_submissions", {label: SUPERUSERS_ONLY for label in PAGE_SCREEN}),
    # Translation (wagtail-localize).
    Rule("wagtail_localize:", SUPERUSERS_ONLY),
    Rule("wagtail_localize:javascript_catalog", ADMIN_ENTRY),
    Rule("wagtail_localize:snippets_api_listing", ADMIN_ENTRY),
    Rule("wagtail_localize:snippets_api_detail", ADMIN_ENTRY),
    Rule("wagtail_localize:translations_report", ADMIN_ENTRY),
    Rule("wagtail_localize:translations_report_results", ADMIN_ENTRY),
    Rule(
        "wagtail_localize:submit_page_translation",
        {label: SUPERUSERS_ONLY for label in PAGE_SCREEN},
    ),
    Rule(  # a 404 to those who may edit the page: it is no alias
        "wagtail_localize:convert_to_alias",
        {
            label: {who: MISSING if answer == OK else answer for who, answer in answers.items()}
            for label, answers in PAGE_REVIEW_SCREEN.items()
        },
    ),
    Rule("wagtail_localize:stop_translation", POST_ONLY),
    Rule("wagtail_localize:machine_translate", POST_ONLY),
    Rule("wagtail_localize:edit_override", POST_ONLY),
    Rule("wagtail_localize:upload_pofile", POST_ONLY),
    Rule("wagtail_localize:edit_string_translation", POST_ONLY),
    Rule("wagtail_localize:download_pofile", EDITORS_ONLY),  # they may change the lesson
    Rule(  # a preview mode the page does not have
        "admin/localize/translate/<int:translation_id>/preview/<str:mode>/",
        admin(others=DENIED, exceptions={EDITOR: MISSING}),
    ),
    Rule("wagtail_localize:preview_translation", EDITORS_ONLY),
    # The portal's translation status, and a section's PO export (POST: it starts the
    # translations it needs) and import: the Editor group (portal.manage_translations).
    Rule("portal_translations", EDITORS_ONLY),
    Rule("portal_translations_import", EDITORS_ONLY),
    Rule("portal_translations_export", admin(exceptions={EDITOR: NOT_ALLOWED})),
    # Settings and people: superusers only.
    Rule("admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/", admin(others=MISSING)),
    Rule("wagtailsettings:edit", admin(others=REDIRECT)),  # to the default site's settings
    Rule("wagtailsettings:preview_on_edit", admin(others=MISSING)),
    # Accounts and API tokens: national staff manage them (groups, adding and deleting accounts,
    # issuing tokens: superusers).
    Rule("wagtailusers_", SUPERUSERS_ONLY),
    Rule("wagtailusers_users:index", admin(NATIONAL)),
    Rule("wagtailusers_users:index_results", admin(NATIONAL)),
    Rule("wagtailusers_users:edit", admin(NATIONAL)),
    Rule("wagtailusers_users:history", admin(NATIONAL)),
    Rule("wagtailusers_users:history_results", admin(NATIONAL)),
    Rule("wagtailusers_users:usage", admin(NATIONAL)),
    Rule("wagtailusers_api_tokens:", admin(NATIONAL)),
    Rule("wagtailusers_api_tokens:add", SUPERUSERS_ONLY),
    Rule("wagtailusers_api_tokens:delete", admin(NATIONAL, others=MISSING)),
    Rule("wagtailadmin_collections:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_collections:delete", admin(others=MISSING)),  # the root: never deleted
    Rule("wagtaillocales:", SUPERUSERS_ONLY),
    Rule("wagtailsites:", SUPERUSERS_ONLY),
    Rule("wagtailredirects:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_workflows:", SUPERUSERS_ONLY),
    Rule("wagtailadmin_workflows:enable", POST_ONLY),
    Rule("wagtailadmin_workflows:enable_task", POST_ONLY),
    Rule("wagtailadmin_workflows:remove", POST_ONLY),
    Rule("wagtailadmin_workflows:task_chooser", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chooser_results", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chooser_create", ADMIN_ENTRY),
    Rule("wagtailadmin_workflows:task_chosen", ADMIN_ENTRY),
    # The admin's frame.
    Rule("wagtailadmin_home", ADMIN_ENTRY),
    Rule("wagtailadmin_account", ADMIN_ENTRY),
    Rule("wagtailadmin_dismissibles", ADMIN_ENTRY),
    Rule("wagtailadmin_tag_autocomplete", ADMIN_ENTRY),
    Rule("wagtailadmin_tag_model_autocomplete", ADMIN_ENTRY),
    Rule("wagtailembeds:", ADMIN_ENTRY),
    Rule("wagtailadmin_block_preview", admin(others=MISSING)),
    Rule("wagtailadmin_editing_sessions:", POST_ONLY),
    Rule("wagtailadmin_logout", POST_ONLY),
    Rule("wagtailadmin_login", {**everyone(REDIRECT), ANON: OK, LEARNER: OK}),
    Rule("wagtailadmin_password_reset", everyone()),
    Rule("wagtailadmin_password_reset_done", everyone()),
    Rule("wagtailadmin_password_reset_confirm", everyone(REDIRECT)),
    Rule("wagtailadmin_password_reset_complete", everyone()),
    Rule("wagtailadmin_javascript_catalog", everyone()),
    Rule("wagtailadmin_sprite", everyone()),
    Rule("wagtailadmin_error_test", admin(others=f"error: {Exception.__name__}")),  # on purpose
    Rule("admin/test404/", ADMIN_ENTRY),  # Wagtail's 404 page, shown as a page
    Rule("admin/^.*/$", admin(others=MISSING)),
]

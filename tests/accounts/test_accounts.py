import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from portal import roles
from portal.models import ActorType, AdministrativeArea

User = get_user_model()


def signup_data(language="en", **overrides):
    data = {
        "username": "sokha",
        "first_name": "Sokha",
        "last_name": "Chan",
        "email": "sokha@example.org",
        "password1": "Kampong-Speu-2026!",
        "password2": "Kampong-Speu-2026!",
        "actor_type": ActorType.objects.get(code="caf", locale__language_code=language).pk,
        "area": AdministrativeArea.objects.get(code="05").pk,
        "gender": "female",
        "position": "CAF",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_creates_a_learner_with_a_complete_profile(
    client, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(username="sokha")
    assert user.groups.filter(name=roles.LEARNER).exists()
    assert user.profile.actor_type.code == "caf"
    # Stored as the default-language row whatever language the form was shown in.
    assert user.profile.actor_type.locale.language_code == "km"
    assert user.profile.province.name_en == "Kampong Speu"
    assert user.profile.gender == "female"
    assert user.profile.preferred_language == "en"
    # Logged in straight away, and welcomed by e-mail (sent by the Celery task).
    assert client.get("/en/").context["user"].is_authenticated
    assert [m.to for m in mail.outbox] == [["sokha@example.org"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("email", "not-an-email"),
        ("password2", "something-else-entirely"),
        ("actor_type", "999999"),
        ("area", "abc"),
        ("gender", "robot"),
        ("username", ""),
    ],
)
def test_signup_refuses_bad_or_tampered_fields_and_creates_nothing(client, home, field, value):
    response = client.post("/km/accounts/signup/", signup_data("km", **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not User.objects.filter(username="sokha").exists()


@pytest.mark.django_db
def test_log_in_and_log_out_on_the_site(client, home, make_user):
    make_user("dara")
    response = client.post(
        "/en/accounts/login/", {"username": "dara", "password": "correct-horse-42"}
    )
    assert response.status_code == 302
    assert client.get("/en/").context["user"].get_username() == "dara"
    client.post("/en/accounts/logout/")
    assert not client.get("/en/").context["user"].is_authenticated


@pytest.mark.django_db
def test_repeated_failed_log_ins_lock_the_account(client, home, make_user, settings):
    make_user("dara")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/en/accounts/login/", {"username": "dara", "password": "wrong"})
    # Locked: even the right password is now refused, with a page that says why.
    response = client.post(
        "/en/accounts/login/", {"username": "dara", "password": "correct-horse-42"}
    )
    assert response.status_code == 429
    assert b"Too many failed" in response.content
    assert not client.get("/en/").context["user"].is_authenticated


@pytest.mark.django_db
def test_password_reset_mails_a_working_link(
    client, home, make_user, django_capture_on_commit_callbacks
):
    user = make_user("dara")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/km/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/km/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Brand-new-pass-77", "new_password2": "Brand-new-pass-77"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-77")


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_reveals_nothing(
    client, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_pages_for_accounts_exist_in_both_languages(client, home):
    for language in ("km", "en"):
        for name in ("login", "signup", "password-reset"):
            response = client.get(f"/{language}/accounts/{name}/")
            assert response.status_code == 200
            assert f'lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_a_user_edits_their_own_profile_and_nothing_else(client, home, make_user):
    user = make_user("dara", actor_code="caf", area_code="05")
    other = make_user("vanna", actor_code="cso")
    client.force_login(user)
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 200
    health_centre_en = ActorType.objects.get(code="health-centre", locale__language_code="en")
    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Dara",
            "last_name": "Kim",
            "actor_type": health_centre_en.pk,
            "area": AdministrativeArea.objects.get(code="17").pk,
            "gender": "male",
            "position": "Chief",
            "preferred_language": "km",
            # Tampered extras are ignored: a profile form cannot move the user or grant roles.
            "user": other.pk,
            "groups": "1",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.profile.actor_type.code == "health-centre"
    assert user.profile.actor_type.locale.language_code == "km"
    assert user.profile.province.name_en == "Siem Reap"
    assert user.last_name == "Kim"
    assert not user.groups.exists()
    other.refresh_from_db()
    assert other.profile.actor_type.code == "cso"


@pytest.mark.django_db
def test_the_profile_page_needs_a_log_in(client, home):
    response = client.get("/km/accounts/profile/")
    assert response.status_code == 302
    assert "/km/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["km", "en"])
def test_log_in_returns_to_the_language_of_the_log_in_page(client, home, language):
    # Without ?next=, Django sends the user to "/", whose language comes from the browser:
    # someone who logs in on the Khmer page with an English browser landed on /en/.
    html = client.get(f"/{language}/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<input type="hidden" name="next" value="/{language}/">' in html
    html = client.get(f"/{language}/accounts/login/", {"next": f"/{language}/courses/"}).content
    assert f'name="next" value="/{language}/courses/"'.encode() in html


def visible_form_text(html):
    """The labels, help texts and error messages of the form, as a reader sees them."""
    parts = re.findall(
        r'<(label|small class="help"|p class="error")[^>]*>(.*?)</(?:label|small|p)>', html, re.S
    )
    return [re.sub(r"<[^>]+>", " ", text).strip() for _, text in parts]


def english_words(text):
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.django_db
def test_the_khmer_sign_up_page_has_no_english_labels_or_help(client, home):
    html = client.get("/km/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    texts = visible_form_text(html)
    assert "Password confirmation" not in html
    assert [text for text in texts if english_words(text)] == []
    # Every password rule is still explained, in Khmer.
    assert "8" in " ".join(texts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"password2": "something-else-entirely"},
        {"password1": "12345678", "password2": "12345678"},
        {"password1": "Sokha2026", "password2": "Sokha2026"},
        {"password1": "password", "password2": "password"},
        {"password1": "Ab1!", "password2": "Ab1!"},
        {"username": "sokha chan!", "email": "not-an-email"},
        {"username": "s" * 151, "first_name": "f" * 151},
        {"gender": "robot", "area": "abc", "actor_type": "999999"},
    ],
)
def test_sign_up_errors_on_the_khmer_page_are_in_khmer(client, home, overrides):
    response = client.post(
        "/km/accounts/signup/", signup_data("km", **overrides), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    assert errors
    assert [error for error in errors if english_words(error)] == []


@pytest.mark.django_db
def test_sign_up_says_when_the_username_is_taken_in_khmer(client, home, make_user):
    make_user("Sokha")
    response = client.post("/km/accounts/signup/", signup_data("km"))
    errors = response.context["form"].errors["username"]
    assert errors and not english_words(" ".join(errors))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["km", "en"])
def test_sign_up_lands_on_the_learners_courses_in_the_sign_up_page_language(client, home, language):
    # Redirecting to a path without language let the browser's language decide: a Khmer sign-up
    # with an English browser landed on /en/. The next step is the learner's courses page.
    response = client.post(
        f"/{language}/accounts/signup/", signup_data(language), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/training/"
    # Already signed in: the sign-up page sends them home, in the same language.
    response = client.get(f"/{language}/accounts/signup/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Location"] == f"/{language}/"


def profile_data(**overrides):
    data = {
        "first_name": "Dara",
        "last_name": "Kim",
        "actor_type": ActorType.objects.get(code="caf", locale__language_code="km").pk,
        "area": AdministrativeArea.objects.get(code="05").pk,
        "gender": "male",
        "position": "CAF",
        "preferred_language": "km",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_khmer_profile_page_has_no_english_labels_or_help(client, home, make_user):
    client.force_login(make_user("dara", actor_code="caf", area_code="05"))
    html = client.get("/km/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [text for text in visible_form_text(html) if english_words(text)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        # A tampered or stale choice: Django's "Select a valid choice. … is not one of the
        # available choices." has no Khmer.
        {"actor_type": "999999"},
        {"organisation": "999999"},
        {"area": "abc"},
        {"gender": "robot"},
        {"preferred_language": "fr"},
        {"first_name": "f" * 151, "last_name": "l" * 151, "position": "p" * 256},
        {"first_name": "", "gender": ""},
    ],
)
def test_profile_errors_on_the_khmer_page_are_in_khmer(client, home, make_user, overrides):
    client.force_login(make_user("dara", actor_code="caf", area_code="05"))
    response = client.post(
        "/km/accounts/profile/", profile_data(**overrides), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    assert errors
    assert [error for error in errors if english_words(error)] == []


# Latin-letter words a Khmer page may show: names of the programme and its actors, and the
# language switcher's link to the English site, which names English in English.
ALLOWED_LATIN = {"ISAF", "CAF", "CAFs", "NSLA", "English"}


def english_on_the_page(html, *names):
    """Latin-letter words a reader sees on the page (its text and its placeholder, title,
    aria-label and alt attributes), less e-mail addresses, URLs, ALLOWED_LATIN and `names`."""
    html = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"', html)
    text = unescape(re.sub(r"<[^>]+>", " ", html) + " " + " ".join(attributes))
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    return sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN - set(names))


@pytest.mark.django_db
def test_every_khmer_account_page_and_its_errors_are_in_khmer(
    client, home, make_user, django_capture_on_commit_callbacks
):
    from accounts import urls as accounts_urls

    user = make_user("dara", email="dara@example.org", actor_code="caf", area_code="05")
    names = ("Dara", "Test")
    seen = {}  # page state -> the English words on it
    visited = set()

    def check(state, name, response):
        assert response.status_code in (200, 302), state
        visited.add(name)
        seen[state] = english_on_the_page(response.content.decode(), *names)

    get = lambda url: client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # noqa: E731
    post = lambda url, data: client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")  # noqa: E731
    base = "/km/accounts/"
    check("log-in", "login", get(base + "login/"))
    check("log-in, empty", "login", post(base + "login/", {}))
    check(
        "log-in, wrong password",
        "login",
        post(base + "login/", {"username": "dara", "password": "x"}),
    )
    check("sign-up", "signup", get(base + "signup/"))
    check("reset request", "password_reset", get(base + "password-reset/"))
    check("reset request, empty", "password_reset", post(base + "password-reset/", {}))
    for email in ("not-an-email", "d" * 250 + "@example.org"):
        check(
            f"reset request, {email[:20]}",
            "password_reset",
            post(base + "password-reset/", {"email": email}),
        )
    check("reset sent", "password_reset_done", get(base + "password-reset/sent/"))
    check(
        "reset link no longer valid", "password_reset_confirm", get(base + "reset/MQ/set-password/")
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(base + "password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/km/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    check("new password", "password_reset_confirm", response)
    set_password = response.redirect_chain[-1][0]
    for label, password1, password2 in [
        ("empty", "", ""),
        ("mismatch", "Kampong-Speu-2026!", "something-else-entirely"),
        ("too short, digits only", "1234567", "1234567"),
        ("common", "password", "password"),
        ("like the username", "dara1234", "dara1234"),
    ]:
        data = {"new_password1": password1, "new_password2": password2}
        check(f"new password, {label}", "password_reset_confirm", post(set_password, data))
    check("reset complete", "password_reset_complete", get(base + "reset/done/"))
    for _ in range(3):  # AXES_FAILURE_LIMIT in the test settings
        response = post(base + "login/", {"username": "dara", "password": "wrong"})
    assert response.status_code == 429  # the locked-out page
    seen["log-in, locked out"] = english_on_the_page(response.content.decode(), *names)
    user.refresh_from_db()  # its new password: a stale one would log the session out again
    client.force_login(user)
    check("profile", "profile", get(base + "profile/"))
    from wagtail.models import APIToken

    token, _plain = APIToken.create_token(user=user, name="ទូរស័ព្ទ")
    response = get(base + "profile/")
    html = response.content.decode()
    assert token.prefix in html, (response.status_code, response.get("Location"))
    seen["profile, an app signed in"] = english_on_the_page(
        html, *names, *re.findall(r"[A-Za-z]+", token.prefix)
    )
    check("app signed out", "revoke_api_token", post(base + f"api-tokens/{token.pk}/revoke/", {}))
    check("log-out", "logout", post(base + "logout/", {}))

    # Every page the portal serves under /km/accounts/ is checked.
    assert visited == {pattern.name for pattern in accounts_urls.urlpatterns}
    assert {state: words for state, words in seen.items() if words} == {}

"""Log-in throttling behind the reverse proxy: a lockout holds a username at one client address,
the client address comes from X-Forwarded-For as far as the trusted proxies vouch for it, and
national staff lift a lockout in the admin."""

import pytest
from axes.models import AccessAttempt

LOGIN = "/en/accounts/login/"
LOCKOUTS = "/admin/accounts/lockouts/"
OWNER = {"username": "admin", "password": "correct-horse-42"}


def log_in(client, password, address, **extra):
    return client.post(
        LOGIN,
        {"username": "admin", "password": password},
        REMOTE_ADDR="10.0.0.2",  # the reverse proxy, for every visitor
        HTTP_X_FORWARDED_FOR=address,
        **extra,
    )


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_a_stranger_behind_the_proxy_cannot_lock_the_owner_out(
    client, home, make_user, settings, one_proxy
):
    make_user("admin", groups=["National staff"], is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        response = log_in(client, "guess", "203.0.113.5")
    assert response.status_code == 429  # the stranger, at their own address, is locked out
    response = log_in(client, OWNER["password"], "198.51.100.7")
    assert response.status_code == 302
    assert client.get("/en/").context["user"].get_username() == "admin"


@pytest.mark.django_db
def test_an_address_the_client_writes_into_the_header_is_not_believed(
    client, home, make_user, settings, one_proxy
):
    """The proxy appends the address it saw; what the client sent before it is not trusted, so a
    stranger cannot pose as the owner's address, nor escape their own lockout by varying it."""
    make_user("admin")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", f"198.51.100.7, 203.0.113.{n}, 203.0.113.5")
    assert log_in(client, "guess", "192.0.2.99, 203.0.113.5").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert log_in(client, OWNER["password"], "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, home, make_user, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default: REMOTE_ADDR is the client
    make_user("admin")
    log_in(client, "guess", "203.0.113.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]


@pytest.fixture
def locked_owner(client, make_user, settings, one_proxy):
    owner = make_user("admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", "198.51.100.7")
    assert log_in(client, OWNER["password"], "198.51.100.7").status_code == 429
    return owner


@pytest.mark.django_db
def test_national_staff_see_and_lift_a_lockout_in_the_admin(client, home, make_user, locked_owner):
    staff = make_user("nat", groups=["National staff"])
    staff_client = type(client)()
    staff_client.force_login(staff)
    page = staff_client.get(LOCKOUTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "admin" in html and "198.51.100.7" in html
    assert LOCKOUTS in staff_client.get("/admin/").content.decode()  # in the admin menu
    attempt = AccessAttempt.objects.get(username="admin")
    response = staff_client.post(LOCKOUTS, {"unlock": attempt.pk})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(client, OWNER["password"], "198.51.100.7").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("groups", [["Learner"], ["Provincial staff"], ["Editor"]])
def test_only_national_staff_lift_lockouts(client, home, make_user, locked_owner, groups):
    client.force_login(make_user("someone", groups=groups))
    assert client.get(LOCKOUTS).status_code in (302, 403)
    attempt = AccessAttempt.objects.get(username="admin")
    assert client.post(LOCKOUTS, {"unlock": attempt.pk}).status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    if "Learner" not in groups:
        assert LOCKOUTS not in client.get("/admin/").content.decode()

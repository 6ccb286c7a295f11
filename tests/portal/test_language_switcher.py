import pytest

from portal.factories import StandardPageFactory, khmer


@pytest.mark.django_db
def test_switcher_links_each_page_to_its_translation(client, home):
    km, _en = home
    StandardPageFactory.pair(parent=km, slug="guide", title="មគ្គុទ្ទេសក៍", en={"title": "Guide"})

    response = client.get("/km/guide/")
    assert 'href="/en/guide/"' in response.content.decode()
    response = client.get("/en/guide/")
    assert 'href="/km/guide/"' in response.content.decode()


@pytest.mark.django_db
def test_switcher_says_plainly_when_there_is_no_translation(client, home):
    km, _en = home
    StandardPageFactory.pair(parent=km, slug="only-khmer", title="តែភាសាខ្មែរ")

    body = client.get("/km/only-khmer/").content.decode()
    assert "not translated yet" in body or "មិនទាន់បកប្រែ" in body
    assert 'href="/en/only-khmer/"' not in body


@pytest.mark.django_db
def test_switcher_on_a_non_page_view_keeps_the_view(client, home):
    body = client.get("/km/accounts/login/").content.decode()
    assert 'href="/en/accounts/login/"' in body


@pytest.mark.django_db
def test_the_site_root_redirects_to_a_language(client, home):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/km/", "/en/")


@pytest.mark.django_db
def test_interface_strings_are_translated_to_khmer(client, home):
    km_body = client.get("/km/").content.decode()
    en_body = client.get("/en/").content.decode()
    assert "Log in" in en_body
    assert "Log in" not in km_body
    assert "ចូល" in km_body
    assert khmer().language_code == "km"

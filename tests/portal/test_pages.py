import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.factories import StandardPageFactory
from portal.models import HomePage, StandardPage
from tests.support.page_tests import BilingualPageTestCase


@pytest.mark.django_db
class TestPortalPages(BilingualPageTestCase):
    @pytest.fixture(autouse=True)
    def _pages(self, home):
        self.home_km, self.home_en = home
        self.about_km, self.about_en = StandardPageFactory.pair(
            parent=self.home_km,
            slug="about",
            title="អំពីយើង",
            intro="សេចក្តីផ្តើម",
            show_in_menus=True,
            en={"title": "About us", "intro": "Introduction", "show_in_menus": True},
        )

    def test_home_page_is_routable_and_renders_in_both_languages(self):
        for page, text in ((self.home_km, "ទំព័រដើម"), (self.home_en, "Home")):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
            response = self.client.get(page.url)
            self.assertContains(response, text)
        self.assertEqual(self.home_km.url, "/km/")
        self.assertEqual(self.home_en.url, "/en/")

    def test_standard_page_is_routable_and_renders_in_both_languages(self):
        self.assertEqual(self.about_km.url, "/km/about/")
        self.assertEqual(self.about_en.url, "/en/about/")
        for page in (self.about_km, self.about_en):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_an_editor_can_create_a_standard_page_under_home(self):
        self.login()
        self.assertCanCreate(
            self.home_km,
            StandardPage,
            nested_form_data(
                {
                    "title": "ទំនាក់ទំនង",
                    "slug": "contact",
                    "intro": "",
                    "body": streamfield([("paragraph", rich_text("<p>អ៊ីមែល</p>"))]),
                }
            ),
        )

    def test_home_page_can_only_sit_at_the_top_of_a_site(self):
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_cards_are_the_menu_sections(self):
        StandardPageFactory.pair(
            parent=self.home_km,
            slug="privacy",
            title="ឯកជនភាព",
            en={"title": "Privacy notice"},
        )
        for url, shown in (("/en/", "About us"), ("/km/", "អំពីយើង")):
            response = self.client.get(url)
            cards = response.content.decode().split('class="sections"')[1].split("</section>")[0]
            self.assertIn(shown, cards)
            # Not in the menu, so not a card: the footer links to it instead.
            self.assertNotIn("Privacy notice", cards)
            self.assertNotIn("ឯកជនភាព", cards)


@pytest.mark.django_db
def test_the_admin_loads_the_portal_khmer_font(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    assert "css/admin-khmer.css" in body
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/admin-khmer.css")).read()
    assert "NotoSansKhmer-Khmer.woff2" in css
    assert finders.find("fonts/NotoSansKhmer-Khmer.woff2")


@pytest.mark.django_db
def test_the_admin_loads_nothing_from_another_host(client, django_user_model):
    import re

    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    # What the browser loads by itself (src, and <link href>): not the links a user may follow.
    loaded = re.findall(r'\ssrc="([^"]+)"', body) + re.findall(r'<link[^>]*\shref="([^"]+)"', body)
    assert loaded
    assert [url for url in loaded if re.match(r"(https?:)?//", url)] == []


@pytest.mark.django_db
def test_favicon_is_served_from_the_portal_itself(client, home):
    """/favicon.ico (what browsers ask for by themselves) leads to the static icon, and every
    page names the same icon with a link tag; nothing comes from another host."""
    import re

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    icon = static("favicon.ico")
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icon
    with open(finders.find("favicon.ico"), "rb") as handle:
        assert handle.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    body = client.get("/km/").content.decode()
    assert re.search(rf'<link rel="icon" href="{re.escape(icon)}"', body)

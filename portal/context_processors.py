from .navigation import site_chrome


def navigation(request):
    """The top-level sections (children of the home page) in the language being shown, and the
    contact details and the privacy notice, from the cached site chrome (``portal.navigation``)."""

    def sections():
        return site_chrome(request)["sections"]

    def contact():
        return site_chrome(request)["contact"]

    def privacy():
        return site_chrome(request)["privacy"]

    return {"nav_sections": sections, "site_contact": contact, "site_privacy": privacy}

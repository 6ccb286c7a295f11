"""What the end-to-end tests in Chromium share."""

#: The password tests' users are made with (tests/conftest.py's user factory fixture).
PASSWORD = "correct-horse-42"


def log_in(page, base, username, language="km"):
    """Log ``username`` in through the site's own log-in form, in ``language``."""
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

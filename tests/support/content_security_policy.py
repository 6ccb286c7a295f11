"""Catching Content-Security-Policy violations in the headless browser.

Chromium reports a blocked script, style or frame on the console ("… violates the following
Content Security Policy directive …") and fires ``securitypolicyviolation`` in the page; both are
collected, the event from every frame (the admin's preview is one), as the console may not say
which element was blocked.
"""

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ` +
    `${event.blockedURI || "inline"} at ${event.sourceFile || location.href}:${event.lineNumber}`);
});
"""


def watch(page):
    """The list, growing as the page runs, of its console messages and uncaught errors."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def new_watched_page(browser, **context_options):
    """A page in a new browser context, reporting policy violations from every frame."""
    context = browser.new_context(**context_options)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page, watch(page)


def violations(messages):
    """The messages that say the Content-Security-Policy (or Permissions-Policy) was broken."""
    return [
        m
        for m in messages
        if "Content Security Policy" in m
        or "Content-Security-Policy" in m
        or "Permissions-Policy" in m
    ]

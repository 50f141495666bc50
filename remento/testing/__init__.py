"""Helpers for browser tests: sign in, and check a page with axe-core."""

from pathlib import Path

from remento.demo import DEMO_PASSWORD

AXE_JS = Path(__file__).with_name("axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page, context: str = "") -> None:
    """Fail on any WCAG 2.x A/AA violation that axe-core finds on the page."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = result["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:160] for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"Accessibility violations on {context or page.url}:\n{report}"


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def screenshot(page, name: str) -> None:
    """Save a full-page PNG in test-artifacts/ (ignored by git) to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

"""Take the admin guide's screenshots from the demo, in real Chromium: .venv/bin/python docs/take_screenshots.py

Builds a throwaway demo database (SQLite in a temporary folder, DEBUG on, as `make demo`), serves it with
runserver on a free port, signs in as the demo's programme lead and steering member, and saves 1000-pixel-wide
PNGs of the viewport in docs/images/. Needs Chromium at /usr/bin/chromium (or CHROMIUM).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="remento-docs-")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{folder}/demo.sqlite3", MEDIA_ROOT=f"{folder}/media")
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*run, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*run, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        os.environ.update(env, DJANGO_SETTINGS_MODULE="remento.settings")
        import django

        django.setup()
        shoot(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    from programmes.models import Cohort
    from remento.demo import DEMO_PASSWORD, seed_demo

    logins = seed_demo()  # finds the demo data it made: only the logins are wanted here
    pilot = Cohort.objects.get(name="Pilot 2026")
    phase_two = Cohort.objects.get(programme=pilot.programme, name="Phase 2")
    council_lead = logins.get("Programme lead with proposals to review (Westbury Council)")
    council = Cohort.objects.filter(programme__roles__user__email=council_lead).order_by("pk").last()
    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1000, "height": 720}, locale="en-GB")

        def sign_in(email):
            page.context.clear_cookies()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state("networkidle")

        def snap(path, name, scroll_to=None):
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            if scroll_to:
                page.locator(scroll_to).first.scroll_into_view_if_needed()
            page.screenshot(path=str(IMAGES / f"{name}.png"))
            shrink(IMAGES / f"{name}.png")

        sign_in(logins["Programme lead"])
        snap(f"/programmes/{pilot.programme_id}/", "programme")
        snap(f"/cohorts/{phase_two.pk}/invite/", "invite")
        snap(f"/cohorts/{pilot.pk}/", "cohort")
        if council_lead:  # the demo's council cohort has proposals waiting for review: a better picture
            sign_in(council_lead)
            snap(f"/cohorts/{council.pk}/matching/", "matching", scroll_to="#proposals-heading")
            sign_in(logins["Programme lead"])
        else:
            snap(f"/cohorts/{pilot.pk}/matching/", "matching")
        snap(f"/cohorts/{pilot.pk}/meetings/", "monitoring")
        snap(f"/results/cohorts/{pilot.pk}/report/", "report")
        sign_in(logins["Steering group member"])
        snap(f"/results/cohorts/{pilot.pk}/", "dashboard")
        browser.close()


def shrink(path: Path) -> None:
    """A 128-colour palette keeps a page screenshot sharp at a third of the size (when Pillow is there)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128)
    small.save(path, optimize=True)


if __name__ == "__main__":
    main()

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from .factories import AgendaPartFactory


def test_suite_runs_on_postgresql_and_redis():
    """The integration tests must exercise the real services, never the embedded stand-ins."""
    assert connection.vendor == "postgresql"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == (
        "platform_site.channel_layer.PubSubChannelLayer"
    )


def test_health_endpoint_reaches_the_database(client, db):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]  # a proxy never answers for the database


def test_the_site_has_an_icon_where_browsers_look_for_it(client, db):
    from django.contrib.staticfiles import finders

    page = client.get("/account/inloggen/").text
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")  # a browser or reader that skips the page's link
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")
    with open(finders.find("img/favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")


def test_admin_login_page_is_served(client, db):
    assert client.get("/admin/login/").status_code == 200


def test_agenda_part_target_is_shown(client, db):
    AgendaPartFactory(number=1, title="Uitvoeringspraktijk", target_share=80, target_months=9)
    html = client.get("/agenda/").content.decode()
    assert "doel: 80% binnen 9 maanden" in html


def _start_production(env):
    code = "import django; django.setup()"
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "platform_site.settings.production"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


GOOD = {
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/rgw",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "rgw.example.nl",
}


def test_production_starts_with_its_environment():
    result = _start_production(GOOD)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"])
def test_production_names_a_missing_environment_variable(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _start_production(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_default_secret_key():
    result = _start_production({**GOOD, "SECRET_KEY": "django-insecure-" + "x" * 50})
    assert result.returncode != 0
    assert "SECRET_KEY is te kort of een standaardwaarde" in result.stderr


def test_production_refuses_debug():
    result = _start_production({**GOOD, "DJANGO_DEBUG": "1"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG staat aan in productie" in result.stderr


def test_production_passes_the_deploy_checklist():
    code = (
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "platform_site.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **GOOD},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr


def test_the_embedded_default_puts_e_mails_in_files_not_in_the_terminal(tmp_path):
    """`make run` prints its accounts and requests to the terminal; an e-mail (a council letter
    with its PDF) lands as a file in var/mail/ instead."""
    import os

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "platform_site.settings.embedded",
        "PLATFORM_VAR_DIR": str(tmp_path),
    }
    env.pop("EMAIL_BACKEND", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "iemand@example.invalid"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert "iemand@example.invalid" not in done.stdout
    (mail,) = (tmp_path / "mail").iterdir()
    assert "To: iemand@example.invalid" in mail.read_text()


EMBEDDED_PAGES = """
import json, os
from django.core.management import call_command
from django.test import Client
from accounts.models import User
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo_content", "--no-progress", stdout=open(os.devnull, "w"))
paths = ["/", "/handreiking/", "/handreiking/jeugd/", "/handreiking/wijzigingen/", "/agenda/",
         "/agenda/mijn-taken/", "/voorstellen/", "/voorstellen/nieuw/", "/discussies/",
         "/discussies/nieuw/", "/voortgang/", "/zoeken/?q=perspectiefplan", "/meldingen/",
         "/en/handreiking/"]
found = {}
for username in (None, "toegang", "moderator"):
    client = Client(HTTP_HOST="127.0.0.1")
    if username:
        client.force_login(User.objects.get(username=username))
    found[username or "anoniem"] = {path: client.get(path).status_code for path in paths}
print(json.dumps(found))
"""


def test_the_embedded_default_serves_the_main_pages(tmp_path):
    """`make run` runs on SQLite, which the tests' PostgreSQL does not stand in for in every
    query (SQLite takes no LIMIT inside a UNION, which the handbook's index used): its main
    pages answer, signed in and not, on the demo content."""
    import json
    import os
    import shutil

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "platform_site.settings.embedded",
        "PLATFORM_VAR_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "REDIS_URL", "SEARCH_URL"):
        env.pop(name, None)
    # The NL Design System's stylesheets, as scripts/setup.sh puts them beside the checkout's.
    shutil.copytree(settings.BASE_DIR / "var" / "vendor-static", tmp_path / "vendor-static")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", EMBEDDED_PAGES],
        env=env, capture_output=True, text=True, timeout=300, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    for who, statuses in found.items():
        broken = {path: status for path, status in statuses.items() if status >= 500}
        assert not broken, who
    assert set(found["moderator"].values()) == {200}
    assert found["toegang"]["/handreiking/"] == found["anoniem"]["/handreiking/"] == 200

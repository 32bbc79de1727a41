"""The installable app's own routes: the manifest with its icons, the service worker served from the
site root, the offline page, the keep-alive, and the page head that links them."""

import json
import struct

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from lvzhi.accounts.middleware import browser_idle_seconds
from lvzhi.drafts.views import ICONS, SHELL_STATIC

pytestmark = pytest.mark.django_db


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as image:
        head = image.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_the_manifest_names_the_app_in_chinese_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"]) == ("履职平台", "履职")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert {(i["sizes"], i["purpose"]) for i in manifest["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for path, size, _purpose in ICONS:
        width, height = png_size(finders.find(path))
        assert f"{width}x{height}" == size


def test_every_file_the_service_worker_keeps_exists_locally():
    for path in SHELL_STATIC:
        assert finders.find(path), path


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/offline/"' in body
    assert f"{settings.STATIC_URL}vendor/htmx/htmx.min.js" in body
    assert "http://" not in body and "https://" not in body  # nothing from another host


def test_the_offline_page_is_the_same_for_everyone_and_links_nothing_personal(client, personas):
    anonymous = client.get("/offline/")
    client.force_login(personas.member)
    signed_in = client.get("/offline/")
    assert anonymous.status_code == signed_in.status_code == 200
    assert anonymous.content == signed_in.content
    assert "暂时无法连接" in anonymous.content.decode()


def test_the_keepalive_renews_a_session_and_sends_an_anonymous_visitor_to_the_login_page(client, personas):
    response = client.get("/app/keepalive")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(personas.member)
    client.get("/")  # a page renews the session; a second request within the minute would not
    response = client.get("/app/keepalive")
    assert response.json() == {"idle_seconds": browser_idle_seconds()}
    assert settings.SESSION_COOKIE_NAME in response.cookies  # saved again: the idle time starts anew


def test_every_page_links_the_manifest_and_passes_its_settings_to_the_scripts(client, personas):
    client.force_login(personas.member)
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    start = page.index('<script id="lvzhi-pwa-config" type="application/json">') + len(
        '<script id="lvzhi-pwa-config" type="application/json">'
    )
    config = json.loads(page[start : page.index("</script>", start)])
    assert config["user"] == personas.member.pk
    # The browser counts from the page's load less the minute within which the session is not renewed.
    assert config["idleSeconds"] == browser_idle_seconds()
    assert config["warnSeconds"] == 60
    assert config["drafts"] == "/api/v1/me/drafts"

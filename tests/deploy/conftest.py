"""The site as `make serve` runs it: gunicorn with the production settings.

One site per test session, on a free loopback port, with its own SQLite
database, media and static folders in a temporary directory. Content is made
through ``manage.py`` in a separate process, as an editor's publication would
reach a running site.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@dataclass
class ProductionSite:
    url: str
    env: dict
    folder: Path

    def manage(self, *args, code=None):
        command = [sys.executable, "manage.py", *args]
        if code is not None:
            command += ["-c", code]
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def production_env(folder, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="production-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        CACHE_DIR=str(folder / "cache"),
        ERASURE_JOURNAL=str(folder / "erasures.jsonl"),
        **extra,
    )
    return env


@pytest.fixture(scope="session")
def production_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("production")


@pytest.fixture(scope="session")
def varnish_port():
    return free_port()


@pytest.fixture(scope="session")
def production_site(production_folder, varnish_port):
    """gunicorn and a task worker, as scripts/serve.sh starts them; publications
    purge the Varnish that the ``varnish`` fixture starts on ``varnish_port``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = production_env(
        production_folder, FRONTEND_CACHE_URL=f"http://127.0.0.1:{varnish_port}"
    )
    site = ProductionSite(url, env, production_folder)
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("collectstatic", "--noinput", "-v", "0")
    site.manage("load_initial_data")
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{url}/health/web/?format=json")
        yield site
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def varnish(production_site, varnish_port, tmp_path_factory):
    """The real varnishd with deploy/varnish/default.vcl in front of the site."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if varnishd is None:
        pytest.skip("varnishd is not installed: make varnish-deps installs it")
    folder = tmp_path_factory.mktemp("varnish")
    backend_port = production_site.url.rsplit(":", 1)[1]
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    assert '.port = "8000";' in vcl
    (folder / "default.vcl").write_text(
        vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    )
    # -j none: run as this user, who can read the private temporary folder.
    proxy = subprocess.Popen(  # noqa: S603
        [
            varnishd,
            "-F",
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{varnish_port}",
            "-f",
            str(folder / "default.vcl"),
            "-n",
            str(folder / "instance"),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{varnish_port}"
    try:
        wait_for(f"{url}/health/web/?format=json")
        yield url
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)


PUBLISH_IMAGE_PAGE = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Site
from home.models import StandardPage

buffer = io.BytesIO()
Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
image = WagtailImage(title="Microscope")
image.file.save("microscope.png", ImageFile(buffer, name="microscope.png"), save=False)
image.save()
home = Site.objects.get(is_default_site=True).root_page
body = [{"type": "image", "value": {"image": image.pk, "alt_text": "A microscope"}}]
page = StandardPage(title="Equipment", slug="%(slug)s", body=json.dumps(body))
home.add_child(instance=page)
page.save_revision().publish()
print(page.url)
"""


def publish_image_page(site, slug):
    """Upload an image through Wagtail's model and publish a page showing it."""
    out = site.manage("shell", "-v", "0", code=PUBLISH_IMAGE_PAGE % {"slug": slug})
    return out.strip().splitlines()[-1]

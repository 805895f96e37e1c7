"""Import of a generated Plone export: time and peak memory against targets.

    .venv/bin/python bench/plone_import.py [--items 10000] [--images 2000]

Writes a plone.exportimport export (folders, documents whose HTML links to
other documents and shows images, news items, events, and tiny PNG images
made with Pillow) in a temporary folder, then runs ``manage.py import_plone``
in a child process on a throw-away SQLite database (migrated and loaded
beforehand, not measured) with files on disk, and reads the child's wall
time and peak resident memory (``os.wait4``). The baseline, measured in the
same run, is the same import of an export a tenth of the size: the ratio of
the time per item shows whether the import stays linear.
Targets for 10,000 items with 2,000 images: under 10 minutes, under 500 MB.
Tasks run inline (the test settings' immediate backend), so the figures
include the search and reference indexing a worker would do afterwards.
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 600
TARGET_MB = 500
DATE = "2024-02-01T10:00:00+00:00"

SETTINGS = """
from config.settings.test import *  # noqa: F403

STORAGES = {{
    "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }},
}}
MEDIA_ROOT = {media!r}
"""


def png(number):
    buffer = io.BytesIO()
    colour = (number % 256, (number * 7) % 256, (number * 13) % 256)
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return buffer.getvalue()


class Writer:
    def __init__(self, folder):
        self.content = folder / "content"
        self.content.mkdir(parents=True)
        self.data_files = []
        self.blob_files = []
        self.ordering = {}
        self.positions = {}

    def item(self, uid, path, portal_type, parent, **extra):
        parent_uid, parent_path, parent_type = parent
        position = self.positions.get(parent_uid, 0)
        self.positions[parent_uid] = position + 1
        self.ordering[uid] = position
        data = {
            "@id": path,
            "@type": portal_type,
            "UID": uid,
            "id": path.rsplit("/", 1)[-1],
            "title": extra.pop("title", path.rsplit("/", 1)[-1].title()),
            "description": "",
            "language": "##DEFAULT##",
            "review_state": "published",
            "created": DATE,
            "modified": DATE,
            "effective": DATE,
            "expires": None,
            "subjects": [],
            "creators": ["admin"],
            "exclude_from_nav": False,
            "parent": {"@id": parent_path, "UID": parent_uid, "@type": parent_type},
            **extra,
        }
        (self.content / uid).mkdir()
        (self.content / uid / "data.json").write_text(json.dumps(data))
        self.data_files.append(f"{uid}/data.json")
        return (uid, path, portal_type)

    def image(self, uid, path, parent, number):
        name = path.rsplit("/", 1)[-1]
        blob = self.content / uid / "image"
        item = self.item(
            uid,
            path,
            "Image",
            parent,
            review_state=None,
            image={
                "blob_path": f"{uid}/image/{name}",
                "filename": name,
                "content-type": "image/png",
                "width": 8,
                "height": 6,
            },
        )
        blob.mkdir()
        (blob / name).write_bytes(png(number))
        self.blob_files.append(f"{uid}/image/{name}")
        return item

    def finish(self):
        metadata = {
            "__version__": "1.0.0",
            "_data_files_": self.data_files,
            "_blob_files_": self.blob_files,
            "default_page": {},
            "ordering": self.ordering,
            "local_roles": {},
            "local_permissions": {},
        }
        (self.content / "__metadata__.json").write_text(json.dumps(metadata))


def generate(folder, items, images):
    """An export of ``items`` items, ``images`` of them images."""
    writer = Writer(folder)
    root = writer.item("plone_site_root", "/", "Plone Site", (None, None, None))
    language = writer.item("lrf-en", "/en", "LRF", root, language="en")
    news_count = items // 10
    event_count = items // 20
    folder_count = max(items // 160, 1)
    documents = items - 2 - images - news_count - event_count - folder_count - 2
    folders = [
        writer.item(f"folder-{n}", f"/en/section-{n}", "Folder", language)
        for n in range(folder_count)
    ]
    image_uids = []
    for n in range(images):
        parent = folders[n % folder_count]
        uid = f"image-{n}"
        writer.image(uid, f"{parent[1]}/picture-{n}.png", parent, n)
        image_uids.append(uid)
    for n in range(documents):
        parent = folders[n % folder_count]
        other = f"doc-{(n * 7 + 3) % documents}"
        picture = image_uids[n % images] if images else None
        html = (
            f"<h2>Section {n}</h2><p>Paragraph {n} of the old site, with a "
            f'<a href="resolveuid/{other}">link to another page</a> and '
            "<strong>some emphasis</strong>.</p>"
            + (
                f'<p><img src="resolveuid/{picture}" alt="Picture"></p>'
                if picture
                else ""
            )
            + "<ul><li>one</li><li>two</li></ul>"
        )
        writer.item(
            f"doc-{n}",
            f"{parent[1]}/page-{n}",
            "Document",
            parent,
            text={"data": html, "content-type": "text/html", "encoding": "utf-8"},
        )
    news = writer.item("folder-news", "/en/news", "Folder", language)
    for n in range(news_count):
        writer.item(
            f"news-{n}",
            f"/en/news/item-{n}",
            "News Item",
            news,
            subjects=["genomics"],
            text={"data": f"<p>News {n}.</p>", "content-type": "text/html"},
        )
    events = writer.item("folder-events", "/en/events", "Folder", language)
    for n in range(event_count):
        writer.item(
            f"event-{n}",
            f"/en/events/event-{n}",
            "Event",
            events,
            start="2024-05-01T09:00:00+00:00",
            end="2024-05-01T17:00:00+00:00",
            location="Évry",
        )
    writer.finish()
    (folder / "redirects.json").write_text(
        json.dumps(
            {
                f"/en/old-{n}": f"/en/section-{n % folder_count}/page-{n}"
                for n in range(min(50, documents))
            }
        )
    )
    return len(writer.data_files)


def child(args, env, log):
    """Run a child process; its wall time and peak resident memory (MB)."""
    started = time.monotonic()
    with open(log, "a") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=out)
        _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args[1:3])} failed: see {log}")
    return elapsed, usage.ru_maxrss / 1024


def measure(workdir, base_db, items, images, label):
    export = workdir / f"export-{items}"
    count = generate(export, items, images)
    database = workdir / f"import-{items}.sqlite3"
    shutil.copy(base_db, database)
    media = workdir / f"media-{items}"
    settings_dir = workdir / f"settings-{items}"
    settings_dir.mkdir()
    (settings_dir / "bench_plone_settings.py").write_text(
        SETTINGS.format(media=str(media))
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "bench_plone_settings",
        "PYTHONPATH": f"{settings_dir}{os.pathsep}{ROOT}",
    }
    log = workdir / f"import-{items}.log"
    print(f"{label}: importing {count:,} items ({images:,} images)...", flush=True)
    seconds, peak = child(
        [sys.executable, "manage.py", "import_plone", str(export)], env, log
    )
    report = log.read_text().splitlines()
    created = next((line for line in report if line.startswith("created:")), "?")
    print(f"  {seconds:,.1f} s, peak {peak:,.0f} MB, {created}", flush=True)
    return count, seconds, peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="Keep the temp folder.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-plone-"))
    try:
        base_db = workdir / "base.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{base_db}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        }
        log = workdir / "setup.log"
        print("Migrating and loading the initial data (not measured)...", flush=True)
        child([sys.executable, "manage.py", "migrate"], env, log)
        child([sys.executable, "manage.py", "load_initial_data"], env, log)
        small = measure(
            workdir, base_db, args.items // 10, args.images // 10, "Baseline"
        )
        full = measure(workdir, base_db, args.items, args.images, "Benchmark")
        per_item = [seconds / count * 1000 for count, seconds, _peak in (small, full)]
        _count, seconds, peak = full
        print()
        print(f"Items:       {full[0]:,} ({args.images:,} images)")
        verdict = {True: "met", False: "MISSED"}
        print(
            f"Time:        {seconds:,.1f} s "
            f"(target < {TARGET_SECONDS} s: {verdict[seconds < TARGET_SECONDS]})"
        )
        print(
            f"Peak memory: {peak:,.0f} MB "
            f"(target < {TARGET_MB} MB: {verdict[peak < TARGET_MB]})"
        )
        print(
            f"Per item:    {per_item[1]:.1f} ms, against {per_item[0]:.1f} ms for "
            f"{small[0]:,} items (ratio {per_item[1] / per_item[0]:.2f}); "
            f"baseline peak {small[2]:,.0f} MB"
        )
    finally:
        if args.keep:
            print(f"Kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

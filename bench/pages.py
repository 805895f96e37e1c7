"""Page throughput: this site beside a stock Wagtail site and a static file.

Starts, in one run and on 127.0.0.1, gunicorn serving this site with its
production settings, gunicorn serving the home page of a fresh `wagtail
start` project the same way, and the same HTML bytes as /privacy/ served as a
static file by this site's gunicorn (WhiteNoise): the ceiling. When varnishd is
installed, /privacy/ is also measured through Varnish (deploy/varnish/default.vcl)
in front of the same gunicorn, and by a returning visitor who accepted Analytics
(consent and Google cookies). Each URL gets the same wrk load; the script prints
requests per second, p50 and p99 latency, errors, the ratios against the
baselines of the same run, and appends them as one JSON line to
bench/results.jsonl.

Before its figures, each URL gets a short unmeasured wrk run at the same
load (``--warm-up`` seconds, 2 by default), so that no worker's first
requests (modules loaded, catalogues read on first use) fall in the figures.
/privacy/ is measured for a first visit and a returning visitor in turn, three
rounds (``--rounds``); each figure is the round of median throughput.

Usage: .venv/bin/python bench/pages.py [--duration 10] [--connections 32]
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from record import append_result

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
TARGETS = {
    "privacy_vs_stock": 1.5,
    "privacy_vs_static": 0.5,
    "p99_ms": 100.0,
    "returning_vs_first": 0.9,
    "varnish_vs_gunicorn": 5.0,
}
GA_COOKIES = (
    "_ga=GA1.1.1234567890.1700000000; _ga_BENCH=GS1.1.1700000000.1.0.1700000000.0.0.0"
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def accepted_cookies(site):
    """The cookies of a visitor who accepted everything, as the site writes them."""
    request = urllib.request.Request(  # noqa: S310 - http on loopback
        f"{site}/cookies/",
        data=b"action=accept&source=banner&next=/",
        headers={"Origin": site, "Sec-Fetch-Site": "same-origin"},
    )
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as redirect:
        response = redirect
    consent = [
        value.split(";", 1)[0]
        for value in response.headers.get_all("Set-Cookie") or []
        if value.startswith("cookie_consent=")
    ]
    return "; ".join([*consent, GA_COOKIES])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env, cwd=ROOT):
    """Run a set-up command; its output is shown only when it fails."""
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        done.check_returncode()


def wait_for(url, timeout=60):
    """The body at ``url`` once the server answers; None for a 404."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            time.sleep(0.3)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def gunicorn(module, port, env, cwd, workers):
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            module,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
    )


def site_env(workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir}/site.sqlite3",
        GOOGLE_ANALYTICS_ID="G-BENCH",
        CACHE_DIR=str(workdir / "cache"),
    )
    env.pop("REDIS_URL", None)
    return env


def prepare_site(workdir):
    env = site_env(workdir)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PYTHON, "manage.py", "load_initial_data"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    return env


def prepare_stock(workdir):
    """A fresh `wagtail start` project, served the way its README says."""
    project = workdir / "stock"
    project.mkdir()
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    run([str(BIN / "wagtail"), "start", "stocksite", str(project)], env)
    (project / "stocksite" / "settings" / "local.py").write_text(
        'SECRET_KEY = "bench-stock-' + "s" * 50 + '"\nALLOWED_HOSTS = ["*"]\n'
    )
    env["DJANGO_SETTINGS_MODULE"] = "stocksite.settings.production"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env, cwd=project)
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env, cwd=project
    )
    return project, env


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def varnish(backend_port, port, workdir):
    """varnishd with the repository's VCL in front of 127.0.0.1:backend_port."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        return None
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    (workdir / "default.vcl").write_text(
        vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    )
    return subprocess.Popen(
        [
            varnishd,
            "-F",
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(workdir / "default.vcl"),
            "-n",
            str(workdir / "varnish"),
            "-s",
            "malloc,64m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def first_and_returning(url, args, cookies):
    """A first visit and a returning visitor's, measured in turn ``--rounds``
    times: each figure is the round of median throughput, so a moment when
    the machine is busier weighs on both sides alike."""
    rounds = {"first": [], "returning": []}
    for _ in range(args.rounds):
        rounds["first"].append(wrk(url, args.duration, args.connections))
        rounds["returning"].append(wrk(url, args.duration, args.connections, cookies))
    ratios = [
        r["rps"] / f["rps"]
        for f, r in zip(rounds["first"], rounds["returning"], strict=True)
    ]
    print(
        "returning visitor vs first visit, round by round: "
        + ", ".join(f"{ratio:.2f}x" for ratio in ratios)
    )

    def median(results):
        return sorted(results, key=lambda r: r["rps"])[len(results) // 2]

    return median(rounds["first"]), median(rounds["returning"])


def warm_up(url, args):
    """Unmeasured load on ``url`` before its figures (``--warm-up`` seconds)."""
    if args.warm_up:
        wrk(url, args.warm_up, args.connections)


def wrk(url, duration, connections, cookie=""):
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "5s",
            *headers,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(out)}
    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses:\s+(\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(n) for n in match.groups())
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of first visit then returning visitor on /privacy/",
    )
    parser.add_argument(
        "--warm-up",
        type=int,
        default=2,
        help="seconds of unmeasured load on each URL before its figures",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does it).")

    workdir = Path(tempfile.mkdtemp(prefix="microscope-bench-"))
    processes = []
    try:
        env = prepare_site(workdir)
        stock_dir, stock_env = prepare_stock(workdir)
        site_port, stock_port = free_port(), free_port()
        processes.append(gunicorn("config.wsgi", site_port, env, ROOT, args.workers))
        site = f"http://127.0.0.1:{site_port}"
        html = wait_for(f"{site}/privacy/")
        # The ceiling: the same bytes as a static file, via WhiteNoise.
        static_root = ROOT / "static_collected"
        (static_root / "bench-privacy.html").write_bytes(html)
        processes[0].terminate()
        processes[0].wait()
        processes[0] = gunicorn("config.wsgi", site_port, env, ROOT, args.workers)
        wait_for(f"{site}/static/bench-privacy.html")
        processes.append(
            gunicorn("stocksite.wsgi", stock_port, stock_env, stock_dir, args.workers)
        )
        stock = f"http://127.0.0.1:{stock_port}"
        wait_for(f"{stock}/")
        proxy_port = free_port()
        proxy = varnish(site_port, proxy_port, workdir)
        if proxy is not None:
            processes.append(proxy)
            wait_for(f"http://127.0.0.1:{proxy_port}/privacy/")
        else:
            print("varnishd is missing (make varnish-deps): no figure through Varnish")

        urls = {
            "/": f"{site}/",
            "/privacy/": f"{site}/privacy/",
            "/privacy/versions/": f"{site}/privacy/versions/",
            "stock wagtail home": f"{stock}/",
            "static /privacy/ bytes": f"{site}/static/bench-privacy.html",
        }
        results = {}
        for name, url in urls.items():
            # The first request warms the page cache and the workers.
            if wait_for(url) is None:
                print(f"{name}: 404 on this site, left out")
                continue
            warm_up(url, args)
            if name == "/privacy/":
                first, returning = first_and_returning(
                    url, args, accepted_cookies(site)
                )
                results[name] = first
                results["/privacy/ returning visitor"] = returning
                continue
            results[name] = wrk(url, args.duration, args.connections)
        if proxy is not None:
            through = f"http://127.0.0.1:{proxy_port}/privacy/"
            warm_up(through, args)
            results["/privacy/ through Varnish"] = wrk(
                through,
                args.duration,
                args.connections,
            )
        site_pages = [
            n for n in ("/", "/privacy/", "/privacy/versions/") if n in results
        ]

        print(
            f"\nwrk, {args.connections} connections, {args.duration} s each, "
            f"gunicorn with {args.workers} workers, 127.0.0.1\n"
        )
        print(f"{'URL':<26}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
        for name, r in results.items():
            print(
                f"{name:<26}{r['rps']:>10.0f}{r['p50'] or 0:>10.2f}"
                f"{r['p99'] or 0:>10.2f}{r['errors']:>8}"
            )
        privacy = results["/privacy/"]["rps"]
        vs_stock = privacy / results["stock wagtail home"]["rps"]
        vs_static = privacy / results["static /privacy/ bytes"]["rps"]
        worst_p99 = max(results[n]["p99"] or 0 for n in site_pages)
        errors = sum(results[n]["errors"] for n in site_pages)
        print()
        print(
            f"/privacy/ vs stock Wagtail home: {vs_stock:.2f}x "
            f"(target >= {TARGETS['privacy_vs_stock']}x)"
        )
        print(
            f"/privacy/ vs static ceiling:     {vs_static:.2f}x "
            f"(target >= {TARGETS['privacy_vs_static']}x)"
        )
        returning = results["/privacy/ returning visitor"]["rps"] / privacy
        ratios = {
            "privacy_vs_stock": vs_stock,
            "privacy_vs_static": vs_static,
            "returning_vs_first": returning,
        }
        print(
            f"returning visitor vs first visit: {returning:.2f}x "
            f"(target >= {TARGETS['returning_vs_first']}x)"
        )
        if "/privacy/ through Varnish" in results:
            ratios["varnish_vs_gunicorn"] = (
                results["/privacy/ through Varnish"]["rps"] / privacy
            )
            print(
                f"/privacy/ through Varnish vs gunicorn: "
                f"{ratios['varnish_vs_gunicorn']:.2f}x "
                f"(target >= {TARGETS['varnish_vs_gunicorn']}x)"
            )
        print(f"worst p99 of the site's pages:   {worst_p99:.1f} ms (target < 100 ms)")
        print(f"errors on the site's pages:      {errors} (target 0)")
        append_result(
            "pages",
            results,
            ratios=ratios,
            targets=TARGETS,
            settings={
                "connections": args.connections,
                "duration_s": args.duration,
                "workers": args.workers,
            },
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
        (ROOT / "static_collected" / "bench-privacy.html").unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

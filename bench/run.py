"""Benchmark the site as patients get it from a production-like server.

How to run (from the project folder; it takes about ten minutes):

    make bench                                   # installs the project, then runs this
    .venv/bin/python bench/run.py                # the same, once .venv exists
    .venv/bin/python bench/run.py --duration 5 --skip-lighthouse
    .venv/bin/python bench/run.py --only-intake  # steps 5 and 6 only

Options: --skip-weight, --skip-lighthouse, --skip-wrk, --skip-posts, --skip-growth,
--only-intake (all but steps 5 and 6 skipped), --duration N (seconds per wrk run,
default 15).

What it does:

1. Recreates the PostgreSQL database ``clinic_bench`` (127.0.0.1:5432, user postgres),
   collects static files, migrates, loads the sample content and starts gunicorn with
   production settings (DEBUG off, two workers, the cache in Redis database 1, which is
   emptied first) on a free port of 127.0.0.1. HTTPS redirects are off because it
   serves plain HTTP on loopback only, staff 2FA is off (steps 5 and 6 sign in with a
   session made here) and the form's rate limit is raised (step 5). gunicorn and the
   worker are stopped at the end, also on errors and Ctrl-C; their logs are in
   bench/.cache/.
2. Page weight: loads each public page in headless Chromium with an empty cache and adds
   up the bytes that crossed the network (compressed, headers included). Article images
   (/media/) are left out of the budget.
   Target: at most 100 KiB and 8 requests per page. Also reports render-blocking
   scripts (<script src> in <head> without defer, async or type=module).
3. Lighthouse 12 (mobile) on four pages.
   Target: performance >= 95; accessibility, best practices and SEO 100.
4. Server speed: wrk against five pages and one static CSS file, all through gunicorn.
   Target: home and article pages reach at least 60% of the static file's requests/sec.
   Whether each page was served from the page cache is asked of the site itself
   (``content.page_cache.is_cached``), in this process, with the server's environment.
5. Consultation requests per second: wrk POSTs valid requests at 16 connections to
   gunicorn (2 workers) for --duration seconds, with a worker (``manage.py db_worker``)
   sending the notification e-mails to a local SMTP server (aiosmtpd, in this process),
   then again with e-mail off (no INQUIRY_NOTIFY_EMAILS). Each POST carries its own form
   token, signed here with the site's own code and the server's SECRET_KEY as if the
   form had been shown a minute earlier, and its own details, so every one is a new,
   genuine-looking request; wrk's Lua script (bench/consultation.lua) sends the next
   pre-made body each time. The rate limit is raised for the run (all requests come from
   127.0.0.1). Reports requests/sec, p50/p99, rows stored, spam, and how long the worker
   took to send what was still queued when the load stopped.
6. The intake queue as data grows: realistic consultation requests (statuses by age,
   3% urgent, notes on a fifth, assigned staff) are bulk-created to 1,000, 10,000 and
   100,000 rows. At 1,000 and 100,000 the queue page (default view, overdue filter,
   search, a deep page) is timed through gunicorn (p50, p99) and its SQL queries are
   counted with Django's test client. Target: p50 under 300 ms and the same number of
   queries at both sizes. At 10,000 and 100,000 the CSV export of every request is timed
   (first byte, whole file) and the gunicorn worker's peak memory (VmHWM, reset before)
   is read from /proc. Target: memory flat as rows grow.
7. Prints the machine it ran on.

It prints figures and PASS/FAIL per target; it never fails because a target is missed.
wrk, Chromium and Lighthouse are installed on first use if missing (wrk and Chromium
with apt-get, Lighthouse with npm into bench/.cache/). The machine's cores are shared
by the server, the browser and wrk, so compare speed figures as ratios within one run.
"""

import argparse
import gzip
import http.client
import json
import logging
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CACHE_DIR = ROOT / "bench" / ".cache"
SERVER_LOG = CACHE_DIR / "gunicorn.log"
WORKER_LOG = CACHE_DIR / "worker.log"
POST_SCRIPT = ROOT / "bench" / "consultation.lua"
POST_BODIES = CACHE_DIR / "consultation-bodies.txt"
LIGHTHOUSE_DIR = CACHE_DIR / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_REPORTS = CACHE_DIR / "lighthouse-reports"
CHROMIUM = "/usr/bin/chromium"

DATABASE = "clinic_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/1"

# Pages a patient can reach without signing in.
PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/articles/how-ketamine-works/",
    "/articles/topic/the-science/",
    "/search/?q=ketamine",
    "/consultation/",
    "/consultation/thanks/",
    "/about/",
    "/crisis/",
    "/privacy/",
    "/disclaimer/",
]
LIGHTHOUSE_PAGES = ["/", "/articles/", "/articles/how-ketamine-works/", "/consultation/"]
WRK_PAGES = {
    "home": "/",
    "article list": "/articles/",
    "article": "/articles/how-ketamine-works/",
    "search": "/search/?q=ketamine",
    "consultation form": "/consultation/",
}

# Targets.
PAGE_BYTES_BUDGET = 100 * 1024
PAGE_REQUESTS_BUDGET = 8
LIGHTHOUSE_TARGETS = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
SPEED_RATIO_TARGET = 0.60

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# What Chromium 156 sends to http://127.0.0.1; wrk sends the same so that whitenoise
# answers with its precompressed static files, as it does for browsers.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def heading(text):
    print(f"\n=== {text}\n", flush=True)


def run(command, **kwargs):
    """Run a command, stopping the benchmark with its output if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        print(f"Command failed ({result.returncode}): {' '.join(map(str, command))}")
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit(1)
    return result.stdout


def use_project_venv():
    """Re-run this script with the project's Python, which has Django and Playwright."""
    venv_python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not venv_python.exists():
        raise SystemExit("No .venv yet: run `make bench` (it creates it).")
    os.execv(venv_python, [str(venv_python), __file__, *sys.argv[1:]])


# --- Tools -----------------------------------------------------------------------------


def apt_install(package):
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-q", package]
    if subprocess.run(command, env=env, capture_output=True).returncode == 0:
        return True
    # The package lists may be missing or stale: refresh them once and try again.
    subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
    return subprocess.run(command, env=env, capture_output=True).returncode == 0


def installed_lighthouse_version():
    package_json = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not package_json.exists():
        return None
    return json.loads(package_json.read_text())["version"]


def ensure_tools(args):
    """Install what the chosen steps need. Returns the steps that cannot run."""
    heading("Tools")
    unavailable = set()
    needs_chromium = not (args.skip_weight and args.skip_lighthouse)
    if needs_chromium and not Path(CHROMIUM).exists():
        print("Installing Chromium with apt-get ...", flush=True)
        if not apt_install("chromium"):
            print("Could not install Chromium: page weight and Lighthouse are skipped.")
            unavailable |= {"weight", "lighthouse"}
    if not args.skip_lighthouse and installed_lighthouse_version() != LIGHTHOUSE_VERSION:
        print(f"Installing Lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} ...", flush=True)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--prefix", LIGHTHOUSE_DIR],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print("Could not install Lighthouse; it is skipped.\n" + result.stderr[-2000:])
            unavailable.add("lighthouse")
    if not args.skip_wrk and not shutil.which("wrk"):
        print("Installing wrk with apt-get ...", flush=True)
        if not apt_install("wrk"):
            print("Could not install wrk: server speed is skipped.")
            unavailable.add("wrk")
    print(f"Chromium:   {CHROMIUM if Path(CHROMIUM).exists() else 'missing'}")
    print(f"Lighthouse: {installed_lighthouse_version() or 'not installed'}")
    print(f"wrk:        {shutil.which('wrk') or 'not installed'}")
    return unavailable


# --- Server ----------------------------------------------------------------------------


def psql(sql, database="postgres"):
    return run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql])


def ensure_postgres():
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
        return
    print("PostgreSQL is not answering; starting it ...", flush=True)
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
    for _ in range(30):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not start on 127.0.0.1:5432.")


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def server_environment():
    """Production settings, except plain HTTP on loopback and our own database."""
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        # Uploaded images stay inside bench/.cache (the sample content has none).
        "MEDIA_ROOT": str(CACHE_DIR / "media"),
        "WEB_CONCURRENCY": "2",
        # Step 6 signs in with a session made here, without an authenticator code.
        "STAFF_2FA_REQUIRED": "0",
        # Step 5 sends every request from 127.0.0.1, far past the production limit.
        "INQUIRY_RATE_LIMIT": "100000000",
        # E-mail goes to the SMTP server step 5 starts (nothing else sends any).
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
        "EMAIL_USE_TLS": "0",
        "INQUIRY_NOTIFY_EMAILS": "",
    }
    if redis_answers():
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare_site(env, sample_content=True):
    """A fresh database (with the sample content, for the page steps), and collected
    static files."""
    heading("Server set-up")
    ensure_postgres()
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    print(f"Database {DATABASE} recreated ({DATABASE_URL}).")
    if "REDIS_URL" in env:
        # Pages cached by an earlier run must not be served from the new database.
        flush = run(["redis-cli", "-n", "1", "FLUSHDB"]).strip()
        print(f"Cache: Redis {REDIS_URL}, shared by both workers (emptied: {flush}).")
    else:
        print("Cache: the database cache table (Redis on 127.0.0.1:6379 is not answering).")
    python = str(VENV / "bin" / "python")
    commands = [["collectstatic", "--noinput", "-v", "0"], ["migrate", "--noinput", "-v", "0"]]
    if sample_content:
        commands.append(["load_sample_content"])
    for command in commands:
        output = run([python, "manage.py", *command], cwd=ROOT, env=env)
        print(f"manage.py {' '.join(command)}: ok {output.strip()}".rstrip())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env):
    """Start gunicorn on a free loopback port; return the process and the site's URL.
    Its output is added to bench/.cache/gunicorn.log."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("a")
    server = subprocess.Popen(
        # No control socket: gunicorn 27 otherwise opens ~/.gunicorn/gunicorn.ctl, which
        # another gunicorn on this machine may be using.
        [VENV / "bin" / "gunicorn", "clinic_site.wsgi", "-c", "gunicorn.conf.py"]
        + ["--no-control-socket"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so we stop its workers with it
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            print(SERVER_LOG.read_text()[-3000:])
            raise SystemExit("gunicorn exited during start-up (log above).")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    else:
        stop_server(server)
        raise SystemExit(f"/healthz did not answer within 60 s; see {SERVER_LOG}.")
    print(f"gunicorn (2 workers) serving {base_url}: plain HTTP on loopback only,")
    print(f"SECURE_SSL_REDIRECT=0, otherwise production settings. Log: {SERVER_LOG}")
    return server, base_url


def start_worker(env):
    """The worker that sends the e-mails (manage.py db_worker), as production runs it."""
    with WORKER_LOG.open("a") as log:
        return subprocess.Popen(
            [VENV / "bin" / "python", "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_server(server):
    """Stop gunicorn or the worker, with every process it started."""
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=35)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    print(f"(pid {server.pid} stopped)")


def get(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": BROWSER_ACCEPT_ENCODING})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


# --- Step 2: page weight ---------------------------------------------------------------


def render_blocking_scripts(html):
    """<script src> tags in <head> without defer, async or type=module."""
    head = re.search(r"<head\b.*?</head>", html, re.S | re.I)
    if not head:
        return []
    blocking = []
    for tag in re.findall(r"<script\b[^>]*>", head.group(0), re.I):
        has_src = re.search(r"\ssrc\s*=", tag, re.I)
        deferred = re.search(r"\s(defer|async)\b", tag, re.I)
        module = re.search(r"\stype\s*=\s*[\"']?module", tag, re.I)
        if has_src and not deferred and not module:
            blocking.append(tag)
    return blocking


def load_page(browser, url):
    """Load a page in a fresh browser context; return its requests and HTML.

    Sizes come from the DevTools protocol: encodedDataLength is what crossed the network
    (compressed body plus headers).
    """
    context = browser.new_context()
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    requests = {}

    def on_request(event):
        requests[event["requestId"]] = {
            "url": event["request"]["url"],
            "type": event.get("type", "Other"),
            "status": "",
            "encoding": "",
            "bytes": 0,
            "accept_encoding": "",
        }

    def on_request_headers(event):
        if event["requestId"] in requests:
            headers = {k.lower(): v for k, v in event["headers"].items()}
            requests[event["requestId"]]["accept_encoding"] = headers.get("accept-encoding", "")

    def on_response(event):
        if event["requestId"] in requests:
            response = event["response"]
            headers = {k.lower(): v for k, v in response["headers"].items()}
            requests[event["requestId"]]["status"] = response["status"]
            requests[event["requestId"]]["encoding"] = headers.get("content-encoding", "")

    def on_finished(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["bytes"] = int(event["encodedDataLength"])

    def on_failed(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["status"] = f"failed: {event['errorText']}"

    devtools.on("Network.requestWillBeSent", on_request)
    devtools.on("Network.requestWillBeSentExtraInfo", on_request_headers)
    devtools.on("Network.responseReceived", on_response)
    devtools.on("Network.loadingFinished", on_finished)
    devtools.on("Network.loadingFailed", on_failed)
    devtools.send("Network.enable")
    response = page.goto(url, wait_until="networkidle")
    html = response.text()
    page.wait_for_timeout(300)  # late events (loadingFinished of the last request)
    context.close()
    # data: URLs never touch the network.
    resources = [r for r in requests.values() if not r["url"].startswith("data:")]
    return resources, html


def measure_page_weight(base_url):
    from playwright.sync_api import sync_playwright

    heading("Page weight (empty cache, bytes transferred, Chromium headless)")
    print(
        f"Target per page: <= {PAGE_BYTES_BUDGET // 1024} KiB ({PAGE_BYTES_BUDGET:,} bytes) "
        f"transferred and <= {PAGE_REQUESTS_BUDGET} requests; /media/ images not counted."
    )
    summary = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        print(f"Chromium {browser.version}")
        for path in PUBLIC_PAGES:
            resources, html = load_page(browser, base_url + path)
            counted = [r for r in resources if "/media/" not in r["url"]]
            total = sum(r["bytes"] for r in counted)
            blocking = render_blocking_scripts(html)
            document = resources[0] if resources else {}
            passed = (
                document.get("status") == 200
                and total <= PAGE_BYTES_BUDGET
                and len(counted) <= PAGE_REQUESTS_BUDGET
            )
            summary.append((path, total, len(counted), bool(blocking), passed))

            print(f"\n{path}")
            print(f"  {'resource':<58} {'type':<11} {'status':>6} {'encoding':<8} {'bytes':>9}")
            for r in resources:
                name = r["url"].removeprefix(base_url)
                if len(name) > 58:
                    name = name[:27] + "..." + name[-28:]
                note = "  (not counted)" if "/media/" in r["url"] else ""
                print(
                    f"  {name:<58} {r['type']:<11} {r['status']!s:>6} "
                    f"{r['encoding'] or '-':<8} {r['bytes']:>9,}{note}"
                )
            print(f"  Accept-Encoding sent: {document.get('accept_encoding') or '(not seen)'}")
            print(f"  Total: {total:,} bytes ({total / 1024:.1f} KiB) in {len(counted)} requests")
            print(f"  Render-blocking scripts in <head>: {', '.join(blocking) or 'none'}")
            if document and not document.get("encoding"):
                gzipped = len(gzip.compress(html.encode()))
                print(f"  Note: the HTML came uncompressed; gzip would make it {gzipped:,} bytes.")
            if document.get("status") != 200:
                print(f"  The page answered {document.get('status')}, not 200.")
            print(f"  {'PASS' if passed else 'FAIL'}")
        browser.close()

    print(f"\n  {'page':<32} {'KiB':>7} {'requests':>8}  {'blocking JS':<11} result")
    for path, total, count, blocking, passed in summary:
        print(
            f"  {path:<32} {total / 1024:>7.1f} {count:>8}  {'yes' if blocking else 'no':<11} "
            f"{'PASS' if passed else 'FAIL'}"
        )


# --- Step 3: Lighthouse ----------------------------------------------------------------


def lighthouse_once(url, report_path):
    """One Lighthouse run; returns its report, or None with the reason printed."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        command = [
            LIGHTHOUSE_BIN,
            url,
            "--output=json",
            f"--output-path={report_path}",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS} --user-data-dir={profile}",
        ]
        try:
            result = subprocess.run(
                command,
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                text=True,
                timeout=240,
            )
        except subprocess.TimeoutExpired:
            print("  Lighthouse took over 240 s.")
            return None
    if result.returncode != 0 or not report_path.exists():
        print(f"  Lighthouse failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return None
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        print(f"  Lighthouse runtime error: {report['runtimeError'].get('code')}")
        return None
    if any(category["score"] is None for category in report["categories"].values()):
        print("  Lighthouse gave no score for a category.")
        return None
    return report


def failing_audits(report, category_id):
    """Audits of a category scoring below 1, heaviest first."""
    failing = []
    for ref in report["categories"][category_id]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("score") is not None and audit["score"] < 1:
            failing.append((ref.get("weight", 0), audit))
    failing.sort(key=lambda item: -item[0])
    return failing


def run_lighthouse(base_url):
    heading(f"Lighthouse {LIGHTHOUSE_VERSION} (mobile preset, simulated throttling)")
    targets = ", ".join(f"{name} >= {score}" for name, score in LIGHTHOUSE_TARGETS.items())
    print(f"Targets: {targets}. Reports: {LIGHTHOUSE_REPORTS}")
    LIGHTHOUSE_REPORTS.mkdir(parents=True, exist_ok=True)
    summary = []
    for path in LIGHTHOUSE_PAGES:
        name = path.strip("/").replace("/", "_") or "home"
        report_path = LIGHTHOUSE_REPORTS / f"{name}.json"
        report_path.unlink(missing_ok=True)
        print(f"\n{path}", flush=True)
        report = lighthouse_once(base_url + path, report_path)
        if report is None:
            print("  Retrying once ...", flush=True)
            report_path.unlink(missing_ok=True)
            report = lighthouse_once(base_url + path, report_path)
        if report is None:
            summary.append((path, None))
            continue
        scores = {
            category: round(report["categories"][category]["score"] * 100)
            for category in LIGHTHOUSE_TARGETS
        }
        summary.append((path, scores))
        for category, target in LIGHTHOUSE_TARGETS.items():
            met = scores[category] >= target
            print(f"  {category:<15} {scores[category]:>3}  {'PASS' if met else 'FAIL'}")
            if met:
                below_one = [audit["id"] for _, audit in failing_audits(report, category)]
                if below_one:
                    print(f"      (below 1 but on target: {', '.join(below_one)})")
                continue
            for weight, audit in failing_audits(report, category):
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                print(
                    f"      - {audit['id']}: {audit['title']}{value} "
                    f"[score {audit['score']:.2f}, weight {weight}]"
                )

    print(f"\n  {'page':<32} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}  result")
    for path, scores in summary:
        if scores is None:
            print(f"  {path:<32} Lighthouse failed twice")
            continue
        met = all(scores[c] >= t for c, t in LIGHTHOUSE_TARGETS.items())
        figures = " ".join(f"{scores[c]:>5}" for c in LIGHTHOUSE_TARGETS)
        print(f"  {path:<32} {figures}  {'PASS' if met else 'FAIL'}")


# --- Step 4: server speed --------------------------------------------------------------


def milliseconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return milliseconds(*match.groups()) if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency(50),
        "p99": latency(99),
        "problems": ", ".join(
            text
            for text in (
                f"{non_2xx.group(1)} non-2xx/3xx" if non_2xx else "",
                errors.group(0) if errors else "",
            )
            if text
        ),
    }


def stylesheet_url(base_url):
    """The hashed address of site.css (else Bootstrap's) from the home page."""
    html = get(base_url + "/").decode()
    links = re.findall(r"<link\b[^>]*>", html, re.I)
    sheets = [
        re.search(r"href=[\"']([^\"']+)", link).group(1)
        for link in links
        if re.search(r"rel=[\"']?stylesheet", link, re.I)
    ]
    sheets = [href for href in sheets if href.startswith("/static/") and href.endswith(".css")]
    chosen = [href for href in sheets if "/site." in href] or sheets
    return chosen[0] if chosen else None


def cpu_busy_share(seconds=1.0):
    """Share of the machine's CPU in use over the next few seconds, from /proc/stat.

    Taken while the benchmark itself is idle, it shows how much other processes (tests
    running at the same time) are taking away from the server and wrk.
    """

    def busy_and_total():
        ticks = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
        idle = ticks[3] + ticks[4]  # idle + iowait
        return sum(ticks) - idle, sum(ticks)

    busy_before, total_before = busy_and_total()
    time.sleep(seconds)
    busy_after, total_after = busy_and_total()
    return (busy_after - busy_before) / max(total_after - total_before, 1)


def measure_server_speed(base_url, duration, env):
    heading(f"Server speed (wrk -t2 -c16 -d{duration}s against 127.0.0.1)")
    targets = dict(WRK_PAGES)
    css = stylesheet_url(base_url)
    if css:
        targets["static CSS"] = css
    else:
        print("No /static/...css stylesheet found on the home page: no static ceiling.")
    if "REDIS_URL" in env:
        print(f"Page cache: Django cache on Redis {REDIS_URL} (shared by both workers).")
    else:
        print("Page cache: the database cache table (Redis not answering).")
    print("Each URL is warmed with 5 requests first.")
    print(f"wrk sends Accept-Encoding: {BROWSER_ACCEPT_ENCODING} (as Chromium does).")
    print("wrk and gunicorn share this machine's cores; compare the ratios, not the figures.\n")

    results = {}
    for name, path in targets.items():
        url = base_url + path
        for _ in range(5):
            get(url)
        background = cpu_busy_share()
        output = run(
            [
                "wrk",
                "-t2",
                "-c16",
                f"-d{duration}s",
                "--latency",
                "-H",
                f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}",
                url,
            ]
        )
        results[name] = parse_wrk(output)
        results[name]["background"] = background
        print(f"  {name:<18} {results[name]['rps']:>9.1f} req/s", flush=True)

    # "page cache": whether the shared cache holds the whole page (only anonymous pages
    # that set no cookie are kept), as the site itself tells. "other CPU": how busy the
    # machine was in the second before the run, when neither wrk nor the server was
    # working: other processes' share.
    from content.page_cache import is_cached

    print(
        f"\n  {'target':<18} {'path':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'page cache':<10} {'other CPU':>9}"
    )
    for name, path in targets.items():
        figures = results[name]
        if path.startswith("/static/"):
            cached = "-"
        else:
            cached = "yes" if is_cached(base_url + path) else "no"
        print(
            f"  {name:<18} {path[:36]:<36} {figures['rps']:>8.1f} {figures['p50']:>8.2f} "
            f"{figures['p99']:>8.2f} {cached:<10} {figures['background']:>9.0%}  "
            f"{figures['problems']}".rstrip()
        )

    if "static CSS" in results and results["static CSS"]["rps"]:
        ceiling = results["static CSS"]["rps"]
        print(f"\n  Against the static file ceiling ({ceiling:.1f} req/s), target >= 60%:")
        for name in ("home", "article"):
            ratio = results[name]["rps"] / ceiling
            verdict = "PASS" if ratio >= SPEED_RATIO_TARGET else "FAIL"
            print(f"    {name:<10} {ratio:>6.1%}  {verdict}")
    busiest = max(figures["background"] for figures in results.values())
    if busiest > 0.25:
        print(
            f"\n  Warning: other processes used up to {busiest:.0%} of the CPU just before a "
            "run,\n  so these figures and ratios are unreliable; re-run on a quiet machine."
        )


# --- Steps 5 and 6: Django in this process ----------------------------------------------


def start_django(env):
    """Django inside this process with the server's environment (same database, cache and
    SECRET_KEY): to sign form tokens, make data, count queries and ask the page cache."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Mailbox:
    """An SMTP server's handler (aiosmtpd) that counts the messages it is given."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 Message accepted for delivery"


# --- Step 5: consultation requests per second -------------------------------------------

POST_CONNECTIONS = 16
POST_BODY_COUNT = 40_000  # more than 16 connections send in --duration seconds here
NOTIFY_ADDRESS = "intake@clinic.example"
FIRST_NAMES = ["Maria", "James", "Aiyana", "Wei", "Fatima", "Daniel", "Priya", "Sam"]
LAST_NAMES = ["Garcia", "Nguyen", "Smith", "Okafor", "Cohen", "Kim", "Rossi", "Haddad"]
MESSAGES = [
    "I have tried three antidepressants and would like to talk about options.",
    "My doctor mentioned ketamine. Could someone call me about whether it might help?",
    "",
    "I would like to know about esketamine and what my insurance might cover.",
    "Asking for my husband, who has had depression for years. Evenings are best.",
]


def consultation_bodies(count, csrf_secret):
    """Valid consultation forms, URL-encoded, each from its own copy of the form (a form
    token signed as the site signs it, shown a minute ago) with its own details."""
    from django.core import signing

    from inquiries.forms import TOKEN_SALT

    shown = time.time() - 60
    run = secrets.token_hex(3)
    bodies = []
    for number in range(count):
        token = signing.dumps({"id": str(uuid.uuid4()), "shown": shown}, salt=TOKEN_SALT)
        by_email = number % 3 == 0
        fields = {
            "csrfmiddlewaretoken": csrf_secret,
            "form_token": token,
            "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
            "last_name": f"{LAST_NAMES[number % len(LAST_NAMES)]}-{run}-{number}",
            "email": f"patient{number}@example.com" if by_email else "",
            "phone": "" if by_email else f"(949) 555-{number % 10000:04d}",
            "preferred_contact": "email" if by_email else "phone",
            "best_time": ["morning", "afternoon", "any"][number % 3],
            "message": MESSAGES[number % len(MESSAGES)],
            "heard_from": ["clinician", "friend", "search", ""][number % 4],
            "is_adult": "on",
            "consented": "on",
            "website": "",
        }
        bodies.append(urllib.parse.urlencode(fields))
    return bodies


def queued_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()


def post_run(env, duration, notify, mailbox):
    """One wrk run of consultation POSTs; returns its figures."""
    from django.utils.crypto import get_random_string

    from inquiries.models import Inquiry

    csrf_secret = get_random_string(32)
    bodies = consultation_bodies(POST_BODY_COUNT, csrf_secret)
    POST_BODIES.write_text("\n".join(bodies) + "\n")
    run_env = {**env, "INQUIRY_NOTIFY_EMAILS": notify}
    server = worker = None
    try:
        worker = start_worker(run_env)
        server, base_url = start_server(run_env)
        stored_before = Inquiry.objects.count()
        mail_before = mailbox.received
        background = cpu_busy_share()
        output = run(
            ["wrk", "-t2", f"-c{POST_CONNECTIONS}", f"-d{duration}s", "--latency"]
            + ["-s", POST_SCRIPT, base_url + "/consultation/", "--"]
            + [POST_BODIES, csrf_secret, "2"]
        )
        figures = parse_wrk(output)
        figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
        figures["background"] = background
        figures["queued"] = queued_tasks()
        stop_server(server)  # lets the requests still in hand finish
        figures["stored"] = Inquiry.objects.count() - stored_before
        figures["spam"] = Inquiry.objects.filter(status=Inquiry.Status.SPAM).count()
        started = time.monotonic()
        while queued_tasks() and time.monotonic() - started < 300:
            time.sleep(0.5)
        figures["drain"] = time.monotonic() - started
        figures["left"] = queued_tasks()
        figures["mail"] = mailbox.received - mail_before
        return figures
    finally:
        stop_server(server)
        stop_server(worker)


def measure_consultation_posts(env, duration):
    from aiosmtpd.controller import Controller

    heading(f"Consultation requests (wrk -t2 -c{POST_CONNECTIONS} -d{duration}s POST)")
    print(
        "Each POST is a new, valid request: its own form token (signed here with the\n"
        "server's SECRET_KEY, as if shown a minute ago) and details; one CSRF cookie and\n"
        f"token for all. wrk sends the next of {POST_BODY_COUNT:,} pre-made bodies each time "
        f"({POST_SCRIPT.relative_to(ROOT)}).\n"
        "A db_worker runs beside gunicorn; e-mail goes to an SMTP server in this process.\n"
    )
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-message log
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=int(env["EMAIL_PORT"]))
    smtp.start()
    results = {}
    try:
        for label, notify in (("e-mail on", NOTIFY_ADDRESS), ("e-mail off", "")):
            print(f"  {label} ...", flush=True)
            results[label] = post_run(env, duration, notify, mailbox)
    finally:
        smtp.stop()
    print(
        f"\n  {'run':<11} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'sent':>6} {'stored':>6} "
        f"{'spam':>4} {'queued at end':>13} {'sent out in':>11} {'e-mails':>7} {'other CPU':>9}"
    )
    for label, figures in results.items():
        print(
            f"  {label:<11} {figures['rps']:>7.1f} {figures['p50']:>7.1f} {figures['p99']:>7.1f} "
            f"{figures['requests']:>6} {figures['stored']:>6} {figures['spam']:>4} "
            f"{figures['queued']:>13} {figures['drain']:>10.1f}s {figures['mail']:>7} "
            f"{figures['background']:>9.0%}  {figures['problems']}".rstrip()
        )
    print(
        "\n  sent: answers wrk counted (all 303 unless listed); stored: new rows, counted once\n"
        "  gunicorn has finished the requests in hand when wrk stopped (up to 16 more than\n"
        "  sent); queued at end: e-mail tasks waiting when the load stopped; sent out in:\n"
        "  time the worker then needed to empty the queue; e-mails: received by the SMTP\n"
        "  server during the run."
    )
    if results["e-mail off"]["rps"]:
        ratio = results["e-mail on"]["rps"] / results["e-mail off"]["rps"]
        print(f"  With e-mail on, {ratio:.0%} of the requests per second with e-mail off.")


# --- Step 6: the intake queue as data grows ---------------------------------------------

# A busy clinic: 100,000 requests over about two years.
REQUEST_SPACING = timedelta(minutes=10)
QUEUE_PAGES = {
    "queue (default)": "/admin/inquiries/inquiry/",
    "overdue filter": "/admin/inquiries/inquiry/?overdue=yes",
    "search, surname": "/admin/inquiries/inquiry/?q=Garcia",
    "search, e-mail": "/admin/inquiries/inquiry/?q=patient4242@example.com",
    "page 20, all": "/admin/inquiries/inquiry/?status=everything&p=20",
}
EXPORTS = {
    "all": "/admin/inquiries/inquiry/export/?status=everything",
    "all, with notes": "/admin/inquiries/inquiry/export/?status=everything&notes=1",
}
QUEUE_SAMPLES = 20
QUEUE_TARGET_MS = 300


def request_status(random_source, age):
    """A status as a real queue has them: new ones are recent, old ones are finished."""
    weights = (
        {"new": 70, "contacted": 20, "spam": 10}
        if age < timedelta(days=2)
        else {"new": 3, "contacted": 25, "scheduled": 25, "not_a_fit": 12, "closed": 20, "spam": 15}
        if age < timedelta(days=30)
        else {"contacted": 1, "scheduled": 1, "not_a_fit": 20, "closed": 60, "spam": 18}
    )
    return random_source.choices(list(weights), list(weights.values()))[0]


def grow_inquiries(target, now, staff):
    """Add requests, newest first (request k arrived k x REQUEST_SPACING before ``now``),
    until there are ``target``; notes on about a fifth of them."""
    from django.db import transaction

    from inquiries.models import Inquiry, InquiryNote

    have = Inquiry.objects.count()
    received_at = Inquiry._meta.get_field("received_at")
    # bulk_create would stamp every row "now"; these rows carry their own arrival time.
    received_at.auto_now_add = False
    try:
        for start in range(have, target, 5000):
            batch = []
            for k in range(start, min(start + 5000, target)):
                chance = random.Random(k)
                arrived = now - k * REQUEST_SPACING
                status = request_status(chance, now - arrived)
                finished = status in Inquiry.FINISHED
                by_email = k % 3 == 0
                batch.append(
                    Inquiry(
                        first_name=FIRST_NAMES[k % len(FIRST_NAMES)],
                        last_name=LAST_NAMES[(k // 8) % len(LAST_NAMES)],
                        email=f"patient{k}@example.com" if by_email else "",
                        phone="" if by_email else f"(949) 555-{k % 10000:04d}",
                        preferred_contact="email" if by_email else "phone",
                        best_time=chance.choice(["morning", "afternoon", "any"]),
                        message=chance.choice(MESSAGES),
                        heard_from=chance.choice(["clinician", "friend", "search", ""]),
                        is_adult=True,
                        consented=True,
                        received_at=arrived,
                        status=status,
                        finished_at=min(now, arrived + timedelta(days=chance.randint(1, 20)))
                        if finished
                        else None,
                        is_urgent=chance.random() < 0.03,
                        assigned_to=None if status == "new" else chance.choice(staff),
                        notified_at=None if status == "spam" else arrived,
                    )
                )
            with transaction.atomic():
                created = Inquiry.objects.bulk_create(batch)
                notes = [
                    InquiryNote(
                        inquiry=inquiry,
                        author=inquiry.assigned_to,
                        text="Left a voicemail; will try again tomorrow morning.",
                    )
                    for inquiry in created
                    if inquiry.pk % 5 == 0 and inquiry.status != "spam"
                ]
                InquiryNote.objects.bulk_create(notes)
    finally:
        received_at.auto_now_add = True
    return Inquiry.objects.count()


def intake_staff():
    """Three intake staff to assign requests to, and a superuser who can export, signed
    in: returns (staff, test client, session cookie value)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from inquiries.staff_groups import INTAKE_GROUP

    users = get_user_model().objects
    group = Group.objects.get(name=INTAKE_GROUP)
    staff = []
    for name in ("ana", "ben", "chloe"):
        user, _ = users.get_or_create(username=f"intake-{name}", defaults={"is_staff": True})
        user.groups.add(group)
        staff.append(user)
    lead, _ = users.get_or_create(
        username="bench-lead", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(lead)
    return staff, client, client.cookies[settings.SESSION_COOKIE_NAME].value


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries.captured_queries)


def staff_get(base_url, path, session):
    from django.conf import settings

    request = urllib.request.Request(
        base_url + path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def time_queue_page(base_url, path, session):
    for _ in range(2):  # warm both workers
        staff_get(base_url, path, session)
    durations = []
    for _ in range(QUEUE_SAMPLES):
        start = time.perf_counter()
        status, _ = staff_get(base_url, path, session)
        durations.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
    return percentile(durations, 0.5), percentile(durations, 0.99)


def worker_pids(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_kib(pid, field):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(first_match(rf"^{field}:\s+(\d+)", status, "0"))


def measure_export(base_url, server, session, path):
    """Time to first byte, whole time, size and rows of the CSV export, and the gunicorn
    workers' peak memory during it (VmHWM, reset to the current size first)."""
    from django.conf import settings

    pids = worker_pids(server)
    for pid in pids:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM (Linux 4.0+)
    before = {pid: memory_kib(pid, "VmRSS") for pid in pids}
    port = int(base_url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - start
    size, lines = len(first), first.count(b"\n")
    while chunk := response.read(65536):
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - start
    connection.close()
    peaks = {pid: memory_kib(pid, "VmHWM") for pid in pids}
    busiest = max(pids, key=lambda pid: peaks[pid] - before[pid])
    return {
        "status": response.status,
        "first_byte_ms": first_byte * 1000,
        "seconds": total,
        "mib": size / 1024 / 1024,
        # Less the heading line; no generated message or note spans lines.
        "rows": lines - 1,
        "rss_before_mib": before[busiest] / 1024,
        "peak_mib": peaks[busiest] / 1024,
    }


def measure_growth(env):
    from django.utils import timezone

    from inquiries.models import Inquiry

    heading("The intake queue and CSV export as requests grow")
    Inquiry.objects.all().delete()  # the requests step 5 sent
    staff, client, session = intake_staff()
    # As in production: the queue then also asks for urgent requests whose e-mail is late.
    env = {**env, "INQUIRY_NOTIFY_EMAILS": NOTIFY_ADDRESS}
    os.environ["INQUIRY_NOTIFY_EMAILS"] = NOTIFY_ADDRESS
    from django.conf import settings

    settings.INQUIRY_NOTIFY_EMAILS = [NOTIFY_ADDRESS]  # for the query counts here
    now = timezone.now()
    queue, exports = {}, {}
    for size in (1_000, 10_000, 100_000):
        started = time.monotonic()
        count = grow_inquiries(size, now, staff)
        print(f"  {count:,} requests ({time.monotonic() - started:.0f} s to add)", flush=True)
        # Each export on a freshly started gunicorn, so one worker's memory is its own.
        for name, path in EXPORTS.items() if size in (10_000, 100_000) else ():
            server = None
            try:
                server, base_url = start_server(env)
                exports[(size, name)] = measure_export(base_url, server, session, path)
            finally:
                stop_server(server)
        if size in (1_000, 100_000):
            server = None
            try:
                server, base_url = start_server(env)
                print(
                    f"  Other processes' share of the CPU before the queue pages: "
                    f"{cpu_busy_share():.0%}"
                )
                for name, path in QUEUE_PAGES.items():
                    p50, p99 = time_queue_page(base_url, path, session)
                    queue[(size, name)] = (p50, p99, count_queries(client, path))
            finally:
                stop_server(server)

    print(f"\n  Queue page, {QUEUE_SAMPLES} requests each through gunicorn, one at a time:")
    print(f"  {'page':<18} {'rows':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8}  result")
    for name in QUEUE_PAGES:
        small, large = queue[(1_000, name)], queue[(100_000, name)]
        for size, (p50, p99, queries) in ((1_000, small), (100_000, large)):
            verdict = "PASS" if p50 < QUEUE_TARGET_MS and small[2] == large[2] else "FAIL"
            print(f"  {name:<18} {size:>8,} {p50:>8.1f} {p99:>8.1f} {queries:>8}  {verdict}")
    print(
        f"  Target: p50 under {QUEUE_TARGET_MS} ms, and the same number of queries at 1,000 "
        "and 100,000 requests."
    )

    print("\n  CSV export of every request (spam included), each on a fresh gunicorn:")
    print(
        f"  {'export':<16} {'rows':>8} {'status':>6} {'first byte ms':>13} {'whole s':>8} "
        f"{'MiB':>6} {'worker RSS before':>17} {'peak':>9} {'grew':>8}"
    )
    for (_, name), figures in exports.items():
        figures["grew_mib"] = figures["peak_mib"] - figures["rss_before_mib"]
        print(
            f"  {name:<16} {figures['rows']:>8,} {figures['status']:>6} "
            f"{figures['first_byte_ms']:>13.0f} {figures['seconds']:>8.1f} {figures['mib']:>6.1f} "
            f"{figures['rss_before_mib']:>13.1f} MiB {figures['peak_mib']:>5.1f} MiB "
            f"{figures['grew_mib']:>+4.1f} MiB"
        )
    for name in EXPORTS:
        small, large = exports[(10_000, name)], exports[(100_000, name)]
        extra = large["grew_mib"] - small["grew_mib"]
        complete = small["rows"] == 10_000 and large["rows"] == 100_000
        verdict = "PASS" if extra < 10 and complete else "FAIL"
        print(
            f"  {name}: the worker grew {extra:+.1f} MiB more for 100,000 rows than for 10,000. "
            f"Target: flat (under 10 MiB more, every row exported): {verdict}"
        )


# --- Step 7: the machine ---------------------------------------------------------------


def first_match(pattern, text, default="unknown"):
    match = re.search(pattern, text, re.M)
    return match.group(1).strip() if match else default


def print_machine():
    heading("Machine")
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text()
    memory_kib = int(first_match(r"^MemTotal:\s+(\d+)", meminfo, "0"))
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    wrk = ""
    if shutil.which("wrk"):
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    cpu_model = first_match(r"^model name\s*:(.*)", cpuinfo)
    print(f"  nproc:       {nproc}")
    print(f"  CPU:         {cpu_model}")
    print(f"  Memory:      {memory_kib / 1024 / 1024:.1f} GiB")
    print(f"  Load avg:    {load} (1, 5, 15 min, now)")
    print(f"  Python:      {sys.version.split()[0]}")
    print(f"  Django:      {metadata.version('django')}")
    print(f"  gunicorn:    {metadata.version('gunicorn')}")
    print(f"  PostgreSQL:  {postgres or 'unknown'}")
    print(f"  wrk:         {wrk.strip() or 'not installed'}")
    print(f"  Lighthouse:  {installed_lighthouse_version() or 'not installed'}")
    print(f"  Date:        {datetime.now().astimezone():%Y-%m-%d %H:%M:%S %Z}")


# --- Main ------------------------------------------------------------------------------


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-weight", action="store_true", help="skip the page weight step")
    parser.add_argument("--skip-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--skip-wrk", action="store_true", help="skip the wrk speed step")
    parser.add_argument("--skip-posts", action="store_true", help="skip consultation POSTs")
    parser.add_argument("--skip-growth", action="store_true", help="skip the growing queue")
    parser.add_argument(
        "--only-intake", action="store_true", help="only the POSTs and the growing queue"
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    args = parser.parse_args()
    if args.only_intake:
        args.skip_weight = args.skip_lighthouse = args.skip_wrk = True
    return args


def main():
    args = parse_arguments()
    use_project_venv()
    # `kill` or Ctrl-C: leave through the finally block below, which stops gunicorn.
    # (SIGINT is set explicitly because a shell starts background jobs ignoring it.)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    unavailable = ensure_tools(args)
    env = server_environment()
    start_django(env)
    pages = {
        "weight": not args.skip_weight,
        "lighthouse": not args.skip_lighthouse,
        "wrk": not args.skip_wrk,
    }
    pages = {step for step, chosen in pages.items() if chosen and step not in unavailable}
    server = None
    try:
        prepare_site(env, sample_content=bool(pages))
        if pages:
            server, base_url = start_server(env)
        if "weight" in pages:
            measure_page_weight(base_url)
        if "lighthouse" in pages:
            run_lighthouse(base_url)
        if "wrk" in pages:
            measure_server_speed(base_url, args.duration, env)
        stop_server(server)
        if not args.skip_posts and "wrk" not in unavailable:
            measure_consultation_posts(env, args.duration)
        if not args.skip_growth:
            measure_growth(env)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        sys.exit(130)
    finally:
        stop_server(server)
    print_machine()


if __name__ == "__main__":
    main()

"""Benchmark the site as patients get it from a production-like server.

How to run (from the project folder; it takes a few minutes):

    make bench                                   # installs the project, then runs this
    .venv/bin/python bench/run.py                # the same, once .venv exists
    .venv/bin/python bench/run.py --duration 5 --skip-lighthouse

Options: --skip-weight, --skip-lighthouse, --skip-wrk, --duration N (seconds per wrk run,
default 15).

What it does:

1. Recreates the PostgreSQL database ``clinic_bench`` (127.0.0.1:5432, user postgres),
   collects static files, migrates, loads the sample content and starts gunicorn with
   production settings (DEBUG off, two workers, the cache in Redis database 1, which is
   emptied first) on a free port of 127.0.0.1. HTTPS redirects are off because it
   serves plain HTTP on loopback only. gunicorn is stopped at the end, also on errors
   and Ctrl-C; its log is bench/.cache/gunicorn.log.
2. Page weight: loads each public page in headless Chromium with an empty cache and adds
   up the bytes that crossed the network (compressed, headers included). Article images
   (/media/) are left out of the budget.
   Target: at most 100 KiB and 8 requests per page. Also reports render-blocking
   scripts (<script src> in <head> without defer, async or type=module).
3. Lighthouse 12 (mobile) on four pages.
   Target: performance >= 95; accessibility, best practices and SEO 100.
4. Server speed: wrk against five pages and one static CSS file, all through gunicorn.
   Target: home and article pages reach at least 60% of the static file's requests/sec.
5. Prints the machine it ran on.

It prints figures and PASS/FAIL per target; it never fails because a target is missed.
wrk, Chromium and Lighthouse are installed on first use if missing (wrk and Chromium
with apt-get, Lighthouse with npm into bench/.cache/). The machine's cores are shared
by the server, the browser and wrk, so compare speed figures as ratios within one run.
"""

import argparse
import gzip
import json
import os
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
import urllib.request
from datetime import datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CACHE_DIR = ROOT / "bench" / ".cache"
SERVER_LOG = CACHE_DIR / "gunicorn.log"
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
    }
    if redis_answers():
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare_site(env):
    """A fresh database with the sample content, and collected static files."""
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
        print("Cache: local memory in each worker (Redis on 127.0.0.1:6379 is not answering).")
    python = str(VENV / "bin" / "python")
    for command in (
        ["collectstatic", "--noinput", "-v", "0"],
        ["migrate", "--noinput", "-v", "0"],
        ["load_sample_content"],
    ):
        output = run([python, "manage.py", *command], cwd=ROOT, env=env)
        print(f"manage.py {' '.join(command)}: ok {output.strip()}".rstrip())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env):
    """Start gunicorn on a free loopback port; return the process and the site's URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("w")
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


def stop_server(server):
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=35)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    print(f"\ngunicorn (pid {server.pid}) stopped.")


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


def cached_paths():
    """The addresses whose whole page the page cache holds in Redis db 1.

    Keys look like ":1:public-pages:<path>" (see content/page_cache.py); the version
    key ":1:public-pages:version" is not a page.
    """
    output = run(["redis-cli", "-n", "1", "--scan", "--pattern", "*public-pages:*"])
    paths = {line.split("public-pages:", 1)[1] for line in output.splitlines()}
    return {path for path in paths if path.startswith("/")}


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
        print("Page cache: local memory in each worker (Redis not answering).")
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

    # "page cache": whether Redis holds the whole page (only anonymous pages that set no
    # cookie are kept). "other CPU": how busy the machine was in the second before the
    # run, when neither wrk nor the server was working: other processes' share.
    in_cache = cached_paths() if "REDIS_URL" in env else set()
    print(
        f"\n  {'target':<18} {'path':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'page cache':<10} {'other CPU':>9}"
    )
    for name, path in targets.items():
        figures = results[name]
        if path.startswith("/static/"):
            cached = "-"
        elif "REDIS_URL" not in env:
            cached = "unknown"
        else:
            cached = "yes" if path in in_cache else "no"
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


# --- Step 5: the machine ---------------------------------------------------------------


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
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    return parser.parse_args()


def main():
    args = parse_arguments()
    use_project_venv()
    # `kill` or Ctrl-C: leave through the finally block below, which stops gunicorn.
    # (SIGINT is set explicitly because a shell starts background jobs ignoring it.)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    unavailable = ensure_tools(args)
    env = server_environment()
    server = None
    try:
        prepare_site(env)
        server, base_url = start_server(env)
        if not args.skip_weight and "weight" not in unavailable:
            measure_page_weight(base_url)
        if not args.skip_lighthouse and "lighthouse" not in unavailable:
            run_lighthouse(base_url)
        if not args.skip_wrk and "wrk" not in unavailable:
            measure_server_speed(base_url, args.duration, env)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        sys.exit(130)
    finally:
        stop_server(server)
    print_machine()


if __name__ == "__main__":
    main()

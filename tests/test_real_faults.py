"""The site with real parts failing, as an operator would see it.

gunicorn (production settings, 2 workers) serves the site from a private PostgreSQL
cluster that this test stops and starts; Redis is configured but nothing listens on its
port; e-mail goes to a local port where at first nothing listens either, and later to a
small mail server the test reads back; the worker (`manage.py db_worker`) sends the
e-mails. Nothing here is simulated: the failures are real refused connections.

It needs PostgreSQL's server programs (initdb, pg_ctl), so it runs in the PostgreSQL pass
of the suite (DATABASE_URL=postgres://...) and is skipped otherwise; with CI=true, missing
programs fail it. The shared PostgreSQL server is never touched. Every process it starts
is stopped, and its folder removed, however the test ends.
"""

import email
import email.policy
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL's server programs; runs in the PostgreSQL pass "
    "(DATABASE_URL=postgres://...)",
)

BURST = 60  # consultation requests sent at the same moment
RESENT = 10  # of those, sent again
NOTIFY = "intake@clinic.example"
ADMIN = "webmaster@clinic.example"
# What a patient types or a browser carries; none of it may reach a log or an e-mail.
SEARCH_WORD = "quillwort"
PATIENT = {
    "first_name": "Zephyrine",
    "last_name": "Marchbanks",
    "email": "zephyrine.m@example.com",
    "phone": "(949) 555-0187",
    "message": "Asking for my brother Thaddeus, who has tried everything",
}
BURST_SURNAME = "Halloran"  # the burst's patients are Halloran000, Halloran001, ...
SESSION_COOKIE = "sessionid=" + "s3cretsession" + secrets.token_hex(8)
FORWARDED_FOR = "203.0.113.77"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Waited {timeout} s for {what}.")


# --- The parts ------------------------------------------------------------------------


class PrivateCluster:
    """A PostgreSQL cluster of our own in ``folder``, on a free loopback port."""

    def __init__(self, folder):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program, *args):
        # initdb refuses to run as root, so the server programs run as "postgres".
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*as_postgres, str(POSTGRES_BIN / program), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{program} failed: {result.stdout}{result.stderr}"

    def create(self):
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres")
            self.folder.parent.chmod(0o711)  # it may pass through, not list
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = self.folder / "postgres.log"
        self._run("pg_ctl", "-D", self.data, "-l", log, "-o", options, "-w", "start")

    def crash(self):
        """Stop at once, as a crash or a killed server would, without a clean shutdown."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def stop_if_running(self):
        if (self.data / "postmaster.pid").exists():
            self.crash()

    def rows(self, sql, params=()):
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()


class Mailbox:
    """An SMTP server's handler (aiosmtpd) that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # Every header of every part, decoded, and every text part's content, decoded: what
        # a reader of the message sees. (Not the encoded bodies: base64 padding can spell
        # "q=" by chance.)
        parts = [
            text
            for part in message.walk()
            for text in [
                *(f"{name}: {value}" for name, value in part.items()),
                *([part.get_content()] if part.get_content_maintype() == "text" else []),
            ]
        ]
        self.messages.append(
            {
                "to": envelope.rcpt_tos,
                "subject": str(message.get("Subject", "")),
                "text": "\n".join(parts),
            }
        )
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if address in message["to"]]


class Process:
    """A server process in its own process group, its output in a file."""

    def __init__(self, command, env, log):
        self.command, self.env, self.log = command, env, log
        self.process = None

    def start(self):
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so its own children (gunicorn's workers) stop too
            )

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if not self.running():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Visitor:
    """One browser: its own cookies, plain HTTP to the local gunicorn."""

    def __init__(self, port, cookies=None, headers=None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.headers = dict(headers or {})

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            # Secure cookies are kept although this is plain HTTP on loopback.
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            return response.status, text
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def load_form(self):
        """Open the consultation form; return its hidden values (CSRF and form token)."""
        status, text = self.get("/consultation/")
        assert status == 200, text[:500]
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]*)"', text))
        return hidden

    def send(self, hidden, **details):
        data = {
            "preferred_contact": "phone",
            "best_time": "morning",
            "heard_from": "clinician",
            "is_adult": "on",
            "consented": "on",
            "website": "",
            **hidden,
            **details,
        }
        return self.request("POST", "/consultation/", data)


# --- The site, with its parts ---------------------------------------------------------


class Site:
    def __init__(self, folder):
        self.folder = folder
        self.cluster = PrivateCluster(folder / "postgres")
        self.port = free_port()
        self.smtp_port = free_port()  # nothing listens here until the mail server starts
        self.mailbox = Mailbox()
        self.mail_server = None
        self.server_log = folder / "gunicorn.log"
        self.worker_log = folder / "worker.log"
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "tests.served_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "DATABASE_URL": self.cluster.url,
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
            "INQUIRY_NOTIFY_EMAILS": NOTIFY,
            "ADMIN_EMAILS": ADMIN,
            # A burst from one address, sent as fast as a script can.
            "INQUIRY_MIN_SECONDS_TO_FILL": "0",
            "INQUIRY_RATE_LIMIT": "100000",
            "MEDIA_ROOT": str(folder / "media"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
        }
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # No control socket: gunicorn otherwise opens one in ~/.gunicorn, which another
        # gunicorn on this machine may be using.
        self.server = Process(
            [gunicorn, "clinic_site.wsgi", "-c", "gunicorn.conf.py", "--no-control-socket"],
            self.env,
            self.server_log,
        )
        self.worker = Process(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            self.env,
            self.worker_log,
        )

    def start(self, cleanup):
        cleanup.callback(self.cluster.stop_if_running)
        self.cluster.create()
        self.cluster.start()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        cleanup.callback(self.server.stop)
        self.server.start()
        cleanup.callback(self.worker.stop)
        self.worker.start()
        wait_for(lambda: self.health()[0] in (200, 503), "gunicorn to answer")
        cleanup.callback(self.stop_mail_server)

    def visitor(self, **kwargs):
        return Visitor(self.port, **kwargs)

    def health(self):
        try:
            return Visitor(self.port).get("/healthz")
        except OSError:
            return None, ""

    def start_mail_server(self):
        from aiosmtpd.controller import Controller

        self.mail_server = Controller(self.mailbox, hostname="127.0.0.1", port=self.smtp_port)
        self.mail_server.start()

    def stop_mail_server(self):
        if self.mail_server is not None:
            self.mail_server.stop()
            self.mail_server = None

    def logs(self):
        return self.server_log.read_text() + self.worker_log.read_text()


@pytest.fixture
def site():
    if not (POSTGRES_BIN / "initdb").exists():
        message = f"PostgreSQL's server programs are not in {POSTGRES_BIN}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="clinic-faults-"))
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
        site = Site(folder)
        site.start(cleanup)
        yield site
        print(site.logs()[-5000:])  # pytest shows it when the test fails


# --- The test -------------------------------------------------------------------------


def test_nothing_is_lost_and_nothing_leaks_when_real_parts_fail(site):
    cluster, mailbox = site.cluster, site.mailbox
    clinic_phone_link = "tel:+1" + re.sub(r"\D", "", settings.CLINIC["phone"])[-10:]

    # 1. Redis cannot be reached: pages, the crisis page and the form still work.
    reader = site.visitor()
    for path in ["/", "/articles/", "/crisis/", f"/search/?q={SEARCH_WORD}", "/consultation/"]:
        assert reader.get(path)[0] == 200, path
    status, health = site.health()
    assert status == 200 and '"cache": "unavailable"' in health

    # 2. A burst of valid requests, each from its own freshly loaded form, sent at the same
    #    moment while the mail server refuses: every one answered 303 and stored once.
    barrier = threading.Barrier(BURST, timeout=60)

    def patient(number):
        visitor = site.visitor()
        hidden = visitor.load_form()
        details = {
            "first_name": "Sam",
            "last_name": f"{BURST_SURNAME}{number:03d}",
            "phone": f"(949) 555-{1000 + number:04d}",
            "message": "I would like to hear about treatment options.",
        }
        barrier.wait()
        status, _ = visitor.send(hidden, **details)
        return visitor, hidden, details, status

    with ThreadPoolExecutor(max_workers=BURST) as pool:
        sent = list(pool.map(patient, range(BURST)))
    assert [status for *_, status in sent] == [303] * BURST
    stored = cluster.rows(
        "SELECT last_name, count(*), bool_or(status = 'spam') FROM inquiries_inquiry "
        "GROUP BY last_name ORDER BY last_name"
    )
    assert stored == [(f"{BURST_SURNAME}{n:03d}", 1, False) for n in range(BURST)]

    # Sending some of them again (back, then send) adds no row.
    for visitor, hidden, details, _ in sent[:RESENT]:
        assert visitor.send(hidden, **details)[0] == 303
    assert cluster.rows("SELECT count(*) FROM inquiries_inquiry") == [(BURST,)]

    # 3. The worker tried each e-mail, the mail server refused, and each is queued again
    #    (after a minute). Nothing was sent, nothing dropped.
    def waiting_for_retry():
        return cluster.rows(
            "SELECT count(*) FILTER (WHERE run_after > now() AND run_after < '9000-01-01'), "
            "count(*) FILTER (WHERE run_after <= now() OR run_after >= '9000-01-01') "
            "FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        )[0]

    wait_for(lambda: waiting_for_retry() == (BURST, 0), "every e-mail to be tried once")
    assert cluster.rows("SELECT count(*) FROM inquiries_inquiry WHERE notified_at IS NULL") == [
        (BURST,)
    ]

    # 4. The mail server comes back. Rather than wait a minute for the retries, they are
    #    made due now; every request's e-mail then arrives, once.
    site.start_mail_server()
    cluster.rows(
        "UPDATE django_tasks_database_dbtaskresult SET run_after = now() "
        "WHERE status = 'READY' AND run_after < '9000-01-01' RETURNING id"
    )
    wait_for(lambda: len(mailbox.to(NOTIFY)) >= BURST, "the notifications to arrive")
    numbers = sorted(
        int(re.search(r"#(\d+)", message["subject"]).group(1)) for message in mailbox.to(NOTIFY)
    )
    ids = [pk for (pk,) in cluster.rows("SELECT id FROM inquiries_inquiry ORDER BY id")]
    assert numbers == ids
    wait_for(
        lambda: (
            cluster.rows("SELECT count(*) FROM inquiries_inquiry WHERE notified_at IS NULL")
            == [(0,)]
        ),
        "every request to be marked as notified",
    )

    # 5. The database stops (a crash, no clean shutdown). A patient who loaded the form
    #    before sends it: the answer says plainly it was not sent, with the clinic's phone,
    #    988 and 911, and everything typed. No answer claims success.
    patient = site.visitor(cookies=dict([SESSION_COOKIE.split("=")]))
    patient.headers["X-Forwarded-For"] = FORWARDED_FOR
    hidden = patient.load_form()
    others = [site.visitor() for _ in range(5)]
    others_hidden = [visitor.load_form() for visitor in others]
    cluster.crash()

    status, text = patient.send(hidden, **PATIENT)
    assert status == 503
    assert "Your request was not sent" in text
    assert f'href="{clinic_phone_link}"' in text
    assert 'href="tel:988"' in text and 'href="tel:911"' in text
    for field in ["first_name", "last_name", "email"]:
        assert f'value="{PATIENT[field]}"' in text, field
    assert PATIENT["message"] in text
    assert "Thank you" not in text

    def send_during_outage(number):
        return others[number].send(
            others_hidden[number],
            first_name="Ada",
            last_name=f"Outage{number}",
            phone=f"(949) 555-{2000 + number:04d}",
        )

    with ThreadPoolExecutor(max_workers=len(others)) as pool:
        answers = list(pool.map(send_during_outage, range(len(others))))
    assert [status for status, _ in answers] == [503] * len(others)
    assert all("Your request was not sent" in text for _, text in answers)

    status, text = site.visitor().get("/crisis/")
    assert status == 200 and 'href="tel:988"' in text and 'href="tel:911"' in text
    assert site.health()[0] == 503
    # A page that needs the database fails; its error report goes to the administrators.
    assert patient.get(f"/search/?q={SEARCH_WORD}&page=1")[0] == 500

    # 6. The database comes back: requests go through again, the one that failed included,
    #    and its e-mail goes out. (A process manager restarts the worker if the outage
    #    stopped it, as the README asks.)
    cluster.start()
    wait_for(lambda: site.health()[0] == 200, "/healthz to answer 200 again")
    if not site.worker.running():
        site.worker.start()
    status, _ = patient.send(hidden, **PATIENT)
    assert status == 303
    assert cluster.rows(
        "SELECT count(*) FROM inquiries_inquiry WHERE last_name = %s", [PATIENT["last_name"]]
    ) == [(1,)]
    outage_rows = "SELECT count(*) FROM inquiries_inquiry WHERE last_name LIKE %s"
    assert cluster.rows(outage_rows, ["Outage%"]) == [(0,)]
    (number,) = cluster.rows(
        "SELECT id FROM inquiries_inquiry WHERE last_name = %s", [PATIENT["last_name"]]
    )[0]
    wait_for(
        lambda: any(f"#{number}" in message["subject"] for message in mailbox.to(NOTIFY)),
        "the e-mail about the request sent after the restart",
    )

    # 7. Error e-mails and the server's and worker's logs hold nothing the visitors typed
    #    or carried: no search words, query strings, cookie values, addresses or details.
    error_reports = mailbox.to(ADMIN)
    assert error_reports, "the failures above should have sent error reports"
    assert any("/search/" in report["subject"] for report in error_reports)
    logs = site.logs()
    assert "POST /consultation/" in logs and "could not be stored" in logs
    secrets_seen = [
        SEARCH_WORD,
        "q=",
        "page=1",
        SESSION_COOKIE.split("=")[1],
        patient.cookies["csrftoken"],
        FORWARDED_FOR,
        BURST_SURNAME,
        "Outage",
        *PATIENT.values(),
        "Thaddeus",
        "555-0187",
    ]
    for where, text in [("log", logs)] + [("e-mail", m["text"]) for m in mailbox.messages]:
        leaked = [value for value in secrets_seen if value in text]
        assert not leaked, f"{where} holds {leaked}"

"""The simulated people: admin, trainer and client, each signing in through the login form's endpoint and then
loading the pages they use, with the API calls those pages make on load (frontend/src/routes/manifest.json and
the hooks each page calls). Requests are named by route template so the statistics group by endpoint.

Like the web app, a user asks for a rarely changing answer (booking rules, the metric catalogue, the services)
once per sign-in rather than on every page: the app's query cache holds them for minutes.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import gevent
from geventhttpclient.response import HTTPConnectionClosed
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

from . import settings

API = "/api/v1"
SIGN_IN = "/api/v1/auth/login"  # the name sign-ins are reported under (excluded from the API percentiles)
STALE_CONNECTION = "(write on a closed keep-alive connection: resent)"
# The web app's sign-in retries once after Retry-After when the hashing gate answers 503 busy (api/hooks/auth.ts).
SIGN_IN_BUSY = "(sign-in refused while hashing was busy: retried after Retry-After)"
SURNAMES = [
    "Walker",
    "Nguyen",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Murphy",
    "Tanaka",
    "Silva",
    "Novak",
    "Smith",
    "Jones",
    "Garcia",
    "Müller",
    "Kaur",
    "Evans",
    "Brown",
    "Costa",
    "Berg",
    "Moreau",
]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _stale_connection(response: Any) -> bool:
    return response.status_code == 0 and isinstance(response.error, HTTPConnectionClosed | ConnectionResetError)


def _what_went_wrong(response: Any) -> str:
    """The status and the problem's title, or why there was no answer (status 0: timeout, refused, reset)."""
    if response.status_code == 0:
        return f"no answer: {type(response.error).__name__} {response.error}"[:200]
    try:
        title = response.json().get("title", "")
    except ValueError:
        title = (response.text or "")[:80]
    return f"{response.status_code} {title}"


def _busy(response: Any) -> bool:
    try:
        return str(response.json().get("type", "")).endswith("/busy")
    except ValueError:
        return False


def _retry_after(response: Any) -> float:
    """The answer's Retry-After in seconds, within the web app's bounds (0-30 s, 2 s when absent: busyWaitSeconds
    in frontend/src/api/problem.ts)."""
    try:
        return min(max(float(response.headers.get("Retry-After") or 2), 0.0), 30.0)
    except ValueError:
        return 2.0


def _today() -> date:
    """The day the app's pages ask about (UTC here; a day's difference from the studio's zone is harmless)."""
    return datetime.now(UTC).date()


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


class Persona(FastHttpUser):
    """Signs in on start (again whenever the session is refused) and then runs the role's page loads."""

    abstract = True
    role: ClassVar[str]
    group: ClassVar[str] = "browse"  # which measurement group this user's requests count in (settings.GROUPS)
    wait_time = between(3, 10)
    # A slow answer is still an answer; Locust's default 60 s matches nginx's proxy_read_timeout.
    network_timeout = 60.0
    connection_timeout = 30.0
    # A kept-alive connection the server closed while the user was thinking (gunicorn keeps idle ones 5 s) fails
    # the next request on it. Browsers then resend on a new connection, and so does this: GETs in the HTTP
    # client (max_retries), writes in send() (safe: each carries an Idempotency-Key).
    max_retries = 1

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.account = settings.pool().take(self.role)
        self.me: dict[str, Any] | None = None
        self.csrf = ""
        self._fetched_once: set[str] = set()

    def context(self) -> dict[str, Any]:
        return {"group": self.group}

    def on_start(self) -> None:
        # The web app lands every sign-in on the role's home page, so the first page after signing in is that.
        if self.sign_in():
            self.landing()

    def landing(self) -> None:
        """The page a sign-in lands on (homePathFor in the web app)."""
        raise NotImplementedError

    # --- requests -----------------------------------------------------------------------------------------
    def sign_in(self) -> bool:
        self.client.cookiejar.clear()
        body = {"email": self.account.email, "password": self.account.password}
        for attempt in (1, 2):
            with self.client.post(
                f"{API}/auth/login", json=body, name=SIGN_IN, catch_response=True, context={"group": "signin"}
            ) as response:
                if attempt == 1 and response.status_code == 503 and _busy(response):
                    # As the web app does: wait as told, then try once more. The refusal is reported apart (the
                    # person sees a slower sign-in, not an error); the second attempt is the sign-in.
                    response.request_meta["name"] = SIGN_IN_BUSY
                    response.success()
                    wait = _retry_after(response)
                elif response.status_code != 200:
                    response.failure(f"sign-in: {_what_went_wrong(response)}")
                    self.me = None
                    return False
                else:
                    self.me = response.json()
                    self.csrf = self.me.get("csrf_token") or ""
                    return True
            gevent.sleep(wait)
        return False

    def get(self, path: str, name: str, **query: Any) -> Any:
        """GET a JSON answer (None when it failed; Locust has counted the failure)."""
        url = f"{API}{path}"
        params = {key.rstrip("_"): value for key, value in query.items() if value is not None}
        if params:
            url = f"{url}?{urlencode(params)}"
        with self.client.get(url, name=f"{API}{name}", catch_response=True) as response:
            return self._answer(response)

    def send(self, method: str, path: str, name: str, body: dict[str, Any] | None = None) -> Any:
        """An unsafe request with the session's CSRF token, as the web app sends it."""
        headers = {"X-CSRF-Token": self.csrf, "Idempotency-Key": str(uuid.uuid4())}
        for attempt in (1, 2):
            with self.client.request(
                method, f"{API}{path}", name=f"{API}{name}", json=body or {}, headers=headers, catch_response=True
            ) as response:
                if attempt == 1 and _stale_connection(response):
                    # Reported apart (not as this endpoint, not as a failure), then sent again.
                    response.request_meta["name"] = STALE_CONNECTION
                    response.success()
                    continue
                return self._answer(response)
        return None

    def _answer(self, response: Any) -> Any:
        if response.status_code == 401:
            response.failure("401: the session was refused")
            self.me = None  # sign in again before the next page
            return None
        if not 200 <= response.status_code < 300:
            response.failure(_what_went_wrong(response))
            return None
        if response.status_code == 204 or not response.content:
            return {}
        return response.json()

    def once(self, key: str) -> bool:
        """True the first time a per-sign-in cached query is asked for (the app keeps it for minutes)."""
        if key in self._fetched_once:
            return False
        self._fetched_once.add(key)
        return True

    def think(self) -> None:
        """The pause between two actions on one page (entering sets), as between pages."""
        gevent.sleep(self.wait_time())

    def ensure_signed_in(self) -> bool:
        if self.me is None:
            self._fetched_once.clear()
            return self.sign_in()
        return True

    @property
    def user(self) -> dict[str, Any]:
        assert self.me is not None
        return self.me["user"]

    # --- pages shared by several roles --------------------------------------------------------------------
    def clients_page(self, *, search: bool) -> list[dict[str, Any]]:
        """/clients: the first 25 by name; typing a surname in the search box asks again with q."""
        page = self.get("/clients", "/clients", limit=25, sort="name", archived="false")
        items = page["items"] if page else []
        if search:
            found = self.get(
                "/clients", "/clients?q", q=random.choice(SURNAMES), limit=25, sort="name", archived="false"
            )
            items = (found["items"] if found else []) or items
        return items

    def client_page(self, client_id: str) -> None:
        """/clients/:id: the record, then the training, trainers, health and activity cards."""
        today = _today().isoformat()
        self.get(f"/clients/{client_id}", "/clients/{client_id}")
        self.get("/program-assignments", "/program-assignments", client_id=client_id, limit=50)
        self.get(f"/clients/{client_id}/plan", "/clients/{client_id}/plan", from_=today, to=today)
        self.get("/workout-logs", "/workout-logs", client_id=client_id, limit=5)
        self.get(f"/clients/{client_id}/trainers", "/clients/{client_id}/trainers")
        self.get(f"/clients/{client_id}/health", "/clients/{client_id}/health")
        self.get(f"/clients/{client_id}/activity", "/clients/{client_id}/activity", limit=20)

    def progress_page(self, client_id: str) -> None:
        """/progress (client) or /clients/:id/progress (staff): 90 days in weeks, records and photos."""
        today = _today()
        if self.once("metrics"):
            self.get("/metrics", "/metrics", limit=100)
        self.get(
            f"/clients/{client_id}/progress",
            "/clients/{client_id}/progress",
            from_=(today - timedelta(days=90)).isoformat(),
            to=today.isoformat(),
            bucket="week",
            tz="UTC",
        )
        self.get(f"/clients/{client_id}/personal-records", "/clients/{client_id}/personal-records")
        self.get(f"/clients/{client_id}/progress-photos", "/clients/{client_id}/progress-photos")

    def calendar_week(self, trainer_id: str | None) -> None:
        """/calendar: the week view, one trainer's (a trainer's own) or every trainer's (an admin's default)."""
        if self.once("business"):
            self.get("/business", "/business")
        monday = datetime.combine(_monday(_today()), datetime.min.time(), tzinfo=UTC)
        self.get(
            "/calendar",
            "/calendar?trainer_id" if trainer_id else "/calendar",
            from_=_iso(monday),
            to=_iso(monday + timedelta(days=7)),
            trainer_id=trainer_id,
        )


class StaffPersona(Persona):
    """Admins and trainers land on the client list and open clients they have seen in it."""

    abstract = True

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.known_clients: list[str] = []

    def landing(self) -> None:
        self.known_clients = [c["id"] for c in self.clients_page(search=False)]


class AdminUser(StaffPersona):
    """Runs the business: clients (and searching them), trainers, the all-trainer calendar, the System page."""

    role = "admin"
    weight = 5

    @task(4)
    def clients(self) -> None:
        if not self.ensure_signed_in():
            return
        items = self.clients_page(search=random.random() < 0.5)
        self.known_clients = [c["id"] for c in items] or self.known_clients

    @task(2)
    def a_client(self) -> None:
        if self.ensure_signed_in() and self.known_clients:
            self.client_page(random.choice(self.known_clients))

    @task(2)
    def trainers(self) -> None:
        if self.ensure_signed_in():
            self.get("/trainers", "/trainers", limit=25, sort="name", active="true")

    @task(2)
    def calendar(self) -> None:
        if self.ensure_signed_in():
            self.calendar_week(None)

    @task(1)
    def system(self) -> None:
        if self.ensure_signed_in():
            self.get("/system", "/system")
            self.get("/status", "/status")


class TrainerUser(StaffPersona):
    """Coaches clients: the own calendar week, the client list and search, a client's page and progress."""

    role = "trainer"
    weight = 25

    @task(3)
    def calendar(self) -> None:
        if self.ensure_signed_in():
            self.calendar_week(self.user.get("trainer_id"))

    @task(3)
    def clients(self) -> None:
        if not self.ensure_signed_in():
            return
        items = self.clients_page(search=random.random() < 0.4)
        self.known_clients = [c["id"] for c in items] or self.known_clients

    @task(2)
    def a_client(self) -> None:
        if self.ensure_signed_in() and self.known_clients:
            self.client_page(random.choice(self.known_clients))

    @task(1)
    def a_clients_progress(self) -> None:
        if self.ensure_signed_in() and self.known_clients:
            client_id = random.choice(self.known_clients)
            self.get(f"/clients/{client_id}", "/clients/{client_id}")
            self.progress_page(client_id)


class ClientUser(Persona):
    """A gym member on the portal: Today, booking a class, their sessions, logging a workout set by set,
    progress."""

    role = "client"
    weight = 70
    SETS_PER_WORKOUT = (3, 6)

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.exercises: list[str] = []

    @property
    def client_id(self) -> str:
        return str(self.user["client_id"])

    def landing(self) -> None:
        self.today()

    @task(3)
    def today(self) -> None:
        if self.ensure_signed_in():
            start = _today()
            self.get(
                f"/clients/{self.client_id}/plan",
                "/clients/{client_id}/plan",
                from_=start.isoformat(),
                to=(start + timedelta(days=6)).isoformat(),
            )

    @task(2)
    def book(self) -> None:
        """/book: the business (its time zone), services, the own record (for the trainer), and the classes of the
        next two weeks."""
        if not self.ensure_signed_in():
            return
        if self.once("business"):
            self.get("/business", "/business")
        if self.once("services"):
            self.get("/services", "/services", limit=100, include_archived="false")
        self.get(f"/clients/{self.client_id}", "/clients/{client_id}")
        now = datetime.now(UTC)
        self.get("/classes", "/classes", from_=_iso(now), to=_iso(now + timedelta(days=14)), limit=100)

    @task(2)
    def my_sessions(self) -> None:
        if self.ensure_signed_in():
            if self.once("booking-rules"):  # the cancellation window
                self.get("/booking-rules", "/booking-rules")
            self.get("/bookings", "/bookings", when="upcoming", cancelled="false", limit=25)

    @task(1)
    def progress(self) -> None:
        if self.ensure_signed_in():
            self.progress_page(self.client_id)

    @task(1)
    def log_a_workout(self) -> None:
        """Start an ad hoc workout, then enter sets one by one with a pause between them, then finish it."""
        if not self.ensure_signed_in():
            return
        if not self.exercises:
            found = self.get("/exercises", "/exercises", limit=25)
            self.exercises = [e["id"] for e in (found or {}).get("items", []) if e.get("tracking") == "load_reps"]
            if not self.exercises:
                return
        log = self.send(
            "POST", "/workout-logs", "/workout-logs", {"client_id": self.client_id, "title": "Load test workout"}
        )
        if not log:
            return
        log_id = log["id"]
        exercise_id = random.choice(self.exercises)
        self.get(f"/workout-logs/{log_id}", "/workout-logs/{log_id}")
        self.get(
            f"/clients/{self.client_id}/exercises/{exercise_id}/history",
            "/clients/{client_id}/exercises/{exercise_id}/history",
            exclude_log_id=log_id,
        )
        for set_number in range(1, random.randint(*self.SETS_PER_WORKOUT) + 1):
            self.think()
            entered = self.send(
                "POST",
                f"/workout-logs/{log_id}/sets",
                "/workout-logs/{log_id}/sets",
                {
                    "exercise_id": exercise_id,
                    "position": 1,
                    "set_number": set_number,
                    "reps": random.randint(5, 12),
                    "load": 20,
                    "load_unit": "kg",
                },
            )
            if entered is None:
                return
        self.think()
        self.send("POST", f"/workout-logs/{log_id}/complete", "/workout-logs/{log_id}/complete")


class StormUser(ClientUser):
    """signin-storm only: a client who signs in during the storm, lands on Today, then reads slowly; its
    requests are measured apart from the browsing users'."""

    group = "storm"
    wait_time = between(60, 120)


PERSONAS: list[type[Persona]] = [AdminUser, TrainerUser, ClientUser]

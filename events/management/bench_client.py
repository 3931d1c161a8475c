"""The desks of `bench_checkin`: a small HTTP client, one keep-alive connection per desk
session, driven from threads.

Written by hand (http.client) rather than with locust: 16 sessions and three targets need
a cookie jar, a CSRF header and a latency per request, which is a hundred lines; locust
would bring gevent's monkey-patching into the Django process that fills and checks the
database, and its own statistics in place of the p50/p95/p99 printed here. The client's
threads share the GIL, but a request is a few hundred microseconds of client work against
milliseconds of server work, so the client is not what limits the figures (the healthz
line shows the ceiling of client plus stack).

The server sits behind no proxy here, so each request says what the production proxy
says: `X-Forwarded-Proto: https` (production.py's SECURE_PROXY_SSL_HEADER: no redirect to
https, and the request is secure), with the `Origin` the browser would send, which the CSRF
check of a secure request compares with the host. The session and CSRF cookies are marked
Secure; this client keeps them regardless of the scheme, as the browser does over https.
"""

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from households.management.bench_figures import percentile_ms


class DeskSession:
    """One desk device: its connection, its cookies and its CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        sent = {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{self.port}",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # A kept-alive connection the server had closed (idle timeout): open a new one.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.will_close:
            self.connection.close()
        return response.status, data

    def log_in(self, username: str, password: str) -> None:
        """The login form as a browser fills it, then a page: the session and its CSRF
        token. Raises RuntimeError when the server does not let the desk in."""
        status, _body = self.request("GET", "/accounts/login/")
        if status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"GET /accounts/login/ answered {status} without a CSRF cookie")
        form = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        ).encode()
        status, _body = self.request(
            "POST",
            "/accounts/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"logging in as {username} answered {status}")
        status, _body = self.request("GET", "/")
        if status != 200:
            raise RuntimeError(f"GET / as {username} answered {status}")

    @property
    def csrf_token(self) -> str:
        return self.cookies["csrftoken"]

    def close(self) -> None:
        self.connection.close()


@dataclass
class Outcome:
    """What one target's load gave: latencies (s) of the answered requests, and failures."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0  # seconds of CPU the client process used meanwhile

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """In milliseconds (nearest rank)."""
        return percentile_ms(self.latencies, p)


# One request of a client: (session, client number) -> the error, or None when the answer
# was the expected one.
Request = Callable[[DeskSession, int], str | None]


def drive(sessions: list[DeskSession], request: Request, seconds: float) -> Outcome:
    """Every session sends `request` again and again from a thread of its own, for `seconds`;
    a request under way at the end is finished and counted."""
    outcome, lock = Outcome(), threading.Lock()
    start = threading.Barrier(len(sessions) + 1)
    deadline = [0.0]

    def run(session: DeskSession, number: int) -> None:
        start.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                error = request(session, number)
            except (OSError, http.client.HTTPException, ValueError) as exception:
                error = f"{type(exception).__name__}: {exception}"
            took = time.perf_counter() - began
            with lock:
                if error is None:
                    outcome.latencies.append(took)
                else:
                    outcome.errors.append(error)

    threads = [
        threading.Thread(target=run, args=(session, n), daemon=True)
        for n, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    began, cpu = time.perf_counter(), time.process_time()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    outcome.client_cpu = time.process_time() - cpu
    return outcome


def post_json(session: DeskSession, path: str, payload: dict | None) -> tuple[int, dict | None]:
    status, body = session.request(
        "POST",
        path,
        json.dumps(payload).encode() if payload is not None else b"",
        {"Content-Type": "application/json", "X-CSRFToken": session.csrf_token},
    )
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None

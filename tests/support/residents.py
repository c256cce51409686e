"""Residents and staff over real HTTP: complete journeys driven through the pages' own forms.

The tests that start real `surveybuilder serve` processes (tests/support/servers.py) need
clients that behave like a browser without JavaScript: read each page, find its form,
send what a person would (the hidden fields, one press of the button they chose, the
CSRF token on staff forms, nothing typed in the hidden honeypot), follow redirects, and
keep the session cookie. A resident answers whatever questions the page asks, records
what it sent, and counts the response only when the confirmation page with its reference
arrives; the tests then compare that record with what the database holds.

Nothing here imports the app: the clients know only what the pages show.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

HOST = "127.0.0.1"


class JourneyFailed(AssertionError):
    """A page was not what a resident or an editor should have met."""


# --- Forms ---------------------------------------------------------------------------------

@dataclass
class Field:
    """One control of a form, as the page draws it."""

    name: str
    kind: str  # text, hidden, radio, checkbox, textarea, select, submit, password, ...
    value: str = ""
    checked: bool = False
    reachable: bool = True  # False: hidden from people (aria-hidden, tabindex=-1)
    options: list[tuple[str, bool]] = field(default_factory=list)  # select: (value, selected)


@dataclass
class Form:
    action: str
    method: str
    id: str = ""
    fields: list[Field] = field(default_factory=list)

    def named(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    def as_sent(self, changes: dict[str, str | list[str]] | None = None,
                button: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """What a browser sends: every successful control as drawn, with `changes`
        (name -> value, or values for checkboxes) applied, and only the pressed button."""
        changes = changes or {}
        sent: list[tuple[str, str]] = []
        for name in dict.fromkeys(f.name for f in self.fields):
            if name in changes:
                value = changes[name]
                sent += [(name, v) for v in ([value] if isinstance(value, str) else value)]
                continue
            for f in self.named(name):
                if f.kind in ("submit", "button", "image", "reset", "file"):
                    continue
                if f.kind in ("radio", "checkbox"):
                    if f.checked:
                        sent.append((name, f.value or "on"))
                elif f.kind == "select":
                    chosen = [v for v, selected in f.options if selected] or \
                        [v for v, _ in f.options[:1]]
                    sent += [(name, v) for v in chosen]
                else:
                    sent.append((name, f.value))
        if button is not None:
            sent.append(button)
        return sent


class _FormParser(HTMLParser):
    """Every <form> with its controls, including controls outside it that name it with
    `form=` (the format switcher does). Controls inside an `aria-hidden` element or out
    of the tab order are marked unreachable: a person never fills them in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None
        self._orphans: list[tuple[str, Field]] = []
        self._hidden_depth: list[str] = []  # tags opened with aria-hidden="true"
        self._open: list[str] = []
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag not in _VOID:
            self._open.append(tag)
            if a.get("aria-hidden") == "true":
                self._hidden_depth.append(str(len(self._open)))
        if tag == "form":
            self._current = Form(a.get("action", ""), a.get("method", "get").lower(),
                                 a.get("id", ""))
            self.forms.append(self._current)
            return
        reachable = not self._hidden_depth and a.get("tabindex") != "-1"
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            self._add(a, Field(a["name"], kind, a.get("value", "on" if kind in (
                "radio", "checkbox") else ""), "checked" in a, reachable))
        elif tag == "button" and a.get("name"):
            self._add(a, Field(a["name"], "submit", a.get("value", ""), False, reachable))
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", "", False, reachable)
            self._add(a, self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", "", False, reachable)
            self._add(a, self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", ""), "selected" in a and "1" or ""]

    def _add(self, attrs: dict[str, str], control: Field) -> None:
        owner = attrs.get("form")
        if owner:
            self._orphans.append((owner, control))
        elif self._current is not None:
            self._current.fields.append(control)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self._select.options.append((self._option[0], bool(self._option[1])))
            self._option = None
        if tag in self._open:
            while self._open:
                depth = str(len(self._open))
                if self._hidden_depth and self._hidden_depth[-1] == depth:
                    self._hidden_depth.pop()
                if self._open.pop() == tag:
                    break

    def close(self) -> None:
        super().close()
        for owner, control in self._orphans:
            for form in self.forms:
                if form.id == owner:
                    form.fields.append(control)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


def forms_in(html: str, page_path: str) -> list[Form]:
    """The page's forms, each action made a full path (no action: the page itself)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        form.action = urljoin(page_path, form.action)
    return parser.forms


def form_posting_to(html: str, page_path: str, ending: str) -> Form:
    """The page's form whose action ends with `ending` (the path, without a query)."""
    for form in forms_in(html, page_path):
        if urlsplit(form.action).path.endswith(ending):
            return form
    raise JourneyFailed(f"no form posting to …{ending} on the page:\n{html[:1500]}")


# --- HTTP -----------------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    location: str
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One keep-alive connection and a cookie jar, like a browser tab without JavaScript.

    Cookies are sent back whatever their Secure flag: production marks them Secure, and
    in front of a real deployment a proxy ends HTTPS; here the test is that proxy."""

    def __init__(self, port: int, timeout: float = 30.0):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None
                ) -> Reply:
        headers = {"Host": f"{HOST}:{self.port}"}
        body = None
        if method == "POST":
            body = urlencode(form or []).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = response.getheader("Location") or ""
        if location:
            parts = urlsplit(urljoin(path, location))
            location = parts.path + (f"?{parts.query}" if parts.query else "")
        return Reply(response.status, location, data, dict(response.getheaders()))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> Reply:
        return self.request("POST", path, form)

    def submit(self, form: Form, sent: list[tuple[str, str]]) -> Reply:
        return self.request(form.method.upper(), form.action, sent)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise JourneyFailed(f"{what}: expected {status}, got {reply.status} "
                            f"(Location {reply.location!r}):\n{reply.text[:1500]}")
    return reply


# --- Residents ------------------------------------------------------------------------------

@dataclass
class Journey:
    """One resident's complete journey: what was sent, and what came back."""

    slug: str
    server_port: int = 0
    answers: dict[str, list[str]] = field(default_factory=dict)  # question key -> values
    pages: list[str] = field(default_factory=list)  # every page's HTML, in order
    token: str = ""
    first_page: str = ""
    started_at: float = 0.0  # time.monotonic() just before Start was pressed
    submitted: bool = False  # "Send response" was pressed at least once
    attempts: int = 1  # 1 + times carried on after a failure
    reference: str = ""  # from the confirmation page; empty until it arrives


TextFor = Callable[[str, random.Random], str]


def plain_text(name: str, rng: random.Random) -> str:
    return f"Answer to {name}, number {rng.randint(1, 10**6)}"


class Resident:
    """Answers a consultation from start to confirmation through its pages' forms.

    Radio buttons: one at random; checkboxes: one or two at random; text boxes and text
    areas: `text_for(name)`. Whatever a person cannot reach is left as the page drew it.
    """

    def __init__(self, port: int, seed: int, text_for: TextFor = plain_text):
        self.browser = Browser(port)
        self.rng = random.Random(seed)
        self.text_for = text_for

    def answer(self, slug: str, journey: Journey | None = None) -> Journey:
        """A whole journey; raises JourneyFailed (or an OSError when the server is
        gone) at the first page that is not as it should be. `journey` collects as it
        goes, so after a failure the same journey can be carried on by calling this
        again with it, as a person reloads: a journey already sent shows its
        confirmation, any other answers every page again from the first."""
        journey = journey or Journey(slug)
        location = self._carry_on(journey) if journey.token else self._start(journey)
        for _ in range(100):  # no survey here has more pages
            if location.endswith(("/check", "/done")):
                break
            page = expect(self.browser.get(location), 200, f"GET {location}").text
            journey.pages.append(page)
            form = next((f for f in forms_in(page, location) if f.id == "answers"), None)
            if form is None:
                raise JourneyFailed(f"no answers form at {location}:\n{page[:1500]}")
            sent = form.as_sent(self._choose(form, journey), ("action", "continue"))
            location = expect(self.browser.submit(form, sent), 302,
                              f"POST {location}").location
        else:
            raise JourneyFailed("never reached check your answers")
        if location.endswith("/check"):
            check = expect(self.browser.get(location), 200, "check your answers").text
            journey.pages.append(check)
            send = form_posting_to(check, location, "/submit")
            journey.submitted = True
            location = expect(self.browser.submit(send, send.as_sent()), 302,
                              "send").location
        confirmation = expect(self.browser.get(location), 200, "confirmation").text
        journey.pages.append(confirmation)
        journey.reference = reference_on(confirmation)
        return journey

    def _start(self, journey: Journey) -> str:
        """The consultation's page and its Start button; the first question page."""
        path = f"/c/{journey.slug}"
        start_page = expect(self.browser.get(path), 200, "consultation page").text
        journey.pages.append(start_page)
        start = form_posting_to(start_page, path, "/start")
        journey.started_at = time.monotonic()
        reply = expect(self.browser.submit(start, start.as_sent()), 302, "start")
        journey.token = reply.location.split("/r/", 1)[1].split("/", 1)[0]
        journey.first_page = reply.location
        return reply.location

    def _carry_on(self, journey: Journey) -> str:
        """Where a reloaded journey goes on: its confirmation if it was sent, else its
        first page (everything is answered again)."""
        journey.attempts += 1
        check = f"/c/{journey.slug}/r/{journey.token}/check"
        reply = self.browser.get(check)
        if reply.status == 302 and reply.location.endswith("/done"):
            return reply.location
        expect(reply, 200, "check your answers, carrying on")
        return journey.first_page

    def _choose(self, form: Form, journey: Journey) -> dict[str, str | list[str]]:
        """A person's answers to the questions the page asks (and nothing else)."""
        chosen: dict[str, str | list[str]] = {}
        for name in dict.fromkeys(f.name for f in form.fields if f.reachable):
            controls = [f for f in form.named(name) if f.reachable]
            kind = controls[0].kind
            if kind == "radio":
                values = [self.rng.choice([c.value for c in controls])]
            elif kind == "checkbox":
                options = [c.value for c in controls]
                values = self.rng.sample(options, min(len(options), self.rng.randint(1, 2)))
            elif kind in ("text", "textarea"):
                values = [self.text_for(name, self.rng)]
            else:
                continue
            chosen[name] = values
            journey.answers[name] = sorted(values)
        return chosen

    def close(self) -> None:
        self.browser.close()


def reference_on(confirmation: str) -> str:
    """The reference the confirmation page gives, as stored ("ABCD-EFGH" is ABCDEFGH)."""
    if "Response sent" not in confirmation:
        raise JourneyFailed(f"not a confirmation page:\n{confirmation[:1500]}")
    found = re.search(r'class="sb-reference">([^<]+)<', confirmation)
    if not found:
        raise JourneyFailed(f"no reference on the confirmation page:\n{confirmation[:1500]}")
    return unescape(found.group(1)).replace("-", "")


# --- Printed forms -------------------------------------------------------------------------

def printed_form_links(consultation_page: str) -> list[str]:
    """The paper forms the consultation page offers (their addresses, in page order)."""
    return list(dict.fromkeys(unescape(href) for href in
                              re.findall(r'href="([^"]*/print/[^"]*\.pdf[^"]*)"',
                                         consultation_page)))


def download_printed_form(port: int, path: str, timeout: float = 120.0) -> bytes:
    """The PDF at `path`, asking again while the server says it is being prepared (503
    with Retry-After), as a person pressing "try again" would, only more often."""
    browser = Browser(port)
    deadline = time.monotonic() + timeout
    try:
        while True:
            reply = browser.get(path)
            if reply.status == 200:
                if reply.headers.get("Content-Type", "").split(";")[0] != "application/pdf":
                    raise JourneyFailed(f"{path} is not a PDF: {reply.headers}")
                return reply.body
            if reply.status != 503 or "Retry-After" not in reply.headers:
                expect(reply, 200, f"printed form {path}")
            if time.monotonic() > deadline:
                raise JourneyFailed(f"{path} was still being prepared after {timeout:g} s")
            time.sleep(0.5)
    finally:
        browser.close()


# --- Staff ----------------------------------------------------------------------------------

class Editor:
    """A member of staff in the editor: signs in and submits the editor's forms as drawn,
    CSRF token included."""

    def __init__(self, port: int):
        self.browser = Browser(port)

    def sign_in(self, email: str, password: str) -> None:
        page = expect(self.browser.get("/sign-in"), 200, "sign-in page").text
        form = form_posting_to(page, "/sign-in", "/sign-in")
        reply = self.browser.submit(form, form.as_sent({"email": email, "password": password}))
        expect(reply, 302, "signing in")

    def fill_in(self, path: str, changes: dict[str, str | list[str]]) -> Reply:
        """GET the page at `path`, change some of its form's fields, and send it."""
        page = expect(self.browser.get(path), 200, f"GET {path}").text
        form = form_posting_to(page, path, urlsplit(path).path)
        return self.browser.submit(form, form.as_sent(changes))

    def publish(self, consultation_id: int, reason: str = "") -> Reply:
        """Publish the draft through the editor's Publish page; the editor's redirect."""
        path = f"/staff/consultations/{consultation_id}/publish"
        return expect(self.fill_in(path, {"reason": reason} if reason else {}), 302,
                      "publishing")

    def close(self) -> None:
        self.browser.close()


# --- Many residents at once -------------------------------------------------------------

RETRYABLE = (OSError, http.client.HTTPException)  # the server went away mid-request


class Crowd:
    """`clients` residents answering at once, each journey after journey until stopped.

    `port_for(n)` picks the server of a resident's n-th journey. A journey interrupted
    by the server going away (connection refused or dropped) is carried on, as a
    person reloads, until it is confirmed; any other failure (a wrong page, a server
    error) is kept in `failures` and ends that resident's work."""

    def __init__(self, slug: str, clients: int, port_for: Callable[[int, int], int],
                 text_for: TextFor = plain_text, patience: float = 90.0):
        self.slug = slug
        self.port_for = port_for
        self.text_for = text_for
        self.patience = patience
        self.journeys: list[Journey] = []
        self.failures: list[str] = []
        self.interruptions = 0
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._resident, args=(n,), daemon=True)
                         for n in range(clients)]

    def start(self) -> Crowd:
        for thread in self._threads:
            thread.start()
        return self

    @property
    def confirmed(self) -> list[Journey]:
        with self._lock:
            return [j for j in self.journeys if j.reference]

    def wait_for(self, confirmations: int, timeout: float = 90.0,
                 counted: Callable[[Journey], bool] = lambda _journey: True) -> None:
        """Block until at least this many confirmed journeys are `counted`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while sum(1 for j in self.journeys if j.reference and counted(j)) < confirmations:
                if self.failures or time.monotonic() > deadline:
                    raise JourneyFailed(f"waiting for {confirmations} confirmations: "
                                        f"{self.failures or 'timed out'}")
                self._lock.wait(0.2)

    def finish(self, timeout: float = 120.0) -> None:
        """Let every resident finish the journey they are on, then stop."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                self.failures.append("a resident was still answering when the test ended")

    def _resident(self, n: int) -> None:
        rounds = 0
        while not self._stop.is_set():
            port = self.port_for(n, rounds)
            resident = Resident(port, seed=n * 10_000 + rounds, text_for=self.text_for)
            journey = Journey(self.slug, server_port=port)
            with self._lock:
                self.journeys.append(journey)
            try:
                self._until_confirmed(resident, journey)
            except Exception as failure:  # noqa: BLE001 - every failure is reported
                with self._lock:
                    self.failures.append(f"resident {n}, journey {rounds}: "
                                         f"{type(failure).__name__}: {failure}")
                    self._lock.notify_all()
                return
            finally:
                resident.close()
            with self._lock:
                self._lock.notify_all()
            rounds += 1

    def _until_confirmed(self, resident: Resident, journey: Journey) -> None:
        deadline = time.monotonic() + self.patience
        while True:
            try:
                resident.answer(self.slug, journey)
                return
            except RETRYABLE:
                with self._lock:
                    self.interruptions += 1
                if time.monotonic() > deadline:
                    raise
                resident.browser.close()
                time.sleep(0.2)

// Progressive enhancement for every page, loaded as an ES module.
//
// Pages work without JavaScript. The app's Content Security Policy forbids
// inline scripts, so the classes GOV.UK's page template would add with an
// inline snippet are added here instead. Module scripts only run in browsers
// that GOV.UK Frontend supports, so reaching this line is the support test.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

// Initialises every component marked with data-module (error summary focus,
// service navigation menu, character counts, and so on).
initAll();

// "Copy link" beside an address shown as a link: the holder's data-copy-link names
// the link's id. Without JavaScript the address is text to select and copy, so the
// button exists only here. The status line is made now, empty, so screen readers
// announce the words put in it after a click.
function addCopyButton(holder) {
  const link = document.getElementById(holder.dataset.copyLink);
  if (!link || !navigator.clipboard) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  button.textContent = "Copy link";
  const status = document.createElement("p");
  status.className = "govuk-body";
  status.setAttribute("role", "status");
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(link.href).then(
      () => { status.textContent = holder.dataset.copied; },
      () => {
        window.getSelection().selectAllChildren(link);
        status.textContent = holder.dataset.copyFailed;
      });
  });
  holder.append(button, status);
}

document.querySelectorAll("[data-copy-link]").forEach(addCopyButton);

// Moving a question, section or option comes back to the same page at the moved item
// (#question-12). Without JavaScript the browser scrolls there; here keyboard focus
// goes there too, so the next Tab continues from the item just moved, and screen
// readers read it. Only elements marked data-arrival-focus are focused.
function focusArrival() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target && target.hasAttribute("data-arrival-focus")) target.focus();
}

focusArrival();

// Staff pages: a warning before the idle time-out (WCAG 2.2.1 Timing Adjustable).
// The server ends a staff session STAFF_IDLE_MINUTES after its last request. The page
// says how many seconds that leaves, counted as the server counts (data-seconds-left),
// and this opens the dialog data-warning-seconds before then. "Stay signed in", or
// Escape, posts to data-stay-url, which starts the time-out again (204); if the
// session has already ended (401, or 400 when the cookie no longer holds the CSRF
// token) the dialog says so, with a link to sign in again. When the time runs out the
// page goes to the sign-in page, which says why. Without JavaScript none of this
// happens: the dialog stays closed and the server still ends the session.
// The count uses the wall clock, so a laptop that slept still counts the time.
const SIGN_IN_GRACE_MS = 2000; // go once the server has surely ended the session
// Each tab counts for itself, so before it warns, while it warns, and before it
// leaves, it asks the server how long the one session really has left: work in
// another tab keeps the session alive, and this tab then simply counts again.
const RECHECK_MS = 15000;

function timeLeftWords(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds === 0) return "You are being signed out.";
  // Whole minutes above 2 minutes, then steps of 15 seconds: the words (a live
  // region) change, and are read out, at most every 15 seconds, never each second.
  if (seconds > 120) return `You will be signed out in ${Math.ceil(seconds / 60)} minutes.`;
  const step = Math.ceil(seconds / 15) * 15;
  const minutes = Math.floor(step / 60);
  const rest = step % 60;
  const parts = [];
  if (minutes) parts.push(minutes === 1 ? "1 minute" : `${minutes} minutes`);
  if (rest) parts.push(`${rest} seconds`);
  return `You will be signed out in ${parts.join(" and ")}.`;
}

function timeoutWarning(dialog) {
  if (typeof dialog.showModal !== "function" || !window.fetch) return;
  const data = dialog.dataset;
  const warningMs = Number(data.warningSeconds) * 1000;
  const idleMs = Number(data.idleSeconds) * 1000;
  let deadline = Date.now() + Number(data.secondsLeft) * 1000;
  const countdown = dialog.querySelector("#sb-timeout-countdown");
  const stayButton = dialog.querySelector("[data-timeout-stay]");
  const warningPart = dialog.querySelector("[data-timeout-part=warning]");
  const signedOutPart = dialog.querySelector("[data-timeout-part=signed-out]");
  const signInLink = dialog.querySelector("[data-timeout-sign-in]");
  const token = dialog.querySelector("input[name=csrf_token]").value;
  const signInHref = `${data.signInUrl}?next=${encodeURIComponent(
    window.location.pathname + window.location.search)}`;
  signInLink.href = signInHref;
  const pageTitle = document.title;
  let state = "counting"; // then "warning" (dialog open) or "signed-out"
  let returnFocus = null;
  let asking = false;
  let ticker = null;
  let shown = ""; // the time-left words last written, so each is written (read) once
  let checking = false;
  let lastCheck = 0;

  function showTimeLeft() {
    const words = timeLeftWords(deadline - Date.now());
    if (words !== shown) {
      shown = words;
      countdown.textContent = words;
    }
  }

  function open() {
    state = "warning";
    returnFocus = document.activeElement;
    shown = "";
    showTimeLeft();
    document.title = `Warning: you will be signed out soon – ${pageTitle}`;
    dialog.showModal();
    stayButton.focus();
  }

  function closeWarning() {
    state = "counting";
    document.title = pageTitle;
    if (dialog.open) dialog.close();
    if (returnFocus && returnFocus.isConnected && returnFocus !== document.body) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function showSignedOut() {
    state = "signed-out";
    clearInterval(ticker);
    document.title = `You have been signed out – ${pageTitle}`;
    warningPart.hidden = true;
    signedOutPart.hidden = false;
    dialog.setAttribute("aria-labelledby", "sb-timeout-signed-out-heading");
    dialog.removeAttribute("aria-describedby");
    if (!dialog.open) dialog.showModal();
    signInLink.focus();
  }

  function stay() {
    if (asking || state === "signed-out") return;
    asking = true;
    fetch(data.stayUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
      redirect: "manual",
    }).then((response) => {
      if (response.status === 204) {
        deadline = Date.now() + idleMs;
        closeWarning();
      } else if ([400, 401].includes(response.status) || response.type === "opaqueredirect") {
        showSignedOut();
      } else {
        throw new Error(`stay signed in: ${response.status}`);
      }
    }).catch(() => {
      // Not extended (the network or the server failed): keep counting, and say so
      // in the dialog, which stays (or opens again) so the person can try again.
      if (state === "signed-out") return;
      if (!dialog.open) open();
      // Kept until the next 15-second step of the time left replaces it.
      countdown.textContent = "Surveybuilder could not be reached, so you have not "
        + "been given more time. Try again.";
    }).finally(() => { asking = false; });
  }

  function leave() {
    state = "signed-out";
    clearInterval(ticker);
    window.location.assign(signInHref);
  }

  // Asks the server how long is left (a request that is not itself activity). More
  // time than this tab thought: count from that, closing the warning if it is open.
  // Otherwise, or when the server cannot be reached, `stillShort` goes on as planned;
  // a session already ended goes to `ended` (the signed-out dialog unless given).
  function askServer(stillShort, ended = showSignedOut) {
    if (checking || asking) return;
    checking = true;
    lastCheck = Date.now();
    fetch(data.timeLeftUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
    }).then((response) => {
      if (response.status === 401 || response.type === "opaqueredirect") {
        ended();
        return;
      }
      if (!response.ok) throw new Error(`time left: ${response.status}`);
      return response.json().then((body) => {
        const serverDeadline = Date.now() + body.seconds_left * 1000;
        if (serverDeadline - deadline > 1000) {
          deadline = serverDeadline;
          if (state === "warning") closeWarning();
        } else {
          stillShort();
        }
      });
    }).catch(() => stillShort())
      .finally(() => { checking = false; });
  }

  function tick() {
    if (state === "signed-out") return;
    const left = deadline - Date.now();
    if (left <= -SIGN_IN_GRACE_MS) askServer(leave, leave);
    else if (state === "counting" && left <= warningMs) askServer(open);
    else if (state === "warning" && !asking) {
      showTimeLeft();
      if (Date.now() - lastCheck >= RECHECK_MS) askServer(() => {});
    }
  }

  stayButton.addEventListener("click", stay);
  // Escape means "Stay signed in". If the browser closes the dialog anyway (it may
  // when nothing was pressed since it opened), "close" below still asks for it.
  dialog.addEventListener("cancel", (event) => {
    if (state !== "warning") return;
    event.preventDefault();
    stay();
  });
  dialog.addEventListener("close", () => {
    if (state === "warning") {
      document.title = pageTitle;
      stay();
    }
  });
  // Timers in a hidden tab may run late; look again as soon as it is shown.
  document.addEventListener("visibilitychange", tick);
  ticker = setInterval(tick, 1000);
  tick();
}

document.querySelectorAll("dialog[data-staff-timeout]").forEach(timeoutWarning);

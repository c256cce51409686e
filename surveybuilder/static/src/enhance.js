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

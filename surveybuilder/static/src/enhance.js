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

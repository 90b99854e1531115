// What the Verifier's counter page and the LicenseService's wallet share, served to both as /shared/page.js:
// element lookup, the language switch (中文 / English, remembered on this device), and sign-in with a token typed in
// or handed over as #token=… (kept for this tab only, and taken out of the address bar at once).
"use strict";

const languageKey = "elicense-language";
const $ = (id) => document.getElementById(id);
let english = localStorage.getItem(languageKey) === "en";

/** Shows every [data-zh] element in the chosen language and labels the switch with the other one. */
function applyPageLanguage() {
  document.documentElement.lang = english ? "en" : "zh-CN";
  for (const element of document.querySelectorAll("[data-zh]")) {
    element.textContent = english ? element.dataset.en : element.dataset.zh;
  }
  const toggle = $("language");
  toggle.textContent = english ? "中文" : "English";
  toggle.lang = english ? "zh-CN" : "en";
  toggle.setAttribute("aria-label", english ? "切换到中文" : "Switch to English");
}

/**
 * Wires the language switch and the sign-in form, then opens the page: onLanguage redraws it in the language chosen,
 * onSignedIn opens its work once a token is held, onSignedOut shows the sign-in form.
 */
function startPage(tokenKey, onLanguage, onSignedIn, onSignedOut) {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem(tokenKey, fragment.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  $("language").addEventListener("click", () => {
    english = !english;
    localStorage.setItem(languageKey, english ? "en" : "zh");
    onLanguage();
  });
  $("signin-button").addEventListener("click", () => {
    const value = $("token").value.trim();
    if (!value) return;
    sessionStorage.setItem(tokenKey, value);
    $("token").value = "";
    onSignedIn();
  });
  onLanguage();
  if (sessionStorage.getItem(tokenKey)) onSignedIn(); else onSignedOut();
}

// The citizen's wallet: her licences, one opened, its PDF, and 出示 — a 60-second presentation QR
// drawn by the service, refreshed before it expires, with a visible countdown.
"use strict";

const tokenKey = "elicense-wallet-token";
let licences = [];
let current = null;
let presentationTimer = null;
let refreshTimer = null;

const words = {
  holder: ["持证人", "Holder"],
  idNumber: ["证件号码", "ID number"],
  authority: ["发证机关", "Issued by"],
  validity: ["有效期", "Valid"],
  noEnd: ["长期", "no end date"],
  secondsLeft: ["动态码，剩余 {0} 秒", "Dynamic code, {0} s left"],
  signinAgain: ["登录已失效，请重新登录。", "Your sign-in has expired; sign in again."],
  failed: ["操作失败：", "Failed: "],
  revoked: ["已吊销，不能出示", "revoked; cannot be shown"],
  suspended: ["已暂停使用，不能出示", "suspended; cannot be shown"],
};
const say = (key, value) => words[key][english ? 1 : 0].replace("{0}", value);

function applyLanguage() {
  applyPageLanguage();
  if (!$("list").hidden) renderList();
}

function token() { return sessionStorage.getItem(tokenKey); }

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: "Bearer " + token() } });
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    show("signin");
    $("status").textContent = say("signinAgain");
    return null;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    $("status").textContent = say("failed") + ((english ? problem.detail : problem.detailZh) || response.status);
    return null;
  }
  return response;
}

function show(section) {
  for (const name of ["signin", "list", "licence"]) $(name).hidden = name !== section;
  if (section !== "licence") stopPresentation();
}

function chinaDate(value) {
  return value ? new Date(value).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }) : say("noEnd");
}

async function loadList() {
  const response = await api("/api/v1/wallet/licences");
  if (!response) return;
  licences = await response.json();
  show("list");
  renderList();
}

function renderList() {
  const list = $("licences");
  list.replaceChildren();
  for (const licence of licences) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = english ? licence.typeNameEn : licence.typeName;
    const detail = document.createElement("span");
    detail.textContent = licence.authority + " · " + chinaDate(licence.validFrom) + " – " + chinaDate(licence.validUntil)
      + (licence.status === "valid" ? "" : " · " + say(licence.status));
    button.append(detail);
    button.addEventListener("click", () => open(licence));
    item.append(button);
    list.append(item);
  }
  $("empty").hidden = licences.length > 0;
}

async function open(summary) {
  const response = await api(summary.links.self);
  if (!response) return;
  const licence = await response.json();
  current = { summary, licence };
  $("licence-title").textContent = english ? summary.typeNameEn : summary.typeName;
  const fields = $("fields");
  fields.replaceChildren();
  const add = (term, value) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    fields.append(dt, dd);
  };
  add(say("holder"), licence.holder.name);
  add(say("idNumber"), mask(licence.holder.idNumber));
  for (const field of summary.fields) add(english ? field.labelEn : field.labelZh, licence.fields[field.key]);
  add(say("validity"), chinaDate(licence.validFrom) + " – " + chinaDate(licence.validUntil));
  add(say("authority"), licence.issuer.authorityName);
  const choices = $("choices");
  choices.replaceChildren();
  for (const field of summary.fields) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = field.key;
    box.checked = summary.presentedByDefault.includes(field.key);
    label.append(box, document.createTextNode(english ? field.labelEn : field.labelZh));
    choices.append(label);
  }
  const usable = summary.status === "valid";
  $("present").disabled = !usable;
  $("status").textContent = usable ? "" : say(summary.status);
  show("licence");
  $("licence-title").focus();
}

// CitizenIdNumber.Mask's rule: the region only, as the birth date is on the same screen.
function mask(number) {
  return number.length === 18 ? number.slice(0, 6) + "************" : number;
}

async function present() {
  const fields = [...$("choices").querySelectorAll("input:checked")].map((box) => box.value);
  const response = await api(current.summary.links.self.replace("/api/v1/licences/", "/api/v1/wallet/licences/") + "/presentations", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ fields }),
  });
  if (!response) return;
  const presentation = await response.json();
  const image = $("presentation-qr");
  if (image.src.startsWith("blob:")) URL.revokeObjectURL(image.src);
  image.src = URL.createObjectURL(new Blob([presentation.qrSvg], { type: "image/svg+xml" }));
  image.dataset.qr = presentation.qr;
  $("presentation").hidden = false;
  const end = Date.now() + presentation.expiresInSeconds * 1000;
  clearInterval(presentationTimer);
  clearTimeout(refreshTimer);
  const tick = () => { $("countdown").textContent = say("secondsLeft", Math.max(0, Math.round((end - Date.now()) / 1000))); };
  tick();
  presentationTimer = setInterval(tick, 1000);
  // A fresh code 10 seconds before this one expires, so the counter never scans a dead one.
  refreshTimer = setTimeout(present, Math.max(1000, presentation.expiresInSeconds * 1000 - 10000));
}

function stopPresentation() {
  clearInterval(presentationTimer);
  clearTimeout(refreshTimer);
  $("presentation").hidden = true;
}

async function downloadPdf() {
  const response = await api(current.summary.links.pdf);
  if (!response) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = current.summary.type + "-" + current.summary.id + ".pdf";
  document.body.append(link);
  link.click();
  link.remove();
}

function start() {
  $("back").addEventListener("click", () => { show("list"); });
  $("present").addEventListener("click", present);
  $("pdf").addEventListener("click", downloadPdf);
  $("licence-title").tabIndex = -1;
  startPage(tokenKey, applyLanguage, loadList, () => show("signin"));
}

start();

// Over 250 lines: the whole counter page in one file, loaded without a bundler (what it shares with the wallet is /shared/page.js).
// The counter page of the Verifier: scan (camera), paste or type with a scanner, or upload a
// picture or PDF; the verdict of POST /api/v1/verify as a full-width card. No libraries: the
// camera frames are read by the browser's BarcodeDetector where it exists, otherwise sent to the
// Verifier, which reads the QR code itself.
"use strict";

const tokenKey = "elicense-verifier-token";
let countdownTimer = null;
let scanning = null;

const words = {
  VALID: ["有效", "VALID"],
  INVALID: ["无效", "INVALID"],
  INDETERMINATE: ["无法确定", "INDETERMINATE"],
  holder: ["持证人", "Holder"],
  idNumber: ["证件号码", "ID number"],
  type: ["证照类型", "Licence type"],
  issuer: ["发证机关", "Issued by"],
  validity: ["有效期", "Valid"],
  identifier: ["证照标识", "Identifier"],
  noEnd: ["长期", "no end date"],
  reissued: ["该证照已换发，请出示新版本。", "This licence has been re-issued; ask for the new version."],
  secondsLeft: ["动态码，剩余 {0} 秒", "Dynamic code, {0} s left"],
  expired: ["动态码已过期，请持证人刷新", "The dynamic code has expired; ask for a fresh one"],
  checking: ["正在核验…", "Checking…"],
  scanning: ["请将二维码对准摄像头…", "Hold the QR code to the camera…"],
  noCamera: ["无法打开摄像头：", "The camera cannot be opened: "],
  signinAgain: ["令牌无效或已过期，请重新登录。", "The token is missing or expired; sign in again."],
  stopScan: ["停止扫码", "Stop scanning"],
  scan: ["扫码", "Scan"],
};
const say = (key, ...values) => words[key][english ? 1 : 0].replace("{0}", values[0]);

function applyLanguage() {
  applyPageLanguage();
  if (lastVerdict) show(lastVerdict);
}

function token() { return sessionStorage.getItem(tokenKey); }

function showSignin(message) {
  $("signin").hidden = false;
  $("check").hidden = true;
  setStatus(message || "");
}

function showCheck() {
  $("signin").hidden = true;
  $("check").hidden = false;
  $("text").focus();
}

function setStatus(text) { $("status").textContent = text; }

async function post(body, json) {
  const headers = { Authorization: "Bearer " + token() };
  if (json) headers["Content-Type"] = "application/json";
  const response = await fetch("/api/v1/verify", { method: "POST", headers, body });
  const answer = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    showSignin(say("signinAgain"));
    return null;
  }
  return { status: response.status, answer };
}

async function verifyText(text) {
  text = text.trim();
  if (!text) return;
  setStatus(say("checking"));
  const result = await post(JSON.stringify({ qr: text, purpose: $("purpose").value }), true);
  handle(result);
}

async function verifyFile(file, quiet) {
  const form = new FormData();
  form.append("purpose", $("purpose").value);
  form.append("file", file);
  if (!quiet) setStatus(say("checking"));
  const result = await post(form, false);
  if (quiet && result && result.status === 422) return false;
  handle(result);
  return result !== null;
}

function handle(result) {
  if (!result) return;
  if (result.status === 200) {
    setStatus("");
    show(result.answer);
  } else {
    const problem = result.answer;
    setStatus((english ? problem.detail : problem.detailZh) || problem.title || ("HTTP " + result.status));
  }
}

let lastVerdict = null;

function chinaDate(value) {
  return value ? new Date(value).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }) : say("noEnd");
}

function show(verdict) {
  lastVerdict = verdict;
  const card = $("card");
  card.className = "card " + verdict.verdict.toLowerCase();
  $("verdict").textContent = say(verdict.verdict);
  const reason = verdict.reasons[0];
  $("reason").textContent = reason ? (english ? reason.message : reason.messageZh) : "";
  // After a key compromise the province re-issues what the key signed: the holder's wallet already has the new version.
  const advice = $("advice");
  advice.hidden = !reason || reason.code !== "KEY_REVOKED";
  advice.textContent = advice.hidden ? "" : say("reissued");
  const summary = $("summary");
  summary.replaceChildren();
  const add = (key, value, label) => {
    if (!value) return;
    const term = document.createElement("dt");
    term.textContent = label ?? say(key);
    const description = document.createElement("dd");
    description.textContent = value;
    summary.append(term, description);
  };
  const licence = verdict.licence;
  if (licence) {
    add("holder", licence.holderName);
    add("idNumber", licence.holderIdNumber);
    add("type", english ? licence.typeNameEn : licence.typeNameZh);
    // The type's own fields, labelled as its definition (the signer's province's catalogue) says.
    for (const field of licence.fields ?? []) {
      add(null, field.value, english ? field.nameEn : field.labelZh);
    }
    add("validity", chinaDate(licence.validFrom) + " – " + chinaDate(licence.validUntil));
    add("identifier", licence.identifier);
  }
  if (verdict.issuer) {
    add("issuer", verdict.issuer.authority + "（" + (english ? verdict.issuer.provinceEn : verdict.issuer.provinceZh) + "）");
  }
  $("details").textContent = JSON.stringify(verdict, null, 2);
  $("result").hidden = false;
  startCountdown(verdict);
}

function startCountdown(verdict) {
  clearInterval(countdownTimer);
  const line = $("countdown");
  if (verdict.presentationSecondsLeft == null) {
    line.hidden = true;
    return;
  }
  const end = Date.now() + verdict.presentationSecondsLeft * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    line.textContent = left > 0 ? say("secondsLeft", left) : say("expired");
    if (left === 0) clearInterval(countdownTimer);
  };
  line.hidden = false;
  tick();
  countdownTimer = setInterval(tick, 1000);
}

async function startScan() {
  if (scanning) return stopScan();
  const video = $("camera");
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (error) {
    setStatus(say("noCamera") + error.message);
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  $("scan").textContent = say("stopScan");
  setStatus(say("scanning"));
  const detector = "BarcodeDetector" in window && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")
    ? new BarcodeDetector({ formats: ["qr_code"] }) : null;
  const canvas = document.createElement("canvas");
  scanning = { stream, active: true };
  while (scanning && scanning.active) {
    if (detector) {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length > 0) {
        stopScan();
        await verifyText(codes[0].rawValue);
        return;
      }
    } else if (video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      const frame = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
      if (frame && await verifyFile(frame, true)) {
        stopScan();
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function stopScan() {
  if (!scanning) return;
  scanning.active = false;
  for (const track of scanning.stream.getTracks()) track.stop();
  scanning = null;
  $("camera").hidden = true;
  $("scan").textContent = say("scan");
  setStatus("");
}

function start() {
  $("verify").addEventListener("click", () => verifyText($("text").value));
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      verifyText($("text").value);
    }
  });
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    if (file) verifyFile(file, false);
    $("file").value = "";
  });
  $("scan").addEventListener("click", startScan);
  startPage(tokenKey, applyLanguage, showCheck, () => showSignin());
}

start();

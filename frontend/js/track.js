/* 举报办理进度 — where a public complaint stands (/track/{tracking number}): the number is
   read from the address and looked up at GET /api/v1/public/complaints/{number}, which
   tells the status, when it was received, the day the street office answers by, when it
   was closed and each status it went through. Nothing personal is shown, nor asked.
   (The script of track.html; the sweep-drawing module is sweep-track.js.) */
import { ApiError, request } from "./api.js";
import { setZone, when } from "./format.js";
import { lang, languageSwitch, t, translate, words } from "./i18n.js";
import { label } from "./vocab.js";

words({
  "track.title": ["举报办理进度", "Complaint status"],
  "track.loading": ["正在查询…", "Looking it up…"],
  "track.number": ["受理编号", "Tracking number"],
  "track.received": ["受理时间", "Received"],
  "track.deadline": ["答复期限", "Answer by"],
  "track.closed": ["办结时间", "Closed"],
  "track.not_closed": ["尚未办结", "not yet"],
  "track.timeline": ["办理过程", "What happened"],
  "track.missing.title": ["查无此编号", "No such tracking number"],
  "track.missing": [
    "没有找到受理编号为 {no} 的举报。请核对回执上的编号（形如 TS-20190715-7K3QXM）后重新输入。",
    "There is no report with tracking number {no}. Check it against your receipt (it looks like TS-20190715-7K3QXM) and enter it again.",
  ],
  "track.none": ["请输入受理编号。", "Enter a tracking number."],
  "track.failed": ["查询失败：{detail}", "The lookup failed: {detail}"],
  "track.offline": ["无法连接服务器，请检查网络后重试。", "Cannot reach the server: check the connection and try again."],
  "track.lookup": ["查询其他受理编号", "Look up another tracking number"],
  "track.go": ["查询", "Look up"],
  "track.report": ["我要举报违法建设", "Report illegal construction"],
});

const $ = (id) => document.getElementById(id);

/* The tracking number in the address: /track/TS-20190715-7K3QXM → TS-20190715-7K3QXM. */
function numberInPath() {
  const match = /^\/track\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return "";
  try {
    return decodeURIComponent(match[1]).trim();
  } catch (e) {
    return match[1];
  }
}

/* The status in the page's language: the service's own Chinese label, or the English word. */
function statusText(status, serviceLabel) {
  return lang() === "en" ? label("complaint_status", status) : serviceLabel || label("complaint_status", status);
}

function show(section) {
  ["loading", "result", "not-found", "track-error"].forEach((id) => { $(id).hidden = id !== section; });
}

function render(data) {
  $("tracking-no").textContent = data.tracking_no;
  $("status").textContent = statusText(data.status, data.status_label);
  $("status").dataset.status = data.status;
  $("received-at").textContent = when(data.received_at);
  $("deadline").textContent = data.response_deadline;
  $("closed-at").textContent = data.closed_at ? when(data.closed_at) : t("track.not_closed");
  $("timeline").replaceChildren(...(data.timeline || []).map((entry) => {
    const item = document.createElement("li");
    item.dataset.status = entry.status;
    const at = document.createElement("time");
    at.dateTime = entry.at;
    at.textContent = when(entry.at);
    const what = document.createElement("span");
    what.textContent = statusText(entry.status, entry.status_label);
    item.append(at, what);
    return item;
  }));
  document.title = t("track.title") + " · " + data.tracking_no;
  show("result");
}

async function load(number) {
  if (!number) {
    $("track-error").textContent = t("track.none");
    show("track-error");
    return;
  }
  try {
    const { body } = await request("/public/complaints/" + encodeURIComponent(number), { anonymous: true });
    render(body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      $("not-found-text").textContent = t("track.missing", { no: number });
      $("lookup-no").value = number; // to correct a mistyped number
      show("not-found");
    } else {
      $("track-error").textContent = error instanceof ApiError ? t("track.failed", { detail: error.message }) : t("track.offline");
      show("track-error");
    }
  }
}

$("lookup").addEventListener("submit", (event) => {
  event.preventDefault();
  const number = $("lookup-no").value.replace(/\s+/g, "");
  if (number) location.href = "/track/" + encodeURIComponent(number);
});

translate(document);
document.title = t("track.title");
languageSwitch($("lang"));
// Times are shown in the campaign's time zone, which the service tells.
fetch("/api/v1/public/map-config")
  .then((r) => (r.ok ? r.json() : {}))
  .catch(() => ({}))
  .then((config) => setZone(config.tz))
  .then(() => load(numberInPath()));

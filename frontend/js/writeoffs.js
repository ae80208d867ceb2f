/* The write-off queue (销账申请): the requests the communities sent, oldest first, with
   what the violation is now and the evidence (text and after-photos). The street office
   (admin) approves (批准 → the violation is written off) or sends a request back (退回,
   with a reason); the decided row is redrawn in place and the other parts hear
   "changed". Everyone else reads the queue the API lets them see — an inspector their
   communities' requests — without the buttons. */
import { get, imageUrl, request } from "./api.js";
import { emit, isStreetOffice, state } from "./bus.js";
import { el, num, when } from "./format.js";
import { t, words } from "./i18n.js";
import { label } from "./vocab.js";

words({
  "wo.title": ["销账申请", "Write-off requests"],
  "wo.state": ["申请状态", "State"],
  "wo.state.pending": ["待审批", "Waiting"],
  "wo.state.approved": ["已批准", "Approved"],
  "wo.state.rejected": ["已退回", "Sent back"],
  "wo.state.all": ["全部", "All"],
  "wo.read_only": ["仅街道办可审批销账；此处只读。", "Only the street office decides write-offs: read only."],
  "wo.loading": ["正在加载销账申请…", "Loading the write-off requests…"],
  "wo.count": ["共 {n} 条", "{n} requests"],
  "wo.capped": ["共 {n} 条，仅显示前 {shown} 条", "{n} requests; only the first {shown} are shown"],
  "wo.empty": ["没有符合条件的销账申请", "No write-off request to show"],
  "wo.id": ["申请编号", "Request"],
  "wo.violation": ["违建", "Violation"],
  "wo.community": ["社区", "Community"],
  "wo.status": ["违建状态", "Violation status"],
  "wo.done": ["完成情况", "Done"],
  "wo.demolished": ["{on} 拆除 {area} m²", "demolished {on}, {area} m²"],
  "wo.rectified": ["{on} 整改完成", "rectified {on}"],
  "wo.requested_by": ["申请人", "Requested by"],
  "wo.requested_at": ["申请时间", "Requested at"],
  "wo.evidence": ["证明材料", "Evidence"],
  "wo.decision": ["审批", "Decision"],
  "wo.decided": ["{who} {at}", "{who}, {at}"],
  "wo.approve": ["批准", "Approve"],
  "wo.reject": ["退回", "Send back"],
  "wo.reason": ["退回原因", "Why it is sent back"],
  "wo.reason_placeholder": ["请填写退回原因（必填）", "Say why (required)"],
  "wo.confirm_reject": ["确认退回", "Send back"],
  "wo.cancel": ["取消", "Cancel"],
  "wo.approved_note": ["申请 #{id} 已批准，违建 #{vid} 已销账", "Request #{id} approved: violation #{vid} is written off"],
  "wo.rejected_note": ["申请 #{id} 已退回社区", "Request #{id} sent back to the community"],
  "wo.photos": ["整治后照片", "After-photos"],
  "wo.no_photos": ["无整治后照片", "No after-photos"],
  "wo.close": ["关闭", "Close"],
});

const LIMIT = 200;
const $ = (id) => document.getElementById(id);
let names = null; // community id → name
let urls = []; // object URLs of the thumbnails shown
let seq = 0;

export function create() {
  names = null;
  const select = el("select", { id: "wo-state", onchange: () => load() },
    ["pending", "approved", "rejected", "all"].map((s) => el("option", { value: s }, t("wo.state." + s))));
  const headings = ["wo.id", "wo.violation", "wo.community", "wo.status", "wo.done", "wo.requested_by", "wo.requested_at", "wo.evidence", "wo.decision"];
  return el("section", { id: "dash-writeoffs", className: "dash-card" },
    el("h2", {}, t("wo.title")),
    el("div", { className: "dash-toolbar" },
      el("label", {}, el("span", {}, t("wo.state")), select),
      el("span", { id: "wo-status", className: "dash-status", "aria-live": "polite" })),
    isStreetOffice() ? null : el("p", { className: "muted", id: "wo-read-only" }, t("wo.read_only")),
    el("p", { id: "wo-error", className: "error", role: "alert", hidden: true }),
    el("div", { className: "dash-scroll" },
      el("table", { id: "wo-table", className: "dash-table wo-table" },
        el("thead", {}, el("tr", {}, headings.map((h) => el("th", { scope: "col" }, t(h))))),
        el("tbody", { id: "wo-list" }))));
}

function showError(message) {
  $("wo-error").textContent = message || "";
  $("wo-error").hidden = !message;
}

async function communityNames() {
  if (names) return names;
  const features = state.communities || (await get("/communities?limit=10000")).features;
  names = Object.fromEntries(features.map((f) => [f.id, (f.properties && f.properties.name) || String(f.id)]));
  return names;
}

export async function load() {
  const mine = ++seq;
  const wanted = $("wo-state").value;
  showError("");
  $("wo-status").textContent = t("wo.loading");
  try {
    const query = `/write-off-requests?limit=${LIMIT}` + (wanted === "all" ? "" : "&state=" + wanted);
    const [answer] = await Promise.all([get(query), communityNames()]);
    if (mine !== seq) return;
    urls.forEach((u) => URL.revokeObjectURL(u));
    urls = [];
    const list = $("wo-list");
    list.replaceChildren(...answer.requests.map(row));
    if (!answer.requests.length) list.appendChild(el("tr", {}, el("td", { colSpan: 9, className: "muted" }, t("wo.empty"))));
    $("wo-status").textContent = answer.numberMatched > answer.numberReturned
      ? t("wo.capped", { n: answer.numberMatched, shown: answer.numberReturned })
      : t("wo.count", { n: answer.numberMatched });
  } catch (e) {
    if (mine !== seq || e.status === 401) return;
    $("wo-status").textContent = "";
    showError(e.message);
  }
}

function done(r) {
  if (r.demolished_on) return t("wo.demolished", { on: r.demolished_on, area: num(r.demolished_area_m2, 2) });
  if (r.rectified_on) return t("wo.rectified", { on: r.rectified_on });
  return "—";
}

function row(r) {
  const tr = el("tr", { dataset: { requestId: r.id, violationId: r.violation_id, state: r.state } },
    el("td", { className: "num" }, "#" + r.id),
    el("td", {}, el("strong", {}, "#" + r.violation_id), r.address ? el("div", { className: "muted" }, r.address) : null),
    el("td", {}, (names && names[r.community_id]) || String(r.community_id)),
    el("td", { className: "wo-violation-status", dataset: { status: r.status } }, label("status", r.status)),
    el("td", {}, done(r)),
    el("td", {}, r.requested_by || "—"),
    el("td", {}, when(r.requested_at)),
    el("td", { className: "wo-evidence" }, el("div", {}, r.evidence || "—"), photosButton(r)),
    decisionCell(r));
  return tr;
}

function decisionCell(r) {
  const cell = el("td", { className: "wo-decision" },
    el("span", { className: "wo-state wo-" + r.state }, t("wo.state." + r.state)));
  if (r.state !== "pending") {
    if (r.decided_by) cell.appendChild(el("div", { className: "muted" }, t("wo.decided", { who: r.decided_by, at: when(r.decided_at) })));
    if (r.decision_reason) cell.appendChild(el("div", { className: "wo-reason" }, r.decision_reason));
    return cell;
  }
  if (!isStreetOffice()) return cell;
  const error = el("p", { className: "error", role: "alert", hidden: true });
  const buttons = el("div", { className: "wo-buttons" });
  const approve = el("button", { type: "button", className: "action wo-approve", onclick: () => decide(r, true, null, buttons, error) }, t("wo.approve"));
  const reject = el("button", { type: "button", className: "action danger wo-reject", onclick: () => askReason(r, buttons, error) }, t("wo.reject"));
  buttons.append(approve, reject);
  cell.append(buttons, error);
  return cell;
}

function askReason(r, buttons, error) {
  const input = el("input", { type: "text", className: "wo-reason-input", required: true, minLength: 2, maxLength: 2000, placeholder: t("wo.reason_placeholder"), "aria-label": t("wo.reason") });
  const form = el("form", { className: "wo-reason-form", onsubmit: (event) => { event.preventDefault(); decide(r, false, input.value.trim(), form, error); } },
    input,
    el("button", { type: "submit", className: "action danger wo-confirm-reject" }, t("wo.confirm_reject")),
    el("button", { type: "button", className: "action secondary", onclick: () => form.replaceWith(buttons) }, t("wo.cancel")));
  buttons.replaceWith(form);
  input.focus();
}

async function decide(r, approve, reason, controls, error) {
  controls.querySelectorAll("button, input").forEach((b) => { b.disabled = true; });
  error.hidden = true;
  try {
    const path = `/write-off-requests/${r.id}/${approve ? "approve" : "reject"}`;
    const decided = (await request(path, { method: "POST", json: reason ? { reason } : {} })).body;
    const tr = document.querySelector(`#wo-list tr[data-request-id="${r.id}"]`);
    if (tr) tr.replaceWith(row(decided));
    $("wo-status").textContent = t(approve ? "wo.approved_note" : "wo.rejected_note", { id: r.id, vid: r.violation_id });
    emit("changed", { source: "writeoffs", violationId: r.violation_id });
  } catch (e) {
    controls.querySelectorAll("button, input").forEach((b) => { b.disabled = false; });
    if (e.status === 401) return;
    error.textContent = e.message;
    error.hidden = false;
  }
}

function photosButton(r) {
  const box = el("div", { className: "wo-photos" });
  const button = el("button", { type: "button", className: "action secondary wo-photos-button", onclick: () => showPhotos(r, box, button) }, t("wo.photos"));
  box.appendChild(button);
  return box;
}

async function showPhotos(r, box, button) {
  button.disabled = true;
  try {
    const photos = (await get(`/photos?owner_type=violation&owner_id=${r.violation_id}`)).photos.filter((p) => p.stage === "after");
    if (!photos.length) { box.replaceChildren(el("span", { className: "muted" }, t("wo.no_photos"))); return; }
    box.replaceChildren(...photos.map((p) => {
      const img = el("img", { alt: t("wo.photos") + " #" + p.id, width: 72, height: 54 });
      imageUrl(`/photos/${p.id}/thumbnail`).then((u) => { urls.push(u); img.src = u; }).catch(() => {});
      return el("button", { type: "button", className: "thumb", onclick: () => enlarge(p) }, img);
    }));
  } catch (e) {
    button.disabled = false;
    if (e.status !== 401) box.appendChild(el("p", { className: "error", role: "alert" }, e.message));
  }
}

async function enlarge(photo) {
  let url;
  try { url = await imageUrl(`/photos/${photo.id}/file`); } catch (e) { showError(e.message); return; }
  const close = () => { URL.revokeObjectURL(url); box.remove(); };
  const box = el("div", { className: "dash-lightbox", role: "dialog", "aria-label": t("wo.photos"), onclick: close },
    el("img", { src: url, alt: t("wo.photos") + " #" + photo.id }),
    el("button", { type: "button", className: "action secondary" }, t("wo.close")));
  document.body.appendChild(box);
}

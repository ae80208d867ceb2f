/* A complaint's panel (opened from its marker on the map): where it stands, what was
   reported, its photos and history, and — for the street office and the community's
   inspectors — the moves the lifecycle gives their role (the complaint's
   `allowed_moves`, each with who may make it): assign it to someone to check on site,
   confirm it by linking the violation it reports, find it unfounded, close it. */
import { get, request } from "./api.js";
import { emit, isStreetOffice, on, state } from "./bus.js";
import { action, field } from "./actionform.js";
import { el, when } from "./format.js";
import { t, words } from "./i18n.js";
import { label, STATUS_COLORS } from "./vocab.js";
import { gallery } from "./gallery.js";
import { timeline } from "./timeline.js";
import { clearSelection } from "./review.js";

words({
  "complaint.panel": ["投诉举报 {no}", "Complaint {no}"],
  "complaint.to": ["转为：{status}", "Move to: {status}"],
  "complaint.assigned_to": ["核查人", "Who checks it on site"],
  "complaint.violation": ["所反映的违建", "The violation it reports"],
  "complaint.violation_hint": ["附近未列出？先在地图上登记违建，再回来关联。", "Not listed nearby? Register the violation on the map first, then link it."],
  "complaint.none_nearby": ["附近没有已登记的违建", "No registered violation nearby"],
  "complaint.reason": ["核查情况（理由）", "What was found (reason)"],
  "complaint.note": ["说明（可选）", "Note (optional)"],
  "complaint.open_violation": ["查看违建 #{id}", "Open violation #{id}"],
  "c.status": ["状态", "Status"],
  "c.channel": ["来源", "Channel"],
  "c.received_at": ["受理时间", "Received"],
  "c.response_deadline": ["答复期限", "Answer by"],
  "c.overdue": ["已超期", "Overdue"],
  "c.assigned_to": ["核查人", "Assigned to"],
  "c.address": ["地址", "Address"],
  "c.description": ["反映内容", "What was reported"],
  "c.reporter_name": ["举报人", "Reporter"],
  "c.reporter_phone": ["举报人电话", "Reporter's phone"],
  "c.closed_at": ["办结时间", "Closed"],
  "channel.web": ["网上举报", "Web"],
  "channel.hotline": ["热线电话", "Hotline"],
  "channel.12345": ["12345平台", "12345 platform"],
  "channel.letter": ["来信", "Letter"],
  "channel.other": ["其他", "Other"],
  "cevent.received": ["受理", "Received"],
  "cevent.updated": ["修改", "Changed"],
});

const $ = (id) => document.getElementById(id);
let current = null;
let seq = 0;

export function init() {
  on("complaint", (detail) => open(detail.id));
  on("record", () => { current = null; seq += 1; }); // a violation's record takes the place
  on("compound", () => { if (current) close(); });
  on("changed", () => { if (current) open(current.id); });
}

function close() {
  current = null;
  seq += 1;
  $("record").hidden = true;
  $("record").innerHTML = "";
  state.map.invalidateSize();
}

export async function open(id) {
  const mine = ++seq;
  clearSelection();
  const panel = $("record");
  const wasHidden = panel.hidden;
  panel.hidden = false;
  panel.dataset.id = id;
  panel.dataset.kind = "complaint";
  if (wasHidden) state.map.invalidateSize();
  try {
    const [answer, history, photos] = await Promise.all([
      request("/complaints/" + id),
      get("/complaints/" + id + "/history"),
      // A complaint's photos may show who sent them: the street office's alone.
      isStreetOffice() ? get("/photos?owner_type=complaint&owner_id=" + id) : null,
    ]);
    if (mine !== seq) return;
    current = { id, feature: answer.body, etag: answer.etag };
    render(current, history.events, photos ? photos.photos : null);
  } catch (e) {
    if (mine !== seq) return;
    panel.replaceChildren(el("p", { className: "error" }, e.message));
  }
}

const STATUS_COLOR = { received: "#e53935", assigned: "#fb8c00", verified: "#8e24aa", unfounded: "#b0bec5", closed: "#43a047" };

function render(record, events, photos) {
  const p = record.feature.properties;
  const rows = [
    ["status", label("complaint_status", p.status)],
    ["channel", t("channel." + p.channel)],
    ["received_at", when(p.received_at)],
    ["response_deadline", p.response_deadline],
    ["overdue", p.overdue ? "✔" : null],
    ["assigned_to", p.assigned_to],
    ["address", p.address],
    ["description", p.description],
    ["reporter_name", p.reporter_name],
    ["reporter_phone", p.reporter_phone],
    ["closed_at", p.closed_at ? when(p.closed_at) : null],
  ];
  const table = el("table", { className: "attributes" });
  rows.forEach(([key, value]) => {
    if (value === null || value === undefined || value === "") return;
    const row = table.insertRow();
    row.dataset.field = key;
    row.append(el("th", {}, t("c." + key)), el("td", {}, String(value)));
  });
  const linked = p.violation_id
    ? el("button", { type: "button", className: "action secondary", dataset: { action: "open-violation" },
      onclick: () => emit("select", { id: p.violation_id, zoom: true }) }, t("complaint.open_violation", { id: p.violation_id }))
    : null;
  $("record").replaceChildren(
    el("header", { className: "record-head" },
      el("h3", {}, t("complaint.panel", { no: p.tracking_no })),
      el("span", { className: "badge", style: `background:${STATUS_COLOR[p.status] || "#999"}` }, label("complaint_status", p.status)),
      el("button", { type: "button", className: "close", title: t("record.close"), "aria-label": t("record.close"), onclick: close }, "×")),
    actions(record),
    el("section", {}, el("h4", {}, t("record.attributes")), table, linked),
    photos ? el("section", { className: "photos" }, el("h4", {}, t("record.photos", { n: photos.length })), gallery(photos)) : null,
    el("section", { className: "history" }, el("h4", {}, t("record.history")),
      timeline(events, (e) => (e.to_status && e.kind !== "updated" && e.kind !== "received"
        ? `${label("complaint_status", e.from_status) || "—"} → ${label("complaint_status", e.to_status)}`
        : t("cevent." + e.kind)))),
  );
}

/* Who may check it on site: active admins, and active inspectors of its community. */
async function assignees(communityId) {
  const users = await get("/users");
  return users.filter((u) => u.active && (u.role === "admin" || (u.role === "inspector" && (u.communities || []).includes(communityId))));
}

/* Registered violations within about 100 m of the complaint's point. */
async function nearby(feature) {
  if (!feature.geometry) return [];
  const [lon, lat] = feature.geometry.coordinates;
  const d = 0.001;
  const fc = await get(`/violations?limit=100&bbox=${lon - d},${lat - d},${lon + d},${lat + d}`);
  return fc.features;
}

function moveFields(move, record) {
  const p = record.feature.properties;
  if (move.to === "assigned") {
    const select = el("select", { name: "assigned_to", required: true }, el("option", { value: "" }, "—"));
    assignees(p.community_id).then((users) => users.forEach((u) => {
      select.appendChild(new Option(`${u.display_name || u.username}（${u.username}）`, u.username));
    })).catch(() => {});
    return [field("complaint.assigned_to", select), field("complaint.note", el("textarea", { name: "reason", rows: 2 }))];
  }
  if (move.to === "verified") {
    const select = el("select", { name: "violation_id", required: true }, el("option", { value: "" }, "—"));
    nearby(record.feature).then((features) => {
      if (!features.length) select.appendChild(new Option(t("complaint.none_nearby"), ""));
      features.forEach((f) => select.appendChild(new Option(
        `#${f.id} ${label("status", f.properties.status)} ${f.properties.address || ""}`, String(f.id))));
    }).catch(() => {});
    return [field("complaint.violation", select), el("p", { className: "hint" }, t("complaint.violation_hint")),
      field("complaint.note", el("textarea", { name: "reason", rows: 2 }))];
  }
  if (move.to === "unfounded") {
    return [field("complaint.reason", el("textarea", { name: "reason", required: true, rows: 2 }))];
  }
  return [field("complaint.note", el("textarea", { name: "reason", rows: 2 }))];
}

function actions(record) {
  const role = state.me && state.me.role;
  const mine = (record.feature.properties.allowed_moves || []).filter((m) => m.by.includes(role));
  if (!mine.length) return null;
  const buttons = el("div", { className: "buttons" });
  const forms = el("div", {});
  mine.forEach((move) => {
    const [button, form] = action("complaint-" + move.to, t("complaint.to", { status: label("complaint_status", move.to) }),
      moveFields(move, record),
      (data) => {
        const body = { to: move.to };
        if (data.get("reason")) body.reason = data.get("reason");
        if (data.get("assigned_to")) body.assigned_to = data.get("assigned_to");
        if (data.get("violation_id")) body.violation_id = Number(data.get("violation_id"));
        return request("/complaints/" + record.id + "/transitions", { method: "POST", ifMatch: record.etag, json: body });
      },
      () => emit("changed"));
    buttons.appendChild(button);
    forms.appendChild(form);
  });
  return el("section", { className: "actions" }, el("h4", {}, t("action.title")), buttons, forms);
}

/* The record panel: a violation's attributes, its photo gallery (EXIF time), its history
   and — for those who may change records — the status moves the lifecycle allows now, as
   buttons, each asking for what that move needs (moves.js). */
import { get, request } from "./api.js";
import { can, emit, on, state } from "./bus.js";
import { el, num, yesNo } from "./format.js";
import { t, words } from "./i18n.js";
import { clearSelection } from "./review.js";
import { label, STATUS_COLORS } from "./vocab.js";
import { actionsFor } from "./moves.js";
import { timeline } from "./timeline.js";
import { gallery } from "./gallery.js";

words({
  "record.title": ["违建 #{id}", "Violation #{id}"],
  "record.close": ["关闭", "Close"],
  "record.loading": ["正在加载…", "Loading…"],
  "record.attributes": ["基本信息", "Attributes"],
  "record.photos": ["照片（{n}）", "Photos ({n})"],
  "record.history": ["处置记录", "History"],
  "record.deleted": ["已删除", "deleted"],
  "f.status": ["状态", "Status"],
  "f.ledger": ["台账类别", "Ledger"],
  "f.ledger_no": ["台账编号", "Ledger no."],
  "f.address": ["地址", "Address"],
  "f.party_name": ["当事人", "Party"],
  "f.party_phone": ["联系电话", "Phone"],
  "f.structure_type": ["结构", "Structure"],
  "f.use": ["用途", "Use"],
  "f.floors": ["层数", "Floors"],
  "f.mapped_area_m2": ["图斑面积(m²)", "Mapped area (m²)"],
  "f.measured_area_m2": ["测量面积(m²)", "Measured area (m²)"],
  "f.floor_area_m2": ["建筑面积(m²)", "Floor area (m²)"],
  "f.built_date": ["建成日期", "Built"],
  "f.found_date": ["发现日期", "Found"],
  "f.found_by": ["发现方式", "Found by"],
  "f.stopped_on": ["制止日期", "Stopped on"],
  "f.stop_overdue": ["制止超期", "Stopped too late"],
  "f.plan_measure": ["处置措施", "Measure"],
  "f.plan_responsible": ["责任人", "Responsible"],
  "f.deadline": ["整改期限", "Deadline"],
  "f.overdue": ["是否逾期", "Overdue"],
  "f.demolished_on": ["拆除日期", "Demolished on"],
  "f.demolished_area_m2": ["拆除面积(m²)", "Area demolished (m²)"],
  "f.rectified_on": ["整改完成日期", "Rectified on"],
  "f.notes": ["备注", "Notes"],
  "event.created": ["登记", "Registered"],
  "event.updated": ["修改", "Changed"],
  "event.deleted": ["删除", "Deleted"],
  "event.status_changed": ["状态变更", "Status changed"],
  "event.ledger_changed": ["台账变更", "Ledger changed"],
  "event.write_off_requested": ["申请销账", "Write-off requested"],
  "event.write_off_approved": ["销账批准", "Write-off approved"],
  "event.write_off_rejected": ["销账退回", "Write-off sent back"],
  "event.stopped": ["制止", "Stopped"],
  "event.photo_added": ["添加照片", "Photo added"],
  "event.photo_removed": ["删除照片", "Photo removed"],
  "event.complaint_linked": ["关联投诉", "Complaint linked"],
});

const FIELDS = [
  ["status", (p) => label("status", p.status)],
  ["ledger", (p) => label("ledger", p.ledger)],
  ["ledger_no"], ["address"], ["party_name"], ["party_phone"],
  ["structure_type", (p) => label("structure_type", p.structure_type)],
  ["use", (p) => label("use", p.use)],
  ["floors"],
  ["mapped_area_m2", (p) => num(p.mapped_area_m2, 2)],
  ["measured_area_m2", (p) => num(p.measured_area_m2, 2)],
  ["floor_area_m2", (p) => num(p.floor_area_m2, 2)],
  ["built_date"], ["found_date"],
  ["found_by", (p) => label("found_by", p.found_by)],
  ["stopped_on"],
  ["stop_overdue", (p) => (p.stop_overdue ? yesNo(true) : null)],
  ["plan_measure", (p) => label("plan_measure", p.plan_measure)],
  ["plan_responsible"], ["deadline"],
  ["overdue", (p) => (p.overdue ? yesNo(true) : null)],
  ["demolished_on"],
  ["demolished_area_m2", (p) => num(p.demolished_area_m2, 2)],
  ["rectified_on"], ["notes"],
];

const $ = (id) => document.getElementById(id);
let current = null; // {id, feature, etag}
let seq = 0;

export function init() {
  on("record", (detail) => open(detail.id));
  on("complaint", () => { current = null; seq += 1; }); // the complaint panel takes the place
  // Any write (a move here, a redrawn footprint, a write-off decided) may change the record
  // on show: read it again, with its new ETag.
  on("changed", () => { if (current) open(current.id); });
  on("compound", () => close(false));
  on("logout", () => close(false));
}

function close(unselect) {
  current = null;
  seq += 1;
  $("record").hidden = true;
  $("record").innerHTML = "";
  state.map.invalidateSize();
  if (unselect) clearSelection();
}

/* Open (or refresh) the record of violation `id`. */
export async function open(id) {
  const mine = ++seq;
  const panel = $("record");
  const wasHidden = panel.hidden;
  panel.hidden = false;
  panel.dataset.id = id;
  panel.dataset.kind = "violation";
  if (wasHidden) state.map.invalidateSize();
  if (!current || current.id !== id) panel.replaceChildren(el("p", { className: "muted" }, t("record.loading")));
  try {
    const [answer, history, photos] = await Promise.all([
      request("/violations/" + id),
      get("/violations/" + id + "/history"),
      get("/photos?owner_type=violation&owner_id=" + id),
    ]);
    if (mine !== seq) return;
    current = { id, feature: answer.body, etag: answer.etag, photos: photos.photos };
    render(current, history.events, photos.photos);
  } catch (e) {
    if (mine !== seq) return;
    panel.replaceChildren(el("p", { className: "error" }, e.message));
  }
}

function render(record, events, photos) {
  const f = record.feature;
  const p = f.properties;
  const panel = $("record");
  const header = el("header", { className: "record-head" },
    el("h3", {}, t("record.title", { id: f.id })),
    el("span", { className: "badge", style: `background:${STATUS_COLORS[p.status] || "#999"}` }, label("status", p.status)),
    el("button", { type: "button", className: "close", title: t("record.close"), "aria-label": t("record.close"), onclick: () => close(true) }, "×"));
  const actions = can("write_records") ? actionsFor(record, afterWrite) : null;
  const table = el("table", { className: "attributes" });
  FIELDS.forEach(([key, show]) => {
    const value = show ? show(p) : p[key];
    if (value === null || value === undefined || value === "" || value === "—") return;
    const row = table.insertRow();
    row.dataset.field = key;
    row.append(el("th", {}, t("f." + key)), el("td", {}, String(value)));
  });
  panel.replaceChildren(
    header,
    actions,
    el("section", {}, el("h4", {}, t("record.attributes")), table),
    el("section", { className: "photos" }, el("h4", {}, t("record.photos", { n: photos.length })), gallery(photos)),
    el("section", { className: "history" }, el("h4", {}, t("record.history")), timeline(events, describe)),
  );
}

function describe(e) {
  return e.kind === "status_changed" || (e.to_status && e.from_status !== e.to_status && e.kind !== "created")
    ? `${label("status", e.from_status) || "—"} → ${label("status", e.to_status)}`
    : t("event." + e.kind);
}

/* After a write: the compound's layers (the footprint's colour, the list) and this record
   are read again. */
function afterWrite() {
  emit("changed");
}

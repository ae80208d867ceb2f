/* 登记违建 — register a violation by drawing its footprint: the corners clicked on the map
   (Geoman), the area on the ellipsoid shown live, then the form; POST /violations. A
   refusal shows the service's words (and where the fault is) and keeps the drawing to be
   corrected; once registered the compound is reloaded and the new record opened.
   Also starts the shape editing of a listed violation (edit-shape.js). */
import { request } from "./api.js";
import { can, emit, on, state } from "./bus.js";
import { el } from "./format.js";
import { t, words } from "./i18n.js";
import * as kit from "./drawkit.js";
import { violationFields, violationProperties } from "./draw-form.js";
import * as editShape from "./edit-shape.js";

words({
  "tool.register": ["登记违建", "Register a violation"],
  "reg.title": ["登记违建", "Register a violation"],
  "reg.draw_hint": ["在地图上依次点击违建轮廓的各个角点；点击第一个角点或“完成绘制”结束。",
    "Click each corner of the footprint on the map; click the first corner, or Finish, to close it."],
  "reg.finish": ["完成绘制", "Finish"],
  "reg.cancel": ["取消", "Cancel"],
  "reg.too_few": ["轮廓至少需要 3 个角点", "A footprint needs at least 3 corners"],
  "reg.form_hint": ["可拖动角点修改轮廓；带 * 的为必填项。", "Drag the corners to correct the outline. Fields marked * are required."],
  "reg.save": ["保存登记", "Register"],
  "reg.saving": ["正在保存…", "Saving…"],
  "reg.redraw": ["重新绘制", "Draw again"],
  "reg.saved": ["已登记违建 #{id}", "Violation #{id} registered"],
  "reg.confirm_overlap": ["这是另一处违建，仍要登记（记入历史）",
    "It is another structure: register it anyway (recorded in its history)"],
  "reg.elsewhere": ["已登记违建 #{id}（位于其他小区，不在当前列表中）",
    "Violation #{id} registered (in another compound, not in this list)"],
});

const OWNER = "register";
const STYLE = { color: "#d500f9", weight: 3, fillColor: "#d500f9", fillOpacity: 0.2, className: "wj-drawn" };
let drawing = null; // the Geoman drawing under way
let drawn = null; // the footprint drawn, editable until saved
let form = null; // the form, kept while the footprint is redrawn
let pendingSelect = null; // the violation to open once the compound is reloaded

export function init() {
  kit.init();
  kit.toolButton(OWNER, "tool.register", start);
  editShape.init();
  on("loaded", () => {
    if (pendingSelect === null) return;
    const { id, elsewhere } = pendingSelect;
    pendingSelect = null;
    emit("select", { id, zoom: true });
    emit("notice", t(elsewhere ? "reg.elsewhere" : "reg.saved", { id }));
  });
  on("compound", () => { pendingSelect = null; });
}

function dropDrawing() {
  if (drawing) { drawing.stop(); drawing = null; }
  if (drawn) {
    if (drawn.pm) drawn.pm.disable();
    drawn.remove();
    drawn = null;
  }
}

function cancel() {
  dropDrawing();
  form = null;
  kit.closePanel(OWNER);
}

function start() {
  if (!can("write_records") || !state.compound) return;
  dropDrawing();
  form = null;
  drawPhase();
}

function drawPhase() {
  const box = kit.errorBox();
  const panel = kit.openPanel(OWNER, cancel,
    kit.heading(t("reg.title"), t("reg.draw_hint")),
    el("output", { className: "live-area" }, kit.areaText(null)),
    box,
    el("div", { className: "draw-buttons" },
      el("button", {
        type: "button", className: "action", dataset: { action: "finish" },
        onclick: () => {
          if (drawing && drawing.corners() < 3) { box.textContent = t("reg.too_few"); box.hidden = false; return; }
          if (drawing) drawing.finish();
        },
      }, t("reg.finish")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("reg.cancel"))));
  panel.dataset.phase = "draw";
  kit.liveArea(0);
  drawing = kit.drawShape("Polygon", STYLE, (latlngs) => kit.liveArea(kit.latLngsArea(latlngs)), (layer) => {
    drawing = null;
    drawn = layer;
    drawn.pm.enable({ allowSelfIntersection: true, snappable: true });
    drawn.on("pm:change", () => kit.liveArea(kit.latLngsArea(drawn.getLatLngs())));
    formPhase();
  });
}

function buildForm() {
  const box = kit.errorBox();
  const save = el("button", { type: "submit", className: "action", dataset: { action: "save" } }, t("reg.save"));
  // Offered once the service answers that the footprint overlaps a standing violation
  // (409 with `overlaps`): ticking it sends confirm_overlap=true. It has no name, so it
  // is not one of the violation's properties.
  const confirm = el("input", { type: "checkbox" });
  const confirmField = kit.field("reg.confirm_overlap", confirm);
  confirmField.hidden = true;
  confirmField.dataset.field = "confirm_overlap";
  const node = el("form", { className: "draw-form" },
    ...violationFields(),
    box,
    confirmField,
    el("div", { className: "draw-buttons" },
      save,
      el("button", { type: "button", className: "action secondary", dataset: { action: "redraw" }, onclick: redraw }, t("reg.redraw")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("reg.cancel"))));
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!drawn) return;
    kit.clearError(box);
    save.disabled = true;
    save.textContent = t("reg.saving");
    const feature = { type: "Feature", geometry: drawn.toGeoJSON(false).geometry, properties: violationProperties(node) };
    try {
      const path = confirm.checked ? "/violations?confirm_overlap=true" : "/violations";
      const created = (await request(path, { method: "POST", json: feature })).body;
      registered(created);
    } catch (error) {
      kit.showError(box, error); // the drawing stays, to be corrected
      if (error && error.status === 409 && error.body && error.body.overlaps) confirmField.hidden = false;
    } finally {
      save.disabled = false;
      save.textContent = t("reg.save");
    }
  });
  return node;
}

function formPhase() {
  form = form || buildForm();
  const panel = kit.openPanel(OWNER, cancel,
    kit.heading(t("reg.title"), t("reg.form_hint")),
    el("output", { className: "live-area" }, ""),
    form);
  panel.dataset.phase = "form";
  kit.drawingMode(true);
  kit.liveArea(kit.latLngsArea(drawn.getLatLngs()));
  const first = form.querySelector("select, input");
  if (first) first.focus({ preventScroll: true });
}

function redraw() { // the form (and what is filled in) is kept
  dropDrawing();
  drawPhase();
}

function registered(feature) {
  const id = feature.id;
  const elsewhere = !state.compound || feature.properties.compound_id !== state.compound.id;
  dropDrawing();
  form = null;
  kit.closePanel(OWNER);
  if (state.compound) {
    pendingSelect = { id, elsewhere };
    emit("changed"); // review reloads the compound, then says "loaded"
  } else {
    emit("select", { id, zoom: true });
  }
}

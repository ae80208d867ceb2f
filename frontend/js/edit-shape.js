/* Edit the footprint of a listed violation (the record panel's "edit shape" button emits
   "edit-geometry" {id, etag}): its corners dragged on the map, the area live, then PATCH
   with the geometry only and If-Match. If someone changed the record meanwhile (412), the
   page says what changed since the version the edit started from — which properties, and
   whether the shape — and offers to load the current version and edit again: never a
   silent overwrite. */
import { get, request } from "./api.js";
import { can, emit, on } from "./bus.js";
import { el, when } from "./format.js";
import { t, words } from "./i18n.js";
import * as kit from "./drawkit.js";
import { propertyName, propertyValue } from "./draw-form.js";
import { layerOf } from "./review.js";

words({
  "edit.title": ["修改违建 #{id} 的轮廓", "Footprint of violation #{id}"],
  "edit.hint": ["拖动角点可移动；拖动边的中点可增加角点；右键单击角点可删除。",
    "Drag a corner to move it; drag a mid-point to add a corner; right-click a corner to remove it."],
  "edit.save": ["保存轮廓", "Save footprint"],
  "edit.saving": ["正在保存…", "Saving…"],
  "edit.cancel": ["取消", "Cancel"],
  "edit.not_listed": ["违建 #{id} 不在当前地图上，无法修改轮廓", "Violation #{id} is not on the map: its footprint cannot be edited here"],
  "edit.newer": ["该记录在您打开后已被修改，现在编辑的是它的最新版本（版本 {version}）。",
    "This record changed after you opened it: you are editing its current version ({version})."],
  "edit.conflict": ["未保存：您编辑期间，此违建已被他人修改（版本 {from} → {to}）。您的修改没有保存，也没有覆盖他人的修改。",
    "Not saved: someone changed this violation while you were editing it (version {from} → {to}). Your change was not saved and did not overwrite theirs."],
  "edit.by": ["最近一次修改：{actor}，{at}", "Last changed by {actor} at {at}"],
  "edit.shape_changed": ["轮廓已被他人修改。", "The footprint was changed."],
  "edit.shape_same": ["轮廓没有被修改。", "The footprint was not changed."],
  "edit.props_same": ["其他属性没有改变。", "No other property changed."],
  "edit.col.name": ["项目", "Property"],
  "edit.col.yours": ["您开始编辑时", "When you started"],
  "edit.col.now": ["现在", "Now"],
  "edit.reload": ["载入最新版本并重新编辑", "Load the current version and edit again"],
  "edit.discard": ["放弃我的修改", "Discard my change"],
  "edit.reloaded": ["已载入最新版本（版本 {version}），请重新修改后保存。", "The current version ({version}) is loaded: make your change again and save."],
  "edit.saved": ["违建 #{id} 的轮廓已保存", "The footprint of violation #{id} is saved"],
  "edit.gone": ["地图已重新加载，轮廓编辑已取消", "The map was reloaded: the footprint edit was cancelled"],
});

const OWNER = "edit-shape";
// Bookkeeping that changes with every write, and what follows from the status.
const IGNORED = ["version", "updated_at", "created_at", "allowed_moves"];
let session = null; // {id, layer, base, etag, restore, panel parts…}
let pendingNotice = null;

export function init() {
  on("edit-geometry", (detail) => { if (detail && detail.id != null) start(Number(detail.id), detail.etag); });
  on("loaded", () => {
    if (pendingNotice) { emit("notice", pendingNotice); pendingNotice = null; }
  });
}

function latLngsOf(geometry) {
  return L.GeoJSON.coordsToLatLngs(geometry.coordinates, geometry.type === "MultiPolygon" ? 2 : 1);
}

function setShape(layer, geometry) {
  const editing = layer.pm.enabled();
  if (editing) layer.pm.disable();
  layer.setLatLngs(latLngsOf(geometry));
  if (editing) layer.pm.enable({ allowSelfIntersection: true, snappable: true });
}

function showArea() {
  if (session) kit.liveArea(kit.latLngsArea(session.layer.getLatLngs()));
}

function end() {
  if (!session) return null;
  const ended = session;
  session = null;
  ended.layer.off("pm:change", showArea);
  ended.layer.off("remove", gone);
  if (ended.layer.pm.enabled()) ended.layer.pm.disable();
  return ended;
}

function cancel() {
  const ended = end();
  if (!ended) return;
  ended.layer.setLatLngs(ended.restore);
  kit.closePanel(OWNER);
  if (ended.conflicted) emit("changed"); // what the map shows is out of date
}

function gone() {
  if (!session || session.saving) return;
  end();
  kit.closePanel(OWNER);
  emit("notice", t("edit.gone"));
}

async function start(id, etag) {
  if (!can("write_records")) return;
  if (session) cancel();
  const layer = layerOf(id);
  if (!layer || !layer.pm) {
    emit("notice", t("edit.not_listed", { id }));
    return;
  }
  let current;
  try {
    current = await request("/violations/" + id);
  } catch (error) {
    emit("notice", error.message);
    return;
  }
  if (layerOf(id) !== layer) return; // the compound was reloaded meanwhile
  const box = kit.errorBox();
  const note = el("p", { className: "hint draw-note" },
    etag && etag !== current.etag ? t("edit.newer", { version: current.body.properties.version }) : "");
  const conflict = el("div", { className: "draw-conflict", hidden: true });
  const save = el("button", { type: "button", className: "action", dataset: { action: "save" }, onclick: () => saveShape() }, t("edit.save"));
  const buttons = el("div", { className: "draw-buttons" }, save,
    el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("edit.cancel")));
  const panel = kit.openPanel(OWNER, cancel,
    kit.heading(t("edit.title", { id }), t("edit.hint")),
    el("output", { className: "live-area" }, ""),
    note, box, conflict,
    buttons);
  panel.dataset.phase = "edit";
  panel.dataset.id = String(id);
  session = {
    id, layer, panel, box, note, conflict, save, buttons,
    base: current.body, etag: current.etag,
    restore: latLngsOf(layer.feature.geometry), conflicted: false, saving: false,
  };
  setShape(layer, current.body.geometry);
  layer.pm.enable({ allowSelfIntersection: true, snappable: true });
  layer.on("pm:change", showArea);
  layer.on("remove", gone);
  kit.drawingMode(true);
  layer.bringToFront();
  showArea();
}

async function saveShape() {
  const s = session;
  if (!s || s.saving) return;
  kit.clearError(s.box);
  s.saving = true;
  s.save.disabled = true;
  s.save.textContent = t("edit.saving");
  const geometry = s.layer.toGeoJSON(false).geometry;
  try {
    await request("/violations/" + s.id, { method: "PATCH", json: { type: "Feature", geometry }, ifMatch: s.etag });
    end();
    kit.closePanel(OWNER);
    pendingNotice = t("edit.saved", { id: s.id });
    emit("changed"); // review reloads the compound in place
  } catch (error) {
    if (error.status === 412) await showConflict(s);
    else kit.showError(s.box, error);
  } finally {
    s.saving = false;
    s.save.disabled = false;
    s.save.textContent = t("edit.save");
  }
}

/* What differs between the version the edit started from and the current one. */
function differences(base, now) {
  const names = new Set(Object.keys(base.properties).concat(Object.keys(now.properties)));
  const changed = [];
  names.forEach((name) => {
    if (IGNORED.includes(name)) return;
    if (JSON.stringify(base.properties[name]) !== JSON.stringify(now.properties[name])) changed.push(name);
  });
  return changed;
}

async function showConflict(s) {
  let now;
  let lastEvent = null;
  try {
    now = await request("/violations/" + s.id);
    const history = await get("/violations/" + s.id + "/history").catch(() => null);
    if (history && history.events && history.events.length) lastEvent = history.events[history.events.length - 1];
  } catch (error) {
    kit.showError(s.box, error);
    return;
  }
  if (session !== s) return;
  s.conflicted = true;
  const shapeChanged = JSON.stringify(s.base.geometry) !== JSON.stringify(now.body.geometry);
  const changed = differences(s.base, now.body);
  const table = el("table", { className: "draw-diff" },
    el("thead", {}, el("tr", {}, el("th", {}, t("edit.col.name")), el("th", {}, t("edit.col.yours")), el("th", {}, t("edit.col.now")))),
    el("tbody", {}, changed.map((name) => el("tr", { dataset: { property: name } },
      el("th", {}, propertyName(name)),
      el("td", {}, propertyValue(name, s.base.properties[name])),
      el("td", {}, propertyValue(name, now.body.properties[name]))))));
  s.conflict.innerHTML = "";
  s.conflict.append(
    el("p", { className: "error" }, t("edit.conflict", { from: s.base.properties.version, to: now.body.properties.version })),
    lastEvent ? el("p", { className: "hint" }, t("edit.by", { actor: lastEvent.actor, at: when(lastEvent.at) })) : "",
    el("p", { className: "draw-shape-change", dataset: { changed: String(shapeChanged) } },
      t(shapeChanged ? "edit.shape_changed" : "edit.shape_same")),
    changed.length ? table : el("p", {}, t("edit.props_same")),
    el("div", { className: "draw-buttons" },
      el("button", { type: "button", className: "action", dataset: { action: "reload" }, onclick: () => reload(s, now) }, t("edit.reload")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "discard" }, onclick: cancel }, t("edit.discard"))));
  s.conflict.hidden = false;
  s.buttons.hidden = true;
  s.panel.dataset.phase = "conflict";
}

function reload(s, now) {
  if (session !== s) return;
  s.base = now.body;
  s.etag = now.etag;
  setShape(s.layer, now.body.geometry);
  s.conflict.hidden = true;
  s.conflict.innerHTML = "";
  s.buttons.hidden = false;
  s.note.textContent = t("edit.reloaded", { version: now.body.properties.version });
  s.panel.dataset.phase = "edit";
  showArea();
}

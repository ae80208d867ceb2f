/* 记录排查 — record a sweep: the ground swept drawn as a polygon, or the route walked drawn
   as a line (widened by the sight radius, shown as a band on the map), or a GPS track file
   uploaded (GPX or GeoJSON; its first and last times fill the start and end). Previewed on
   the map, then the form (inspectors, team, start, end, sight radius, notes) → POST /sweeps;
   the service's refusals shown as it words them. */
import { request } from "./api.js";
import { can, emit, on, state } from "./bus.js";
import { el } from "./format.js";
import { t, words } from "./i18n.js";
import * as kit from "./drawkit.js";
import { SWEEP_COLOR } from "./shading.js";
import { readTrack } from "./sweep-track.js";

words({
  "tool.sweep": ["记录排查", "Record a sweep"],
  "swp.title": ["记录排查", "Record a sweep"],
  "swp.how": ["画出排查过的范围，或画出走过的路线，或上传手机/GPS 记录的轨迹文件。",
    "Draw the ground swept, or the route walked, or upload a track recorded by a phone or GPS."],
  "swp.area": ["画排查范围", "Draw the ground swept"],
  "swp.line": ["画行走路线", "Draw the route walked"],
  "swp.file": ["上传轨迹文件（GPX / GeoJSON）", "Upload a track (GPX / GeoJSON)"],
  "swp.area_hint": ["依次点击范围的各个角点；点击第一个角点或“完成绘制”结束。",
    "Click each corner of the ground swept; click the first corner, or Finish, to close it."],
  "swp.line_hint": ["沿走过的路线依次点击；再次点击最后一点或“完成绘制”结束。",
    "Click along the route walked; click the last point again, or Finish, to end it."],
  "swp.finish": ["完成绘制", "Finish"],
  "swp.cancel": ["取消", "Cancel"],
  "swp.again": ["重新选择", "Start over"],
  "swp.too_few": ["点数不够", "Not enough points"],
  "swp.is_track": ["行走轨迹：{points} 个点，按视距半径加宽计为已排查范围", "Track: {points} points, widened by the sight radius into the ground swept"],
  "swp.joined": ["（共 {parts} 段，已按顺序连接）", " ({parts} segments, joined in order)"],
  "swp.is_area": ["排查范围", "Ground swept"],
  "swp.from_file": ["开始、结束时间取自轨迹文件", "Start and end taken from the track file"],
  "swp.inspectors": ["排查人员（多人用逗号分隔）", "Inspectors (names, separated by commas)"],
  "swp.team": ["班组", "Team"],
  "swp.started": ["开始时间", "Started"],
  "swp.ended": ["结束时间", "Ended"],
  "swp.radius": ["视距半径（米）", "Sight radius (m)"],
  "swp.notes": ["备注", "Notes"],
  "swp.save": ["保存排查记录", "Record the sweep"],
  "swp.saving": ["正在保存…", "Saving…"],
  "swp.saved": ["已记录排查 #{id}", "Sweep #{id} recorded"],
});

const OWNER = "sweep";
const STYLE = { color: SWEEP_COLOR, weight: 3, fillColor: SWEEP_COLOR, fillOpacity: 0.2, className: "wj-sweep-drawn" };
const DEFAULT_RADIUS = 10;
let drawing = null; // the Geoman drawing under way
let shape = null; // {kind: "area"|"track", layer (drawn, editable) | geometry (from a file), info…}
let preview = null; // what is shown of it: the layer(s) and, for a track, the sight band
let pendingNotice = null;

export function init() {
  kit.init();
  kit.toolButton(OWNER, "tool.sweep", start);
  on("loaded", () => { if (pendingNotice) { emit("notice", pendingNotice); pendingNotice = null; } });
  state.map.on("zoomend", fitBand);
}

function clear() {
  if (drawing) { drawing.stop(); drawing = null; }
  if (shape && shape.layer) {
    if (shape.layer.pm) shape.layer.pm.disable();
    shape.layer.remove();
  }
  if (preview) { preview.remove(); preview = null; }
  shape = null;
}

function cancel() {
  clear();
  kit.closePanel(OWNER);
}

function start() {
  if (!can("write_records")) return;
  clear();
  choosePhase();
}

function choosePhase() {
  const box = kit.errorBox();
  const file = el("input", {
    type: "file", className: "draw-file", dataset: { action: "file" },
    accept: ".gpx,.geojson,.json,application/gpx+xml,application/geo+json,application/json",
  });
  file.addEventListener("change", async () => {
    if (!file.files.length) return;
    kit.clearError(box);
    try {
      fromFile(await readTrack(file.files[0]));
    } catch (error) {
      kit.showError(box, error);
      file.value = "";
    }
  });
  const panel = kit.openPanel(OWNER, cancel,
    kit.heading(t("swp.title"), t("swp.how")),
    el("div", { className: "draw-buttons" },
      el("button", { type: "button", className: "action", dataset: { action: "area" }, onclick: () => drawPhase("area") }, t("swp.area")),
      el("button", { type: "button", className: "action", dataset: { action: "line" }, onclick: () => drawPhase("track") }, t("swp.line"))),
    el("label", { className: "draw-field draw-upload" }, el("span", {}, t("swp.file")), file),
    box,
    el("div", { className: "draw-buttons" },
      el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("swp.cancel"))));
  panel.dataset.phase = "choose";
}

function drawPhase(kind) {
  const box = kit.errorBox();
  const panel = kit.openPanel(OWNER, cancel,
    kit.heading(t("swp.title"), t(kind === "area" ? "swp.area_hint" : "swp.line_hint")),
    kind === "area" ? el("output", { className: "live-area" }, kit.areaText(null)) : null,
    box,
    el("div", { className: "draw-buttons" },
      el("button", {
        type: "button", className: "action", dataset: { action: "finish" },
        onclick: () => {
          if (drawing && drawing.corners() < (kind === "area" ? 3 : 2)) { box.textContent = t("swp.too_few"); box.hidden = false; return; }
          if (drawing) drawing.finish();
        },
      }, t("swp.finish")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "again" }, onclick: start }, t("swp.again")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("swp.cancel"))));
  panel.dataset.phase = "draw";
  if (kind === "area") kit.liveArea(0);
  const onChange = (latlngs) => { if (kind === "area") kit.liveArea(kit.latLngsArea(latlngs)); };
  drawing = kit.drawShape(kind === "area" ? "Polygon" : "Line", STYLE, onChange, (layer) => {
    drawing = null;
    shape = { kind, layer };
    layer.pm.enable({ allowSelfIntersection: true, snappable: true });
    layer.on("pm:change", () => {
      if (kind === "area") kit.liveArea(kit.latLngsArea(layer.getLatLngs()));
      else if (preview) preview.band.setLatLngs(layer.getLatLngs());
    });
    if (kind === "track") showBand(layer.getLatLngs());
    formPhase();
  });
}

function fromFile(track) {
  clear();
  const layer = L.geoJSON(track.geometry, { style: STYLE, interactive: false, pmIgnore: true });
  shape = { kind: track.kind, geometry: track.geometry, track };
  preview = L.layerGroup([layer]).addTo(state.map);
  if (track.kind === "track") showBand(L.GeoJSON.coordsToLatLngs(track.geometry.coordinates));
  state.map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 19 });
  formPhase();
}

/* A track's sight band: the line drawn as wide as twice the sight radius, in pixels at the
   map's zoom (round ends and joins, as the service's buffer). */
function showBand(latlngs) {
  if (!preview) preview = L.layerGroup().addTo(state.map);
  preview.band = L.polyline(latlngs, {
    color: SWEEP_COLOR, opacity: 0.25, lineCap: "round", lineJoin: "round",
    interactive: false, pmIgnore: true, className: "wj-sight-band",
  }).addTo(preview);
  preview.band.bringToBack();
  fitBand();
}

function radius() {
  const input = document.querySelector("#draw-panel input[name=sight_radius_m]");
  const value = input ? Number(input.value) : DEFAULT_RADIUS;
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_RADIUS;
}

function fitBand() {
  if (!preview || !preview.band) return;
  const lat = preview.band.getBounds().getCenter().lat;
  const metresPerPixel = 40075016.686 * Math.cos(lat * Math.PI / 180) / (256 * Math.pow(2, state.map.getZoom()));
  preview.band.setStyle({ weight: Math.max(2, (2 * radius()) / metresPerPixel) });
}

function describe() {
  if (shape.kind === "area") {
    const geometry = shape.geometry || shape.layer.toGeoJSON(false).geometry;
    const info = el("p", { className: "draw-info" }, t("swp.is_area") + " · ");
    info.appendChild(el("output", { className: "live-area" }, kit.areaText(kit.geometryArea(geometry))));
    return info;
  }
  const track = shape.track;
  const points = track ? track.points : shape.layer.getLatLngs().length;
  return el("p", { className: "draw-info" },
    t("swp.is_track", { points }) + (track && track.parts > 1 ? t("swp.joined", { parts: track.parts }) : ""));
}

function formPhase() {
  const box = kit.errorBox();
  const track = shape.track || {};
  const input = (name, type, props = {}) => el("input", Object.assign({ name, type }, props));
  const fromFileNote = track.start ? el("p", { className: "hint" }, t("swp.from_file")) : null;
  const radiusInput = input("sight_radius_m", "number", { min: 0.5, max: 500, step: 0.5, value: DEFAULT_RADIUS });
  radiusInput.addEventListener("input", fitBand);
  const save = el("button", { type: "submit", className: "action", dataset: { action: "save" } }, t("swp.save"));
  const form = el("form", { className: "draw-form" },
    kit.field("swp.inspectors", input("inspectors", "text", { maxLength: 1000, autocomplete: "off" }), true),
    kit.field("swp.team", input("team", "text", { maxLength: 200 })),
    kit.field("swp.started", input("started_at", "datetime-local", { step: 1, value: track.start ? kit.wallTime(track.start) : "" }), true),
    kit.field("swp.ended", input("ended_at", "datetime-local", { step: 1, value: track.end ? kit.wallTime(track.end) : "" }), true),
    fromFileNote,
    shape.kind === "track" ? kit.field("swp.radius", radiusInput, true) : null,
    kit.field("swp.notes", el("textarea", { name: "notes", rows: 2, maxLength: 5000 })),
    box,
    el("div", { className: "draw-buttons" }, save,
      el("button", { type: "button", className: "action secondary", dataset: { action: "again" }, onclick: start }, t("swp.again")),
      el("button", { type: "button", className: "action secondary", dataset: { action: "cancel" }, onclick: cancel }, t("swp.cancel"))));
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(form, box, save); });
  const panel = kit.openPanel(OWNER, cancel, kit.heading(t("swp.title")), describe(), form);
  panel.dataset.phase = "form";
  panel.dataset.kind = shape.kind;
  kit.drawingMode(Boolean(shape.layer));
  form.querySelector("input").focus({ preventScroll: true });
}

function sweepFeature(form) {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) || "").trim();
  const properties = {
    inspectors: text("inspectors").split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean),
    started_at: text("started_at"),
    ended_at: text("ended_at"),
  };
  if (text("team")) properties.team = text("team");
  if (text("notes")) properties.notes = text("notes");
  if (shape.kind === "track") properties.sight_radius_m = radius();
  const geometry = shape.geometry || shape.layer.toGeoJSON(false).geometry;
  return { type: "Feature", geometry, properties };
}

async function submit(form, box, save) {
  if (!shape) return;
  kit.clearError(box);
  save.disabled = true;
  save.textContent = t("swp.saving");
  try {
    const created = (await request("/sweeps", { method: "POST", json: sweepFeature(form) })).body;
    clear();
    kit.closePanel(OWNER);
    pendingNotice = t("swp.saved", { id: created.id });
    emit("changed"); // the cells' coverage is redrawn
    if (!state.compound) emit("notice", pendingNotice);
  } catch (error) {
    kit.showError(box, error);
  } finally {
    save.disabled = false;
    save.textContent = t("swp.save");
  }
}

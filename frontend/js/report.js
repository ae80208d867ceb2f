/* 举报违法建设 — the public complaint page (/report), made for phones. The person taps
   the map to put a marker where the structure is (a second tap or a drag moves it; or
   "use my location": the browser's position is WGS84, like the map, so no GCJ-02
   conversion is involved), describes it, may add an address, a name and phone (seen
   by the street office only) and a photo, and sends it as multipart form data to
   POST /api/v1/public/complaints. No login. The receipt shows the tracking number, the
   response deadline and a link to /track/{number}. */
import { ApiError, request } from "./api.js";
import { createMap } from "./basemap.js";
import { esc, setZone, when } from "./format.js";
import { languageSwitch, t, translate, words } from "./i18n.js";

words({
  "report.title": ["举报违法建设", "Report illegal construction"],
  "report.lead": [
    "看到正在搭建或已建成的违法建设，请在地图上标出位置并简要说明。街道办事处将在答复期限内核查处理。",
    "If you see an illegal structure being built or already standing, mark it on the map and describe it. The street office checks every report and answers by the response deadline.",
  ],
  "report.where": ["位置", "Where"],
  "report.where.hint": [
    "在地图上点一下违建所在的位置；再点一次可移动标记，也可拖动标记。",
    "Tap the map where the structure is; tap again (or drag the marker) to move it.",
  ],
  "report.map": ["选择位置的地图", "Map to pick the place"],
  "report.locate": ["使用我的位置", "Use my location"],
  "report.locating": ["正在获取位置…", "Finding your location…"],
  "report.no_location": [
    "无法获取您的位置（{detail}），请直接在地图上点选。",
    "Your location is not available ({detail}): tap the map instead.",
  ],
  "report.nowhere": ["尚未选择位置", "No place chosen yet"],
  "report.here": ["已选位置：{lon}, {lat}", "Chosen: {lon}, {lat}"],
  "report.here.in": ["已选位置：{community} · {compound}", "Chosen: {compound}, {community}"],
  "report.what": ["情况", "What"],
  "report.description": ["违建情况", "What is being built"],
  "report.required": ["必填", "required"],
  "report.description.placeholder": [
    "例如：3号楼楼顶正在搭建彩钢板房，约20平方米，已施工三天",
    "e.g. a steel-sheet room is being built on the roof of building 3, about 20 m², for three days now",
  ],
  "report.address": ["详细地址（楼号、单元、位置）", "Address (building, entrance, where)"],
  "report.address.placeholder": ["例如：3号楼2单元 楼顶", "e.g. building 3, entrance 2, roof"],
  "report.photo": ["照片（可选）", "Photo (optional)"],
  "report.who": ["联系方式（可选）", "Your contact (optional)"],
  "report.private": [
    "姓名和电话仅街道办事处可见，不会公开，也不会在查询进度时显示。",
    "Your name and phone are seen only by the street office: never published, never shown when the report is tracked.",
  ],
  "report.name": ["姓名", "Name"],
  "report.phone": ["电话", "Phone"],
  "report.submit": ["提交举报", "Send the report"],
  "report.sending": ["正在提交…", "Sending…"],
  "report.need_point": ["请先在地图上点选违建所在的位置。", "Tap the map to show where the structure is."],
  "report.need_description": [
    "请描述违建情况，至少 {n} 个字。",
    "Describe the structure in at least {n} characters.",
  ],
  "report.refused": ["提交未成功：{detail}", "The report was not accepted: {detail}"],
  "report.too_many": ["提交过于频繁，请稍后再试：{detail}", "Too many reports, please try later: {detail}"],
  "report.server": ["服务器出错，请稍后再试：{detail}", "The server failed, please try again later: {detail}"],
  "report.offline": ["无法连接服务器，请检查网络后重试。", "Cannot reach the server: check the connection and try again."],
  "receipt.title": ["举报已受理", "Your report was received"],
  "receipt.keep": ["请保存好受理编号，凭编号查询办理进度：", "Keep this tracking number to follow your report:"],
  "receipt.received": ["受理时间", "Received"],
  "receipt.deadline": ["答复期限", "Answer by"],
  "receipt.photos": ["照片", "Photos"],
  "receipt.photo_count": ["{n} 张", "{n}"],
  "receipt.no_photo": ["无", "none"],
  "receipt.track": ["查询办理进度", "Follow this report"],
  "receipt.again": ["再举报一处", "Report another place"],
  "lookup.label": ["已经举报过？输入受理编号查询进度", "Reported already? Enter the tracking number"],
  "lookup.go": ["查询", "Look up"],
});

const $ = (id) => document.getElementById(id);
const MIN_DESCRIPTION = 5; // as the service checks (ComplaintIntake.description)
let map = null;
let marker = null;
let compounds = []; // the public compounds' Features, to name the place picked

/* Ray casting on GeoJSON rings (lon/lat): enough to name the compound a point is in. */
function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x, y, rings) {
  return inRing(x, y, rings[0]) && !rings.slice(1).some((hole) => inRing(x, y, hole));
}

function compoundAt(latlng) {
  return compounds.find((f) => {
    const g = f.geometry;
    if (!g) return false;
    if (g.type === "Polygon") return inPolygon(latlng.lng, latlng.lat, g.coordinates);
    if (g.type === "MultiPolygon") return g.coordinates.some((p) => inPolygon(latlng.lng, latlng.lat, p));
    return false;
  });
}

function showError(text) {
  $("form-error").textContent = text || "";
  $("form-error").hidden = !text;
  if (text) $("form-error").scrollIntoView({ block: "nearest" });
}

function describeWhere() {
  const point = marker.getLatLng().wrap();
  const compound = compoundAt(point);
  $("where").textContent = compound
    ? t("report.here.in", { community: compound.properties.community || "", compound: compound.properties.name || "" })
    : t("report.here", { lon: point.lng.toFixed(6), lat: point.lat.toFixed(6) });
  $("where").classList.add("chosen");
  $("map").classList.remove("missing");
}

/* Put the marker at `latlng`, or move it there. */
function place(latlng) {
  if (marker) {
    marker.setLatLng(latlng);
  } else {
    marker = L.marker(latlng, { draggable: true, autoPan: true, title: t("report.where") }).addTo(map);
    marker.on("dragend", describeWhere);
  }
  describeWhere();
}

function locate() {
  const button = $("locate");
  button.disabled = true;
  button.textContent = t("report.locating");
  const done = () => { button.disabled = false; button.textContent = t("report.locate"); };
  navigator.geolocation.getCurrentPosition(
    (position) => {
      done();
      const latlng = L.latLng(position.coords.latitude, position.coords.longitude);
      map.setView(latlng, Math.max(map.getZoom(), 17));
      place(latlng);
    },
    (error) => {
      done();
      $("where").textContent = t("report.no_location", { detail: error.message || error.code });
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
}

/* What is missing before anything may be sent, in words; [] when the form is complete. */
function missing(description) {
  const problems = [];
  $("map").classList.toggle("missing", !marker);
  if (!marker) problems.push(t("report.need_point"));
  const short = [...description].length < MIN_DESCRIPTION;
  $("description").setAttribute("aria-invalid", short ? "true" : "false");
  if (short) problems.push(t("report.need_description", { n: MIN_DESCRIPTION }));
  return problems;
}

function formData(description) {
  const form = new FormData();
  const point = marker.getLatLng().wrap();
  form.set("lon", point.lng.toFixed(7));
  form.set("lat", point.lat.toFixed(7));
  form.set("description", description);
  [["address", "address"], ["reporter-name", "reporter_name"], ["reporter-phone", "reporter_phone"]].forEach(([id, name]) => {
    const value = $(id).value.trim();
    if (value) form.set(name, value);
  });
  const photo = $("photo").files[0];
  if (photo) form.set("photo", photo, photo.name || "photo.jpg");
  return form;
}

function failure(error) {
  if (!(error instanceof ApiError)) return t("report.offline");
  if (error.status === 429) return t("report.too_many", { detail: error.message });
  if (error.status >= 500) return t("report.server", { detail: error.message });
  return t("report.refused", { detail: error.message });
}

async function submit(event) {
  event.preventDefault();
  const description = $("description").value.trim();
  const problems = missing(description);
  if (problems.length) {
    showError(problems.join(" "));
    return;
  }
  showError("");
  const button = $("submit");
  button.disabled = true;
  button.textContent = t("report.sending");
  try {
    const { body } = await request("/public/complaints", { method: "POST", form: formData(description), anonymous: true });
    showReceipt(body);
  } catch (error) {
    showError(failure(error));
  } finally {
    button.disabled = false;
    button.textContent = t("report.submit");
  }
}

function showReceipt(receipt) {
  $("report-form").hidden = true;
  $("receipt").hidden = false;
  $("tracking-no").textContent = receipt.tracking_no;
  $("received-at").textContent = when(receipt.received_at);
  $("deadline").textContent = receipt.response_deadline;
  $("photos").textContent = receipt.photos ? t("receipt.photo_count", { n: receipt.photos }) : t("receipt.no_photo");
  $("track-link").href = "/track/" + encodeURIComponent(receipt.tracking_no);
  const warnings = receipt.warnings || [];
  $("warnings").replaceChildren(...warnings.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
  $("warnings").hidden = warnings.length === 0;
  window.scrollTo(0, 0);
}

async function loadCompounds() {
  const response = await fetch("/api/v1/public/compounds").catch(() => null);
  if (!response || !response.ok) return; // the map still works without the outlines
  const data = await response.json();
  compounds = data.features || [];
  L.geoJSON(data, {
    style: () => ({ className: "wj-public-compound", color: "#1f3a5f", weight: 2, fillColor: "#1f5fa8", fillOpacity: 0.12 }),
    onEachFeature: (feature, layer) => {
      const p = feature.properties || {};
      layer.bindTooltip(esc(p.name || "") + (p.community ? "<br><small>" + esc(p.community) + "</small>" : ""), { sticky: true });
    },
  }).addTo(map);
}

function lookup(event) {
  event.preventDefault();
  const number = $("lookup-no").value.replace(/\s+/g, "");
  if (number) location.href = "/track/" + encodeURIComponent(number);
}

async function start() {
  translate(document);
  document.title = t("report.title");
  languageSwitch($("lang"));
  $("report-form").addEventListener("submit", submit);
  $("lookup").addEventListener("submit", lookup);
  if (navigator.geolocation && window.isSecureContext) $("locate").addEventListener("click", locate);
  else $("locate").hidden = true; // browsers give no position to plain-http pages
  const response = await fetch("/api/v1/public/map-config").catch(() => null);
  const config = response && response.ok ? await response.json() : { basemap: { kind: "none", layers: [] }, extent: null };
  setZone(config.tz);
  if (config.street_name) {
    $("street").textContent = config.street_name;
    document.title = t("report.title") + " · " + config.street_name;
  }
  map = createMap($("map"), config);
  map.on("click", (event) => place(event.latlng));
  // For the browser tests and a curious maintainer's console.
  window.weijianReport = { map, marker: () => marker, ready: false };
  await loadCompounds();
  window.weijianReport.ready = true;
}

start();

/* The record panel's actions, for those who may change records: each status move the
   lifecycle allows now (the violation's `allowed_moves`) as a button that opens a small
   form asking exactly what the move needs; stopping new construction; asking for a
   write-off; adding a photo; editing the footprint (draw.js). Every write carries the
   ETag read, and a refusal shows the service's own words. */
import { request } from "./api.js";
import { emit, state } from "./bus.js";
import { action, field } from "./actionform.js";
import { el, today } from "./format.js";
import { t, words } from "./i18n.js";
import { label, STANDING, values, WRITE_OFF_FROM } from "./vocab.js";

words({
  "move.to": ["转为：{status}", "Move to: {status}"],
  "move.done": ["已保存", "Saved"],
  "move.reason": ["理由", "Reason"],
  "move.reason_optional": ["说明（可选）", "Note (optional)"],
  "move.measured": ["测量面积(m²)", "Measured area (m²)"],
  "move.plan_measure": ["处置措施", "Measure"],
  "move.plan_responsible": ["责任人", "Person responsible"],
  "move.plan_deadline": ["整改期限（空则用默认期限）", "Deadline (empty: the default)"],
  "move.deadline_compound": ["默认期限：小区期限 {date}。期限不得早于发现日期 {found}。",
    "Default: the compound's deadline, {date}. A deadline may not be before the found date, {found}."],
  "move.deadline_late": ["发现日期 {found} 晚于小区期限 {compound}：默认期限为发现日期后 {days} 天，即 {date}。",
    "Found {found}, after the compound's deadline {compound}: the default is {days} days after it was found, {date}."],
  "move.deadline_none": ["小区未设期限：请填写期限（不得早于发现日期 {found}）。",
    "The compound has no deadline: fill one in (not before the found date, {found})."],
  "move.demolished_on": ["拆除日期", "Demolished on"],
  "move.demolished_area": ["拆除面积(m²)", "Area demolished (m²)"],
  "move.rectified_on": ["整改完成日期", "Rectified on"],
  "move.after_photo": ["整治后照片", "After photo"],
  "move.after_photo_have": ["整治后照片（已有 {n} 张，可再加）", "After photo ({n} already; optional)"],
  "action.title": ["处置", "Actions"],
  "action.stop": ["制止新增违建", "Record it was stopped"],
  "action.stopped_on": ["制止日期", "Stopped on"],
  "action.write_off": ["申请销账", "Ask for a write-off"],
  "action.evidence": ["销账依据（照片、面积、文书）", "Evidence (photos, area, documents)"],
  "action.photo": ["添加照片", "Add a photo"],
  "action.stage": ["阶段", "Stage"],
  "action.file": ["照片文件", "Photo file"],
  "action.edit_shape": ["编辑图形", "Edit the footprint"],
  "action.need_photo": ["请选择一张整治后照片", "Choose an after photo"],
});


function select(name, kind, required) {
  const s = el("select", { name, required });
  s.appendChild(new Option("—", ""));
  values(kind).forEach((v) => s.appendChild(new Option(label(kind, v), v)));
  return s;
}

/* The deadline the service uses when the plan form's is left empty, and its rule
   (api/campaign/deadlines.py): the compound's deadline, or — for a violation found after
   it — the found date plus WEIJIAN_LATE_FIND_DAYS. The service computes that default as
   the violation's `deadline`; the compound says whether it is a late find. */
function deadlineHint(p) {
  const compound = state.compound && state.compound.id === p.compound_id ? state.compound.properties.deadline : undefined;
  const days = (state.config && state.config.late_find_days) || 30;
  let text;
  if (!p.deadline) text = t("move.deadline_none", { found: p.found_date });
  else if (compound && compound < p.found_date) text = t("move.deadline_late", { found: p.found_date, compound, days, date: p.deadline });
  else text = t("move.deadline_compound", { date: p.deadline, found: p.found_date });
  return el("p", { className: "hint", dataset: { hint: "plan_deadline" } }, text);
}

/* What each move asks for: the form's fields. */
function moveFields(to, p, afterPhotos) {
  const photo = () => field(afterPhotos ? "move.after_photo_have" : "move.after_photo",
    el("input", { type: "file", name: "after_photo", accept: "image/jpeg,image/png", capture: "environment" }));
  switch (to) {
    case "verified":
      return [field("move.measured", el("input", { type: "number", name: "measured_area_m2", min: "0.01", step: "0.01", required: true, value: p.measured_area_m2 ?? "" }))];
    case "dismissed":
      return [field("move.reason", el("textarea", { name: "reason", required: true, minLength: 2, rows: 2 }))];
    case "planned":
      return [
        field("move.plan_measure", Object.assign(select("plan_measure", "plan_measure", true), { value: p.plan_measure || "" })),
        field("move.plan_responsible", el("input", { name: "plan_responsible", required: true, value: p.plan_responsible || "" })),
        field("move.plan_deadline", el("input", { type: "date", name: "plan_deadline", min: p.found_date || "", value: p.plan_deadline || "" })),
        deadlineHint(p),
      ];
    case "demolished":
      return [
        field("move.demolished_on", el("input", { type: "date", name: "demolished_on", required: true, value: today(), max: today() })),
        field("move.demolished_area", el("input", { type: "number", name: "demolished_area_m2", min: "0.01", step: "0.01", required: true, value: p.measured_area_m2 ?? p.mapped_area_m2 ?? "" })),
        photo(),
      ];
    case "rectified":
      return [
        field("move.rectified_on", el("input", { type: "date", name: "rectified_on", required: true, value: today(), max: today() })),
        photo(),
      ];
    default:
      return [field("move.reason_optional", el("textarea", { name: "reason", rows: 2 }))];
  }
}

async function freshEtag(id) {
  return (await request("/violations/" + id)).etag;
}

async function uploadPhoto(id, file, stage) {
  const form = new FormData();
  form.set("file", file);
  form.set("owner_type", "violation");
  form.set("owner_id", String(id));
  form.set("stage", stage);
  return (await request("/photos", { method: "POST", form })).body;
}

/* Carry out a move with the form's values: the measured area first when verifying, the
   after-photo first when closing, then the move itself. */
async function doMove(record, to, data) {
  const id = record.id;
  let etag = record.etag;
  if (to === "verified" && String(data.get("measured_area_m2")) !== String(record.feature.properties.measured_area_m2 ?? "")) {
    etag = (await request("/violations/" + id, {
      method: "PATCH", ifMatch: etag, json: { properties: { measured_area_m2: Number(data.get("measured_area_m2")) } },
    })).etag;
  }
  const photo = data.get("after_photo");
  const afterPhotos = record.photos.filter((ph) => ph.stage === "after").length;
  if (to === "demolished" || to === "rectified") {
    if (photo && photo.size) {
      await uploadPhoto(id, photo, "after");
      etag = await freshEtag(id);
    } else if (!afterPhotos) {
      throw new Error(t("action.need_photo"));
    }
  }
  const body = { to };
  ["reason", "plan_measure", "plan_responsible", "plan_deadline", "demolished_on", "rectified_on"].forEach((k) => {
    const v = data.get(k);
    if (v) body[k] = v;
  });
  if (data.get("demolished_area_m2")) body.demolished_area_m2 = Number(data.get("demolished_area_m2"));
  await request("/violations/" + id + "/transitions", { method: "POST", ifMatch: etag, json: body });
}

export function actionsFor(record, done) {
  const p = record.feature.properties;
  const id = record.id;
  const afterPhotos = record.photos.filter((ph) => ph.stage === "after").length;
  const buttons = el("div", { className: "buttons" });
  const forms = el("div", {});
  const add = ([button, form]) => { buttons.appendChild(button); forms.appendChild(form); };
  (p.allowed_moves || []).forEach((to) => {
    add(action("move-" + to, t("move.to", { status: label("status", to) }), moveFields(to, p, afterPhotos),
      (data) => doMove(record, to, data), done, to === "dismissed" ? "secondary" : ""));
  });
  if (p.ledger === "new" && !p.stopped_on && STANDING.includes(p.status)) {
    add(action("stop", t("action.stop"),
      [field("action.stopped_on", el("input", { type: "date", name: "stopped_on", required: true, value: today(), max: today() }))],
      (data) => request("/violations/" + id + "/stop", { method: "POST", ifMatch: record.etag, json: { stopped_on: data.get("stopped_on") } }),
      done));
  }
  if (WRITE_OFF_FROM.includes(p.status)) {
    add(action("write-off", t("action.write_off"),
      [field("action.evidence", el("textarea", { name: "evidence", required: true, minLength: 2, rows: 3 }))],
      (data) => request("/violations/" + id + "/write-off-requests", { method: "POST", json: { evidence: data.get("evidence") } }),
      done));
  }
  const stage = el("select", { name: "stage" });
  values("stage").forEach((s) => stage.appendChild(new Option(t("photo.stage." + s), s)));
  add(action("photo", t("action.photo"),
    [field("action.stage", stage), field("action.file", el("input", { type: "file", name: "file", accept: "image/jpeg,image/png", required: true }))],
    (data) => uploadPhoto(id, data.get("file"), data.get("stage")), done, "secondary"));
  buttons.appendChild(el("button", {
    type: "button", className: "action secondary", dataset: { action: "edit-shape" },
    onclick: () => emit("edit-geometry", { id, etag: record.etag }),
  }, t("action.edit_shape")));
  return el("section", { className: "actions" }, el("h4", {}, t("action.title")), buttons, forms);
}

/* The form of a violation being registered (the properties of POST /violations, as
   api/violations/schemas.py has them: structure type, built date and found date required),
   and the words for a violation's properties, also used to say what changed meanwhile. */
import { el, today } from "./format.js";
import { t, words } from "./i18n.js";
import { label, values } from "./vocab.js";
import { field } from "./drawkit.js";

const PROPERTY_WORDS = {
  structure_type: ["结构类型", "Structure type"],
  use: ["用途", "Use"],
  floors: ["层数", "Floors"],
  built_date: ["建成日期", "Built on"],
  found_date: ["发现日期", "Found on"],
  found_by: ["发现途径", "Found by"],
  address: ["地址", "Address"],
  party_name: ["当事人", "Party (owner or occupant)"],
  party_phone: ["当事人电话", "Party's phone"],
  on_ministry_ledger: ["在住建部存量台账", "On the ministry's stock ledger"],
  on_survey5_ledger: ["在五调新增存量台账", "On the 5th survey ledger"],
  ledger_no: ["台账编号", "Ledger number"],
  measured_area_m2: ["丈量面积(m²)", "Measured area (m²)"],
  floor_area_m2: ["建筑面积(m²)", "Floor area (m²)"],
  notes: ["备注", "Notes"],
  household_id: ["户", "Household"],
  status: ["状态", "Status"],
  status_changed_at: ["状态变更时间", "Status changed at"],
  ledger: ["台账", "Ledger"],
  mapped_area_m2: ["图上面积(m²)", "Mapped area (m²)"],
  grid_id: ["网格", "Grid cell"],
  compound_id: ["小区", "Compound"],
  community_id: ["社区", "Community"],
  plan_measure: ["整治措施", "Measure"],
  plan_responsible: ["责任人", "Person responsible"],
  plan_deadline: ["整改期限", "Deadline"],
  deadline: ["整改期限（生效）", "Deadline (in force)"],
  demolished_area_m2: ["拆除面积(m²)", "Demolished area (m²)"],
  demolished_on: ["拆除日期", "Demolished on"],
  rectified_on: ["整改日期", "Rectified on"],
  stopped_on: ["制止日期", "Stopped on"],
  geom_repaired: ["轮廓经修复", "Footprint repaired"],
};
const entries = {};
Object.keys(PROPERTY_WORDS).forEach((name) => { entries["draw.p." + name] = PROPERTY_WORDS[name]; });
words(entries);
words({
  "draw.choose": ["— 请选择 —", "— choose —"],
  "draw.party": ["当事人信息", "Party"],
  "draw.ledger_flags": ["台账", "Ledgers"],
  "draw.ledger_hint": ["2018年5月前建成的，勾选其所在台账；两者都不在的为漏报存量。",
    "Built before May 2018: tick the ledger holding it; on neither, it is missed stock."],
});

const VOCAB_OF = { structure_type: "structure_type", use: "use", found_by: "found_by", status: "status", ledger: "ledger", plan_measure: "plan_measure" };

/* A property's name and value in words. */
export function propertyName(name) {
  return PROPERTY_WORDS[name] ? t("draw.p." + name) : name;
}

export function propertyValue(name, value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "draw.yes" : "draw.no");
  if (VOCAB_OF[name]) return label(VOCAB_OF[name], value);
  return String(value);
}
words({ "draw.yes": ["是", "yes"], "draw.no": ["否", "no"] });

function select(name, options, value, blank) {
  const node = el("select", { name });
  if (blank) node.appendChild(new Option(t("draw.choose"), ""));
  options.forEach((v) => node.appendChild(new Option(label(name, v), v)));
  node.value = value || "";
  return node;
}

const input = (name, type, props = {}) => el("input", Object.assign({ name, type }, props));
const f = (name, node, required) => field("draw.p." + name, node, required);

/* The form's fields, with the service's defaults filled in. */
export function violationFields() {
  const day = today();
  return [
    f("structure_type", select("structure_type", values("structure_type"), "", true), true),
    f("use", select("use", values("use"), "other")),
    f("floors", input("floors", "number", { min: 1, max: 50, step: 1, value: 1 })),
    f("built_date", input("built_date", "date", { max: day }), true),
    f("found_date", input("found_date", "date", { value: day, max: day }), true),
    f("found_by", select("found_by", values("found_by"), "sweep")),
    f("address", input("address", "text", { maxLength: 500 })),
    el("fieldset", { className: "draw-group" }, el("legend", {}, t("draw.party")),
      f("party_name", input("party_name", "text", { maxLength: 500, autocomplete: "off" })),
      f("party_phone", input("party_phone", "tel", { maxLength: 500, autocomplete: "off" }))),
    el("fieldset", { className: "draw-group" }, el("legend", {}, t("draw.ledger_flags")),
      el("p", { className: "hint" }, t("draw.ledger_hint")),
      f("on_ministry_ledger", input("on_ministry_ledger", "checkbox")),
      f("on_survey5_ledger", input("on_survey5_ledger", "checkbox")),
      f("ledger_no", input("ledger_no", "text", { maxLength: 500 }))),
    f("measured_area_m2", input("measured_area_m2", "number", { min: 0, max: 1000000, step: 0.01 })),
    f("notes", el("textarea", { name: "notes", rows: 3, maxLength: 5000 })),
  ];
}

const NUMBERS = ["floors", "measured_area_m2"];
const FLAGS = ["on_ministry_ledger", "on_survey5_ledger"];

/* The properties to send: empty fields left out (the service's defaults hold). */
export function violationProperties(form) {
  const props = {};
  Array.from(form.elements).forEach((node) => {
    if (!node.name) return;
    if (FLAGS.includes(node.name)) { props[node.name] = node.checked; return; }
    const value = node.value.trim();
    if (value === "") return;
    props[node.name] = NUMBERS.includes(node.name) ? Number(value) : value;
  });
  return props;
}

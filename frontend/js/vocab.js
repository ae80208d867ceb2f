/* The closed vocabularies of the records. Which values there are, and the sets the map
   reasons with (standing, write-off), come from api/vocabulary.py — the one source the
   database's CHECKs are tested against — through the generated vocabulary.js (the same
   as GET /api/v1/public/vocabulary). Their words in both languages and the colours of
   the statuses are the map's own (tests/test_vocabulary.py checks every value has them). */
import { words, t } from "./i18n.js";
import { VOCABULARY as SERVED } from "./vocabulary.js";

/* The values of each kind, in the service's order. */
const KINDS = {
  status: SERVED.violation.status,
  ledger: SERVED.violation.ledger,
  structure_type: SERVED.violation.structure_type,
  use: SERVED.violation.use,
  found_by: SERVED.violation.found_by,
  plan_measure: SERVED.violation.plan_measure,
  stage: SERVED.photo.stage,
  complaint_status: SERVED.complaint.status,
  channel: SERVED.complaint.channel,
};

export const STATUSES = KINDS.status;
export const STANDING = SERVED.violation.standing;
export const WRITE_OFF_FROM = SERVED.violation.write_off_from;
export const STATUS_COLORS = {
  registered: "#e53935",
  verified: "#fb8c00",
  planned: "#fdd835",
  rectifying: "#8e24aa",
  demolished: "#43a047",
  rectified: "#00897b",
  written_off: "#757575",
  dismissed: "#b0bec5",
};

const VOCAB = {
  status: {
    registered: ["已登记", "Registered"],
    verified: ["已核实", "Verified"],
    planned: ["已制定方案", "Planned"],
    rectifying: ["整治中", "Being dealt with"],
    demolished: ["已拆除", "Demolished"],
    rectified: ["已整改", "Rectified"],
    written_off: ["已销账", "Written off"],
    dismissed: ["不属违建", "Not a violation"],
  },
  ledger: {
    stock_ministry: ["存量（部台账）", "Stock (ministry ledger)"],
    stock_survey5: ["存量（五调台账）", "Stock (5th survey)"],
    stock_missed: ["存量（漏登）", "Stock (missed)"],
    new: ["新增", "New"],
  },
  structure_type: {
    rooftop_room: ["屋顶房", "Rooftop room"],
    enclosed_yard: ["圈占院落", "Enclosed yard"],
    shed: ["棚屋", "Shed"],
    extension: ["扩建", "Extension"],
    wall: ["围墙", "Wall"],
    other: ["其他", "Other"],
  },
  use: {
    dwelling: ["居住", "Dwelling"],
    storage: ["储物", "Storage"],
    business: ["经营", "Business"],
    parking: ["停车", "Parking"],
    other: ["其他", "Other"],
  },
  found_by: {
    sweep: ["排查", "Sweep"],
    complaint: ["投诉举报", "Complaint"],
    ledger_import: ["台账导入", "Ledger import"],
    other: ["其他", "Other"],
  },
  plan_measure: {
    demolish: ["拆除", "Demolish"],
    rectify: ["整改", "Rectify"],
    confiscate: ["没收", "Confiscate"],
    other: ["其他", "Other"],
  },
  complaint_status: {
    received: ["已受理", "Received"],
    assigned: ["已派单，核查中", "Assigned, being checked"],
    verified: ["经核查属实，已立案处理", "Confirmed, being dealt with"],
    unfounded: ["经核查不属实", "Unfounded"],
    closed: ["已办结", "Closed"],
  },
};

Object.keys(VOCAB).forEach((kind) => {
  const entries = {};
  Object.keys(VOCAB[kind]).forEach((value) => { entries[kind + "." + value] = VOCAB[kind][value]; });
  words(entries);
});

/* label("status", "verified") → 已核实 / Verified; an unknown value shows as it is. */
export function label(kind, value) {
  if (value === null || value === undefined || value === "") return "";
  return VOCAB[kind] && VOCAB[kind][value] ? t(kind + "." + value) : String(value);
}

/* The values of a kind, in the service's order: values("plan_measure"). */
export function values(kind) { return KINDS[kind] || []; }

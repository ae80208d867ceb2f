/* Generated from api/vocabulary.py — do not edit. Regenerate with
   python -m api.vocabulary > frontend/js/vocabulary.js
   (tests/test_vocabulary.py fails while it differs from the module). */
export const VOCABULARY = {
  "violation": {
    "status": [
      "registered",
      "verified",
      "planned",
      "rectifying",
      "demolished",
      "rectified",
      "written_off",
      "dismissed"
    ],
    "standing": [
      "registered",
      "verified",
      "planned",
      "rectifying"
    ],
    "dealt_with": [
      "demolished",
      "rectified",
      "written_off"
    ],
    "write_off_from": [
      "demolished",
      "rectified"
    ],
    "ledger": [
      "stock_ministry",
      "stock_survey5",
      "stock_missed",
      "new"
    ],
    "structure_type": [
      "rooftop_room",
      "enclosed_yard",
      "shed",
      "extension",
      "wall",
      "other"
    ],
    "use": [
      "dwelling",
      "storage",
      "business",
      "parking",
      "other"
    ],
    "found_by": [
      "sweep",
      "complaint",
      "ledger_import",
      "other"
    ],
    "plan_measure": [
      "demolish",
      "rectify",
      "confiscate",
      "other"
    ]
  },
  "photo": {
    "stage": [
      "before",
      "during",
      "after"
    ]
  },
  "complaint": {
    "status": [
      "received",
      "assigned",
      "verified",
      "unfounded",
      "closed"
    ],
    "open": [
      "received",
      "assigned"
    ],
    "channel": [
      "web",
      "hotline",
      "12345",
      "letter",
      "other"
    ]
  }
};

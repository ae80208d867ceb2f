"""Field names in a Shapefile: dBase allows 10 characters. Every property name longer
than that has its fixed short name here — the same in every export, listed in
docs/exports.md (a test keeps the two, and every collection's properties, in step) —
rather than GDAL's automatic truncation, which depends on the order of the fields."""

SHAPEFILE_NAMES: dict[str, str] = {
    "allowed_moves": "allowed_mv",
    "assigned_at": "assign_at",
    "assigned_to": "assign_to",
    "community_id": "community",
    "compound_id": "compound",
    "demolished_area_m2": "demol_m2",
    "demolished_on": "demol_on",
    "description": "descript",
    "external_ref": "ext_ref",
    "floor_area_m2": "floor_m2",
    "geom_repaired": "geom_rep",
    "household_id": "household",
    "mapped_area_m2": "mapped_m2",
    "measured_area_m2": "measur_m2",
    "on_ministry_ledger": "ledger_min",
    "on_survey5_ledger": "ledger_s5",
    "party_phone": "party_tel",
    "plan_deadline": "plan_due",
    "plan_measure": "plan_meas",
    "plan_responsible": "plan_resp",
    "received_at": "recv_at",
    "rectified_on": "rectif_on",
    "reporter_name": "rep_name",
    "reporter_phone": "rep_phone",
    "responded_at": "resp_at",
    "response_deadline": "resp_due",
    "sight_radius_m": "sight_r_m",
    "status_changed_at": "status_at",
    "status_label": "status_lbl",
    "stop_overdue": "stop_late",
    "structure_type": "structure",
    "tracking_no": "track_no",
    "violation_id": "violation",
}


def shapefile_name(name: str) -> str:
    """The name a property has in a Shapefile's .dbf."""
    if len(name) <= 10:
        return name
    return SHAPEFILE_NAMES[name]

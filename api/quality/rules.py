"""The data-quality rules (三、工作原则 (三): 数据真实可靠，不能自相矛盾；不能缺项、漏项),
one entry per rule: its name, what it checks (Chinese and English), its severity, the
kind of record it flags, and one small SQL (api/quality/rule.py says what the SQL
answers and which parameters it gets).
"""

from api.quality.rule import LIVE, Rule, blank, standing
from api.violations.tables import DEADLINE, NEW_DAYS, OVERDUE, STOP_OVERDUE

HOUSEHOLD_FIELDS = Rule(
    name="household_fields_missing",
    title_zh="户信息缺项",
    description_zh="户的当事人、联系电话不得为空（确实没有的填写“无”）。",
    description="A household needs its party's name and phone (write 无 where there is none).",
    severity="error",
    record_type="household",
    sql=f"""
SELECT h.id AS record_id, h.community_id, NULL::bigint AS related_id,
       'missing ' || array_to_string(m.missing, ', ') || ': fill them in on household '
       || h.id || ' (PATCH /api/v1/households/' || h.id || '); where there is none, write 无'
FROM household h
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN {blank("h.party_name")} THEN 'party_name (当事人)' END,
    CASE WHEN {blank("h.party_phone")} THEN 'party_phone (联系电话)' END
], NULL) AS missing) m
WHERE h.deleted_at IS NULL AND h.community_id = ANY(%(communities)s)
  AND cardinality(m.missing) > 0""",
)

_PLANNED = "t.status IN ('planned', 'rectifying')"
VIOLATION_FIELDS = Rule(
    name="violation_fields_missing",
    title_zh="违建信息缺项",
    description_zh="未关联户的违建须有位置和当事人；核实后须有丈量面积；制定方案后须有治理措施、"
    "责任人和完成期限；列入存量台账的须有台账编号。",
    description="A violation without a household needs its address and party; once "
    "verified, its measured area; once planned (and while rectifying), its measure, "
    "person responsible and a deadline (its own or its compound's); on a stock ledger, "
    "its ledger number.",
    severity="error",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'missing ' || array_to_string(m.missing, '; ') || ': fill them in on violation '
       || t.id || ' (PATCH /api/v1/violations/' || t.id || ')'
FROM violation t
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN t.household_id IS NULL AND {blank("t.address")}
         THEN 'address (位置), or link it to its household' END,
    CASE WHEN t.household_id IS NULL AND {blank("t.party_name")}
         THEN 'party_name (当事人), or link it to its household' END,
    CASE WHEN t.status <> 'registered' AND t.measured_area_m2 IS NULL
         THEN 'measured_area_m2 (丈量面积), needed once verified' END,
    CASE WHEN {_PLANNED} AND t.plan_measure IS NULL THEN 'plan_measure (治理措施)' END,
    CASE WHEN {_PLANNED} AND {blank("t.plan_responsible")}
         THEN 'plan_responsible (责任人)' END,
    CASE WHEN {_PLANNED} AND {DEADLINE} IS NULL
         THEN 'plan_deadline (完成期限), or a deadline on its compound' END,
    CASE WHEN (t.on_ministry_ledger OR t.on_survey5_ledger) AND {blank("t.ledger_no")}
         THEN 'ledger_no (台账编号) of the stock ledger it is on' END
], NULL) AS missing) m
WHERE {LIVE} AND cardinality(m.missing) > 0""",
)

GEOMETRY_REPAIRED = Rule(
    name="geometry_repaired",
    title_zh="图斑经自动修复",
    description_zh="图斑录入时无效、由系统自动修复，须核对。",
    description="The footprint was invalid when drawn and the service repaired it: check it.",
    severity="warning",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'its footprint was invalid when drawn and was repaired automatically (keeping its '
       || 'polygonal part): compare it with the photos and the measurement, then redraw it, '
       || 'or send it again as it is to confirm it (PATCH /api/v1/violations/' || t.id || ')'
FROM violation t
WHERE {LIVE} AND t.geom_repaired""",
)

OUTSIDE_COMPOUND = Rule(
    name="outside_compound",
    title_zh="图斑超出小区",
    description_zh="图斑超出所属小区边界的面积超过其面积的规定比例。",
    description="More than WEIJIAN_QUALITY_OUTSIDE_COMPOUND_SHARE (5%) of the footprint's "
    "area lies outside its compound.",
    severity="warning",
    record_type="violation",
    related_type="compound",
    sql=f"""
SELECT x.id, x.community_id, x.compound_id,
       round(100 * x.outside / x.mapped_area_m2)::text || '%% of its footprint ('
       || round(x.outside::numeric, 1) || ' of ' || round(x.mapped_area_m2::numeric, 1)
       || ' m²) lies outside its compound ' || x.compound_name || ': redraw the footprint, '
       || 'or ask the street office to correct the compound''s boundary'
FROM (
    SELECT t.id, t.community_id, t.compound_id, t.mapped_area_m2, c.name AS compound_name,
           CASE WHEN ST_CoveredBy(t.geom, c.geom) THEN 0
                ELSE ST_Area(ST_Difference(t.geom, c.geom)::geography) END AS outside
    FROM violation t JOIN compound c ON c.id = t.compound_id
    WHERE {LIVE}
) x
WHERE x.outside > %(outside_share)s * x.mapped_area_m2""",
)

OVERLAPPING = Rule(
    name="overlapping_footprints",
    title_zh="图斑重叠（疑似重复登记）",
    description_zh="两处未拆除违建的图斑重叠面积超过较小者面积的规定比例，疑似重复登记；"
    "每对只报一次，记在后登记的一处。",
    description="Two standing footprints overlap by more than WEIJIAN_QUALITY_OVERLAP_SHARE "
    "(20%) of the smaller: probably one structure registered twice. Each pair is reported "
    "once, on the later-registered violation.",
    severity="warning",
    record_type="violation",
    related_type="violation",
    sql=f"""
SELECT t.id, t.community_id, a.id,
       'its footprint overlaps violation ' || a.id || ' by '
       || round(100 * s.shared / least(a.mapped_area_m2, t.mapped_area_m2))::text
       || '%% of the smaller (' || round(s.shared::numeric, 1) || ' m²): probably the same '
       || 'structure registered twice — if so, delete this one (DELETE /api/v1/violations/'
       || t.id || '?reason=…), else redraw the footprints'
FROM violation t
JOIN violation a ON a.id < t.id AND ST_Intersects(a.geom, t.geom)
CROSS JOIN LATERAL (SELECT ST_Area(ST_Intersection(a.geom, t.geom)::geography) AS shared) s
WHERE {LIVE} AND {standing("t")}
  AND a.deleted_at IS NULL AND {standing("a")}
  AND (%(visible)s::bigint[] IS NULL OR a.community_id = ANY(%(visible)s))
  AND s.shared > %(overlap_share)s * least(a.mapped_area_m2, t.mapped_area_m2)""",
)

AREA_MISMATCH = Rule(
    name="area_mismatch",
    title_zh="丈量面积与图斑面积不符",
    description_zh="现场丈量面积与图斑面积之差超过图斑面积的规定比例。",
    description="The measured area differs from the mapped footprint's area by more than "
    "WEIJIAN_QUALITY_AREA_MISMATCH_SHARE (30%) of the mapped area.",
    severity="warning",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'its measured area ' || t.measured_area_m2 || ' m² differs from its mapped footprint''s '
       || round(t.mapped_area_m2::numeric, 2) || ' m² by '
       || round(100 * abs(t.measured_area_m2 - t.mapped_area_m2::numeric)
                / t.mapped_area_m2::numeric)::text
       || '%% of it: measure it again on site (面积丈量), or redraw the footprint'
FROM violation t
WHERE {LIVE} AND t.measured_area_m2 IS NOT NULL
  AND abs(t.measured_area_m2::float8 - t.mapped_area_m2) > %(area_share)s * t.mapped_area_m2""",
)

DATES_OUT_OF_ORDER = Rule(
    name="dates_out_of_order",
    title_zh="日期先后矛盾",
    description_zh="建成日期晚于发现日期，制止、拆除、整改日期早于发现日期，或日期在未来。",
    description="Built after it was found; stopped, demolished or rectified before it was "
    "found; or a date in the future.",
    severity="error",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       array_to_string(m.wrong, '; ') || ': correct the wrong date — found_date by PATCH '
       || '/api/v1/violations/' || t.id || ', built_date by POST /api/v1/violations/' || t.id
       || '/ledger with a reason; a wrong stopping, demolition or rectification date needs '
       || 'the street office'
FROM violation t
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN t.built_date > t.found_date
         THEN 'built ' || t.built_date || ', after it was found ' || t.found_date END,
    CASE WHEN t.found_date > current_date THEN 'found ' || t.found_date || ', in the future' END,
    CASE WHEN t.stopped_on < t.found_date
         THEN 'stopped ' || t.stopped_on || ', before it was found ' || t.found_date END,
    CASE WHEN t.demolished_on < t.found_date
         THEN 'demolished ' || t.demolished_on || ', before it was found ' || t.found_date END,
    CASE WHEN t.rectified_on < t.found_date
         THEN 'rectified ' || t.rectified_on || ', before it was found ' || t.found_date END,
    CASE WHEN greatest(t.stopped_on, t.demolished_on, t.rectified_on) > current_date
         THEN 'stopped, demolished or rectified in the future ('
              || greatest(t.stopped_on, t.demolished_on, t.rectified_on) || ')' END
], NULL) AS wrong) m
WHERE {LIVE} AND cardinality(m.wrong) > 0""",
)

_AFTER_PHOTO = (
    "EXISTS (SELECT 1 FROM photo p WHERE p.owner_type = 'violation' AND p.owner_id = t.id "
    "AND p.stage = 'after' AND p.deleted_at IS NULL)"
)
REMOVED_WITHOUT_EVIDENCE = Rule(
    name="removed_without_evidence",
    title_zh="拆除（整改）缺少证据",
    description_zh="已拆除的缺拆除日期、拆除面积或拆除后照片；已整改的缺整改日期或整改后照片；"
    "已销账的同样须有。",
    description="Demolished without its date, demolished area or an after-photo; rectified "
    "without its date or an after-photo; written off without either date. Written-off "
    "records keep the evidence of how they were removed.",
    severity="error",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       replace(t.status, '_', ' ') || ' without ' || array_to_string(m.missing, ', ')
       || ': upload the after-photo (POST /api/v1/photos, stage=after); a missing date or '
       || 'area was lost on import — ask the street office to record it'
FROM violation t
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN t.status = 'demolished' AND t.demolished_on IS NULL
         THEN 'the day it was demolished (demolished_on)' END,
    CASE WHEN (t.status = 'demolished' OR t.demolished_on IS NOT NULL)
              AND t.demolished_area_m2 IS NULL
         THEN 'the demolished area (demolished_area_m2)' END,
    CASE WHEN t.status = 'rectified' AND t.rectified_on IS NULL
         THEN 'the day it was rectified (rectified_on)' END,
    CASE WHEN t.status = 'written_off' AND t.demolished_on IS NULL AND t.rectified_on IS NULL
         THEN 'the day it was demolished or rectified' END,
    CASE WHEN NOT {_AFTER_PHOTO} THEN 'an after-photo (拆除/整改后照片)' END
], NULL) AS missing) m
WHERE {LIVE} AND t.status IN ('demolished', 'rectified', 'written_off')
  AND cardinality(m.missing) > 0""",
)

PAST_DEADLINE = Rule(
    name="past_deadline",
    title_zh="逾期未完成治理",
    description_zh="超过完成期限（方案期限，否则小区期限）仍未拆除或整改。",
    description="Still standing past its deadline (the plan's, else its compound's).",
    severity="error",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'still ' || t.status || ', ' || (current_date - d.deadline) || ' days past its '
       || 'deadline ' || d.deadline || ': demolish or rectify it, or ask the street office '
       || 'whether the deadline should move'
FROM violation t
CROSS JOIN LATERAL (SELECT {DEADLINE} AS deadline) d
WHERE {LIVE} AND {OVERDUE}""",
)

_NOT_STOPPED = "t.stopped_on IS NULL"
NEW_NOT_STOPPED = Rule(
    name="new_not_stopped",
    title_zh="新增违建未及时制止",
    description_zh="新增违建发现后超过规定天数仍未制止（发现一起，制止一起）。",
    description="New construction still not stopped WEIJIAN_NEW_CONSTRUCTION_DAYS (7) days "
    "after it was found (zero tolerance: 发现一起，制止一起).",
    severity="error",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'new construction found ' || t.found_date || ' is still not stopped '
       || (current_date - t.found_date) || ' days later (the limit is ' || {NEW_DAYS}
       || '): stop it at once and record it (POST /api/v1/violations/' || t.id || '/stop)'
FROM violation t
WHERE {LIVE} AND {STOP_OVERDUE} AND {_NOT_STOPPED}""",
)

NEW_STOPPED_LATE = Rule(
    name="new_stopped_late",
    title_zh="新增违建制止不及时",
    description_zh="新增违建在发现后超过规定天数才制止。",
    description="New construction stopped later than WEIJIAN_NEW_CONSTRUCTION_DAYS after it "
    "was found.",
    severity="warning",
    record_type="violation",
    sql=f"""
SELECT t.id, t.community_id, NULL::bigint,
       'new construction found ' || t.found_date || ' was stopped only on ' || t.stopped_on
       || ', ' || (t.stopped_on - t.found_date) || ' days later (the limit is ' || {NEW_DAYS}
       || '): say why in its notes, so the street office can judge it'
FROM violation t
WHERE {LIVE} AND {STOP_OVERDUE} AND NOT {_NOT_STOPPED}""",
)

PHOTO_FAR = Rule(
    name="photo_far_from_violation",
    title_zh="照片位置远离违建",
    description_zh="照片拍摄位置（EXIF GPS）距违建图斑超过规定距离。",
    description="A violation's photo was taken (EXIF GPS) farther than "
    "WEIJIAN_PHOTO_GPS_WARNING_M (100 m) from its footprint, as measured at upload.",
    severity="warning",
    record_type="photo",
    related_type="violation",
    sql=f"""
SELECT p.id, t.community_id, t.id,
       'photo ' || p.id || ' (' || p.stage || ') of violation ' || t.id || ' was taken '
       || round(p.gps_distance_m::numeric) || ' m from its footprint (more than '
       || %(gps_m)s::numeric || ' m): check that it shows this structure; if not, remove it '
       || '(DELETE /api/v1/photos/' || p.id || '?reason=…) and upload the right one'
FROM photo p
JOIN violation t ON t.id = p.owner_id
WHERE p.owner_type = 'violation' AND p.deleted_at IS NULL AND {LIVE}
  AND p.gps_distance_m > %(gps_m)s""",
)

AFTER_PHOTO_TOO_EARLY = Rule(
    name="after_photo_too_early",
    title_zh="整治后照片早于发现或整治前照片",
    description_zh="违建的整治后照片拍摄时间（EXIF）早于其发现日期，或早于其最近一张整治前照片。",
    description="A violation's after-photo was taken (EXIF) before the day the violation was "
    "found, or before its latest before-photo: it cannot show the structure removed. The "
    "upload refuses such photos; this finds those that came in otherwise, or whose "
    "violation's found date was moved later.",
    severity="error",
    record_type="photo",
    related_type="violation",
    sql=f"""
SELECT p.id, t.community_id, t.id,
       'after-photo ' || p.id || ' of violation ' || t.id || ' was taken '
       || to_char(p.taken_at, 'YYYY-MM-DD HH24:MI') || ' (EXIF), before '
       || CASE WHEN p.taken_at::date < t.found_date
               THEN 'the violation was found on ' || t.found_date
               ELSE 'its before-photo ' || b.id || ' ('
                    || to_char(b.taken_at, 'YYYY-MM-DD HH24:MI') || ')' END
       || ': it cannot show the structure removed — take a new after-photo, remove this one '
       || '(DELETE /api/v1/photos/' || p.id || '?reason=…), or correct the found date'
FROM photo p
JOIN violation t ON t.id = p.owner_id
LEFT JOIN LATERAL (
    SELECT q.id, q.taken_at FROM photo q
    WHERE q.owner_type = 'violation' AND q.owner_id = t.id AND q.stage = 'before'
      AND q.deleted_at IS NULL AND q.taken_at IS NOT NULL
    ORDER BY q.taken_at DESC, q.id DESC LIMIT 1
) b ON true
WHERE p.owner_type = 'violation' AND p.stage = 'after' AND p.deleted_at IS NULL AND {LIVE}
  AND (p.taken_at::date < t.found_date OR p.taken_at < b.taken_at)""",
)

RULES: tuple[Rule, ...] = (
    HOUSEHOLD_FIELDS,
    VIOLATION_FIELDS,
    GEOMETRY_REPAIRED,
    OUTSIDE_COMPOUND,
    OVERLAPPING,
    AREA_MISMATCH,
    DATES_OUT_OF_ORDER,
    REMOVED_WITHOUT_EVIDENCE,
    PAST_DEADLINE,
    NEW_NOT_STOPPED,
    NEW_STOPPED_LATE,
    PHOTO_FAR,
    AFTER_PHOTO_TOO_EARLY,
)
RULE_NAMES = tuple(rule.name for rule in RULES)

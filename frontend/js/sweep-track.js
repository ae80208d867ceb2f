/* A GPS track file read in the browser: GPX (through @tmcw/togeojson) or GeoJSON (a
   LineString/MultiLineString/Polygon/MultiPolygon, as a geometry, Feature or
   FeatureCollection). Gives the track as one geometry — a LineString (segments joined in
   order) or the ground as a (Multi)Polygon — with the first and last time recorded. */
import { t, words } from "./i18n.js";

words({
  "gps.unreadable": ["无法读取文件：{detail}", "Cannot read the file: {detail}"],
  "gps.empty": ["文件中没有轨迹或范围（需要线或面）", "The file holds no track or area (a line or polygon is needed)"],
  "gps.short": ["轨迹少于两个点", "The track has fewer than two points"],
});

const LINES = ["LineString", "MultiLineString"];
const AREAS = ["Polygon", "MultiPolygon"];

class TrackError extends Error {}

function geometriesOf(data) {
  if (!data || typeof data !== "object") return [];
  if (data.type === "FeatureCollection") return (data.features || []).flatMap(geometriesOf);
  if (data.type === "Feature") {
    if (!data.geometry) return [];
    return geometriesOf(data.geometry).map((g) => Object.assign({}, g, { _properties: data.properties || {} }));
  }
  if (data.type === "GeometryCollection") return (data.geometries || []).flatMap(geometriesOf);
  return data.type && data.coordinates ? [data] : [];
}

const flat2d = (positions) => positions.map((p) => [Number(p[0]), Number(p[1])]);

/* The times of a Feature's positions (togeojson: coordinateProperties.times). */
function timesOf(properties) {
  const cp = properties && properties.coordinateProperties;
  const times = (cp && cp.times) || (properties && properties.times) || [];
  return times.flat(Infinity).filter((x) => typeof x === "string" || typeof x === "number");
}

/* {geometry, kind: "track"|"area", parts, points, start, end} from parsed GeoJSON. */
export function trackFromGeoJSON(data) {
  const geometries = geometriesOf(data);
  const lines = geometries.filter((g) => LINES.includes(g.type));
  const times = lines.flatMap((g) => timesOf(g._properties))
    .map((x) => new Date(x)).filter((d) => !Number.isNaN(d.getTime()))
    .sort((a, b) => a - b);
  const span = { start: times.length ? times[0] : null, end: times.length ? times[times.length - 1] : null };
  if (lines.length) {
    const parts = lines.flatMap((g) => (g.type === "LineString" ? [g.coordinates] : g.coordinates)).filter((p) => p.length);
    let coordinates = [];
    parts.forEach((part) => {
      flat2d(part).forEach((pos) => {
        const last = coordinates[coordinates.length - 1];
        if (!last || last[0] !== pos[0] || last[1] !== pos[1]) coordinates.push(pos);
      });
    });
    if (coordinates.length < 2) throw new TrackError(t("gps.short"));
    return { geometry: { type: "LineString", coordinates }, kind: "track", parts: parts.length, points: coordinates.length, ...span };
  }
  const areas = geometries.filter((g) => AREAS.includes(g.type));
  if (!areas.length) throw new TrackError(t("gps.empty"));
  const polygons = areas.flatMap((g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates))
    .map((rings) => rings.map(flat2d));
  const geometry = polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] }
    : { type: "MultiPolygon", coordinates: polygons };
  return { geometry, kind: "area", parts: polygons.length, points: 0, ...span };
}

/* Read a File: GPX (XML) or GeoJSON (JSON), by its content. */
export async function readTrack(file) {
  const text = await file.text();
  const head = text.trimStart();
  if (head.startsWith("<")) {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const broken = doc.getElementsByTagName("parsererror")[0];
    if (broken) throw new TrackError(t("gps.unreadable", { detail: broken.textContent.split("\n")[0] }));
    return trackFromGeoJSON(toGeoJSON.gpx(doc));
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TrackError(t("gps.unreadable", { detail: error.message }));
  }
  return trackFromGeoJSON(data);
}

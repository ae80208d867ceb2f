/* A record's photos as thumbnails with their stage and EXIF capture time; a click shows
   the photo itself. Photos need the login token, so they are fetched and shown as object
   URLs (released when the panel is redrawn). */
import { imageUrl } from "./api.js";
import { el, num, when } from "./format.js";
import { t, words } from "./i18n.js";
import { state } from "./bus.js";

words({
  "photo.stage.before": ["整治前", "Before"],
  "photo.stage.during": ["整治中", "During"],
  "photo.stage.after": ["整治后", "After"],
  "photo.none": ["暂无照片", "No photos"],
  "photo.taken": ["拍摄：{at}", "Taken {at}"],
  "photo.no_time": ["无拍摄时间（EXIF）", "No capture time (EXIF)"],
  "photo.far": ["拍摄位置距图斑 {m} 米", "Taken {m} m from the footprint"],
  "photo.close": ["关闭", "Close"],
});

let urls = [];

function release() {
  urls.forEach((u) => URL.revokeObjectURL(u));
  urls = [];
}

async function show(photo) {
  const url = await imageUrl("/photos/" + photo.id + "/file");
  urls.push(url);
  const box = el("div", { className: "lightbox", role: "dialog", onclick: () => box.remove() },
    el("img", { src: url, alt: photo.caption || "" }),
    el("p", {}, caption(photo)),
    el("button", { type: "button", className: "action secondary" }, t("photo.close")));
  document.body.appendChild(box);
}

function caption(photo) {
  const parts = [t("photo.stage." + photo.stage)];
  parts.push(photo.taken_at ? t("photo.taken", { at: when(photo.taken_at) }) : t("photo.no_time"));
  if (photo.caption) parts.push(photo.caption);
  return parts.join(" · ");
}

export function gallery(photos) {
  release();
  if (!photos.length) return el("p", { className: "muted" }, t("photo.none"));
  const list = el("ul", { className: "gallery" });
  photos.forEach((photo) => {
    const img = el("img", { alt: caption(photo), loading: "lazy", width: 96, height: 72 });
    imageUrl("/photos/" + photo.id + "/thumbnail").then((url) => { urls.push(url); img.src = url; }).catch(() => {});
    const far = photo.gps_distance_m !== null && photo.gps_distance_m !== undefined && photo.gps_distance_m > ((state.config && state.config.photo_gps_warning_m) || 100);
    list.appendChild(el("li", { dataset: { photoId: photo.id, stage: photo.stage } },
      el("button", { type: "button", className: "thumb", onclick: () => show(photo) }, img),
      el("span", { className: "stage" }, t("photo.stage." + photo.stage)),
      el("span", { className: "taken" }, photo.taken_at ? when(photo.taken_at) : t("photo.no_time")),
      far ? el("span", { className: "warn" }, t("photo.far", { m: num(photo.gps_distance_m, 0) })) : null));
  });
  return list;
}

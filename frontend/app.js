/* 违建治理地图 — the first slice of Weijian's map app.
   Plain browser JavaScript over Leaflet (frontend/node_modules); no build step, no base map
   tiles (intranets are offline): the boundaries and footprints are drawn on a plain background. */
(function () {
  "use strict";

  var API = "/api/v1";
  var TOKEN_KEY = "weijian.token";

  var STATUS = {
    registered: { label: "已登记", color: "#e53935" },
    verified: { label: "已核实", color: "#fb8c00" },
    planned: { label: "已制定方案", color: "#fdd835" },
    rectifying: { label: "整改中", color: "#8e24aa" },
    demolished: { label: "已拆除", color: "#43a047" },
    rectified: { label: "已整改", color: "#00897b" },
    written_off: { label: "已销账", color: "#757575" },
    dismissed: { label: "不予认定", color: "#b0bec5" }
  };
  var LEDGER = {
    stock_ministry: "存量（部台账）",
    stock_survey5: "存量（五调台账）",
    stock_missed: "存量（漏登）",
    "new": "新增"
  };
  var STRUCTURE = { rooftop_room: "屋顶房", enclosed_yard: "圈占院落", shed: "棚屋", extension: "扩建", wall: "围墙", other: "其他" };
  var USE = { dwelling: "居住", storage: "储物", business: "经营", parking: "停车", other: "其他" };
  var FOUND_BY = { sweep: "排查", complaint: "投诉举报", ledger_import: "台账导入", other: "其他" };
  var MEASURE = { demolish: "拆除", rectify: "整改", confiscate: "没收", other: "其他" };
  // Coverage of the grid cells by sweeps: upper bounds of the classes and their colours.
  var COVERAGE = [
    { upTo: 0.25, label: "< 25%", color: "#deebf7" },
    { upTo: 0.5, label: "25% – 50%", color: "#9ecae1" },
    { upTo: 0.75, label: "50% – 75%", color: "#4292c6" },
    { upTo: Infinity, label: "≥ 75%", color: "#08519c" }
  ];
  var NO_COVERAGE = { label: "无数据", color: "#ffffff" };

  var $ = function (id) { return document.getElementById(id); };
  var map = null;
  var layers = { compound: null, grids: null, violations: null };
  var byId = {}; // violation id → its Leaflet layer
  var selectedId = null;
  var loadSeq = 0; // ignores answers to a compound no longer chosen

  // ---- the API ---------------------------------------------------------------------------
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function problemText(body, fallback) {
    if (body && typeof body.detail === "string") return body.detail;
    if (body && Array.isArray(body.detail)) return body.detail.map(function (d) { return d.msg; }).join("；");
    return fallback;
  }

  function api(path) {
    return fetch(API + path, { headers: { Authorization: "Bearer " + token() } }).then(function (r) {
      if (r.status === 401) {
        showLogin("登录已过期，请重新登录");
        throw new Error("401");
      }
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(problemText(body, "请求失败（" + r.status + "）"));
        return body;
      });
    });
  }

  // ---- login -----------------------------------------------------------------------------
  function showLogin(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    $("app-view").hidden = true;
    $("logout").hidden = true;
    $("whoami").hidden = true;
    $("login-view").hidden = false;
    var err = $("login-error");
    err.textContent = message || "";
    err.hidden = !message;
  }

  function showApp() {
    $("login-view").hidden = true;
    $("app-view").hidden = false;
    $("logout").hidden = false;
    if (!map) initMap(); else map.invalidateSize();
    api("/auth/me").then(function (me) {
      var name = me.username || (me.user && me.user.username) || "";
      $("whoami").textContent = name ? "当前用户：" + name : "";
      $("whoami").hidden = !name;
    }).catch(function () { /* the name is a nicety */ });
    loadCommunities();
  }

  $("login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = new URLSearchParams();
    form.set("username", $("username").value.trim());
    form.set("password", $("password").value);
    $("login-error").hidden = true;
    fetch(API + "/auth/token", { method: "POST", body: form }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (r.ok && body.access_token) {
          sessionStorage.setItem(TOKEN_KEY, body.access_token);
          $("password").value = "";
          showApp();
        } else if (r.status === 401 || r.status === 400) {
          showLogin("用户名或密码错误");
        } else if (r.status === 429) {
          showLogin("尝试次数过多，请稍后再试：" + problemText(body, ""));
        } else {
          showLogin(problemText(body, "登录失败（" + r.status + "）"));
        }
      });
    }).catch(function () { showLogin("无法连接服务器"); });
  });

  $("logout").addEventListener("click", function () {
    var t = token();
    if (t) fetch(API + "/auth/logout", { method: "POST", headers: { Authorization: "Bearer " + t } }).catch(function () {});
    showLogin("");
  });

  // ---- communities and compounds ---------------------------------------------------------
  function fillSelect(select, placeholder, features) {
    select.innerHTML = "";
    select.appendChild(new Option(placeholder, ""));
    features.forEach(function (f) {
      var p = f.properties || {};
      var label = (p.name || "") + (p.code ? "（" + p.code + "）" : "");
      select.appendChild(new Option(label || String(f.id), String(f.id)));
    });
  }

  var compounds = {}; // id → feature, of the chosen community

  function loadCommunities() {
    setStatus("正在加载社区…");
    api("/communities?limit=1000").then(function (fc) {
      fillSelect($("community"), "— 请选择社区 —", fc.features);
      setStatus(fc.features.length ? "请选择社区和小区" : "没有可查看的社区");
    }).catch(reportError);
  }

  $("community").addEventListener("change", function () {
    var id = this.value;
    clearCompound();
    var select = $("compound");
    fillSelect(select, "— 请选择小区 —", []);
    select.disabled = true;
    compounds = {};
    if (!id) return;
    setStatus("正在加载小区…");
    api("/compounds?limit=1000&community_id=" + encodeURIComponent(id)).then(function (fc) {
      if ($("community").value !== id) return;
      fc.features.forEach(function (f) { compounds[f.id] = f; });
      fillSelect(select, "— 请选择小区 —", fc.features);
      select.disabled = false;
      setStatus(fc.features.length ? "请选择小区" : "该社区没有小区");
    }).catch(reportError);
  });

  $("compound").addEventListener("change", function () {
    if (this.value) loadCompound(Number(this.value)); else clearCompound();
  });

  // ---- the map ---------------------------------------------------------------------------
  function initMap() {
    map = L.map("map", {
      attributionControl: false, // no tiles, nothing to attribute, and no outside links
      minZoom: 3,
      maxZoom: 22,
      zoomSnap: 0.25
    }).setView([39.25, 117.78], 12);
    L.control.scale({ imperial: false }).addTo(map);
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      div.id = "legend";
      var html = '<button type="button" class="legend-toggle" aria-expanded="true">图例</button>' +
        '<div class="legend-body"><h4>违建状态</h4><div class="items">';
      Object.keys(STATUS).forEach(function (k) {
        html += '<div data-status="' + k + '"><span class="swatch" style="background:' + STATUS[k].color + '"></span>' + STATUS[k].label + "</div>";
      });
      html += '</div><h4>网格排查覆盖率</h4><div class="items">';
      COVERAGE.forEach(function (c) {
        html += '<div><span class="swatch" style="background:' + c.color + '"></span>' + c.label + "</div>";
      });
      html += '<div><span class="swatch" style="background:' + NO_COVERAGE.color + '"></span>' + NO_COVERAGE.label + "</div></div></div>";
      div.innerHTML = html;
      // On a phone the legend starts folded, so that it does not hide the map.
      var toggle = div.querySelector(".legend-toggle");
      var fold = function (folded) {
        div.classList.toggle("folded", folded);
        toggle.setAttribute("aria-expanded", String(!folded));
      };
      fold(window.matchMedia("(max-width: 700px)").matches);
      toggle.addEventListener("click", function () { fold(!div.classList.contains("folded")); });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
    window.addEventListener("resize", function () { map.invalidateSize(); });
  }

  function clearCompound() {
    loadSeq += 1;
    Object.keys(layers).forEach(function (k) {
      if (layers[k]) { map.removeLayer(layers[k]); layers[k] = null; }
    });
    byId = {};
    selectedId = null;
    $("violation-list").innerHTML = "";
    $("violation-table").hidden = true;
  }

  function coverageColor(ratio) {
    if (ratio === null || ratio === undefined || ratio === "") return NO_COVERAGE.color;
    var r = Number(ratio);
    for (var i = 0; i < COVERAGE.length; i++) if (r < COVERAGE[i].upTo) return COVERAGE[i].color;
    return COVERAGE[COVERAGE.length - 1].color;
  }

  function statusStyle(status, selected) {
    var s = STATUS[status] || { color: "#000" };
    return {
      color: selected ? "#00e5ff" : "#333",
      weight: selected ? 4 : 1,
      fillColor: s.color,
      fillOpacity: 0.85
    };
  }

  function loadCompound(id) {
    clearCompound();
    var seq = loadSeq;
    var compound = compounds[id];
    if (compound) {
      layers.compound = L.geoJSON(compound, {
        interactive: false,
        className: "wj-compound",
        style: { color: "#d84315", weight: 3, fill: false, dashArray: "6 4" }
      }).addTo(map);
      map.fitBounds(layers.compound.getBounds(), { padding: [20, 20] });
    }
    setStatus("正在加载网格和违建…");
    var grids = api("/stats/grids?f=geojson&compound_id=" + id);
    var violations = api("/violations?limit=1000&compound_id=" + id);
    Promise.all([grids, violations]).then(function (answers) {
      if (seq !== loadSeq) return;
      drawGrids(answers[0]);
      drawViolations(answers[1]);
      if (layers.compound) layers.compound.bringToFront();
      if (layers.violations) layers.violations.bringToFront();
      var n = answers[1].features.length;
      var matched = answers[1].numberMatched;
      setStatus("网格 " + answers[0].features.length + " 个；违建 " + n + " 处" +
        (matched > n ? "（共 " + matched + " 处，仅显示前 " + n + " 处）" : ""));
    }).catch(reportError);
  }

  function drawGrids(fc) {
    layers.grids = L.geoJSON(fc, {
      className: "wj-grid",
      style: function (f) {
        return { color: "#607d8b", weight: 1, fillColor: coverageColor(f.properties.coverage_ratio), fillOpacity: 0.6 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(popupTable("网格 " + (p.name || p.code || f.id), [
          ["网格编码", p.code],
          ["面积(m²)", fmtNum(p.area_m2)],
          ["排查覆盖率", p.coverage_ratio === null || p.coverage_ratio === undefined ? "无数据" : (Number(p.coverage_ratio) * 100).toFixed(1) + "%"],
          ["排查次数", p.sweeps],
          ["最近排查", p.last_swept_at],
          ["现存违建(处)", p.violations_standing],
          ["违建占地(m²)", fmtNum(p.occupied_m2)]
        ]));
      }
    }).addTo(map);
    if (!layers.compound && fc.features.length) map.fitBounds(layers.grids.getBounds(), { padding: [20, 20] });
  }

  function drawViolations(fc) {
    var tbody = $("violation-list");
    layers.violations = L.geoJSON(fc, {
      className: "wj-violation",
      style: function (f) { return statusStyle(f.properties.status, false); },
      onEachFeature: function (f, layer) {
        byId[f.id] = layer;
        layer.bindPopup(violationPopup(f), { maxWidth: 320 });
        layer.on("click", function () { select(f.id, false); });
      }
    }).addTo(map);
    fc.features.forEach(function (f) {
      var p = f.properties;
      var tr = document.createElement("tr");
      tr.dataset.id = f.id;
      var status = STATUS[p.status] || { label: p.status, color: "#000" };
      var cells = [
        ["", String(f.id)],
        ["", null],
        ["", LEDGER[p.ledger] || p.ledger || "—"],
        ["num", fmtNum(p.measured_area_m2 != null ? p.measured_area_m2 : p.mapped_area_m2)],
        [p.overdue ? "overdue" : "", (p.deadline || "—") + (p.overdue ? "（逾期）" : "")]
      ];
      cells.forEach(function (c, i) {
        var td = document.createElement("td");
        if (c[0]) td.className = c[0];
        if (i === 1) {
          var sw = document.createElement("span");
          sw.className = "swatch";
          sw.style.background = status.color;
          td.appendChild(sw);
          td.appendChild(document.createTextNode(status.label));
        } else {
          td.textContent = c[1];
        }
        tr.appendChild(td);
      });
      tr.addEventListener("click", function () { select(f.id, true); });
      tbody.appendChild(tr);
    });
    $("violation-table").hidden = fc.features.length === 0;
  }

  function select(id, fromList) {
    if (selectedId !== null && byId[selectedId]) {
      var old = byId[selectedId];
      old.setStyle(statusStyle(old.feature.properties.status, false));
    }
    selectedId = id;
    var layer = byId[id];
    Array.prototype.forEach.call($("violation-list").children, function (tr) {
      tr.classList.toggle("selected", tr.dataset.id === String(id));
      if (!fromList && tr.dataset.id === String(id)) tr.scrollIntoView({ block: "nearest" });
    });
    if (!layer) return;
    layer.setStyle(statusStyle(layer.feature.properties.status, true));
    layer.bringToFront();
    if (fromList) {
      // Without animation, so that the popup opens (and pans into view) on the final view.
      map.fitBounds(layer.getBounds(), { maxZoom: 18, padding: [40, 40], animate: false });
      layer.openPopup();
    }
  }

  // ---- popups ----------------------------------------------------------------------------
  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fmtNum(v) {
    if (v === null || v === undefined || v === "") return "—";
    var n = Number(v);
    return isFinite(n) ? n.toFixed(1) : String(v);
  }

  function popupTable(title, rows, skipEmpty) {
    var html = '<div class="popup"><strong>' + esc(title) + "</strong><table>";
    rows.forEach(function (r) {
      var v = r[1];
      var empty = v === null || v === undefined || v === "" || v === "—";
      if (empty && skipEmpty) return;
      if (empty) v = "—";
      if (v === true) v = "是";
      if (v === false) v = "否";
      html += "<tr><th>" + esc(r[0]) + "</th><td>" + esc(v) + "</td></tr>";
    });
    return html + "</table></div>";
  }

  function violationPopup(f) {
    var p = f.properties;
    return popupTable("违建 #" + f.id, [
      ["状态", (STATUS[p.status] || {}).label || p.status],
      ["台账类别", LEDGER[p.ledger] || p.ledger],
      ["台账编号", p.ledger_no],
      ["地址", p.address],
      ["当事人", p.party_name],
      ["结构", STRUCTURE[p.structure_type] || p.structure_type],
      ["用途", USE[p.use] || p.use],
      ["层数", p.floors],
      ["图斑面积(m²)", fmtNum(p.mapped_area_m2)],
      ["测量面积(m²)", fmtNum(p.measured_area_m2)],
      ["建成日期", p.built_date],
      ["发现日期", p.found_date],
      ["发现方式", FOUND_BY[p.found_by] || p.found_by],
      ["处置措施", MEASURE[p.plan_measure] || p.plan_measure],
      ["责任人", p.plan_responsible],
      ["整改期限", p.deadline],
      ["是否逾期", p.overdue],
      ["拆除日期", p.demolished_on],
      ["整改完成", p.rectified_on]
    ], true);
  }

  // ---- status line -----------------------------------------------------------------------
  function setStatus(text) { $("status-line").textContent = text; }
  function reportError(e) { if (e && e.message !== "401") setStatus("出错了：" + e.message); }

  if (token()) showApp(); else showLogin("");
})();

// Dashboards (issue 12): draws the charts (ECharts, vendored) and their tables from the payload of
// /api/v1/dashboards/…, and refreshes it every minute with If-None-Match (a 304 costs nothing).
// Loaded as a file (the CSP forbids inline script). The page gives the payload and the words in json_script
// elements; the token screen (/dashboards/screen/#<district id>.<key>) reads its key from the URL fragment, which
// browsers never send to the server, and sends it as "Authorization: DashboardToken <key>".
(function () {
  "use strict";

  var REFRESH_MS = 60 * 1000;
  var root = document.getElementById("dashboard");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var words = labels.words;
  var charts = {};
  var etag = root.dataset.etag || "";
  var apiUrl = root.dataset.apiUrl || "";
  var headers = {};

  if (root.dataset.auth === "token") {
    var fragment = window.location.hash.replace(/^#/, "");
    var dot = fragment.indexOf(".");
    if (dot < 1) {
      showError(words.no_key);
      return;
    }
    apiUrl = root.dataset.apiBase.replace("/0/", "/" + encodeURIComponent(fragment.slice(0, dot)) + "/");
    headers.Authorization = "DashboardToken " + fragment.slice(dot + 1);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function slot(name) {
    return root.querySelector('[data-dash="' + name + '"]');
  }

  function showError(text) {
    var box = slot("error");
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("d-none", !text);
  }

  function percent(share) {
    return share === null || share === undefined ? "—" : Math.round(share * 1000) / 10 + "%";
  }

  function show(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  // --- Charts: each returns {title, option, head, rows} (the table holds the chart's numbers) -------------------
  var BAR = { type: "bar", label: { show: true, position: "top" } };

  function funnel(data) {
    var states = Object.keys(labels.states);
    var values = states.map(function (s) { return data.figures.funnel[s] || 0; });
    return {
      id: "funnel",
      title: words.funnel,
      option: {
        tooltip: { trigger: "axis" },
        grid: { left: 110, right: 30, top: 20, bottom: 30 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: states.map(function (s) { return labels.states[s]; }) },
        series: [{ type: "bar", name: words.number, data: values, label: { show: true, position: "right" } }],
      },
      head: [words.state, words.number],
      rows: states.map(function (s, i) { return [labels.states[s], values[i]]; }),
    };
  }

  function funnelByDistrict(data) {
    var states = Object.keys(labels.states);
    var names = data.districts.map(function (d) { return d.name; });
    return {
      id: "funnel-by-district",
      title: words.funnel_by_district,
      wide: true,
      option: {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 50, right: 20, top: 40, bottom: 60 },
        xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: states.map(function (s) {
          return {
            type: "bar",
            stack: "funnel",
            name: labels.states[s],
            data: data.districts.map(function (d) { return d.funnel[s] || 0; }),
          };
        }),
      },
      head: [words.district].concat(states.map(function (s) { return labels.states[s]; })),
      rows: data.districts.map(function (d) {
        return [d.name].concat(states.map(function (s) { return d.funnel[s] || 0; }));
      }),
    };
  }

  function progress(rows, id, title, median, who) {
    return {
      id: id,
      title: title,
      option: {
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 20, top: 30, bottom: 60 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{
          type: "bar",
          name: words.share,
          data: rows.map(function (r) {
            return {
              value: r.progress_share === null ? 0 : Math.round(r.progress_share * 1000) / 10,
              itemStyle: r.lagging && r.lagging.length ? { color: "#d9534f" } : undefined,
            };
          }),
          markLine: median === null ? undefined : {
            symbol: "none",
            label: { formatter: words.median + " {c}%" },
            data: [{ yAxis: Math.round(median * 1000) / 10 }],
          },
        }],
      },
      head: [who, words.share, words.reasons],
      rows: rows.map(function (r) {
        return [r.name, percent(r.progress_share), (r.lagging || []).map(function (c) { return labels.lag_reasons[c] || c; }).join("；")];
      }),
    };
  }

  function medianOf(rows) {
    var shares = rows.map(function (r) { return r.progress_share; }).filter(function (s) { return s !== null; });
    shares.sort(function (a, b) { return a - b; });
    if (!shares.length) return null;
    var mid = Math.floor(shares.length / 2);
    return shares.length % 2 ? shares[mid] : (shares[mid - 1] + shares[mid]) / 2;
  }

  function timeline(data) {
    var phases = data.timeline.phases;
    var names = phases.map(function (p) { return p.label; });
    return {
      id: "timeline",
      title: words.timeline,
      wide: true,
      option: {
        tooltip: { trigger: "item" },
        grid: { left: 130, right: 40, top: 30, bottom: 30 },
        xAxis: { type: "time" },
        yAxis: { type: "category", inverse: true, data: names },
        series: phases.map(function (p, i) {
          return {
            type: "line",
            name: p.label,
            data: [[p.starts_on, names[i]], [p.ends_on, names[i]]],
            lineStyle: { width: 14, color: p.current ? "#0d6efd" : "#9ec5fe" },
            itemStyle: { color: p.current ? "#0d6efd" : "#9ec5fe" },
            symbolSize: 6,
            markLine: i === 0 ? {
              symbol: "none",
              lineStyle: { color: "#dc3545", type: "solid", width: 2 },
              // The category axis is inverted, so the line starts at the top: the label sits there, clear of the
              // month labels along the time axis.
              label: { position: "start", formatter: words.today + " " + data.timeline.today },
              data: [{ xAxis: data.timeline.today }],
            } : undefined,
          };
        }),
      },
      head: [words.phase, words.starts_on, words.ends_on],
      rows: phases.map(function (p) { return [p.label, p.starts_on, p.ends_on]; }).concat(
        data.timeline.deadlines.map(function (d) { return [d.label, "", d.due_on]; })
      ),
    };
  }

  function activity(data) {
    var weeks = {};
    data.activity.visits.forEach(function (v) { weeks[v.week] = { visits: v.visits, count: 0, person_times: 0 }; });
    data.activity.trainings.forEach(function (t) {
      var row = weeks[t.week] || (weeks[t.week] = { visits: 0, count: 0, person_times: 0 });
      row.count = t.count;
      row.person_times = t.person_times;
    });
    var order = Object.keys(weeks).sort();
    return {
      id: "activity",
      title: words.activity,
      wide: true,
      option: {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 50, right: 50, top: 40, bottom: 30 },
        xAxis: { type: "category", data: order },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", name: words.person_times, minInterval: 1 }],
        series: [
          { type: "bar", name: words.visits, data: order.map(function (w) { return weeks[w].visits; }) },
          { type: "bar", name: words.trainings, data: order.map(function (w) { return weeks[w].count; }) },
          { type: "line", name: words.person_times, yAxisIndex: 1, data: order.map(function (w) { return weeks[w].person_times; }) },
        ],
      },
      head: [words.week, words.visits, words.trainings, words.person_times],
      rows: order.map(function (w) { return [w, weeks[w].visits, weeks[w].count, weeks[w].person_times]; }),
    };
  }

  function trainingsByKind(data) {
    var kinds = Object.keys(labels.training_kinds);
    var t = data.figures.trainings;
    return {
      id: "trainings",
      title: words.trainings_by_kind,
      option: {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 50, right: 50, top: 40, bottom: 30 },
        xAxis: { type: "category", data: kinds.map(function (k) { return labels.training_kinds[k]; }) },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", name: words.person_times, minInterval: 1 }],
        series: [
          Object.assign({}, BAR, { name: words.count, data: kinds.map(function (k) { return t[k].count; }) }),
          Object.assign({}, BAR, { name: words.enterprises, data: kinds.map(function (k) { return t[k].enterprises; }) }),
          Object.assign({}, BAR, { name: words.person_times, yAxisIndex: 1, data: kinds.map(function (k) { return t[k].person_times; }) }),
        ],
      },
      head: [words.kind, words.count, words.enterprises, words.person_times],
      rows: kinds.map(function (k) { return [labels.training_kinds[k], t[k].count, t[k].enterprises, t[k].person_times]; }),
    };
  }

  function problems(data) {
    var p = data.figures.problems;
    var names = [words.found, words.solved, words.open];
    var values = [p.found, p.solved, p.open];
    return {
      id: "problems",
      title: words.problems,
      option: {
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: "category", data: names },
        yAxis: { type: "value", minInterval: 1 },
        series: [Object.assign({}, BAR, { name: words.number, data: values })],
      },
      head: [words.state, words.number],
      rows: names.map(function (n, i) { return [n, values[i]]; }),
    };
  }

  function outcomes(data) {
    // The metrics have different units (10k yuan, %, complaints), so one axis of raw values would flatten all but
    // revenue: the chart shows each metric's change relative to its own before-value; the tooltip and the table keep
    // the raw averages.
    var metrics = Object.keys(labels.metrics);
    var m = data.outcomes.metrics;
    var rates = metrics.map(function (k) {
      var before = m[k].before, after = m[k].after;
      if (before === null || after === null || before === 0) { return null; }
      return Math.round(((after - before) / Math.abs(before)) * 1000) / 10;
    });
    return {
      id: "outcomes",
      title: words.outcomes,
      option: {
        tooltip: {
          trigger: "axis",
          formatter: function (items) {
            var k = metrics[items[0].dataIndex];
            return labels.metrics[k] + "<br>" + words.before + " " + show(m[k].before) + " → " + words.after + " " +
              show(m[k].after) + "<br>" + words.change_rate + " " + show(rates[items[0].dataIndex]);
          },
        },
        grid: { left: 50, right: 20, top: 30, bottom: 60 },
        xAxis: { type: "category", data: metrics.map(function (k) { return labels.metrics[k]; }), axisLabel: { interval: 0, rotate: 20 } },
        yAxis: { type: "value", name: words.change_rate },
        series: [
          { type: "bar", name: words.change_rate, data: rates, label: { show: true, position: "top", formatter: "{c}%" } },
        ],
      },
      head: [words.metric, words.reported, words.before, words.after, words.change_rate],
      rows: metrics.map(function (k, i) {
        return [labels.metrics[k], m[k].reported, show(m[k].before), show(m[k].after), show(rates[i])];
      }),
    };
  }

  function chartsFor(data) {
    var kind = data.scope.kind;
    if (kind === "city") {
      return [
        timeline(data),
        funnelByDistrict(data),
        progress(data.districts, "progress-districts", words.progress, medianOf(data.districts), words.district),
        progress(data.bodies, "progress-bodies", words.progress_bodies, medianOf(data.bodies), words.body),
        activity(data),
        trainingsByKind(data),
        problems(data),
        outcomes(data),
      ];
    }
    return [timeline(data), funnel(data), problems(data), activity(data), trainingsByKind(data), outcomes(data)];
  }

  // --- Summary cards -----------------------------------------------------------------------------------------------
  function card(title, value, note) {
    return el("div", { class: "col-6 col-md-4 col-xl-2" }, [
      el("div", { class: "card h-100 dash-figure" }, [
        el("div", { class: "card-body" }, [
          el("p", { class: "small text-body-secondary mb-1", text: title }),
          el("p", { class: "h4 mb-0", text: show(value) }),
        ].concat(note ? [el("p", { class: "small mb-0", text: note })] : [])),
      ]),
    ]);
  }

  function summary(data) {
    var f = data.figures;
    var cards = [
      card(words.enrolments, f.enrolments),
      card(words.assisted, f.assisted),
      card(words.visits, f.visits),
      card(words.trainings, f.training_totals.count, words.person_times + " " + f.training_totals.person_times),
      card(words.problems_open, f.problems.open),
      card(words.rectifications_open, f.rectifications_open),
    ];
    var due = data.next_due;
    cards.push(card(words.next_due, due ? due.due_on : words.none_due, due ? due.label + " · " + due.days_left + " " + words.days_left : ""));
    var c = data.compliance;
    if (c) {
      var submission = c.submission ? labels.submission_states[c.submission.state] || c.submission.state : words.not_started;
      cards.push(card(words.kickoff_meeting, labels.kickoff[c.kickoff.standing] || c.kickoff.standing, c.kickoff.held_on || ""));
      cards.push(card(words.required_trainings, c.trainings.compliant ? words.yes : words.no,
        c.trainings.missing.map(function (k) { return labels.training_kinds[k] || k; }).join("、")));
      cards.push(card(words.case_recommended, c.case_recommended ? words.yes : words.no));
      cards.push(card(words.submission, submission));
    }
    if (f.lagging && f.lagging.length) {
      cards.push(card(words.lagging, f.lagging.length, f.lagging.map(function (r) { return labels.lag_reasons[r] || r; }).join("；")));
    }
    return cards;
  }

  function laggingCard(data) {
    var rows = [];
    data.lagging_districts.forEach(function (r) { rows.push([words.district, r.name, r.reasons]); });
    data.lagging_bodies.forEach(function (r) { rows.push([words.body, r.name, r.reasons]); });
    var body = rows.length ? el("table", { class: "table table-sm mb-0", "data-dash-table": "lagging" }, [
      el("thead", {}, [el("tr", {}, [words.kind, words.district + " / " + words.body, words.reasons].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows.map(function (r) {
        return el("tr", {}, [
          el("td", { text: r[0] }), el("td", { text: r[1] }),
          el("td", { text: r[2].map(function (c) { return labels.lag_reasons[c] || c; }).join("；") }),
        ]);
      })),
    ]) : el("p", { class: "mb-0", text: words.none_lagging });
    return el("div", { class: "col-12" }, [el("div", { class: "card" }, [el("div", { class: "card-body" }, [
      el("h2", { class: "h5", text: words.lagging }), body,
    ])])]);
  }

  // --- Drawing -----------------------------------------------------------------------------------------------------
  function table(spec) {
    return el("table", { class: "table table-sm mb-0", "data-dash-table": spec.id }, [
      el("thead", {}, [el("tr", {}, spec.head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, spec.rows.map(function (row) {
        return el("tr", {}, row.map(function (cell, i) {
          return i === 0 ? el("th", { scope: "row", text: show(cell) }) : el("td", { text: show(cell) });
        }));
      })),
    ]);
  }

  function chartCard(spec) {
    var box = el("div", { class: "dash-chart", role: "img", "aria-label": spec.title, "data-dash-chart": spec.id });
    var cardNode = el("div", { class: "card h-100 dash-card", id: "dash-card-" + spec.id }, [
      el("div", { class: "card-body" }, [
        el("div", { class: "d-flex justify-content-between align-items-start" }, [
          el("h2", { class: "h5", text: spec.title }),
          el("button", { type: "button", class: "btn btn-sm btn-outline-secondary", "data-dash-fullscreen": "dash-card-" + spec.id, text: words.full_screen }),
        ]),
        box,
        el("details", { class: "mt-2" }, [el("summary", { text: words.table }), table(spec)]),
      ]),
    ]);
    return { node: el("div", { class: spec.wide ? "col-12" : "col-lg-6" }, [cardNode]), box: box };
  }

  function render(data) {
    var title = slot("title");
    if (title) title.textContent = data.scope.name;
    var campaign = slot("campaign");
    if (campaign) campaign.textContent = data.campaign.title;
    slot("as-of").textContent = data.as_of;
    slot("generated-at").textContent = String(data.generated_at).slice(0, 19).replace("T", " ");
    var summaryBox = slot("summary");
    summaryBox.replaceChildren.apply(summaryBox, summary(data));
    var chartBox = slot("charts");
    Object.keys(charts).forEach(function (id) { charts[id].dispose(); });
    charts = {};
    var nodes = [];
    var pending = [];
    chartsFor(data).forEach(function (spec) {
      var made = chartCard(spec);
      nodes.push(made.node);
      pending.push([spec, made.box]);
    });
    if (data.scope.kind === "city") nodes.push(laggingCard(data));
    chartBox.replaceChildren.apply(chartBox, nodes);
    if (!window.echarts) return;
    pending.forEach(function (pair) {
      var chart = window.echarts.init(pair[1]);
      chart.setOption(pair[0].option);
      charts[pair[0].id] = chart;
    });
  }

  function refresh() {
    var request = { headers: Object.assign({ Accept: "application/json" }, headers), credentials: "same-origin", cache: "no-store" };
    if (etag) request.headers["If-None-Match"] = etag;
    return fetch(apiUrl, request).then(function (response) {
      if (response.status === 304) {
        showError("");
        return null;
      }
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        showError(root.dataset.auth === "token" ? words.token_refused : words.refresh_failed);
        return null;
      }
      if (response.status === 429) {
        showError(words.throttled);
        return null;
      }
      if (!response.ok) throw new Error(String(response.status));
      etag = response.headers.get("ETag") || "";
      return response.json().then(function (data) {
        showError("");
        render(data);
        slot("status").textContent = words.updated + " " + data.generated_at;
      });
    }).catch(function () {
      showError(words.refresh_failed);
    });
  }

  // Full screen: the whole dashboard or one chart's card; the charts are redrawn at the new size.
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dash-fullscreen]");
    if (!button) return;
    var target = document.getElementById(button.dataset.dashFullscreen);
    if (!target) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (target.requestFullscreen) target.requestFullscreen();
  });
  document.addEventListener("fullscreenchange", function () {
    window.setTimeout(function () {
      Object.keys(charts).forEach(function (id) { charts[id].resize(); });
    }, 50);
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });

  var initial = document.getElementById("dashboard-data");
  if (initial) render(JSON.parse(initial.textContent));
  else refresh();
  window.setInterval(refresh, REFRESH_MS);
})();

// narrator editors' page: listening figures for a period, a chart (Chart.js, served from this site) and a table.
(function () {
  "use strict";
  var root = document.getElementById("stats");
  if (!root) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var form = $("stats-form"), error = $("stats-error"), result = $("stats-result"), keyInput = $("key");
  var chart = null, keyStore = "narrator:stats-key";

  function percent(value) { return value === null || value === undefined ? "–" : Math.round(value * 100) + "%"; }
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

  function show(data) {
    $("total-plays").textContent = data.totals.plays;
    $("total-half").textContent = data.totals.reached["50"];
    $("total-complete").textContent = data.totals.reached["100"];
    $("total-completion").textContent = percent(data.totals.completion);
    var body = $("top").querySelector("tbody");
    body.innerHTML = "";
    data.narrations.forEach(function (n) {
      var row = document.createElement("tr"), first = document.createElement("td"), link = document.createElement("a");
      link.href = "/listen/" + encodeURIComponent(n.id); link.textContent = n.title || n.id;
      first.appendChild(link); row.appendChild(first);
      cell(row, n.plays);
      ["25", "50", "75", "100"].forEach(function (q) { cell(row, n.reached[q]); });
      cell(row, percent(n.completion));
      body.appendChild(row);
    });
    var labels = data.days.map(function (d) { return d.date; });
    var datasets = [
      {type: "bar", label: "Plays", data: data.days.map(function (d) { return d.plays; }), backgroundColor: "#0b57d0"},
      {type: "line", label: "Reached the end", data: data.days.map(function (d) { return d.reached["100"]; }),
       borderColor: "#b3261e", backgroundColor: "#b3261e"}
    ];
    if (chart) { chart.destroy(); }
    chart = new window.Chart($("chart"), {
      data: {labels: labels, datasets: datasets},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
                scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
    });
    root.chartInstance = chart;
    result.hidden = false;
  }

  function load() {
    error.textContent = "";
    var url = root.dataset.api + "?from=" + encodeURIComponent($("from").value) + "&to=" + encodeURIComponent($("to").value);
    var headers = {"Accept": "application/json"};
    if (keyInput && keyInput.value) {
      headers.Authorization = "Bearer " + keyInput.value;
      try { sessionStorage.setItem(keyStore, keyInput.value); } catch (e) {}
    }
    fetch(url, {headers: headers, cache: "no-store"}).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, body: body}; });
    }).then(function (answer) {
      if (!answer.ok) { error.textContent = answer.body.error ? answer.body.error.message : "The figures could not be read."; return; }
      show(answer.body);
    }).catch(function () { error.textContent = "The figures could not be read; try again."; });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  if (keyInput) { try { keyInput.value = sessionStorage.getItem(keyStore) || ""; } catch (e) {} }
  if (!keyInput || keyInput.value) { load(); }
})();

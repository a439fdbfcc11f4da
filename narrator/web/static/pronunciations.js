// The pronunciation editor: reported and guessed words, hear a proposal in its sentence, save it to the lexicon.
(function () {
  "use strict";
  var root = document.getElementById("pronunciations");
  if (!root) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var form = $("entry"), status = $("entry-status"), player = $("preview");

  function api(method, url, body) {
    var options = {method: method, credentials: "same-origin",
                   headers: {"Accept": "application/json", "X-CSRFToken": root.dataset.csrf}};
    if (body) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(url, options).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.error ? data.error.message : "request failed (" + r.status + ")"); }
        return data;
      });
    });
  }
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }
  function button(td, label, name, action) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.setAttribute("aria-label", label + " " + name);
    b.addEventListener("click", action); td.appendChild(b);
  }
  // A word the listening check heard wrong: what was heard and when, and a button that plays the narration there.
  function heardAs(td, item, heard) {
    var note = document.createElement("p");
    note.className = "heard-as";
    note.textContent = (heard.heard ? "heard as \u201c" + heard.heard + "\u201d" : "not heard") + " at " + heard.at +
      " in " + heard.title + " ";
    button(note, "Play at " + heard.at, item.word, function () {
      player.hidden = false;
      if (player.src !== heard.audio_url) { player.src = heard.audio_url; }
      var seek = function () { player.currentTime = Math.max(0, heard.start_s - 0.5); player.play().catch(function () {}); };
      if (player.readyState >= 1) { seek(); } else { player.addEventListener("loadedmetadata", seek, {once: true}); }
      status.textContent = "Playing " + item.word + " at " + heard.at + ".";
    });
    td.appendChild(note);
  }
  function edit(item) {
    $("word").value = item.word;
    $("sentence").value = item.sentence || "";
    $("narration").value = item.narrations && item.narrations.length ?
      (item.narrations[0].id || item.narrations[0]) : "";
    if (item.kind) { $("kind").value = item.kind; $("value").value = item.value; }
    else if (item.entry) { $("kind").value = item.entry.kind; $("value").value = item.entry.value; }
    else { $("value").value = ""; }
    $("value").focus();
  }
  function fill(id, items, columns, actions) {
    var body = $(id).querySelector("tbody");
    body.innerHTML = "";
    if (!items.length) {
      var empty = document.createElement("tr"); cell(empty, "None yet.").colSpan = 4; body.appendChild(empty); return;
    }
    items.forEach(function (item) {
      var row = document.createElement("tr");
      row.dataset.word = item.word;
      columns.forEach(function (c) { cell(row, c(item)); });
      actions(cell(row, ""), item);
      body.appendChild(row);
    });
  }
  function load() {
    api("GET", root.dataset.reports).then(function (data) {
      fill("reports", data.items, [function (i) { return i.word; }, function (i) { return String(i.count); },
                                   function (i) { return i.sentence; }],
           function (td, item) { button(td, "Edit", item.word, function () { edit(item); }); });
    });
    api("GET", root.dataset.candidates).then(function (data) {
      fill("candidates", data.items, [function (i) { return i.word; }, function (i) { return String(i.count); },
                                      function (i) { return i.sentence; }],
           function (td, item) {
             button(td, "Edit", item.word, function () { edit(item); });
             (item.heard || []).forEach(function (h) { heardAs(td, item, h); });
           });
    });
    api("GET", root.dataset.lexicon).then(function (data) {
      fill("lexicon", data.items, [function (i) { return i.word; }, function (i) { return i.value; },
                                   function (i) { return i.kind === "ipa" ? "IPA" : "Respelling"; }],
           function (td, item) {
             button(td, "Edit", item.word, function () { edit(item); });
             if (item.source === "store") {
               button(td, "Delete", item.word, function () {
                 api("DELETE", root.dataset.lexicon + "/" + encodeURIComponent(item.word)).then(function (r) {
                   status.textContent = "Deleted " + item.word + "; re-narrating " + r.renarrating.length + " narration(s).";
                   load();
                 }).catch(function (e) { status.textContent = e.message; });
               });
             }
           });
    });
  }
  function proposal() {
    return {word: $("word").value.trim(), kind: $("kind").value, value: $("value").value.trim(),
            sentence: $("sentence").value.trim(), narration_id: $("narration").value || undefined};
  }
  function waitFor(preview, tries) {
    if (preview.status === "ready") {
      player.hidden = false; player.src = preview.audio_url;
      status.textContent = "Playing " + $("word").value + " in its sentence.";
      player.play().catch(function () {});
      return;
    }
    if (tries > 300) { status.textContent = "The preview is taking too long; try again."; return; }
    setTimeout(function () { api("GET", preview.url).then(function (p) { waitFor(p, tries + 1); }); }, 200);
  }
  $("hear").addEventListener("click", function () {
    if (!form.reportValidity()) { return; }
    status.textContent = "Preparing the preview…";
    api("POST", root.dataset.previews, proposal()).then(function (p) { waitFor(p, 0); })
      .catch(function (e) { status.textContent = e.message; });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var p = proposal();
    api("PUT", root.dataset.lexicon + "/" + encodeURIComponent(p.word), {kind: p.kind, value: p.value})
      .then(function (r) {
        status.textContent = "Saved " + r.entry.word + "; re-narrating " + r.renarrating.length + " narration(s).";
        load();
      }).catch(function (e) { status.textContent = e.message; });
  });
  load();
})();

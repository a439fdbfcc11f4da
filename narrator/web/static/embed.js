// narrator "Listen to … read this article" widget.
// <script src="https://NARRATOR/embed.js" data-narration="ID" async></script>
// or data-url="https://publisher.example/article" to find the narration of that article.
// Everything renders in a Shadow DOM: the host page's CSS cannot reach in, and ours cannot leak out.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src).origin;
  var host = document.createElement("div");
  host.className = "narrator-listen";
  host.setAttribute("data-narrator-widget", "");
  var target = script.dataset.target && document.querySelector(script.dataset.target);
  if (target) { target.appendChild(host); } else { script.parentNode.insertBefore(host, script.nextSibling); }
  var shadow = host.attachShadow({mode: "open"});

  var style = document.createElement("style");
  style.textContent = [
    // !important inside the shadow tree beats even !important rules of the host page on the host element.
    ":host { all: initial !important; display: block !important; margin: 1em 0 !important; }",
    ".box { all: initial; display: block; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1b1b1b;",
    "  background: #f3f5f9; border: 1px solid #c4c9d2; border-radius: 12px; padding: 10px 12px; max-width: 40em; }",
    "button { all: initial; box-sizing: border-box; font: inherit; font-weight: 700; color: #ffffff; background: #0b57d0;",
    "  border-radius: 999px; padding: 10px 16px; min-height: 44px; cursor: pointer; display: inline-flex; gap: 8px; align-items: center; }",
    "button:focus-visible, a:focus-visible, audio:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }",
    ".duration { font-weight: 400; opacity: 0.95; }",
    ".panel { margin-top: 10px; }",
    ".panel[hidden] { display: none; }",
    "audio { width: 100%; display: block; }",
    "ol { margin: 8px 0 0; padding-left: 1.5em; }",
    "li button { all: initial; font: inherit; color: #0b57d0; cursor: pointer; text-decoration: underline; padding: 4px 0; min-height: 24px; }",
    "a { color: #0b57d0; font: inherit; }",
    ".note { font-size: 14px; color: #555b66; margin: 8px 0 0; }",
    ".badge { font-weight: 400; font-size: 13px; border: 1px solid currentColor; border-radius: 999px; padding: 0 8px; }",
    "@media (prefers-color-scheme: dark) { .box { background: #1d2127; color: #eceff3; border-color: #454c57; }",
    "  button { background: #8ab4f8; color: #0d1117; } li button, a { color: #8ab4f8; } .note { color: #aab2bf; } }"
  ].join("\n");
  // A constructed stylesheet is not subject to the host page's CSP style-src; fall back to <style> elsewhere.
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(style.textContent);
    shadow.adoptedStyleSheets = [sheet];
  } catch (e) {
    shadow.appendChild(style);
  }
  var box = document.createElement("div");
  box.className = "box";
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Audio version of this article");
  shadow.appendChild(box);

  function minutes(seconds) { return Math.max(1, Math.round(seconds / 60)) + " min"; }
  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  function render(n) {
    var button = element("button", "", {type: "button", "aria-expanded": "false", "aria-controls": "narrator-panel"});
    button.appendChild(element("span", "\u25B6\uFE0E", {"aria-hidden": "true"}));
    button.appendChild(element("span", "Listen to " + (n.narrator || "the narrator") + " read this article"));
    button.appendChild(element("span", "Synthetic voice", {"class": "badge"}));
    button.appendChild(element("span", "\u00B7 " + minutes(n.duration_s), {"class": "duration"}));
    var panel = element("div", "", {id: "narrator-panel", "class": "panel", hidden: ""});
    var audio = element("audio", "", {controls: "", preload: "none", src: n.audio_url,
                                      "aria-label": "Narration of " + n.title});
    panel.appendChild(audio);
    if (n.chapters.length > 1) {
      var list = element("ol", "", {"aria-label": "Chapters"});
      n.chapters.forEach(function (c) {
        var item = element("li"), jump = element("button", c.title, {type: "button"});
        jump.addEventListener("click", function () { audio.currentTime = c.start_s + 0.01; audio.play(); });
        item.appendChild(jump); list.appendChild(item);
      });
      panel.appendChild(list);
    }
    var more = element("p", "", {"class": "note"});
    var link = element("a", "Open the full player with the transcript", {href: n.player_url, target: "_blank", rel: "noopener"});
    more.appendChild(link);
    panel.appendChild(more);
    button.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) { audio.play().catch(function () {}); audio.focus(); } else { audio.pause(); }
    });
    box.appendChild(button);
    box.appendChild(panel);
    host.narratorAudio = audio;
    reportListening(audio, n.listens_url);
  }

  // Listening figures: a play and each quarter reached, as a plain POST with no cookie and no identifier;
  // nothing at all from browsers that send Do Not Track or Global Privacy Control.
  function reportListening(audio, url) {
    if (!url || navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true) { return; }
    var sent = {};
    function send(event) {
      if (sent[event]) { return; }
      sent[event] = true;
      fetch(url, {method: "POST", body: JSON.stringify({event: event}), headers: {"Content-Type": "text/plain"},
                  credentials: "omit", keepalive: true, referrerPolicy: "no-referrer", cache: "no-store"})
        .catch(function () {});
    }
    audio.addEventListener("playing", function () { send("play"); });
    audio.addEventListener("timeupdate", function () {
      if (audio.paused || !isFinite(audio.duration) || audio.duration <= 0) { return; }
      var fraction = audio.currentTime / audio.duration;
      [25, 50, 75, 100].forEach(function (q) { if (fraction >= (q === 100 ? 0.99 : q / 100)) { send(String(q)); } });
    });
    audio.addEventListener("ended", function () { ["25", "50", "75", "100"].forEach(send); });
  }

  var api = base + "/api/narrations";
  var request = script.dataset.narration
    ? fetch(api + "/" + encodeURIComponent(script.dataset.narration)).then(function (r) { return r.ok ? r.json() : null; })
    : fetch(api + "?status=done&per_page=1&url=" + encodeURIComponent(script.dataset.url || location.href))
        .then(function (r) { return r.json(); }).then(function (page) { return page.items && page.items[0]; });
  request.then(function (n) {
    if (n && n.status === "done") { render(n); } else { host.remove(); }
  }).catch(function () { host.remove(); });
})();

// narrator player: custom accessible controls over the native <audio>, chapters, read-along transcript,
// resume, remembered speed, Media Session, keyboard shortcuts, and listening while the narration renders.
(function () {
  "use strict";
  var root = document.getElementById("listen");
  var audio = document.getElementById("audio");
  if (!root || !audio) { return; }

  var $ = function (id) { return document.getElementById(id); };
  var play = $("play"), back = $("back"), forward = $("forward"), seek = $("seek"), time = $("time");
  var speed = $("speed"), announcer = $("announcer"), transcript = $("transcript"), follow = $("follow");
  var chapterList = $("chapters"), renderStatus = $("render-status");
  var id = root.dataset.id;
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var positionKey = "narrator:position:" + id, speedKey = "narrator:speed";
  var VERSION_CHECK_MS = parseInt(root.dataset.versionCheckMs || "20000", 10);

  var chapters = [];       // [{title, start}]
  var cues = [];           // [{start, end, element}]
  var parts = [];          // segments playable while rendering: [{index, start, duration, url}]
  var partIndex = -1;      // which part is loaded, or -1 for the final file
  var finalUrl = null;
  var currentChapter = -1, currentCue = -1;
  var paragraphs = [];     // the transcript's paragraphs: [{start, text}], to keep a listener's place across versions
  var version = parseInt(root.dataset.version || "1", 10);

  // Custom controls replace the native ones once the script runs.
  audio.removeAttribute("controls");
  $("controls").hidden = false;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function spoken(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return (m ? m + (m === 1 ? " minute " : " minutes ") : "") + s + (s === 1 ? " second" : " seconds");
  }

  // --- position on the whole narration, across parts -------------------------------------------------------
  function offset() { return partIndex >= 0 ? parts[partIndex].start : 0; }
  function position() { return offset() + (audio.currentTime || 0); }
  function total() {
    if (partIndex < 0 && isFinite(audio.duration)) { return audio.duration; }
    var last = parts[parts.length - 1];
    return last ? last.start + last.duration : parseFloat(seek.max) || 0;
  }
  function seekTo(seconds) {
    seconds = Math.max(0, Math.min(seconds, total() - 0.05));
    if (partIndex >= 0) {
      for (var i = parts.length - 1; i >= 0; i--) {
        if (seconds >= parts[i].start) {
          if (i !== partIndex) { loadPart(i, seconds - parts[i].start, !audio.paused); return; }
          break;
        }
      }
    }
    audio.currentTime = seconds - offset();
    update();
  }

  // --- controls --------------------------------------------------------------------------------------------
  function toggle() {
    if (audio.paused) {
      if (!audio.src) {
        // Still rendering and nothing is ready yet: start as soon as the first part arrives.
        if (parts.length) { loadPart(0, 0, true); } else { playWhenReady = true; renderStatus.textContent = "Starting as soon as the first minute is ready…"; }
        return;
      }
      audio.play().catch(function () {});
    } else { audio.pause(); }
  }
  function setRate(rate) {
    audio.playbackRate = rate;
    speed.value = String(rate);
    try { localStorage.setItem(speedKey, String(rate)); } catch (e) {}
  }
  function stepRate(direction) {
    var options = Array.prototype.map.call(speed.options, function (o) { return parseFloat(o.value); });
    var index = options.indexOf(audio.playbackRate);
    var next = options[Math.max(0, Math.min(options.length - 1, (index < 0 ? 1 : index) + direction))];
    setRate(next);
    announce("Speed " + next + " times");
  }
  function announce(text) { announcer.textContent = text; }

  play.addEventListener("click", toggle);
  back.addEventListener("click", function () { seekTo(position() - 15); });
  forward.addEventListener("click", function () { seekTo(position() + 30); });
  seek.addEventListener("input", function () { seekTo(parseFloat(seek.value)); });
  speed.addEventListener("change", function () { setRate(parseFloat(speed.value)); });
  $("restart") && $("restart").addEventListener("click", function () { seekTo(0); $("resume").hidden = true; });

  audio.addEventListener("play", function () { play.textContent = "Pause"; play.setAttribute("aria-label", "Pause"); });
  audio.addEventListener("pause", function () {
    play.textContent = "Play"; play.setAttribute("aria-label", "Play"); savePosition();
  });
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("loadedmetadata", function () {
    audio.playbackRate = parseFloat(speed.value);
    update();
  });
  audio.addEventListener("ended", function () {
    if (partIndex >= 0) {
      if (finalUrl) { switchToFinal(position(), true); }
      else if (partIndex + 1 < parts.length) { loadPart(partIndex + 1, 0, true); }
      else { waitingForPart = true; renderStatus.textContent = "Narrating the next part…"; }
    } else { reportQuarters(1); try { localStorage.removeItem(positionKey); } catch (e) {} }
  });
  audio.addEventListener("error", function () {
    // A part removed because the final file is ready: carry on from the same place in the final file.
    if (partIndex >= 0 && finalUrl) { switchToFinal(position(), true); }
  });

  function update() {
    var now = position(), length = total();
    seek.max = String(Math.max(length, 0));
    seek.value = String(now);
    seek.setAttribute("aria-valuetext", spoken(now) + " of " + spoken(length));
    time.textContent = clock(now) + " / " + clock(length);
    highlightChapter(now);
    highlightCue(now);
    if (Math.floor(now) % 5 === 0) { savePosition(); }
    if (!audio.paused && partIndex < 0 && length > 0) { reportQuarters(now / length); }
  }

  // --- chapters --------------------------------------------------------------------------------------------
  function readChapters() {
    chapters = Array.prototype.map.call(chapterList.querySelectorAll("button"), function (button) {
      var chapter = {title: button.querySelector(".chapter-title").textContent, start: parseFloat(button.dataset.start),
                     button: button};
      button.addEventListener("click", function () { seekTo(chapter.start + 0.01); if (audio.paused) { toggle(); } });
      return chapter;
    });
  }
  function renderChapters(list) {
    chapterList.innerHTML = "";
    list.forEach(function (c) {
      var li = document.createElement("li"), button = document.createElement("button"), title = document.createElement("span");
      var at = document.createElement("span");
      button.type = "button"; button.dataset.start = c.start_s;
      title.className = "chapter-title"; title.textContent = c.title;
      at.className = "chapter-time"; at.textContent = clock(c.start_s);
      button.appendChild(title); button.appendChild(document.createTextNode(" ")); button.appendChild(at);
      li.appendChild(button); chapterList.appendChild(li);
    });
    readChapters();
  }
  function chapterAt(seconds) {
    var index = -1;
    chapters.forEach(function (c, i) { if (seconds + 0.05 >= c.start) { index = i; } });
    return index;
  }
  function highlightChapter(seconds) {
    var index = chapterAt(seconds);
    if (index === currentChapter) { return; }
    if (currentChapter >= 0 && chapters[currentChapter]) { chapters[currentChapter].button.removeAttribute("aria-current"); }
    currentChapter = index;
    if (index >= 0) {
      chapters[index].button.setAttribute("aria-current", "true");
      if (!audio.paused) { announce("Chapter " + (index + 1) + ": " + chapters[index].title); }
      mediaMetadata();
    }
  }
  function gotoChapter(direction) {
    var index = chapterAt(position());
    if (direction < 0 && index >= 0 && position() - chapters[index].start > 3) { seekTo(chapters[index].start + 0.01); return; }
    var target = chapters[Math.max(0, Math.min(chapters.length - 1, index + direction))];
    if (target) { seekTo(target.start + 0.01); }
  }

  // --- transcript ------------------------------------------------------------------------------------------
  function parseVtt(text) {
    var blocks = text.replace(/\r/g, "").split(/\n\n+/), found = [], paragraph = false;
    blocks.forEach(function (block) {
      if (/^NOTE paragraph\s*$/.test(block.trim())) { paragraph = true; return; }  // the next cue starts one
      var lines = block.split("\n"), timing = -1;
      lines.forEach(function (line, i) { if (line.indexOf("-->") > 0 && timing < 0) { timing = i; } });
      if (timing < 0) { return; }
      var times = lines[timing].split("-->").map(function (t) {
        var p = t.trim().split(" ")[0].split(":").map(parseFloat);
        return p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p[0] * 60 + p[1];
      });
      var holder = document.createElement("textarea");
      holder.innerHTML = lines.slice(timing + 1).join(" ");
      found.push({start: times[0], end: times[1], text: holder.value, paragraph: paragraph});
      paragraph = false;
    });
    return found;
  }
  function loadTranscript(url, then) {
    if (!url) { return; }
    fetch(url).then(function (r) { return r.text(); }).then(function (text) {
      transcript.innerHTML = "";
      paragraphs = [];
      var section = null, chapterIndex = -1;
      cues = parseVtt(text).map(function (cue) {
        var index = chapterAt(cue.start), newChapter = !section || index !== chapterIndex;
        if (newChapter) {
          chapterIndex = index;
          if (chapters[index]) {
            var heading = document.createElement("h3");
            heading.textContent = chapters[index].title;
            transcript.appendChild(heading);
          }
        }
        if (newChapter || (cue.paragraph && section.childNodes.length)) {  // the article's own paragraphs
          section = document.createElement("p");
          transcript.appendChild(section);
          paragraphs.push({start: cue.start, text: ""});
        }
        paragraphs[paragraphs.length - 1].text += (paragraphs[paragraphs.length - 1].text ? " " : "") + cue.text;
        var span = document.createElement("span");
        span.className = "cue"; span.textContent = cue.text; span.dataset.start = cue.start;
        span.addEventListener("click", function () { seekTo(cue.start + 0.01); if (audio.paused) { toggle(); } });
        section.appendChild(span); section.appendChild(document.createTextNode(" "));
        cue.element = span;
        return cue;
      });
      currentCue = -1; update();
      if (then) { then(); }
    });
  }
  function highlightCue(seconds) {
    var index = -1;
    for (var i = 0; i < cues.length; i++) { if (seconds >= cues[i].start) { index = i; } else { break; } }
    if (index === currentCue) { return; }
    if (currentCue >= 0 && cues[currentCue]) { cues[currentCue].element.classList.remove("current"); }
    currentCue = index;
    if (index >= 0) {
      cues[index].element.classList.add("current");
      if (follow.checked && !audio.paused) {
        cues[index].element.scrollIntoView({block: "center", behavior: reducedMotion ? "auto" : "smooth"});
      }
    }
  }

  // --- resume ----------------------------------------------------------------------------------------------
  // A place is kept as a time within a version, and as the paragraph being heard: when the article is corrected,
  // the listener resumes at the start of the same paragraph in the new version, not at the same second.
  function paragraphAt(seconds) {
    var index = -1;
    paragraphs.forEach(function (p, i) { if (seconds + 0.05 >= p.start) { index = i; } });
    return index;
  }
  function place() {
    var index = paragraphAt(position());
    return {t: audio.currentTime, v: version, p: index, text: index >= 0 ? paragraphs[index].text.slice(0, 600) : ""};
  }
  function words(text) { return (text || "").toLowerCase().match(/[\p{L}\p{N}']+/gu) || []; }
  function likeness(a, b) {
    var left = words(a), right = {}, shared = 0;
    words(b).forEach(function (w) { right[w] = true; });
    left.forEach(function (w) { if (right[w]) { shared++; } });
    return shared / Math.max(1, Math.max(left.length, Object.keys(right).length));
  }
  function paragraphFor(saved) {
    var best = -1, score = 0;
    paragraphs.forEach(function (p, i) {
      var s = p.text.slice(0, 600) === saved.text ? 2 : likeness(saved.text, p.text.slice(0, 600));
      if (s > score) { score = s; best = i; }
    });
    if (score >= 0.5) { return best; }
    return paragraphs.length ? Math.max(0, Math.min(paragraphs.length - 1, saved.p)) : -1;
  }
  function savePosition() {
    if (partIndex < 0 && audio.currentTime > 5) {
      try { localStorage.setItem(positionKey, JSON.stringify(place())); } catch (e) {}
    }
  }
  function savedPlace() {
    try {
      var raw = localStorage.getItem(positionKey);
      if (!raw) { return null; }
      var saved = JSON.parse(raw);
      return typeof saved === "number" ? {t: saved, v: 1, p: -1, text: ""} : saved;  // saved before versions
    } catch (e) { return null; }
  }
  function resume() {
    var saved = savedPlace();
    if (!saved) { return; }
    if (saved.v === version) {
      if (saved.t > 5 && (!isFinite(audio.duration) || saved.t < audio.duration - 5)) {
        audio.currentTime = saved.t;
        $("resume").hidden = false;
        update();
      }
      return;
    }
    whenTranscript(function () {  // the article changed since: the same paragraph, from its start
      var index = paragraphFor(saved);
      if (index < 0) { return; }
      audio.currentTime = paragraphs[index].start;
      $("resume-text").textContent = "The article was updated since you listened: resumed at the paragraph you were on.";
      $("resume").hidden = false;
      update();
    });
  }
  var transcriptReady = false, transcriptWaiters = [];
  function whenTranscript(callback) { if (transcriptReady) { callback(); } else { transcriptWaiters.push(callback); } }
  function transcriptLoaded() {
    transcriptReady = true;
    transcriptWaiters.splice(0).forEach(function (callback) { callback(); });
  }

  // --- a newer version while listening: carry on from the same paragraph in it ------------------------------
  function checkVersion(again) {
    fetch(root.dataset.api, {headers: {"Accept": "application/json"}, cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (n) {
        if (n.status === "done" && n.version !== version && n.audio_url) { switchVersion(n); }
        if (again) { setTimeout(function () { checkVersion(true); }, VERSION_CHECK_MS); }
      })
      .catch(function () { if (again) { setTimeout(function () { checkVersion(true); }, VERSION_CHECK_MS * 3); } });
  }
  function switchVersion(n) {
    var saved = place(), playing = !audio.paused;
    version = n.version;
    root.dataset.version = String(n.version);
    finalUrl = n.audio_url;
    renderChapters(n.chapters);
    $("download-mp3").href = n.audio_url;
    loadTranscript(n.transcript_url, function () {
      var index = paragraphFor(saved);
      switchToFinal(index >= 0 ? paragraphs[index].start : 0, playing);
      announce("The article was updated; carrying on from the same paragraph.");
    });
  }

  // --- listening figures: a play and each quarter reached, with no cookie and no identifier -----------------
  var reportUrl = root.dataset.listens;
  var optedOut = navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true;
  var reported = {};
  function sendReport(event) {
    if (!reportUrl || optedOut || reported[event]) { return; }
    reported[event] = true;
    fetch(reportUrl, {method: "POST", body: JSON.stringify({event: event}), headers: {"Content-Type": "text/plain"},
                      credentials: "omit", keepalive: true, referrerPolicy: "no-referrer", cache: "no-store"})
      .catch(function () {});
  }
  function reportQuarters(fraction) {
    [25, 50, 75, 100].forEach(function (quarter) {
      if (fraction >= (quarter === 100 ? 0.99 : quarter / 100)) { sendReport(String(quarter)); }
    });
  }
  audio.addEventListener("playing", function () { sendReport("play"); });

  // --- media session (lock screens, headphones) ------------------------------------------------------------
  function mediaMetadata() {
    if (!("mediaSession" in navigator) || !window.MediaMetadata) { return; }
    var chapter = chapters[currentChapter];
    navigator.mediaSession.metadata = new MediaMetadata({
      title: root.dataset.title, artist: root.dataset.narrator, album: chapter ? chapter.title : root.dataset.publication,
      artwork: [{src: root.dataset.cover, sizes: "1400x1400", type: "image/png"}]
    });
  }
  if ("mediaSession" in navigator) {
    var actions = {
      play: function () { audio.play(); }, pause: function () { audio.pause(); },
      seekbackward: function () { seekTo(position() - 15); }, seekforward: function () { seekTo(position() + 30); },
      previoustrack: function () { gotoChapter(-1); }, nexttrack: function () { gotoChapter(1); },
      seekto: function (details) { seekTo(details.seekTime); }
    };
    Object.keys(actions).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, actions[name]); } catch (e) {}
    });
  }

  // --- keyboard --------------------------------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") { return; }
    if ((event.key === " " || event.key === "Enter") && (tag === "button" || tag === "a" || tag === "summary")) { return; }
    var handled = true;
    switch (event.key) {
      case " ": case "k": case "K": toggle(); break;
      case "j": case "J": case "ArrowLeft": seekTo(position() - 15); break;
      case "l": case "L": case "ArrowRight": seekTo(position() + 30); break;
      case "[": gotoChapter(-1); break;
      case "]": gotoChapter(1); break;
      case "<": stepRate(-1); break;
      case ">": stepRate(1); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  // --- listen while it renders -----------------------------------------------------------------------------
  var waitingForPart = false, playWhenReady = false;
  function loadPart(index, at, autoplay) {
    partIndex = index;
    audio.src = parts[index].url;
    audio.addEventListener("loadedmetadata", function once() {
      audio.removeEventListener("loadedmetadata", once);
      audio.currentTime = at || 0;
      if (autoplay) { audio.play().catch(function () {}); }
    });
    audio.load();
  }
  function switchToFinal(at, autoplay) {
    partIndex = -1;
    audio.src = finalUrl;
    audio.addEventListener("loadedmetadata", function once() {
      audio.removeEventListener("loadedmetadata", once);
      audio.currentTime = at || 0;
      if (autoplay) { audio.play().catch(function () {}); }
    });
    audio.load();
  }
  function poll() {
    fetch(root.dataset.api, {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); })
      .then(function (n) {
        if (n.status === "failed") { renderStatus.textContent = "This narration failed: " + n.error; return; }
        if (n.status === "done") {
          finalUrl = n.audio_url;
          renderChapters(n.chapters);
          version = n.version;
          loadTranscript(n.transcript_url, transcriptLoaded);
          $("narrated-by").textContent = "Narrated by " + n.narrator;
          $("duration").textContent = Math.floor(n.duration_s / 60) + " min " + Math.floor(n.duration_s % 60) + " s";
          $("downloads").hidden = false;
          renderStatus.textContent = "Narration complete.";
          if (partIndex < 0 || audio.paused && !audio.currentTime) { switchToFinal(position(), !audio.paused); }
          else if (waitingForPart) { switchToFinal(position(), true); }
          return;
        }
        parts = n.parts.map(function (p) { return {index: p.index, start: p.start_s, duration: p.duration_s, url: p.url}; });
        if (n.chapters.length) { renderChapters(n.chapters); }
        var ready = total();
        renderStatus.textContent = parts.length
          ? "Narrating… " + clock(ready) + " ready to play (" + Math.round(n.progress * 100) + "%)."
          : "Narrating… " + Math.round(n.progress * 100) + "%.";
        if (parts.length && partIndex < 0 && !audio.src) { loadPart(0, 0, playWhenReady); }
        if (waitingForPart && partIndex + 1 < parts.length) { waitingForPart = false; loadPart(partIndex + 1, 0, true); }
        update();
        setTimeout(poll, parts.length ? 1000 : 150);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  // --- start -----------------------------------------------------------------------------------------------
  var savedRate = 1;
  try { savedRate = parseFloat(localStorage.getItem(speedKey) || "1") || 1; } catch (e) {}
  setRate(savedRate);
  readChapters();
  if (root.dataset.status === "done") {
    finalUrl = audio.currentSrc || audio.src;
    loadTranscript(transcript.dataset.src, transcriptLoaded);
    setTimeout(function () { checkVersion(true); }, VERSION_CHECK_MS);
    if (audio.readyState >= 1) { resume(); } else { audio.addEventListener("loadedmetadata", resume, {once: true}); }
    mediaMetadata();
  } else {
    poll();
  }
  window.narratorPlayer = {position: position, seekTo: seekTo, parts: function () { return parts; },
                           partIndex: function () { return partIndex; }, version: function () { return version; },
                           paragraphs: function () { return paragraphs; },
                           checkVersion: function () { checkVersion(false); }};
})();

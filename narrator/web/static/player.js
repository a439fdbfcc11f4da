// narrator player: custom accessible controls over the native <audio>, chapters, read-along transcript,
// resume, remembered speed, Media Session, keyboard shortcuts, and listening while the narration renders.
(function () {
  "use strict";
  var root = document.getElementById("listen");
  var audio = document.getElementById("audio");
  if (!root || !audio) { return; }

  var $ = function (id) { return document.getElementById(id); };
  var play = $("play"), back = $("back"), forward = $("forward"), seek = $("seek"), time = $("time");
  var speed = $("speed"), announcer = $("announcer"), transcript = $("transcript"), followSelect = $("follow");
  var chapterList = $("chapters"), renderStatus = $("render-status");
  var id = root.dataset.id;
  var positionKey = "narrator:position:" + id, speedKey = "narrator:speed", followKey = "narrator:follow";
  var VERSION_CHECK_MS = parseInt(root.dataset.versionCheckMs || "20000", 10);
  var PARTS_AHEAD_S = 8;    // while less than this is ready ahead of the listener, the player asks for parts often

  var chapters = [];       // [{title, start}]
  var cues = [];           // [{start, end, words, element}]
  var words = [];          // every timed word group in order: [{start, element, cue, text}]
  var parts = [];          // segments playable while rendering: [{index, start, duration, url}]
  var partIndex = -1;      // which part is loaded, or -1 for the final file
  var finalUrl = null;
  var currentChapter = -1, currentCue = -1, currentWord = -1;
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
    highlightWord(now);
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
  var STAMP = /^<(\d+):(\d\d):(\d\d(?:\.\d+)?)>/;
  function decode(html) { var holder = document.createElement("textarea"); holder.innerHTML = html; return holder.value; }
  function stampSeconds(p) { return p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p[0] * 60 + p[1]; }
  // A cue's words in groups that start at a time: the first word at the cue's start, then each timestamp tag.
  function cueWords(raw, start) {
    var groups = [];
    raw.split(/\s+/).forEach(function (token) {
      if (!token) { return; }
      var tag = STAMP.exec(token);
      if (tag || !groups.length) {
        groups.push({start: tag ? stampSeconds([+tag[1], +tag[2], +tag[3]]) : start,
                     text: decode(tag ? token.slice(tag[0].length) : token)});
      } else { groups[groups.length - 1].text += " " + decode(token); }
    });
    return groups;
  }
  function parseVtt(text) {
    var blocks = text.replace(/\r/g, "").split(/\n\n+/), found = [], paragraph = false;
    blocks.forEach(function (block) {
      if (/^NOTE paragraph\s*$/.test(block.trim())) { paragraph = true; return; }  // the next cue starts one
      var lines = block.split("\n"), timing = -1;
      lines.forEach(function (line, i) { if (line.indexOf("-->") > 0 && timing < 0) { timing = i; } });
      if (timing < 0) { return; }
      var times = lines[timing].split("-->").map(function (t) {
        return stampSeconds(t.trim().split(" ")[0].split(":").map(parseFloat));
      });
      var raw = lines.slice(timing + 1).join(" ");
      var words = cueWords(raw, times[0]);
      found.push({start: times[0], end: times[1], words: words, paragraph: paragraph,
                  text: words.map(function (w) { return w.text; }).join(" ")});
      paragraph = false;
    });
    return found;
  }
  var transcriptQueue = Promise.resolve();  // parts' transcripts are shown in order, whenever each arrives
  function loadTranscript(url, append, then) {
    if (!url) { return; }
    var text = fetch(url).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); });
    transcriptQueue = transcriptQueue.then(function () { return text; })
      .then(function (body) { renderCues(parseVtt(body), append); if (then) { then(); } })
      .catch(function () {});
  }
  var section = null, sectionChapter = -1;
  function renderCues(list, append) {
    if (!append) {
      transcript.innerHTML = ""; cues = []; words = []; paragraphs = []; section = null; sectionChapter = -1;
    }
    else if (!cues.length) { transcript.innerHTML = ""; }
    list.forEach(function (cue) {
      if (append && cues.length && cue.start <= cues[cues.length - 1].start) { return; }  // already shown
      var index = chapterAt(cue.start), newChapter = !section || index !== sectionChapter;
      if (newChapter) {
        sectionChapter = index;
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
      var paragraph = paragraphs[paragraphs.length - 1];
      paragraph.text += (paragraph.text ? " " : "") + cue.text;
      var span = document.createElement("span");
      span.className = "cue"; span.dataset.start = cue.start;
      cue.words.forEach(function (word, i) {
        var part = document.createElement("span");
        part.className = "word"; part.textContent = word.text; part.dataset.start = word.start;
        span.appendChild(part);
        if (i < cue.words.length - 1) { span.appendChild(document.createTextNode(" ")); }
        words.push({start: word.start, element: part, cue: cues.length, text: word.text});
      });
      span.addEventListener("click", function (event) {
        var word = event.target.closest && event.target.closest(".word");
        seekTo((word ? parseFloat(word.dataset.start) : cue.start) + 0.01);
        following = true; jump.hidden = true;
        if (audio.paused) { toggle(); }
      });
      section.appendChild(span); section.appendChild(document.createTextNode(" "));
      cue.element = span;
      cues.push(cue);
    });
    currentCue = -1; currentWord = -1; update();
  }
  function lastAtOrBefore(list, seconds) {
    var low = 0, high = list.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (list[middle].start <= seconds) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found;
  }
  function highlightCue(seconds) {
    var index = followMode() === "off" ? -1 : lastAtOrBefore(cues, seconds);
    if (index === currentCue) { return; }
    if (currentCue >= 0 && cues[currentCue]) { cues[currentCue].element.classList.remove("current"); }
    currentCue = index;
    if (index >= 0) {
      cues[index].element.classList.add("current");
      if (followMode() === "sentence") { keepInView(cues[index].element); }
    }
  }
  function highlightWord(seconds) {
    var index = followMode() === "word" ? lastAtOrBefore(words, seconds) : -1;
    if (index === currentWord) { return; }
    if (currentWord >= 0 && words[currentWord]) { words[currentWord].element.classList.remove("current"); }
    currentWord = index;
    if (index >= 0) {
      words[index].element.classList.add("current");
      keepInView(words[index].element);
    }
  }
  // The transcript follows the voice unless the reader scrolled away; "Back to the spoken word" resumes it.
  var following = true, readerAt = 0, settling = 0, jump = $("follow-jump");
  function visible(element) {
    var box = element.getBoundingClientRect(), top = document.querySelector(".player").getBoundingClientRect().bottom;
    return box.top >= Math.max(0, top) && box.bottom <= window.innerHeight;
  }
  function keepInView(element) {
    if (audio.paused || !following || Date.now() - readerAt < 1000 || visible(element)) { return; }
    // At once, not smoothly: an animation still running when the reader scrolls would carry them back.
    element.scrollIntoView({block: "center", behavior: "auto"});
  }
  function readerScrolled() {  // once the reader's scrolling settles: follow on only if the spoken word is in view
    if (followMode() === "off") { return; }
    readerAt = Date.now();
    clearTimeout(settling);
    settling = setTimeout(function () {
      var current = words[currentWord] || cues[currentCue];
      following = !current || visible(current.element);
      jump.hidden = following;
    }, 400);
  }
  window.addEventListener("wheel", readerScrolled, {passive: true});
  window.addEventListener("touchmove", readerScrolled, {passive: true});
  document.addEventListener("keydown", function (event) {
    if (["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown"].indexOf(event.key) >= 0) { readerScrolled(); }
  });
  jump.addEventListener("click", function () {
    following = true; jump.hidden = true;
    var current = words[currentWord] || cues[currentCue];
    if (current) { current.element.scrollIntoView({block: "center", behavior: "auto"}); }
  });
  function followMode() { return followSelect.value; }
  followSelect.addEventListener("change", function () {
    try { localStorage.setItem(followKey, followSelect.value); } catch (e) {}
    following = true; jump.hidden = true;
    currentCue = -1; currentWord = -1;
    transcript.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
    update();
  });
  // Words change faster than timeupdate fires (4 times a second): follow them frame by frame while playing.
  var frame = 0;
  function tick() {
    var now = position();
    highlightCue(now); highlightWord(now);
    frame = audio.paused ? 0 : requestAnimationFrame(tick);
  }
  audio.addEventListener("play", function () { if (!frame) { frame = requestAnimationFrame(tick); } });

  // --- report a word -------------------------------------------------------------------------------------------
  var reportButton = $("report-word"), reportChoices = $("report-choices"), reportStatus = $("report-status");
  function recentWords() {
    var seen = {}, found = [];
    for (var i = Math.max(currentWord, 0); i >= 0 && found.length < 6; i--) {
      var group = words[i] ? words[i].text.match(/[^\s\d.,;:!?"“”‘’()\[\]—–-][^\s.,;:!?"“”()\[\]—–]*/g) || [] : [];
      for (var j = group.length - 1; j >= 0 && found.length < 6; j--) {
        var word = group[j].replace(/['’]s$/i, "").replace(/['’]$/, "");
        if (word.length > 1 && !seen[word.toLowerCase()]) { seen[word.toLowerCase()] = true; found.unshift(word); }
      }
    }
    return found;
  }
  function closeReport() { reportChoices.hidden = true; reportButton.setAttribute("aria-expanded", "false"); }
  reportButton.addEventListener("click", function () {
    if (!reportChoices.hidden) { closeReport(); return; }
    var list = reportChoices.querySelector("ul");
    list.innerHTML = "";
    recentWords().forEach(function (word) {
      var li = document.createElement("li"), choice = document.createElement("button");
      choice.type = "button"; choice.textContent = word;
      choice.addEventListener("click", function () {
        closeReport();
        fetch(root.dataset.reports, {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({word: word})})
          .then(function (r) { return r.json().then(function (data) { return {ok: r.ok, data: data}; }); })
          .then(function (result) {
            reportStatus.textContent = result.ok ? "Thank you: “" + word + "” was reported to the editors."
              : result.data.error.message;
          })
          .catch(function () { reportStatus.textContent = "The report could not be sent; please try later."; });
        reportButton.focus();
      });
      li.appendChild(choice); list.appendChild(li);
    });
    if (!list.childNodes.length) { reportStatus.textContent = "Play the narration, then report a word you just heard."; return; }
    reportChoices.hidden = false; reportButton.setAttribute("aria-expanded", "true");
    list.querySelector("button").focus();
  });
  reportChoices.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeReport(); reportButton.focus(); }
  });

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
  function wordsOf(text) { return (text || "").toLowerCase().match(/[\p{L}\p{N}']+/gu) || []; }
  function likeness(a, b) {
    var left = wordsOf(a), right = {}, shared = 0;
    wordsOf(b).forEach(function (w) { right[w] = true; });
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
    loadTranscript(n.transcript_url, false, function () {
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
    if (!at) {  // from its start: play as soon as the browser can, no seek first
      audio.load();
      if (autoplay) { audio.play().catch(function () {}); }
      return;
    }
    audio.addEventListener("loadedmetadata", function once() {
      audio.removeEventListener("loadedmetadata", once);
      audio.currentTime = at;
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
          loadTranscript(n.transcript_url, false, transcriptLoaded);
          $("narrated-by").textContent = "Narrated by " + n.narrator;
          $("duration").textContent = Math.floor(n.duration_s / 60) + " min " + Math.floor(n.duration_s % 60) + " s";
          $("downloads").hidden = false;
          renderStatus.textContent = "Narration complete.";
          if (partIndex < 0 || audio.paused && !audio.currentTime) { switchToFinal(position(), !audio.paused); }
          else if (waitingForPart) { switchToFinal(position(), true); }
          return;
        }
        var known = parts.length;
        parts = n.parts.map(function (p) {
          return {index: p.index, start: p.start_s, duration: p.duration_s, url: p.url,
                  transcript: p.transcript ? p.url.replace(/\.mp3$/, ".vtt") : null};
        });
        parts.slice(known).forEach(function (p) { loadTranscript(p.transcript, true); });
        if (n.chapters.length) { renderChapters(n.chapters); }
        var ready = total();
        renderStatus.textContent = parts.length
          ? "Narrating… " + clock(ready) + " ready to play (" + Math.round(n.progress * 100) + "%)."
          : "Narrating… " + Math.round(n.progress * 100) + "%.";
        if (parts.length && partIndex < 0 && !audio.src) { loadPart(0, 0, playWhenReady); }
        if (waitingForPart && partIndex + 1 < parts.length) { waitingForPart = false; loadPart(partIndex + 1, 0, true); }
        update();
        // Look again soon while little audio is ready ahead of the listener (the first parts are a sentence
        // each), so the next part is known before this one ends.
        setTimeout(poll, total() - position() < PARTS_AHEAD_S ? 150 : 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  // --- start -----------------------------------------------------------------------------------------------
  var savedRate = 1;
  try { savedRate = parseFloat(localStorage.getItem(speedKey) || "1") || 1; } catch (e) {}
  setRate(savedRate);
  try { followSelect.value = localStorage.getItem(followKey) || "word"; } catch (e) {}
  if (!followSelect.value) { followSelect.value = "word"; }
  readChapters();
  if (root.dataset.status === "done") {
    finalUrl = audio.currentSrc || audio.src;
    loadTranscript(transcript.dataset.src, false, transcriptLoaded);
    setTimeout(function () { checkVersion(true); }, VERSION_CHECK_MS);
    if (audio.readyState >= 1) { resume(); } else { audio.addEventListener("loadedmetadata", resume, {once: true}); }
    mediaMetadata();
  } else {
    poll();
  }
  window.narratorPlayer = {position: position, seekTo: seekTo, parts: function () { return parts; },
                           partIndex: function () { return partIndex; }, version: function () { return version; },
                           paragraphs: function () { return paragraphs; },
                           checkVersion: function () { checkVersion(false); },
                           words: function () { return words.map(function (w) { return w.start; }); }};
})();

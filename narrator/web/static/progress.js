// Poll the narration until it is done or failed, then reload into the player.
(function () {
  var status = document.getElementById("progress");
  function poll() {
    fetch(status.dataset.api).then(function (r) { return r.json(); }).then(function (n) {
      if (n.status === "done" || n.status === "failed") { window.location.reload(); return; }
      status.textContent = "Narrating… " + Math.round(n.progress * 100) + "%";
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();

// Chapter buttons seek the player.
(function () {
  var audio = document.getElementById("player");
  document.querySelectorAll("#chapters button").forEach(function (button) {
    button.addEventListener("click", function () {
      audio.currentTime = parseFloat(button.dataset.start);
      audio.play();
    });
  });
})();

(function () {
  var page = document.documentElement.cloneNode(true);
  page.querySelectorAll("script, style, noscript, template, iframe, svg, canvas, video, audio, object, embed, link")
    .forEach(function (node) { node.remove(); });
  var form = document.createElement("form");
  form.method = "post";
  form.action = __ACTION__;
  form.enctype = "multipart/form-data";
  form.acceptCharset = "utf-8";
  form.style.display = "none";
  [["html", "<!doctype html>" + page.outerHTML], ["url", location.href], ["listener", __LISTENER__]]
    .forEach(function (field) {
      var input = document.createElement("textarea");
      input.name = field[0];
      input.value = field[1];
      form.appendChild(input);
    });
  document.body.appendChild(form);
  HTMLFormElement.prototype.submit.call(form);
})();

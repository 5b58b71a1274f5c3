// Progress while an import file uploads and is checked. Without this script the form posts as
// usual; with it the same post goes through XMLHttpRequest, whose upload events give the progress,
// and the result page's <main> replaces this one's.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form[data-import-progress]");
  if (!form || !script || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) {
    return;
  }
  var box = form.querySelector(".import-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var button = form.querySelector("button[type=submit]");

  function say(message, percent) {
    box.hidden = false;
    text.textContent = message;
    if (percent === null) {
      bar.removeAttribute("value"); // indeterminate: the server is checking the rows
    } else {
      bar.value = percent;
    }
  }

  function show(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.querySelector("main");
    if (!main) {
      say(script.dataset.failed, 0);
      button.disabled = false;
      return;
    }
    document.title = page.title;
    document.querySelector("main").replaceWith(document.adoptNode(main));
    // This page's address now shows the result: another one, so that the result's link back to
    // the inventory loads the page afresh rather than only moving to its #rows.
    var address = new URL(window.location.href);
    address.search = "?imported=1";
    address.hash = "";
    window.history.replaceState(null, "", address.toString());
    var heading = main.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    window.scrollTo(0, 0);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round((100 * e.loaded) / e.total);
        say(script.dataset.uploading + " " + percent + " %", percent);
      }
    });
    request.upload.addEventListener("load", function () {
      say(script.dataset.checking, null);
    });
    request.addEventListener("load", function () {
      show(request.responseText);
    });
    request.addEventListener("error", function () {
      say(script.dataset.failed, 0);
      button.disabled = false;
    });
    button.disabled = true;
    say(script.dataset.uploading + " 0 %", 0);
    request.send(new FormData(form));
  });
})();

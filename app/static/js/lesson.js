/* Lesson page: on a wide screen the contents beside the lesson start open. Without this script
   they are one line ("Contents") that opens on a click, which is also how a phone shows them. */
(function () {
  "use strict";

  var toc = document.getElementById("lesson-toc");
  if (!toc || !window.matchMedia) {
    return;
  }
  if (window.matchMedia("(min-width: " + toc.dataset.openFrom + ")").matches) {
    toc.open = true;
  }
})();

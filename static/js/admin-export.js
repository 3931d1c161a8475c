/* django-import-export's "select all" toggle on the export page, bound here rather than by an
   inline onchange attribute, which the site's Content Security Policy blocks. The toggle's
   function comes from import-export's own export_selectable_fields.js. */
(function () {
  "use strict";

  function bind() {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", function (event) {
        if (typeof window.onSelectToggleChange === "function") {
          window.onSelectToggleChange(event);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();

/* Thai Buddhist-Era date pickers.
 *
 * Progressive enhancement of <input data-thai-datepicker="(button label)">: a calendar
 * button next to the input opens a small month view with Thai month names and BE years,
 * and picking a day writes it as dd/mm/yyyy (BE), e.g. 15/08/2567. Typing still works;
 * the server reads 15/08/2567, "15 ส.ค. 2567" and Thai digits alike.
 *
 * Markup is built with Bootstrap classes only: the CSP forbids inline styles and scripts.
 */
(function () {
  "use strict";

  var BE_OFFSET = 543;
  var TEXT = {
    th: {
      months: ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
        "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"],
      days: ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"],
      previous: "เดือนก่อน", next: "เดือนถัดไป", today: "วันนี้", close: "ปิด",
      month: "เดือน", year: "ปี พ.ศ.", calendar: "ปฏิทิน", button: "เลือกจากปฏิทิน"
    },
    en: {
      months: ["January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"],
      days: ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"],
      previous: "Previous month", next: "Next month", today: "Today", close: "Close",
      month: "Month", year: "Year (BE)", calendar: "Calendar", button: "Choose from the calendar"
    }
  };
  var MONTHS_BY_NAME = {};
  TEXT.th.months.forEach(function (name, i) { MONTHS_BY_NAME[name] = i; });
  ["มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"].forEach(
    function (name, i) { MONTHS_BY_NAME[name] = i; });

  function text() {
    var lang = (document.documentElement.lang || "th").slice(0, 2);
    return TEXT[lang] || TEXT.th;
  }

  function asciiDigits(value) {
    return value.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); });
  }

  function ceYear(year, written) {
    if (written.length === 2) { year += 2500; }
    return year > 2400 ? year - BE_OFFSET : year;
  }

  function makeDate(year, month, day) {
    var d = new Date(year, month, day);
    return d.getFullYear() === year && d.getMonth() === month && d.getDate() === day ? d : null;
  }

  /* The date written in the input, read as the server reads it; null when there is none. */
  function parse(value) {
    var t = asciiDigits(value || "").replace(/พ\.?ศ\.?/g, " ").replace(/\s+/g, " ").trim();
    var m = t.match(/^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/);
    if (m) { return makeDate(ceYear(+m[4], m[4]), +m[3] - 1, +m[1]); }
    m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    if (m) { return makeDate(ceYear(+m[1], m[1]), +m[2] - 1, +m[3]); }
    m = t.match(/^(\d{1,2}) ?([^\d ]+) ?(\d{2}|\d{4})$/);
    if (m) {
      var month = MONTHS_BY_NAME[m[2].replace(/\./g, "")];
      if (month !== undefined) { return makeDate(ceYear(+m[3], m[3]), month, +m[1]); }
    }
    return null;
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function format(d) {
    return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + (d.getFullYear() + BE_OFFSET);
  }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  var openPicker = null;
  var counter = 0;

  function Picker(input) {
    var t = text();
    counter += 1;
    this.input = input;
    this.id = "thai-datepicker-" + counter;

    // <div.position-relative> <div.input-group> input button </div> panel </div>
    var wrapper = el("div", "position-relative thai-datepicker");
    var group = el("div", "input-group has-validation");
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(group);
    group.appendChild(input);
    this.button = el("button", "btn btn-outline-secondary", {
      type: "button",
      "aria-label": input.getAttribute("data-thai-datepicker") || t.button,
      title: input.getAttribute("data-thai-datepicker") || t.button,
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": this.id,
      "data-thai-datepicker-button": ""
    });
    this.button.appendChild(el("i", "bi bi-calendar3", { "aria-hidden": "true" }));
    group.appendChild(this.button);
    // Bootstrap shows .invalid-feedback only as a sibling of the invalid input.
    var next = wrapper.nextElementSibling;
    while (next && next.classList.contains("invalid-feedback")) {
      var moving = next;
      next = next.nextElementSibling;
      group.appendChild(moving);
    }

    this.panel = el("div", "position-absolute top-100 start-0 z-3 mt-1 p-2 bg-body border rounded shadow d-none", {
      id: this.id,
      role: "dialog",
      "aria-label": t.calendar
    });
    wrapper.appendChild(this.panel);
    this.build(t);

    var self = this;
    this.button.addEventListener("click", function () {
      if (self.isOpen()) { self.close(); } else { self.open(); }
    });
    this.panel.addEventListener("keydown", function (event) { self.onKey(event); });
  }

  Picker.prototype.build = function (t) {
    var self = this;
    var head = el("div", "d-flex align-items-center gap-1 mb-2");
    this.prev = el("button", "btn btn-sm btn-outline-secondary", { type: "button", "aria-label": t.previous, title: t.previous });
    this.prev.appendChild(el("i", "bi bi-chevron-left", { "aria-hidden": "true" }));
    this.next = el("button", "btn btn-sm btn-outline-secondary", { type: "button", "aria-label": t.next, title: t.next });
    this.next.appendChild(el("i", "bi bi-chevron-right", { "aria-hidden": "true" }));
    this.monthSelect = el("select", "form-select form-select-sm w-auto flex-grow-1", { "aria-label": t.month, "data-part": "month" });
    t.months.forEach(function (name, i) {
      var option = el("option", "", { value: String(i) });
      option.textContent = name;
      self.monthSelect.appendChild(option);
    });
    this.yearSelect = el("select", "form-select form-select-sm w-auto", { "aria-label": t.year, "data-part": "year" });
    head.appendChild(this.prev);
    head.appendChild(this.monthSelect);
    head.appendChild(this.yearSelect);
    head.appendChild(this.next);
    this.panel.appendChild(head);

    var table = el("table", "table table-sm table-borderless text-center mb-1", { role: "grid" });
    var headRow = el("tr");
    t.days.forEach(function (name) {
      var th = el("th", "small text-muted fw-normal px-0", { scope: "col" });
      th.textContent = name;
      headRow.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(headRow);
    table.appendChild(thead);
    this.body = el("tbody");
    table.appendChild(this.body);
    this.panel.appendChild(table);

    var foot = el("div", "d-flex justify-content-between gap-2");
    this.todayButton = el("button", "btn btn-sm btn-link px-0", { type: "button", "data-part": "today" });
    this.todayButton.textContent = t.today;
    this.closeButton = el("button", "btn btn-sm btn-link px-0", { type: "button" });
    this.closeButton.textContent = t.close;
    foot.appendChild(this.todayButton);
    foot.appendChild(this.closeButton);
    this.panel.appendChild(foot);

    this.prev.addEventListener("click", function () { self.show(self.year, self.month - 1); });
    this.next.addEventListener("click", function () { self.show(self.year, self.month + 1); });
    this.monthSelect.addEventListener("change", function () { self.show(self.year, +self.monthSelect.value); });
    this.yearSelect.addEventListener("change", function () { self.show(+self.yearSelect.value - BE_OFFSET, self.month); });
    this.todayButton.addEventListener("click", function () { self.pick(new Date()); });
    this.closeButton.addEventListener("click", function () { self.close(true); });
    this.body.addEventListener("click", function (event) {
      var day = event.target.closest("button[data-day]");
      if (day) { self.pick(new Date(self.year, self.month, +day.getAttribute("data-day"))); }
    });
  };

  /* Draw the month of (year, month), CE year and 0-based month; overflowing months roll. */
  Picker.prototype.show = function (year, month, focusDay) {
    var first = new Date(year, month, 1);
    this.year = first.getFullYear();
    this.month = first.getMonth();
    this.monthSelect.value = String(this.month);

    var beYear = this.year + BE_OFFSET;
    this.yearSelect.textContent = "";
    for (var y = beYear - 10; y <= beYear + 10; y += 1) {
      var option = el("option", "", { value: String(y) });
      option.textContent = String(y);
      this.yearSelect.appendChild(option);
    }
    this.yearSelect.value = String(beYear);

    var selected = parse(this.input.value);
    var today = new Date();
    var days = new Date(this.year, this.month + 1, 0).getDate();
    var focus = focusDay || (selected && selected.getFullYear() === this.year &&
      selected.getMonth() === this.month ? selected.getDate() : 1);
    this.body.textContent = "";
    var row = el("tr");
    for (var blank = 0; blank < first.getDay(); blank += 1) { row.appendChild(el("td", "p-0")); }
    for (var d = 1; d <= days; d += 1) {
      var date = new Date(this.year, this.month, d);
      var style = sameDay(date, selected) ? "btn-primary" : sameDay(date, today) ? "btn-outline-primary" : "btn-light";
      var cell = el("td", "p-0");
      var button = el("button", "btn btn-sm w-100 " + style, {
        type: "button",
        "data-day": String(d),
        "aria-label": d + " " + this.monthSelect.options[this.month].textContent + " " + beYear,
        tabindex: d === focus ? "0" : "-1"
      });
      if (sameDay(date, selected)) { button.setAttribute("aria-pressed", "true"); }
      button.textContent = String(d);
      cell.appendChild(button);
      row.appendChild(cell);
      if (date.getDay() === 6 || d === days) {
        this.body.appendChild(row);
        row = el("tr");
      }
    }
    return this.body.querySelector('button[data-day="' + focus + '"]');
  };

  Picker.prototype.isOpen = function () { return !this.panel.classList.contains("d-none"); };

  Picker.prototype.open = function () {
    if (openPicker && openPicker !== this) { openPicker.close(); }
    var selected = parse(this.input.value) || new Date();
    var focus = this.show(selected.getFullYear(), selected.getMonth());
    this.panel.classList.remove("d-none", "end-0");
    this.panel.classList.add("start-0");
    // Keep the calendar on the screen: open it leftwards when it would overflow the right.
    var box = this.panel.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth) {
      this.panel.classList.remove("start-0");
      this.panel.classList.add("end-0");
    }
    this.button.setAttribute("aria-expanded", "true");
    openPicker = this;
    if (focus) { focus.focus(); }
  };

  Picker.prototype.close = function (returnFocus) {
    this.panel.classList.add("d-none");
    this.button.setAttribute("aria-expanded", "false");
    if (openPicker === this) { openPicker = null; }
    if (returnFocus) { this.button.focus(); }
  };

  Picker.prototype.pick = function (date) {
    this.input.value = format(date);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close();
    this.input.focus();
  };

  var STEPS = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

  Picker.prototype.onKey = function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
      return;
    }
    var day = event.target.closest && event.target.closest("button[data-day]");
    if (!day || !(event.key in STEPS || event.key === "PageUp" || event.key === "PageDown")) { return; }
    event.preventDefault();
    var current = new Date(this.year, this.month, +day.getAttribute("data-day"));
    if (event.key === "PageUp" || event.key === "PageDown") {
      current = new Date(this.year, this.month + (event.key === "PageUp" ? -1 : 1), 1);
    } else {
      current.setDate(current.getDate() + STEPS[event.key]);
    }
    var target = this.show(current.getFullYear(), current.getMonth(), current.getDate());
    if (target) { target.focus(); }
  };

  document.addEventListener("click", function (event) {
    if (openPicker && !openPicker.panel.parentNode.contains(event.target)) { openPicker.close(); }
  });

  function enhance(root) {
    (root || document).querySelectorAll("input[data-thai-datepicker]").forEach(function (input) {
      if (!input.hasAttribute("data-thai-datepicker-ready")) {
        input.setAttribute("data-thai-datepicker-ready", "");
        new Picker(input);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(); });
  } else {
    enhance();
  }
  // Forms that htmx swaps in are enhanced too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();

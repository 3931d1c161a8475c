// The check-in desk (templates/events/desk.html): camera scan, typed code, desk choice.
// Every code check-in gets its nonce and scanned_at when scanned, goes into the offline
// queue first, and the queue is sent in order to the check-in endpoint; an item leaves the
// queue only after the server answered it (200), so none is lost, and a resend with the
// same nonce gets the first answer, so none is doubled.
(function () {
  "use strict";
  const root = document.getElementById("desk");
  if (!root) return;
  const t = root.dataset;
  const api = t.api;
  const deskId = t.desk ? Number(t.desk) : null;
  const answerBox = document.getElementById("desk-answer");
  const logList = document.getElementById("desk-log");
  const queueStatus = document.getElementById("queue-status");
  const csrf = () => root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const RETRY_MS = 10000;

  // The desk chosen on this device is remembered per fair.
  const deskKey = "povertyprog-desk-" + t.fair;
  const select = document.getElementById("desk-select");
  const params = new URLSearchParams(window.location.search);
  if (!params.has("desk")) {
    const remembered = window.localStorage.getItem(deskKey);
    if (remembered && select.querySelector('option[value="' + CSS.escape(remembered) + '"]')) {
      params.set("desk", remembered);
      window.location.replace(window.location.pathname + "?" + params.toString());
      return;
    }
  }
  document.getElementById("desk-choice").addEventListener("submit", () => {
    window.localStorage.setItem(deskKey, select.value);
  });
  select.addEventListener("change", () => {
    window.localStorage.setItem(deskKey, select.value);
    document.getElementById("desk-choice").requestSubmit();
  });

  function pad(n) {
    return String(Math.abs(n)).padStart(2, "0");
  }

  function isoWithOffset(d) {
    const offset = -d.getTimezoneOffset();
    return (
      d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
      (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" + pad(Math.abs(offset) % 60)
    );
  }

  // The server sends the fair's local time with its offset: show its own hours and
  // minutes, whatever time zone the desk's device is set to.
  function timeOf(iso) {
    const found = /T(\d{2}):(\d{2})/.exec(iso || "");
    if (found) return found[1] + ":" + found[2];
    const d = new Date(iso);
    return pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  // A QR holds the self-service URL (/fairs/r/<CODE>/) or the bare code.
  function extractCode(text) {
    const found = /\/fairs\/r\/([^/?#]+)/.exec(text || "");
    return (found ? decodeURIComponent(found[1]) : text || "").trim();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
  }

  function describe(answer) {
    if (answer.result === "checked_in") {
      return { css: "alert-success", icon: "bi-check-circle-fill", title: "✓ " + t.tCheckedIn, detail: answer.name || "" };
    }
    if (answer.result === "already_checked_in") {
      const first = answer.first || {};
      return {
        css: "alert-danger",
        icon: "bi-x-circle-fill",
        title: "✗ " + t.tAlready,
        detail: fill(t.tFirst, { at: first.at ? timeOf(first.at) : "", desk: first.desk || "–", by: first.by || "" }),
      };
    }
    return { css: "alert-warning", icon: "bi-question-circle-fill", title: "✗ " + t.tUnknown, detail: answer.code || "" };
  }

  function showBig(answer) {
    const d = describe(answer);
    const box = document.createElement("div");
    box.className = "desk-answer alert mb-0 " + d.css;
    box.dataset.result = answer.result;
    const title = document.createElement("div");
    title.className = "display-6";
    title.textContent = d.title;
    const detail = document.createElement("div");
    detail.className = "fs-4 desk-answer-name";
    detail.textContent = d.detail;
    box.append(title, detail);
    answerBox.replaceChildren(box);
  }

  function logRow(item) {
    let li = document.getElementById("log-" + item.nonce);
    if (!li) {
      li = document.createElement("li");
      li.id = "log-" + item.nonce;
      li.className = "list-group-item desk-log-item";
      const code = document.createElement("span");
      code.className = "fw-semibold me-2 font-monospace";
      code.textContent = item.code;
      const state = document.createElement("span");
      state.className = "desk-log-state";
      li.append(code, state);
      logList.prepend(li);
    }
    return li;
  }

  function setRow(item, state, text) {
    const li = logRow(item);
    li.dataset.state = state;
    li.querySelector(".desk-log-state").textContent = text;
  }

  async function refreshStatus() {
    const n = await window.OfflineQueue.count();
    queueStatus.classList.toggle("d-none", n === 0);
    queueStatus.textContent = n ? fill(t.tQueued, { n: n }) : "";
  }

  let draining = false;

  // Send the queue in order; stop at the first item the network or the server could not
  // answer (it stays, with those after it, for the next try).
  async function drain() {
    if (draining) return;
    draining = true;
    try {
      for (const item of await window.OfflineQueue.all()) {
        if (!navigator.onLine) break;
        let response;
        try {
          response = await fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            redirect: "manual", // a login page is not an answer
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify({ code: item.code, desk: item.desk, nonce: item.nonce, scanned_at: item.scanned_at }),
          });
        } catch (error) {
          break; // offline or the server unreachable: keep it
        }
        if (response.status === 200) {
          const answer = await response.json();
          await window.OfflineQueue.remove(item.seq);
          const d = describe(answer);
          setRow(item, answer.result, d.title + " " + d.detail);
          if (answer.code && answer.code.length === 10) {
            // The code as the letter prints it, whatever was typed (lower case, no dash).
            logRow(item).querySelector(".font-monospace").textContent =
              answer.code.slice(0, 5) + "-" + answer.code.slice(5);
          }
          if (!item.queued) showBig(answer);
          // Only a new check-in changes the desk's counter (not a refusal or a replay).
          if (answer.result === "checked_in") document.body.dispatchEvent(new Event("desk:checked-in"));
        } else if (response.status === 400 || response.status === 404) {
          // The request itself is wrong: sending it again would not help.
          let message = String(response.status);
          try {
            message = (await response.json()).error || message;
          } catch (error) {
            // not JSON
          }
          await window.OfflineQueue.remove(item.seq);
          setRow(item, "error", fill(t.tError, { error: message }));
        } else {
          setRow(item, "waiting", fill(t.tError, { error: String(response.status || "login") }));
          break; // the session ended or the server failed: keep it for later
        }
      }
    } finally {
      draining = false;
      await refreshStatus();
    }
  }

  async function submitCode(raw) {
    const code = extractCode(raw);
    if (!code) return;
    const item = {
      url: api,
      code: code,
      desk: deskId,
      nonce: window.crypto.randomUUID(),
      scanned_at: isoWithOffset(new Date()),
      queued: !navigator.onLine,
    };
    item.seq = await window.OfflineQueue.add(item);
    setRow(item, "waiting", t.tWaiting);
    if (!navigator.onLine) {
      answerBox.replaceChildren();
      await refreshStatus();
      return;
    }
    await drain();
    if (document.getElementById("log-" + item.nonce).dataset.state === "waiting") {
      answerBox.replaceChildren(); // not answered: it waits in the queue
    }
  }

  document.getElementById("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("code-input");
    submitCode(input.value);
    input.value = "";
    input.focus();
  });

  // A tapped search result answers at the top of the page: bring it into view.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === answerBox) answerBox.scrollIntoView({ block: "start" });
  });

  // The queue left from before a reload, then sending whenever the network comes back.
  window.OfflineQueue.all().then((items) => {
    items.forEach((item) => setRow(item, "waiting", t.tWaiting));
    return drain();
  });
  window.addEventListener("online", drain);
  window.setInterval(drain, RETRY_MS);

  // The camera.
  const video = document.getElementById("camera");
  const start = document.getElementById("camera-start");
  const stop = document.getElementById("camera-stop");
  let scanner = null;
  let last = { code: "", at: 0 };

  function onScan(result) {
    const code = extractCode(result.data);
    const now = Date.now();
    if (code === last.code && now - last.at < 30000) return; // the same QR, still in view
    last = { code: code, at: now };
    submitCode(result.data);
  }

  start.addEventListener("click", async () => {
    if (!scanner) {
      scanner = new window.QrScanner(video, onScan, { returnDetailedScanResult: true, preferredCamera: "environment" });
    }
    video.classList.remove("d-none");
    start.classList.add("d-none");
    stop.classList.remove("d-none");
    try {
      await scanner.start();
    } catch (error) {
      answerBox.textContent = t.tNoCamera;
      video.classList.add("d-none");
      start.classList.remove("d-none");
      stop.classList.add("d-none");
    }
  });
  stop.addEventListener("click", () => {
    scanner.stop();
    video.classList.add("d-none");
    start.classList.remove("d-none");
    stop.classList.add("d-none");
  });
})();

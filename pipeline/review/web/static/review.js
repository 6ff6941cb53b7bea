// foia-clean web review: the terminal's keys in the page. Plain JavaScript, no build step.
// Every answer is a POST of JSON with the access token; the server records it and the page
// reloads to show the next proposal (the server decides what comes next, as in the terminal).
(() => {
  "use strict";
  const token = document.body.dataset.token;
  const item = document.getElementById("item");
  const edit = document.getElementById("edit");
  const text = document.getElementById("edit-text");
  const help = document.getElementById("help");
  const error = document.getElementById("error");
  let busy = false;

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  async function post(path, body) {
    if (busy) return null;
    busy = true;
    try {
      const r = await fetch(path, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-Token": token},
        body: JSON.stringify(body),
      });
      const data = await r.json().catch(() => ({error: r.statusText}));
      if (!r.ok) {
        showError(data.error || r.statusText);
        return null;
      }
      return data;
    } catch (e) {
      showError("The review server does not answer: " + e);
      return null;
    } finally {
      busy = false;
    }
  }

  async function then(promise) {
    if (await promise) location.reload();
  }

  const decide = (decision, scope, text) =>
    then(post("/api/decide", {id: item.dataset.id, decision, text, scope: scope || "this"}));

  const keys = {
    a: () => decide("accept"),
    r: () => decide("reject"),
    A: () => decide("accept", "batch"),
    R: () => decide("reject", "batch"),
    s: () => then(post("/api/skip", {id: item.dataset.id})),
    e: () => { edit.hidden = false; text.focus(); if (isLine) text.select(); },
    "?": () => { help.hidden = !help.hidden; },
    h: () => { help.hidden = !help.hidden; },
  };

  const isLine = item && ["line", "region"].includes(item.dataset.kind);
  const suggested = isLine && item.dataset.suggested === "yes";
  const LINE_ONLY = "This line has no word to fix: e types the whole line as the scan reads it, r keeps the line as OCR read it.";
  // q: the server says what was done and stops; the page says so and asks nothing more.
  async function quit() {
    const data = await post("/api/quit", {});
    if (!data) return;
    const main = document.createElement("main");
    main.id = "ended";
    const title = document.createElement("h1");
    title.textContent = "Review ended";
    const said = document.createElement("p");
    said.textContent = data.said;
    const close = document.createElement("p");
    close.textContent = "The review server has stopped: you can close this tab.";
    main.append(title, said, close);
    for (const old of document.querySelectorAll("main, nav, #note, #error")) old.remove();
    document.body.prepend(main);
    document.removeEventListener("keydown", onKey);
    document.body.dataset.ended = "yes";
  }

  // The audit of automatic changes: one change, every ticked place of it, decided at once.
  const audit = document.getElementById("audit");
  const places = audit ? [...audit.querySelectorAll("tr.place")] : [];
  const leftOut = () => places.map((p) => p.querySelector("[data-place]"))
    .filter((b) => !b.checked).map((b) => b.dataset.place);
  const auditDecide = (decision, typed) => then(post("/api/audit", {
    id: audit.dataset.group, decision, text: typed, except: leftOut(),
  }));
  function showPlace(row) {
    for (const p of places) p.classList.toggle("shown", p === row);
    const image = document.getElementById("page-image");
    const box = document.getElementById("box");
    if (image && row.dataset.pageSrc) image.src = row.dataset.pageSrc;
    if (box) {
      box.hidden = !row.dataset.box;
      if (row.dataset.box) {
        const [left, top, width, height] = row.dataset.box.split(",");
        Object.assign(box.style, {left: left + "%", top: top + "%", width: width + "%", height: height + "%"});
      }
    }
    centre();
  }
  function auditPress(key) {
    if (key === "k" || key === "a") return auditDecide("keep");
    if (key === "r") return auditDecide("revert");
    if (key === "s") return then(post("/api/audit/skip", {id: audit.dataset.group}));
    if (key === "e") { edit.hidden = false; text.focus(); return; }
    if (key === "?" || key === "h") { help.hidden = !help.hidden; return; }
    if (/^[1-9]$/.test(key)) {
      const row = places[Number(key) - 1];
      if (!row) return showError(`There is no place ${key} (1-${places.length}).`);
      const box = row.querySelector("[data-place]");
      box.checked = !box.checked;
      showPlace(row);
    }
  }

  function press(key) {
    if (key === "u") return then(post("/api/undo", {}));
    if (key === "q") return quit();
    if (audit) return auditPress(key);
    if (!item) return;
    if (isLine && !(suggested && key === "a") && /^[1-9aAR]$/.test(key)) return showError(LINE_ONLY);
    if (/^[1-9]$/.test(key)) {
      if (Number(key) <= Number(item.dataset.candidates)) return decide(key);
      return showError(`There is no candidate ${key} (1-${item.dataset.candidates}).`);
    }
    if (keys[key]) keys[key]();
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.target.tagName === "TEXTAREA") return;  // a page being typed: its keys are text
    if (ev.target === text) {
      if (ev.key === "Escape") {
        if (isLine) { text.blur(); return; }  // the line's box stays, with what was typed
        text.value = ""; edit.hidden = true; text.blur();
      }
      return;
    }
    if (ev.key.length !== 1) return;
    ev.preventDefault();
    press(ev.key);
  }
  document.addEventListener("keydown", onKey);

  if (text && text.tagName === "TEXTAREA" && item) {
    // a region's lines: Enter is a line break, Ctrl+Enter saves, Esc leaves the box
    text.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); edit.requestSubmit(); }
      if (ev.key === "Escape") text.blur();
    });
  }
  if (edit) {
    edit.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) return;
      if (audit) auditDecide("text", text.value);
      else decide("text", "this", text.value);  // a typed "1997" is text
    });
  }
  for (const button of document.querySelectorAll("[data-audit]")) {
    button.addEventListener("click", () => press(button.dataset.audit));
  }
  for (const row of places) {
    row.addEventListener("click", (ev) => { if (ev.target.tagName !== "INPUT") showPlace(row); });
  }
  for (const button of document.querySelectorAll("[data-key]")) {
    button.addEventListener("click", () => press(button.dataset.key));
  }
  for (const button of document.querySelectorAll("[data-group-decision]")) {
    button.addEventListener("click", () => {
      const group = button.closest("[data-group]");
      const left = [...group.querySelectorAll("[data-place]")].filter((b) => !b.checked);
      then(post("/api/group", {
        group: group.dataset.group,
        decision: button.dataset.groupDecision,
        except: left.map((b) => b.dataset.place),
      }));
    });
  }
  for (const button of document.querySelectorAll("[data-forget]")) {
    button.addEventListener("click", () => then(post("/api/forget", {decision: button.dataset.forget})));
  }

  // A page flagged for manual transcription: the page's text typed beside its scan.
  const pageToType = document.getElementById("page-to-type");
  const typed = document.getElementById("transcription");
  if (pageToType && typed) {
    const save = () => {
      if (!typed.value.trim()) return showError("Type the page's text first (the box is empty).");
      then(post("/api/transcribe", {
        document: pageToType.dataset.document, page: Number(pageToType.dataset.page), text: typed.value,
      }));
    };
    document.getElementById("transcription-form").addEventListener("submit", (ev) => { ev.preventDefault(); save(); });
    typed.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(); } });
    for (const id of ["fill-ocr", "fill-earlier"]) {
      const button = document.getElementById(id);
      if (button) button.addEventListener("click", () => {
        typed.value = button.dataset.reading ?? button.dataset.earlier ?? "";
        typed.focus();
      });
    }
  }

  // Bring the word's box to the middle of the page view once the image has its size.
  const image = document.getElementById("page-image");
  function centre() {
    const scan = document.getElementById("scan");
    const box = document.getElementById("box");
    if (!box || box.hidden) return;
    scan.scrollTop = box.offsetTop + box.offsetHeight / 2 - scan.clientHeight / 2;
    scan.scrollLeft = box.offsetLeft + box.offsetWidth / 2 - scan.clientWidth / 2;
  }
  if (image) {
    if (image.complete) centre(); else image.addEventListener("load", centre);
  }
  document.body.dataset.ready = "yes";  // the keys work from now on
})();

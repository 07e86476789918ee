// The review page's behaviour: routing, filters, jumps, verdicts kept in localStorage, export.
// No library and no network: the page is opened from disk by double-click.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const batch = data.batch;
  const memory = {}; // used when the browser refuses localStorage for files
  let storage = null;
  try { localStorage.setItem("pipeline-review-probe", "1"); storage = localStorage; } catch (e) { storage = null; }

  // --- verdicts: {items: {key: {verdict, correction?}}, added: [{field, start, end, text, correction}]} per release
  const storeKey = (release) => `pipeline-review:${batch}:${release}`;
  function load(release) {
    const raw = storage ? storage.getItem(storeKey(release)) : memory[release];
    try { return raw ? JSON.parse(raw) : { items: {}, added: [] }; } catch (e) { return { items: {}, added: [] }; }
  }
  function save(release, state) {
    const text = JSON.stringify(state);
    if (storage) storage.setItem(storeKey(release), text); else memory[release] = text;
    progress(release);
  }
  const keyOf = (item) => `${item.field}:${item.start}:${item.end}`;

  // --- routing: #r=<release> shows one release, anything else the index
  function route() {
    const m = /^#r=(.+)$/.exec(location.hash);
    const id = m ? decodeURIComponent(m[1]) : null;
    let shown = false;
    for (const s of document.querySelectorAll("section.release")) {
      const on = s.dataset.release === id;
      s.hidden = !on;
      shown = shown || on;
    }
    document.getElementById("index").hidden = shown;
    window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);

  // --- filters by field
  for (const box of document.querySelectorAll("input.filter")) {
    box.addEventListener("change", () => document.body.classList.toggle(`off-${box.value}`, !box.checked));
  }

  const sectionOf = (el) => el.closest("section.release");
  const marksOf = (section, n) => section.querySelectorAll(`mark.hl[data-n="${n}"]`);
  const rowOf = (section, n) => section.querySelector(`li.item[data-n="${n}"]`);
  // Scroll only the pane holding `el`: the page itself stays put.
  function reveal(el) {
    const pane = el.closest(".text, .side");
    pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - pane.clientHeight / 2;
  }
  function flash(els) {
    for (const el of els) { el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash"); }
  }

  // --- jumps: list item → its span, span → its list item
  document.addEventListener("click", (ev) => {
    const t = ev.target;
    const go = t.closest("li.item .go");
    if (go) {
      const row = go.closest("li.item"), section = sectionOf(row);
      const marks = marksOf(section, row.dataset.n);
      reveal(marks[0]);
      flash(marks);
      return;
    }
    const mark = t.closest("mark.hl");
    if (mark && !window.getSelection().toString()) {
      const section = sectionOf(mark), row = rowOf(section, mark.dataset.n);
      reveal(row);
      flash([row]);
    }
  });
  // Hover: the whole item lights up, in the text and in the list.
  function hover(ev, on) {
    const el = ev.target.closest("mark.hl, li.item");
    if (!el) return;
    const section = sectionOf(el);
    for (const m of marksOf(section, el.dataset.n)) m.classList.toggle("hover", on);
    const row = rowOf(section, el.dataset.n);
    if (row) row.classList.toggle("hover", on);
  }
  document.addEventListener("mouseover", (ev) => hover(ev, true));
  document.addEventListener("mouseout", (ev) => hover(ev, false));

  // --- judging
  const VERDICTS = ["accept", "reject", "correct"];
  function paint(section) {
    const release = section.dataset.release, state = load(release);
    data.releases[release].forEach((item, n) => {
      const v = state.items[keyOf(item)];
      const row = rowOf(section, n);
      for (const name of VERDICTS) {
        row.classList.toggle(`v-${name}`, !!v && v.verdict === name);
        for (const m of marksOf(section, n)) m.classList.toggle(`v-${name}`, !!v && v.verdict === name);
      }
      let fixed = row.querySelector(".fixed");
      if (v && v.verdict === "correct") {
        if (!fixed) { fixed = document.createElement("span"); fixed.className = "fixed"; row.insertBefore(fixed, row.querySelector(".judge")); }
        fixed.textContent = "→ " + describe(v.correction);
      } else if (fixed) fixed.remove();
    });
    paintAdded(section, state);
  }
  const describe = (c) => Object.entries(c).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join(" · ");

  function editable(field, values) {
    // departments are typed as "09, 31"; every other value is one string
    const form = document.createElement("form");
    form.className = "fix";
    for (const name of data.correctable[field]) {
      const label = document.createElement("label");
      label.textContent = name;
      const input = document.createElement("input");
      input.name = name;
      const v = values[name];
      input.value = v == null ? "" : Array.isArray(v) ? v.join(", ") : String(v);
      label.appendChild(input);
      form.appendChild(label);
    }
    const ok = document.createElement("button"); ok.type = "submit"; ok.textContent = "save";
    const cancel = document.createElement("button"); cancel.type = "button"; cancel.className = "cancel"; cancel.textContent = "cancel";
    form.append(ok, cancel);
    cancel.addEventListener("click", () => form.remove());
    return form;
  }
  function readForm(form) {
    const out = {};
    for (const input of form.querySelectorAll("input")) {
      const v = input.value.trim();
      out[input.name] = input.name === "departments" ? v.split(/[\s,;]+/).filter(Boolean) : v === "" ? null : v;
    }
    return out;
  }

  document.addEventListener("click", (ev) => {
    const button = ev.target.closest("li.item .judge button");
    if (!button) return;
    const row = button.closest("li.item"), section = sectionOf(row), release = section.dataset.release;
    const item = data.releases[release][+row.dataset.n], key = keyOf(item);
    const state = load(release), verdict = button.className.slice(2);
    if (verdict === "correct") {
      if (row.querySelector("form.fix")) return;
      const current = state.items[key] && state.items[key].correction;
      const form = editable(item.field, current || item.attrs);
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        state.items[key] = { verdict: "correct", correction: readForm(form) };
        save(release, state); form.remove(); paint(section);
      });
      row.appendChild(form);
      form.querySelector("input").focus();
      return;
    }
    if (state.items[key] && state.items[key].verdict === verdict) delete state.items[key]; // a second click undoes
    else state.items[key] = { verdict };
    save(release, state);
    paint(section);
  });

  // --- adding a missed item from a selection in the text; offsets count code points, as Python does
  const points = (s) => Array.from(s).length;
  function offsetIn(container, node, offset) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let total = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n === node) return total + points(n.data.slice(0, offset));
      total += points(n.data);
    }
    return null;
  }
  document.addEventListener("click", (ev) => {
    const button = ev.target.closest(".add-go");
    if (!button) return;
    const section = sectionOf(button), container = section.querySelector(".text");
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) { alert("Select the missed words in the text first."); return; }
    const range = sel.getRangeAt(0);
    const nodeOffset = (node, off) => node.nodeType === Node.TEXT_NODE ? [node, off] : [node.childNodes[off] || node, 0];
    const [sn, so] = nodeOffset(range.startContainer, range.startOffset);
    const [en, eo] = nodeOffset(range.endContainer, range.endOffset);
    const start = offsetIn(container, sn, so), end = offsetIn(container, en, eo);
    if (start == null || end == null || end <= start) { alert("The selection must lie inside this release's text."); return; }
    const text = Array.from(container.textContent).slice(start, end).join("");
    const field = section.querySelector(".add-field").value;
    const correction = {};
    for (const name of data.correctable[field]) correction[name] = name === "departments" ? [] : name === "name" ? text : name === "currency" ? "EUR" : null;
    const state = load(section.dataset.release);
    state.added.push({ field, start, end, text, correction });
    save(section.dataset.release, state);
    sel.removeAllRanges();
    paint(section);
  });
  function paintAdded(section, state) {
    const list = section.querySelector("ol.added");
    list.textContent = "";
    state.added.forEach((a, i) => {
      const li = document.createElement("li");
      li.className = `added-item f-${a.field}`;
      const title = document.createElement("span");
      title.textContent = `${data.labels[a.field]}: ${a.text} [${a.start}, ${a.end})`;
      const remove = document.createElement("button");
      remove.type = "button"; remove.textContent = "remove";
      remove.addEventListener("click", () => { state.added.splice(i, 1); save(section.dataset.release, state); paint(section); });
      const form = editable(a.field, a.correction);
      form.querySelector(".cancel").remove();
      form.addEventListener("submit", (e) => { e.preventDefault(); a.correction = readForm(form); save(section.dataset.release, state); paint(section); });
      li.append(title, remove, form);
      list.appendChild(li);
    });
  }

  // --- export: every verdict of the batch as JSONL, in a textarea and as a download
  function lines() {
    const out = [];
    for (const release of Object.keys(data.releases).sort()) {
      const state = load(release);
      for (const item of data.releases[release]) {
        const v = state.items[keyOf(item)];
        if (!v) continue;
        const line = { batch, release, field: item.field, start: item.start, end: item.end, text: item.text, verdict: v.verdict };
        if (v.verdict === "correct") line.correction = v.correction;
        out.push(line);
      }
      for (const a of state.added) out.push({ batch, release, field: a.field, start: a.start, end: a.end, text: a.text, verdict: "add", correction: a.correction });
    }
    return out.map((l) => JSON.stringify(l)).join("\n") + (out.length ? "\n" : "");
  }
  document.getElementById("export").addEventListener("click", () => {
    const jsonl = lines();
    document.getElementById("export-jsonl").value = jsonl;
    const a = document.getElementById("download");
    if (a.href) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([jsonl], { type: "application/x-ndjson" }));
    a.download = `verdicts-${batch}.jsonl`;
    a.click();
  });

  // --- index: how much of each release is judged
  function progress(release) {
    const row = document.querySelector(`#index tr[data-release="${CSS.escape(release)}"] .progress`);
    if (!row || !data.releases[release]) return;
    const state = load(release), all = data.releases[release];
    const judged = all.filter((item) => state.items[keyOf(item)]).length;
    row.textContent = `${judged}/${all.length}`;
  }

  if (!storage) document.querySelector(".summary").insertAdjacentHTML("beforeend", ' · <span class="notice">this browser keeps no verdicts for files: export before closing</span>');
  for (const section of document.querySelectorAll("section.release")) paint(section);
  for (const release of Object.keys(data.releases)) progress(release);
  route();
})();

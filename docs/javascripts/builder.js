/* Footnotes handout builder (docs/make-a-handout.md).
 *
 * A practitioner chooses steps, times and notes, and prints one page for a
 * client. The page is the build's own handout: the preview frame loads
 * make-a-handout/sheet-a4.html or sheet-letter.html, made by the build from
 * macros/handout/handout.html and handout.css with every safety note of the
 * data file in it (macros/builder.py). This file copies its one step for
 * each chosen step, fills in the words, and hides the notes not wanted.
 * Which notes must print comes from the data (routine-address.js).
 *
 * Everything typed goes into the page as text (textContent), never as HTML.
 * The client's name, the date and the practitioner's notes stay on this
 * device: they are never put in an address or the QR code, and they are
 * kept in this browser's localStorage only if the practitioner asks.
 * Nothing is fetched from anywhere else.
 */
(() => {
  "use strict";
  if (window.fnBuilderLoaded) return;
  window.fnBuilderLoaded = true;

  const STORE = "footnotes.builder";
  const KEEP_RECENT = 10;
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function today() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function longDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!m) return "";
    const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  // --- kept on this device, only if asked ---------------------------------

  const store = {
    read() {
      try {
        const saved = JSON.parse(localStorage.getItem(STORE) || "{}");
        return { keep: saved.keep === true, recent: Array.isArray(saved.recent) ? saved.recent : [] };
      } catch (err) { return { keep: false, recent: [] }; }
    },
    write(value) {
      try {
        if (!value.keep && !value.recent.length) localStorage.removeItem(STORE);
        else localStorage.setItem(STORE, JSON.stringify(value));
      } catch (err) { /* storage blocked: nothing is kept */ }
    },
    forget() {
      try { localStorage.removeItem(STORE); } catch (err) { /* nothing was kept */ }
    },
  };

  class Builder {
    constructor(form, data) {
      this.form = form;
      this.data = data;
      this.R = window.FnRoutine;
      this.frame = document.getElementById("fn-b-sheet");
      this.spec = { from: "", steps: [], notes: [] };
      this.size = "a4";
      this.sheets = {};
      this.leftOut = []; // a routine's own notes left out to fit, when it was loaded
      this.wire();
    }

    $(id) { return document.getElementById(id); }

    say(text) {
      const live = this.$("fn-b-live");
      live.textContent = "";
      window.setTimeout(() => { live.textContent = text; }, 50);
    }

    wire() {
      this.form.addEventListener("submit", (event) => event.preventDefault());
      this.form.addEventListener("click", (event) => {
        const button = event.target instanceof Element && event.target.closest("[data-fn-b]");
        if (!button) return;
        const what = button.dataset.fnB;
        const i = Number(button.dataset.index);
        if (what === "load") this.load(this.$("fn-b-from").value);
        else if (what === "add") this.add(this.$("fn-b-add").value);
        else if (what === "up") this.move(i, -1, button);
        else if (what === "down") this.move(i, 1, button);
        else if (what === "remove") this.remove(i);
        else if (what === "print") this.print();
        else if (what === "forget") this.forget();
        else if (what === "open") this.openRecent(i);
        else if (what === "address") this.openAddress();
      });
      this.form.addEventListener("change", (event) => {
        const t = event.target;
        if (t.name === "fn-size") { this.size = t.value; this.update(); }
        else if (t.dataset.field) this.setField(Number(t.dataset.index), t.dataset.field, t.value);
        else if (t.dataset.note) this.toggleNote(t.dataset.note, t.checked);
        else if (t.id === "fn-b-keep") this.setKeep(t.checked);
        else if (t.id === "fn-b-date") this.update();
      });
      // Typed words show in the preview as they are typed.
      for (const id of ["fn-b-name", "fn-b-notes"]) {
        this.$(id).addEventListener("input", () => this.update());
      }
      this.$("fn-b-date").value = today();
      this.frame.addEventListener("load", () => this.sheetLoaded());
      window.addEventListener("resize", () => this.scale());
      // An address typed or pasted into the browser's bar opens its steps.
      window.addEventListener("hashchange", () => {
        if (!this.form.isConnected) return;
        const spec = this.R.decode(location.hash, this.data);
        if (!spec) return;
        this.spec = spec;
        this.leftOut = [];
        this.$("fn-b-from").value = spec.from;
        this.update();
      });
      const spec = this.R.decode(location.hash, this.data);
      if (spec) this.spec = spec;
      this.$("fn-b-from").value = this.spec.from;
      this.form.hidden = false;
      this.renderRecent();
      this.update();
    }

    // --- the steps ---

    load(from) {
      const routine = from ? this.data.routines[from] : null;
      this.spec = {
        from,
        steps: routine ? routine.steps.map((s, i) => ({
          technique: s.technique, ref: i + 1, minutes: s.minutes, pressure: s.pressure,
          side: this.R.sidesFor(this.data, s.technique)[0],
        })) : [],
        notes: routine ? routine.notes.slice() : [],
      };
      // A new handout is for a new client: nothing of the last one carries over.
      this.$("fn-b-name").value = "";
      this.$("fn-b-notes").value = "";
      this.$("fn-b-date").value = today();
      this.leftOut = [];
      this.trimFor = routine;
      this.update();
      this.trim();
      if (!routine) this.say("Started an empty handout.");
    }

    // The routine's own notes that its steps do not need go first if the
    // page is too full: the practitioner has screened the client, and can
    // add any of them back (and take a step away instead). Done once the
    // sheet and its font are in, as that sets the line breaks.
    trim() {
      const routine = this.trimFor;
      const sheet = this.sheets[this.size];
      if (!routine || !sheet || sheet.doc.fonts.status !== "loaded") return;
      this.trimFor = null;
      if (!this.fitting) {
        for (const id of this.made.added.slice().reverse()) {
          this.spec.notes = this.spec.notes.filter((n) => n !== id);
          this.leftOut.unshift(id);
          this.update();
          if (this.fitting) break;
        }
        if (!this.fitting) {
          this.spec.notes = routine.notes.slice();
          this.leftOut = [];
          this.update();
        }
      }
      const out = this.leftOut.length
        ? ` To fit one page, ${this.leftOut.length === 1 ? "one note was" : "some notes were"} left out.`
        : "";
      this.say(`Started from ${routine.title}: ${this.spec.steps.length} steps.${out}`);
    }

    add(technique) {
      const t = this.data.techniques[technique];
      if (!t) return;
      if (this.spec.steps.length >= this.data.max_steps) {
        this.say(`A handout can have at most ${this.data.max_steps} steps.`);
        return;
      }
      this.spec.steps.push({ technique, ref: 0, minutes: t.minutes, pressure: t.start_pressure,
                             side: this.R.sidesFor(this.data, technique)[0] });
      this.update();
      this.say(`Added step ${this.spec.steps.length}: ${t.name}.`);
    }

    move(i, by, button) {
      const j = i + by;
      const steps = this.spec.steps;
      if (j < 0 || j >= steps.length) return;
      [steps[i], steps[j]] = [steps[j], steps[i]];
      this.update();
      const name = this.data.techniques[steps[j].technique].name;
      this.say(`${name} is now step ${j + 1}.`);
      // Keep focus on the same button of the moved step, or its other one at an end.
      const kind = button.dataset.fnB;
      const again = this.form.querySelector(`[data-fn-b="${kind}"][data-index="${j}"]:not([disabled])`) ||
        this.form.querySelector(`[data-fn-b="${kind === "up" ? "down" : "up"}"][data-index="${j}"]`);
      if (again) again.focus();
    }

    remove(i) {
      const [gone] = this.spec.steps.splice(i, 1);
      this.update();
      this.say(`Removed ${this.data.techniques[gone.technique].name}.`);
      const next = this.form.querySelector(`[data-fn-b="remove"][data-index="${Math.min(i, this.spec.steps.length - 1)}"]`);
      (next || this.$("fn-b-add")).focus();
    }

    setField(i, field, value) {
      const step = this.spec.steps[i];
      if (!step) return;
      if (field === "minutes") {
        const minutes = Math.round(Number(value) * 2) / 2;
        step.minutes = Math.min(60, Math.max(0.5, Number.isFinite(minutes) ? minutes : step.minutes));
      } else {
        step[field] = value;
      }
      this.update();
    }

    toggleNote(id, on) {
      const notes = new Set(this.spec.notes);
      if (on) notes.add(id); else notes.delete(id);
      this.spec.notes = this.data.order.filter((n) => notes.has(n));
      this.update();
    }

    // --- drawing the form ---

    renderSteps(made) {
      const list = this.$("fn-b-steps");
      const w = this.data.words;
      const n = this.spec.steps.length;
      list.replaceChildren(...this.spec.steps.map((s, i) => {
        const t = this.data.techniques[s.technique];
        const id = `fn-b-step-${i}`;
        const select = (field, label, options) => {
          const control = el("select", { id: `${id}-${field}`, "data-field": field, "data-index": i },
            ...options.map(([value, text]) => {
              const option = el("option", { value, text });
              option.selected = String(s[field]) === String(value);
              return option;
            }));
          return el("span", { class: "fn-builder__field" },
                    el("label", { for: control.id, text: label }), control);
        };
        const minutes = [];
        for (let m = 0.5; m <= 10; m += 0.5) minutes.push([m, `${this.R.minutesText(m)} min`]);
        if (s.minutes > 10) minutes.push([s.minutes, `${this.R.minutesText(s.minutes)} min`]);
        const sides = this.R.sidesFor(this.data, s.technique);
        const sideWord = w.side_word[t.area];
        const button = (what, text, label, disabled) => {
          const b = el("button", { type: "button", class: "md-button", "data-fn-b": what,
                                   "data-index": i, "aria-label": label, text });
          if (disabled) b.disabled = true;
          return b;
        };
        return el("li", { class: "fn-builder__step", "aria-labelledby": `${id}-name` },
          el("p", { class: "fn-builder__step-name", id: `${id}-name` },
             el("strong", { text: `${i + 1}. ${t.name}` }), ` (${t.area_name})`),
          el("p", { class: "fn-builder__cue", text: made.steps[i].cue }),
          el("div", { class: "fn-builder__fields" },
            select("minutes", "Minutes", minutes),
            select("pressure", "Pressure", t.pressures.map((p) => [p, w.pressure[p]])),
            sides.length > 1
              ? select("side", "Side", sides.map((v) => [v, this.R.fill(w.side_detail[v], { side: sideWord })
                .replace(/^./, (c) => c.toUpperCase())]))
              : null),
          el("div", { class: "fn-builder__move" },
            button("up", "Move up", `Move step ${i + 1}, ${t.name}, up`, i === 0),
            button("down", "Move down", `Move step ${i + 1}, ${t.name}, down`, i === n - 1),
            button("remove", "Remove", `Remove step ${i + 1}, ${t.name}`, false)));
      }));
      const hint = this.$("fn-b-empty");
      hint.textContent = n >= this.data.max_steps
        ? `A handout can have up to ${this.data.max_steps} steps.`
        : "No steps yet. Add a technique, or start from a routine.";
      hint.hidden = n > 0 && n < this.data.max_steps;
      this.form.querySelector('[data-fn-b="add"]').disabled = n >= this.data.max_steps;
    }

    renderNotes(made) {
      const required = new Set(made.required);
      this.$("fn-b-required").replaceChildren(...(made.required.length ? made.required.map((id) =>
        el("li", { "data-required": id }, el("span", { text: this.data.notes[id].label }))) :
        [el("li", { text: "None yet: add a step." })]));
      // Every other note can be added; those the chosen steps suggest come first.
      const suggested = new Set(made.steps.flatMap((s) => this.data.techniques[s.technique].suggested));
      const others = this.data.order.filter((id) => !required.has(id));
      others.sort((a, b) => Number(suggested.has(b)) - Number(suggested.has(a)));
      const chosen = new Set(this.spec.notes);
      this.$("fn-b-extra").replaceChildren(...others.map((id) => {
        const box = el("input", { type: "checkbox", id: `fn-b-note-${id}`, "data-note": id });
        box.checked = chosen.has(id);
        return el("p", {}, box, el("label", { for: box.id },
          this.data.notes[id].label, suggested.has(id) ? el("span", { class: "fn-builder__hint",
                                                                     text: " (suggested for these steps)" }) : null));
      }));
    }

    address() {
      return this.R.encode({ from: this.spec.from, steps: this.spec.steps,
                             notes: this.made.added }, this.data);
    }

    update() {
      const focused = document.activeElement && this.form.contains(document.activeElement)
        ? document.activeElement.id : "";
      // A step changed from its routine's own keeps that routine's cue.
      this.made = this.R.make(this.spec, this.data);
      this.renderSteps(this.made);
      this.renderNotes(this.made);
      this.link();
      this.fill();
      this.refocus(focused);
    }

    // Drawing the lists again replaces their controls: focus goes back to
    // the one with the same id, so the keyboard keeps its place.
    refocus(id) {
      if (!id || (document.activeElement && document.activeElement.id === id)) return;
      const again = document.getElementById(id);
      if (again) again.focus();
    }

    link() {
      const fragment = this.spec.steps.length ? this.address() : "";
      this.url = fragment ? `${this.data.play}#${fragment}` : "";
      const local = fragment ? `${this.data.play_href}#${fragment}` : "";
      const link = this.$("fn-b-address");
      link.textContent = this.url;
      link.href = local || "#";
      this.$("fn-b-play").href = local || "#";
      this.$("fn-b-share").hidden = !fragment;
      // This page's own address keeps the steps too, so a reload keeps them.
      history.replaceState(history.state, "", fragment ? `#${fragment}` : location.pathname + location.search);
    }

    // --- the sheet ---

    sheetLoaded() {
      const doc = this.frame.contentDocument;
      if (!doc || !doc.querySelector("ol.steps")) return;
      const size = this.frame.dataset.size;
      const steps = doc.querySelector("ol.steps");
      this.sheets[size] = {
        doc,
        step: steps.querySelector("li").cloneNode(true),
        facts: [...doc.querySelectorAll(".fact")],
      };
      steps.replaceChildren();
      this.scale();
      this.fill();
      // Measure again once the sheet's own font is in: it sets the line breaks.
      doc.fonts.ready.then(() => {
        if (!this.sheets[size] || this.sheets[size].doc !== doc) return;
        this.fill();
        this.trim();
      });
    }

    scale() {
      if (!this.frame.isConnected) return;  // instant navigation left this page
      const box = this.frame.parentElement;
      const doc = this.frame.contentDocument;
      if (!doc || !doc.body || !box.clientWidth) return;
      // The paper's own size: the sheet's body and its page margins.
      const page = doc.body.getBoundingClientRect();
      const width = Math.ceil(page.width);
      const height = Math.ceil(page.height);
      const fit = Math.min(1, box.clientWidth / width);
      this.frame.style.width = `${width}px`;
      this.frame.style.height = `${height}px`;
      this.frame.style.transform = `scale(${fit})`;
      box.style.height = `${Math.ceil(height * fit)}px`;
    }

    fill() {
      const empty = !this.spec.steps.length;
      this.$("fn-b-preview-empty").hidden = !empty;
      this.frame.parentElement.hidden = empty;
      const sheet = this.sheets[this.size];
      if (!sheet || this.frame.dataset.size !== this.size) {
        // The sheet (and its font) loads once there is a step to show.
        if (this.frame.dataset.size !== this.size && this.spec.steps.length) {
          this.frame.dataset.size = this.size;
          this.frame.src = this.data.sheets[this.size].href;
        }
        this.checkFit(null);
        return;
      }
      this.scale();
      const own = this.$("fn-b-notes").value.trim();
      this.render(sheet, this.made, own);
      // A routine's own note, left out to fit when it was loaded, comes back
      // by itself as soon as there is room for it again.
      for (const id of this.leftOut.slice()) {
        if (this.spec.notes.includes(id) || !this.measure(sheet.doc)) continue;
        const notes = this.data.order.filter((n) => n === id || this.spec.notes.includes(n));
        const made = this.R.make({ ...this.spec, notes }, this.data);
        this.render(sheet, made, own);
        if (this.measure(sheet.doc)) {
          this.spec.notes = notes;
          this.leftOut = this.leftOut.filter((n) => n !== id);
          this.made = made;
          this.renderNotes(made);
          this.link();
        } else {
          this.render(sheet, this.made, own);
        }
      }
      this.checkFit(sheet);
    }

    // The sheet for these steps and notes: every word as text.
    render(sheet, made, own) {
      const doc = sheet.doc;
      const name = this.$("fn-b-name").value.trim();
      const date = longDate(this.$("fn-b-date").value);
      doc.title = `${made.title}${name ? ` for ${name}` : ""}`;
      doc.querySelector("h1").textContent = made.title;
      doc.querySelector(".key").textContent = made.summary;
      const values = [name, date, made.time];
      sheet.facts.forEach((fact, i) => {
        fact.querySelector(".value").textContent = values[i];
        fact.hidden = !values[i];
      });
      doc.querySelector("ol.steps").replaceChildren(...made.steps.map((s) => {
        const li = sheet.step.cloneNode(true);
        li.querySelector(".name").textContent = s.name;
        li.querySelector(".detail").textContent = s.detail;
        li.querySelector(".cue").textContent = s.cue;
        const pic = li.querySelector(".pic");
        const t = this.data.techniques[s.technique];
        pic.src = t.picture;
        pic.alt = t.alt;
        return li;
      }));
      const repeat = doc.querySelector(".repeat");
      repeat.textContent = made.repeat;
      repeat.hidden = !made.repeat;
      doc.querySelector(".own-text").textContent = own;
      doc.querySelector(".own").hidden = !own;
      const chosen = new Set(made.notes);
      doc.querySelectorAll(".note").forEach((note) => { note.hidden = !chosen.has(note.dataset.note); });
      doc.querySelectorAll("section.notes").forEach((section) => {
        section.hidden = !section.querySelector(".note:not([hidden])");
      });
      doc.querySelector(".address").textContent = this.url.replace(/^[a-z]+:\/\//, "");
      doc.querySelector("footer").hidden = !this.url;
      this.qr(doc, this.url);
    }

    qr(doc, url) {
      const holder = doc.querySelector(".qr");
      if (url && !this.qrCode && !this.qrLoading) {
        // The QR encoder (vendored, an ES module) loads the first time there is a code to draw.
        this.qrLoading = import(new URL(this.data.qr_script, document.baseURI).href)
          .then((encoder) => { this.qrCode = encoder; this.fill(); })
          .catch(() => { this.qrLoading = null; });
      }
      if (!url || !this.qrCode) { holder.replaceChildren(); return; }
      const code = this.qrCode.generate(url, { minCorrectionLevel: this.qrCode.correction.M });
      const n = code.size;
      let path = "";
      for (let r = 0; r < n; r += 1) {
        for (let c = 0; c < n; c += 1) if (code.get(c, r)) path += `M${c} ${r}h1v1h-1z`;
      }
      const svg = doc.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", `0 0 ${n} ${n}`);
      svg.setAttribute("shape-rendering", "crispEdges");
      const shape = doc.createElementNS(SVG, "path");
      shape.setAttribute("d", path);
      shape.setAttribute("fill", "#000");
      svg.append(shape);
      holder.replaceChildren(svg);
    }

    // --- one page, or what to drop ---

    fits(doc) {
      const body = doc.querySelector(".body");
      return body.scrollWidth <= body.clientWidth + 1 && doc.body.scrollHeight <= doc.body.clientHeight + 1;
    }

    // As the build does: the diagrams print where they fit, else none do.
    measure(doc) {
      const pics = [...doc.querySelectorAll(".steps .pic")];
      pics.forEach((p) => { p.hidden = false; });
      if (this.fits(doc)) return true;
      pics.forEach((p) => { p.hidden = true; });
      return this.fits(doc);
    }

    checkFit(sheet) {
      const box = this.$("fn-b-fit");
      const button = this.form.querySelector('[data-fn-b="print"]');
      const size = this.data.sheets[this.size].name;
      const empty = !this.spec.steps.length;
      const fits = Boolean(sheet) && !empty && this.measure(sheet.doc);
      this.fitting = fits;
      // Not `disabled`: a press says why it cannot print yet, and focus goes there.
      button.setAttribute("aria-disabled", String(!fits));
      box.dataset.fits = String(fits);
      if (empty || !sheet) {
        box.replaceChildren(el("p", { text: empty ? "Add at least one step to print."
          : "Making the preview…" }));
        return;
      }
      if (fits) {
        const pics = [...sheet.doc.querySelectorAll(".steps .pic")];
        const parts = [el("p", {}, el("strong", { text: `It fits on one ${size} page.` }),
          pics.length && pics[0].hidden ? " The step pictures are left out to make room." : "")];
        const left = this.leftOut.filter((id) => !this.spec.notes.includes(id));
        if (left.length) {
          parts.push(el("p", {}, `To fit, ${left.length > 1 ? "these notes" : "this note"} of the routine ` +
            `${left.length > 1 ? "were" : "was"} left out: ` +
            left.map((id) => `“${this.data.notes[id].label}”`).join("; ") +
            ". It comes back by itself when there is room. To add it now, tick it under " +
            "“Add a note”, then take a step away."));
        }
        box.replaceChildren(...parts);
        return;
      }
      box.replaceChildren(el("p", {}, el("strong", { text: `It does not fit on one ${size} page.` }),
        " Take something away, then it will print."), this.whatToDrop(sheet));
      this.render(sheet, this.made, this.$("fn-b-notes").value.trim());
      this.measure(sheet.doc);
    }

    // Tries each thing the practitioner can take away, alone, and names
    // those that would make the page fit (a step takes its area's notes too).
    whatToDrop(sheet) {
      const own = this.$("fn-b-notes").value.trim();
      const tries = this.made.added.map((id) => [`the note “${this.data.notes[id].label}”`,
        { ...this.spec, notes: this.spec.notes.filter((n) => n !== id) }, own]);
      if (own) tries.push(["your notes (or make them shorter)", this.spec, ""]);
      this.spec.steps.forEach((step, i) => {
        tries.push([i, { ...this.spec, steps: this.spec.steps.filter((x, j) => j !== i) }, own]);
      });
      const works = [];
      for (const [what, spec, text] of tries) {
        if (!spec.steps.length) continue;
        const made = this.R.make(spec, this.data);
        this.render(sheet, made, text);
        if (!this.measure(sheet.doc)) continue;
        if (typeof what === "number") {
          const fewer = this.made.notes.length - made.notes.length;
          works.push(`step ${what + 1}, ${this.made.steps[what].name}` +
                     (fewer ? ` (and the ${fewer} note${fewer > 1 ? "s" : ""} only it needs)` : ""));
        } else {
          works.push(what);
        }
      }
      if (works.length) {
        return el("div", {}, el("p", { text: "Any one of these would make it fit:" }),
                  el("ul", {}, ...works.map((w) => el("li", { text: w }))));
      }
      const ways = ["a few steps"];
      if (this.made.added.length) ways.push("the notes you added");
      return el("p", { text: `Take away ${ways.join(" or ")}${own ? ", or make your notes shorter" : ""}. ` +
                             "Each area a step works on brings its own warning notes, which must print." });
    }

    print() {
      if (!this.fitting) {
        const box = this.$("fn-b-fit");
        box.setAttribute("tabindex", "-1");
        box.focus();
        return;
      }
      this.remember();
      this.frame.contentWindow.focus();
      this.frame.contentWindow.print();
    }

    // --- addresses and recent handouts ---

    openAddress() {
      const field = this.$("fn-b-open");
      const value = field.value.trim();
      const hash = value.includes("#") ? value.slice(value.indexOf("#")) : "";
      const spec = this.R.decode(hash, this.data);
      const message = this.$("fn-b-open-message");
      if (!spec) {
        message.textContent = "That address has no steps this guide knows. Check it against the handout.";
        field.setAttribute("aria-invalid", "true");
        field.focus();
        return;
      }
      field.removeAttribute("aria-invalid");
      message.textContent = "";
      this.spec = spec;
      this.leftOut = [];
      this.$("fn-b-from").value = spec.from;
      this.update();
      this.say(`Opened: ${spec.steps.length} steps.`);
    }

    setKeep(on) {
      const saved = store.read();
      if (on) store.write({ keep: true, recent: saved.recent });
      else store.forget();
      this.renderRecent();
      this.say(on ? "Recent handouts will be kept in this browser." : "Recent handouts forgotten.");
    }

    remember() {
      const saved = store.read();
      if (!saved.keep) return;
      const entry = {
        address: this.address(), size: this.size,
        name: this.$("fn-b-name").value.trim(), date: this.$("fn-b-date").value,
        notes: this.$("fn-b-notes").value, title: this.made.title,
      };
      const recent = [entry, ...saved.recent.filter((r) => r.address !== entry.address ||
                                                           r.name !== entry.name)];
      store.write({ keep: true, recent: recent.slice(0, KEEP_RECENT) });
      this.renderRecent();
    }

    openRecent(i) {
      const entry = store.read().recent[i];
      const spec = entry && this.R.decode(`#${entry.address}`, this.data);
      if (!spec) { this.say("That handout can no longer be opened."); return; }
      this.spec = spec;
      this.leftOut = [];
      this.$("fn-b-from").value = spec.from;
      this.$("fn-b-name").value = entry.name || "";
      this.$("fn-b-date").value = entry.date || today();
      this.$("fn-b-notes").value = entry.notes || "";
      this.size = entry.size === "letter" ? "letter" : "a4";
      this.form.querySelectorAll('[name="fn-size"]').forEach((r) => { r.checked = r.value === this.size; });
      this.update();
      this.say(`Opened the handout for ${entry.name || "a client"}.`);
    }

    forget() {
      store.forget();
      this.renderRecent();
      this.say("Forgotten. Nothing from this page is kept in this browser.");
    }

    renderRecent() {
      const saved = store.read();
      this.$("fn-b-keep").checked = saved.keep;
      const list = this.$("fn-b-recent");
      list.replaceChildren(...saved.recent.map((r, i) => el("li", {},
        `${r.name || "No name"}, ${longDate(r.date) || "no date"}: ${r.title || "handout"} `,
        el("button", { type: "button", class: "md-button", "data-fn-b": "open", "data-index": i,
                       "aria-label": `Open the handout for ${r.name || "no name"}, ${longDate(r.date)}`,
                       text: "Open" }))));
      list.hidden = !saved.recent.length;
    }
  }

  let current = null;

  function setUp() {
    current = null;
    const holder = document.getElementById("fn-builder-data");
    const form = document.getElementById("fn-builder");
    if (!holder || !form || !window.FnRoutine) return;
    current = new Builder(form, JSON.parse(holder.dataset.json));
    window.fnBuilder = current;
  }

  // Set up on this page and on each page instant navigation shows next
  // (overrides/main.html).
  window.fnEachPage(setUp);
})();

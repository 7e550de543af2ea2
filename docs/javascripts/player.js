/* Footnotes routine player: follow a routine step by step, hands free.
 *
 * The build writes the routines a page shows, as JSON, into one
 * <div id="fn-player-data" data-routines="..."> (macros/player.py), from
 * docs/data/guide.yml. This file only reads it.
 * Every text from it goes into the page as text (textContent), never as HTML.
 *
 * Without JavaScript the page keeps its step table and the Start buttons
 * stay hidden. The sound and speech settings are kept in this browser's
 * localStorage and nowhere else. Nothing is fetched from anywhere.
 * Material's document$ runs setUp() for every page it shows, so this works
 * with instant navigation as well as with ordinary page loads.
 */
(() => {
  "use strict";

  // Each page with a routine carries this script. With instant navigation
  // Material loads it again on each such page: the first copy does the work.
  if (window.fnPlayerLoaded) return;
  window.fnPlayerLoaded = true;

  const STORE = "footnotes.player";
  const TICK_MS = 250;

  // --- small helpers -------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" ||
               key === "for" || key === "tabindex")
        node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function clock(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function capital(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // How long a step is, as it is said aloud: "a minute and a half", not "1.5 minutes".
  function minutesWords(seconds) {
    const whole = Math.floor(seconds / 60);
    const half = seconds % 60 === 30;
    if (seconds % 30 !== 0) return `${seconds} seconds`;
    if (whole === 0) return "half a minute";
    if (whole === 1) return half ? "a minute and a half" : "1 minute";
    return `${whole}${half ? " and a half" : ""} minutes`;
  }

  // --- settings, kept on this device only ---------------------------------

  const settings = {
    sound: true,
    speech: false,
    load() {
      try {
        const saved = JSON.parse(localStorage.getItem(STORE) || "{}");
        if (typeof saved.sound === "boolean") this.sound = saved.sound;
        if (typeof saved.speech === "boolean") this.speech = saved.speech;
      } catch (err) { /* storage blocked or unreadable: keep the defaults */ }
    },
    save() {
      try {
        localStorage.setItem(STORE, JSON.stringify({ sound: this.sound, speech: this.speech }));
      } catch (err) { /* storage blocked: the choice lasts for this visit */ }
    },
  };

  // --- sound, speech and the screen's wake lock ----------------------------

  let audio = null;

  function unlockAudio() {
    // Browsers start sound only after a tap or key press: the Start button is one.
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!audio && Context) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
    } catch (err) { audio = null; }
  }

  function chime() {
    if (!settings.sound || !audio) return;
    try {
      const start = audio.currentTime;
      // Two soft sine notes, each fading in and out over half a second.
      [[660, 0], [880, 0.2]].forEach(([frequency, delay]) => {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.type = "sine";
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + delay);
        gain.gain.exponentialRampToValueAtTime(0.12, start + delay + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + delay + 0.6);
        tone.connect(gain);
        gain.connect(audio.destination);
        tone.start(start + delay);
        tone.stop(start + delay + 0.65);
      });
    } catch (err) { /* no sound on this device */ }
  }

  const canSpeak = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;

  function say(text) {
    if (!settings.speech || !canSpeak) return;
    try {
      window.speechSynthesis.cancel();
      const words = new SpeechSynthesisUtterance(text);
      words.lang = document.documentElement.lang || "en";
      words.rate = 0.95;
      window.speechSynthesis.speak(words);
    } catch (err) { /* no speech on this device */ }
  }

  function hush() {
    if (canSpeak) try { window.speechSynthesis.cancel(); } catch (err) { /* nothing to stop */ }
  }

  // Keeps the screen on while a routine plays, where the browser allows it.
  const wake = {
    wanted: false,
    lock: null,
    async on() {
      this.wanted = true;
      if (this.lock || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
      try {
        const lock = await navigator.wakeLock.request("screen");
        if (!this.wanted) { lock.release().catch(() => {}); return; }
        this.lock = lock;
        lock.addEventListener("release", () => { if (this.lock === lock) this.lock = null; });
      } catch (err) { this.lock = null; /* not allowed here: the player still works */ }
    },
    off() {
      this.wanted = false;
      if (this.lock) {
        const lock = this.lock;
        this.lock = null;
        lock.release().catch(() => {});
      }
    },
  };

  // The browser lets go of the lock when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && wake.wanted) wake.on();
  });

  // --- the player ----------------------------------------------------------

  class Player {
    constructor(data) {
      this.data = data;
      this.state = "closed"; // ready, playing, paused, finished
      this.timer = null;
      this.built = null;
    }

    // The dialog is made the first time it is needed, not as the page
    // loads: most readers of a page never open it.
    get parts() {
      if (!this.built) this.build();
      return this.built;
    }

    build() {
      const d = (this.built = {});
      d.title = el("h2", { id: "fn-player-title", tabindex: "-1" });
      d.close = el("button", { type: "button", class: "md-button fn-player__close", text: "Close" });
      d.live = el("div", { class: "fn-visually-hidden", "aria-live": "polite", "data-fn-live": "" });

      // Ready: the routine's key message and its safety notes, in full.
      d.summary = el("p", { class: "fn-player__key" });
      d.who = el("p");
      d.plan = el("p");
      d.notes = el("div", { class: "fn-player__notes" });
      d.start = el("button", { type: "button", class: "md-button md-button--primary",
                               text: "Start the routine" });
      d.ready = el("section", { class: "fn-player__ready", "aria-label": "Get ready" },
        el("h3", { text: "Get ready" }), d.summary, d.who, d.plan,
        el("p", { text: "The player moves on by itself. The times are only a guide, not a " +
                        "target. If something hurts, stop: you do not need to touch the phone " +
                        "first. You can pause, go back, skip a step or add time." }),
        (d.partner = el("p", { text: "Ask them to tell you at once if anything hurts, " +
                                      "tingles or feels numb. " +
                                      "Check in with them after each step." })),
        d.notes);

      // Playing and paused: one step at a time.
      d.side = el("p", { class: "fn-player__side" });
      d.count = el("p", { class: "fn-player__count" });
      d.name = el("h3", { class: "fn-player__name", tabindex: "-1" });
      d.picture = el("img", { class: "fn-player__picture", width: 320, height: 240, alt: "" });
      d.cue = el("p", { class: "fn-player__cue" });
      d.pressure = el("p", { class: "fn-player__pressure" });
      d.time = el("p", { class: "fn-player__time", role: "timer", "aria-atomic": "true" });
      d.paused = el("p", { class: "fn-player__paused", text: "Paused", hidden: true });
      d.progress = el("progress", { "aria-label": "Whole routine" });
      d.left = el("span");
      d.next = el("p", { class: "fn-player__next" });
      // Away from the buttons pressed often: it throws the reader's place away.
      d.restart = el("button", { type: "button", class: "md-button fn-player__restart",
                                 text: "Start again from step 1" });
      d.step = el("section", { class: "fn-player__step", "aria-label": "Current step" },
        d.side, d.count, d.name,
        el("div", { class: "fn-player__clock" }, d.time, d.paused),
        el("p", { class: "fn-player__overall" }, d.progress, d.left),
        d.cue, d.pressure, d.next, d.picture, el("p", {}, d.restart));

      // Warning signs, in reach while playing: the routine pauses to show them.
      d.signsTitle = el("h3", { text: "Warning signs", tabindex: "-1" });
      d.signsNotes = el("div", { class: "fn-player__notes" });
      d.signs = el("section", { class: "fn-player__signs", "aria-label": "Warning signs" },
        d.signsTitle, el("p", { text: "The routine is paused." }), d.signsNotes);
      d.signsButton = el("button", { type: "button", class: "md-button fn-player__close",
                                     text: "Warning signs" });
      d.backToStep = el("button", { type: "button", class: "md-button md-button--primary",
                                    text: "Back to the routine" });

      // Finished.
      d.doneTitle = el("h3", { text: "All done", tabindex: "-1" });
      d.doneText = el("p");
      d.aftercare = el("a", { href: this.data.aftercare, text: "Aftercare" });
      d.doneNotes = el("div", { class: "fn-player__notes" });
      d.done = el("section", { class: "fn-player__done", "aria-label": "Finished" },
        d.doneTitle, d.doneText,
        el("p", {}, "Next, read ", d.aftercare,
           ": what to do now, and the signs that mean you should get help."),
        el("p", {}, el("a", { href: this.data.aftercare_handout,
                               text: "Print the aftercare handout" })),
        d.doneNotes);

      // Sound and speech, remembered on this device.
      d.sound = el("input", { type: "checkbox", id: "fn-player-sound" });
      d.speech = el("input", { type: "checkbox", id: "fn-player-speech" });
      d.settings = el("fieldset", { class: "fn-player__settings" },
        el("legend", { text: "Sound" }),
        el("p", {}, d.sound, el("label", { for: "fn-player-sound",
                                           text: "Play a soft chime at each new step" })),
        canSpeak ? el("p", {}, d.speech, el("label", { for: "fn-player-speech",
                                                       text: "Read each step aloud" })) : null);

      d.keys = el("p", { class: "fn-player__keys" }, "Keys: ",
        el("kbd", { text: "Space" }), " pause or resume · ",
        el("kbd", { text: "←" }), " back · ", el("kbd", { text: "→" }), " skip · ",
        el("kbd", { text: "+" }), ` add ${this.data.extend_seconds} seconds`);

      // Controls, always in reach at the foot of the player.
      const button = (text, keys, primary) => el("button", {
        type: "button", class: `md-button${primary ? " md-button--primary" : ""}`, text,
        ...(keys ? { "aria-keyshortcuts": keys } : {}) });
      d.back = button("Back", "ArrowLeft");
      d.pause = button("Pause", "Space", true);
      d.skip = button("Skip", "ArrowRight");
      d.extend = button(`Add ${this.data.extend_seconds} seconds`, "+");
      d.again = button("Start again");
      d.closeDone = button("Close", null, true);
      d.controls = el("div", { class: "fn-player__controls" },
        el("div", { class: "fn-player__main-controls" }, d.back, d.pause, d.skip),
        el("div", { class: "fn-player__more-controls" }, d.extend));
      d.goOn = el("button", { type: "button", class: "md-button" });
      d.readyControls = el("div", { class: "fn-player__controls" }, d.start, d.goOn);
      d.doneControls = el("div", { class: "fn-player__controls" }, d.closeDone, d.again);
      d.signsControls = el("div", { class: "fn-player__controls" }, d.backToStep);

      d.dialog = el("dialog", { class: "fn-player md-typeset", "aria-labelledby": "fn-player-title" },
        el("div", { class: "fn-player__bar" },
          el("p", { class: "fn-player__stop" },
             el("strong", { text: this.data.stop })),
          el("div", { class: "fn-player__bar-buttons" }, d.signsButton, d.close)),
        (d.body = el("div", { class: "fn-player__body", tabindex: "0" },
          d.title, d.ready, d.step, d.signs, d.done, d.settings, d.keys)),
        d.readyControls, d.controls, d.signsControls, d.doneControls, d.live);
      document.body.append(d.dialog);

      d.close.addEventListener("click", () => d.dialog.close());
      d.closeDone.addEventListener("click", () => d.dialog.close());
      d.dialog.addEventListener("close", () => this.stop());
      d.start.addEventListener("click", () => this.start());
      d.goOn.addEventListener("click", () => this.goOn());
      d.again.addEventListener("click", () => this.start());
      d.restart.addEventListener("click", () => this.start(true));
      d.pause.addEventListener("click", () => this.toggle());
      d.back.addEventListener("click", () => this.back());
      d.skip.addEventListener("click", () => this.skip());
      d.extend.addEventListener("click", () => this.extend());
      d.signsButton.addEventListener("click", () => this.showSigns());
      d.backToStep.addEventListener("click", () => {
        this.show("step");
        this.showControls();
        d.pause.focus();
      });
      d.sound.addEventListener("change", () => {
        settings.sound = d.sound.checked;
        settings.save();
        if (settings.sound) { unlockAudio(); chime(); }
      });
      d.speech.addEventListener("change", () => {
        settings.speech = d.speech.checked;
        settings.save();
        if (!settings.speech) hush();
        else if (this.playingOrPaused()) say(this.stepWords(this.index));
      });
      d.dialog.addEventListener("keydown", (event) => this.key(event));
    }

    // --- what the routine is, as a list of timed stages ---

    stages(routine) {
      const out = [];
      if (routine.stepSides) {
        // A handout from the builder whose steps have sides of their own:
        // a step for each side is done on the right, then on the left.
        const names = this.data.side_names;
        const words = this.data.custom.words.side_word;
        const flat = [];
        routine.steps.forEach((step) => {
          const technique = this.data.techniques[step.technique];
          const pair = names[words[technique.area]] || ["", ""];
          const sides = step.side === "each" ? pair : step.side === "right" ? [pair[0]]
            : step.side === "left" ? [pair[1]] : [""];
          sides.forEach((side) => flat.push({ kind: "step", side, step, technique,
                                              seconds: step.seconds }));
        });
        flat.forEach((stage, i) => Object.assign(stage, { number: i + 1, of: flat.length }));
        return flat;
      }
      const sides = routine.sides.length ? routine.sides : [""];
      sides.forEach((side, s) => {
        if (s > 0) out.push({ kind: "switch", side, seconds: this.data.switch_seconds });
        routine.steps.forEach((step, i) => out.push({
          kind: "step", side, number: i + 1, of: routine.steps.length, step,
          technique: this.data.techniques[step.technique], seconds: step.seconds,
        }));
      });
      return out;
    }

    stageMs(i) {
      return (this.list[i].seconds + (i === this.index ? this.extra : 0)) * 1000;
    }

    // --- opening, starting and stopping ---

    open(routine) {
      this.routine = routine;
      this.list = this.stages(routine);
      this.index = 0;
      this.extra = 0;
      const d = this.parts;
      d.title.textContent = routine.title;
      d.summary.textContent = routine.summary;
      d.who.textContent = `${routine.who} ${routine.when}`.trim();
      d.who.hidden = !d.who.textContent;
      d.partner.hidden = routine.audience === "self";
      const sides = routine.sides.length ? `, then the same on the ${routine.sides[1]}` : "";
      const pause = routine.sides.length ? `, and ${this.data.switch_seconds} seconds to switch` : "";
      const count = routine.stepSides ? this.list.length : routine.steps.length;
      d.plan.textContent = `${count} steps${sides}. Time: ${routine.time}${pause}.`;
      const level = (...levels) => routine.notes.filter((id) => levels.includes(this.data.notes[id].level));
      const getHelp = level("emergency", "urgent", "see-clinician");
      d.notes.replaceChildren(
        ...this.noteGroup("Do not start if", level("do-not")),
        ...this.noteGroup("When to stop and get help", getHelp),
        ...this.noteGroup("Take care", level("ask-first", "caution")));
      d.signsNotes.replaceChildren(...this.noteGroup("", getHelp));
      d.doneNotes.replaceChildren(...this.noteGroup("Get help if you notice these later",
        level("emergency", "urgent")));
      const saved = this.saved && this.saved.routine === routine ? this.saved : null;
      d.goOn.hidden = !saved;
      if (saved) {
        const stage = this.list[saved.index];
        d.goOn.textContent = stage.kind === "switch" ? `Go on from the switch to the ${stage.side}`
          : `Go on from step ${stage.number} of ${stage.of}${stage.side ? `, ${stage.side}` : ""}`;
      }
      d.sound.checked = settings.sound;
      d.speech.checked = settings.speech;
      this.show("ready");
      if (!d.dialog.open) d.dialog.showModal();
      d.body.scrollTop = 0;
      d.title.focus();
    }

    noteGroup(heading, ids) {
      if (!ids.length) return [];
      const w = this.data.words;
      return [heading ? el("h3", { text: heading }) : null, ...ids.map((id) => {
        const n = this.data.notes[id];
        const box = el("div", { class: `admonition ${n.kind}` },
          el("h4", { class: "admonition-title", text: n.title }));
        const signs = n.signs.length ? el("ul", {}, ...n.signs.map((s) => el("li", { text: s }))) : null;
        const action = n.action ? el("p", {}, el("strong", { text: n.get_help ? w.action : n.action }),
                                     n.get_help ? ` ${n.action}` : "") : null;
        const emergency = n.emergency ? el("p", {}, el("strong", { text: w.emergency }),
                                           ` ${n.emergency}`) : null;
        if (n.get_help) {
          box.append(el("p", {}, el("strong", { text: w.signs })));
          box.append(...[signs, action, emergency, el("p", { text: n.text })].filter(Boolean));
        } else {
          box.append(...[el("p", { text: n.text }), signs, action].filter(Boolean));
        }
        return box;
      })];
    }

    goOn() {
      const saved = this.saved;
      this.saved = null;
      unlockAudio();
      this.state = "paused";
      this.go(saved.index, false);
      this.left = saved.left;
      this.extra = saved.extra;
      this.renderTime();
      this.play();
      this.parts.pause.focus();
    }

    start(again) {
      this.saved = null;
      unlockAudio();
      this.go(0, true);
      this.play();
      if (again) this.announce(`Started again. ${this.stepWords(0)}`);
      this.parts.pause.focus();
    }

    stop() {
      // The player was closed: nothing runs on, nothing keeps the screen on.
      // Where the reader was is kept, so they can go on from there.
      if (this.playingOrPaused()) {
        if (this.state === "playing") this.left = Math.max(0, this.deadline - Date.now());
        this.saved = { routine: this.routine, index: this.index, left: this.left, extra: this.extra };
      } else if (this.state === "finished") {
        this.saved = null;
      }
      this.halt();
      hush();
      this.state = "closed";
    }

    halt() {
      clearInterval(this.timer);
      this.timer = null;
      wake.off();
    }

    run() {
      // Ticks counted from the step's own start, so whole seconds show exactly.
      this.deadline = Date.now() + this.left;
      clearInterval(this.timer);
      this.timer = setInterval(() => this.tick(), TICK_MS);
    }

    play() {
      this.state = "playing";
      this.run();
      wake.on();
      this.showControls();
    }

    pause() {
      if (this.state !== "playing") return;
      this.left = Math.max(0, this.deadline - Date.now());
      this.halt();
      this.state = "paused";
      this.showControls();
      this.renderTime();
      this.announce("Paused.");
    }

    showSigns() {
      if (this.state === "playing") this.pause();
      this.show("signs");
      this.parts.body.scrollTop = 0;
      this.parts.signsTitle.focus();
    }

    toggle() {
      if (this.state === "playing") this.pause();
      else if (this.state === "paused") { this.play(); this.announce("Going on."); }
    }

    playingOrPaused() {
      return this.state === "playing" || this.state === "paused";
    }

    // --- moving through the stages ---

    go(i, fresh) {
      this.index = i;
      this.extra = 0;
      if (fresh) this.left = this.stageMs(i);
      if (this.state === "playing") this.run();
      this.show("step");
      this.parts.body.scrollTop = 0; // side, step number and time together at the top
      this.renderStage();
      const words = this.stepWords(i);
      this.announce(words);
      chime();
      say(words);
    }

    tick() {
      const now = Date.now();
      let left = this.deadline - now;
      if (left > 0) {
        this.left = left;
        this.renderTime();
        return;
      }
      // The step has run out (and, if the device slept, perhaps more than one).
      let i = this.index;
      while (left <= 0) {
        if (i + 1 >= this.list.length) { this.finish(); return; }
        i += 1;
        left += this.list[i].seconds * 1000;
      }
      this.left = left;
      this.go(i, false);
    }

    skip() {
      if (!this.playingOrPaused()) return;
      if (this.index + 1 >= this.list.length) this.finish();
      else this.go(this.index + 1, true);
    }

    back() {
      if (!this.playingOrPaused()) return;
      let i = this.index - 1;
      while (i > 0 && this.list[i].kind === "switch") i -= 1;
      this.go(Math.max(0, i), true);
    }

    extend() {
      if (!this.playingOrPaused()) return;
      const ms = this.data.extend_seconds * 1000;
      this.extra += this.data.extend_seconds;
      this.left += ms;
      if (this.state === "playing") this.deadline += ms;
      this.renderTime();
      this.announce(`Added ${this.data.extend_seconds} seconds to this step.`);
    }

    finish() {
      this.halt();
      this.state = "finished";
      const d = this.parts;
      d.doneText.textContent = `That is the end of “${this.routine.title}”.`;
      this.show("done");
      d.dialog.dataset.state = "finished";
      this.announce("That is the end of the routine.");
      chime();
      say("All done. Next, read the aftercare page.");
      d.doneTitle.focus();
    }

    // --- what the reader sees and hears ---

    show(view) {
      const d = this.parts;
      this.view = view;
      d.signs.hidden = view !== "signs";
      d.signsControls.hidden = view !== "signs";
      d.signsButton.hidden = view !== "step";
      if (view === "ready") this.state = "ready";
      d.ready.hidden = view !== "ready";
      d.readyControls.hidden = view !== "ready";
      d.step.hidden = view !== "step";
      d.controls.hidden = view !== "step";
      d.keys.hidden = view !== "step";
      d.done.hidden = view !== "done";
      d.settings.hidden = view === "done" || view === "signs";
      // Sound settings: next to Start on the get-ready screen, under the step while playing.
      if (view === "ready") d.ready.insertBefore(d.settings, d.notes);
      else d.body.insertBefore(d.settings, d.keys);
      d.doneControls.hidden = view !== "done";
      d.dialog.dataset.view = view;
      d.dialog.dataset.state = view === "step" || view === "signs" ? this.state : view;
    }

    showControls() {
      const d = this.parts;
      const paused = this.state === "paused";
      d.pause.textContent = paused ? "Resume" : "Pause";
      d.paused.hidden = !paused;
      d.dialog.dataset.state = this.state;
    }

    whose(side) {
      // Whose foot or leg: the reader's own, or the person they are helping.
      return `${this.routine.audience === "self" ? "your" : "their"} ${side}`;
    }

    pressureWords(pressure) {
      return pressure === "light" ? "Light pressure." : `${capital(pressure)} pressure or lighter.`;
    }

    stepWords(i) {
      const stage = this.list[i];
      if (stage.kind === "switch") {
        // For a leg, the key message says what to look for: it is said too.
        const look = this.routine.sides[0].endsWith("leg") ? ` ${this.routine.summary}` : "";
        return `Now ${this.whose(stage.side)}. Look at it before you start.${look} ` +
               "The steps start again.";
      }
      const t = stage.technique;
      const side = stage.side ? `, ${stage.side}` : "";
      // Said again at the start, and on every calf and thigh step.
      const stop = stage.number === 1 || t.area === "calf" || t.area === "thigh"
        ? ` ${this.data.stop}` : "";
      return `Step ${stage.number} of ${stage.of}${side}: ${t.name}. ` +
             `${this.pressureWords(stage.step.pressure)} About ${minutesWords(stage.seconds)}. ` +
             `${stage.step.cue}${stop}`;
    }

    nextWords(i) {
      const next = this.list[i + 1];
      if (!next) return "Next: the end";
      if (next.kind === "switch") return `Next: ${this.whose(next.side)}`;
      return `Next: ${next.technique.name}`;
    }

    renderStage() {
      const d = this.parts;
      const stage = this.list[this.index];
      d.side.hidden = !stage.side;
      d.side.textContent = stage.side ? capital(stage.side) : "";
      if (stage.kind === "switch") {
        d.count.textContent = "Switch sides";
        d.name.textContent = `Now ${this.whose(stage.side)}`;
        d.cue.textContent = `Look at ${this.whose(stage.side)} before you start. ` +
                            "The steps start again from step 1.";
        d.picture.hidden = true;
        // The routine's key message again: for a leg, what to look for.
        d.pressure.hidden = false;
        d.pressure.replaceChildren(el("strong", { text: this.routine.summary }));
      } else {
        const t = stage.technique;
        d.count.textContent = `Step ${stage.number} of ${stage.of}`;
        d.name.textContent = `${t.area_name}: ${t.name}`;
        d.picture.src = t.picture;
        d.picture.alt = t.alt;
        d.picture.hidden = false;
        d.cue.textContent = stage.step.cue;
        d.pressure.hidden = false;
        const pressure = stage.step.pressure;
        d.pressure.replaceChildren(el("strong", { text: "Pressure: " }),
                                   pressure === "light" ? pressure : `${pressure}, or lighter`);
      }
      d.next.textContent = this.nextWords(this.index);
      this.showControls();
      this.renderTime();
    }

    renderTime() {
      const d = this.parts;
      d.time.textContent = clock(this.left);
      // The whole routine: how far along it is, and how long is left in all.
      let total = 0;
      let done = 0;
      this.list.forEach((stage, i) => {
        const ms = this.stageMs(i);
        total += ms;
        if (i < this.index) done += ms;
      });
      done += this.stageMs(this.index) - this.left;
      d.progress.max = total / 1000;
      d.progress.value = Math.max(0, done / 1000);
      d.left.textContent = `${clock(total - done)} left in all`;
    }

    announce(text) {
      // A polite live region: step changes and pauses, never the countdown.
      this.parts.live.textContent = text;
    }

    key(event) {
      // Material's own keys (n, p, s, /) must not act behind the player.
      event.stopPropagation();
      if (!this.playingOrPaused() || this.view !== "step" ||
          event.altKey || event.ctrlKey || event.metaKey) return;
      // Space pauses or resumes from anywhere in the player, as the keys line
      // says, even on a button (Enter still presses it); not on a tick box or link.
      const onControl = event.target.closest("a, input, select, textarea, summary");
      if (event.key === " " && !onControl) {
        event.preventDefault();
        this.toggle();
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        this.skip();
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        this.back();
      } else if (event.key === "+" || event.key === "=") {
        event.preventDefault();
        this.extend();
      }
    }
  }

  // --- each page -----------------------------------------------------------

  let current = null; // this page's player

  function setUp() {
    if (current) {
      // Instant navigation: the last page's player goes with its page.
      if (current.built) {
        current.built.dialog.close();
        current.built.dialog.remove();
      }
      current = null;
    }
    const holder = document.getElementById("fn-player-data");
    if (!holder) return;
    const data = JSON.parse(holder.dataset.routines);
    settings.load();
    current = new Player(data);
    current.byId = Object.fromEntries(data.routines.map((r) => [r.id, r]));
    document.querySelectorAll("[data-fn-play]").forEach((button) => {
      if (!current.byId[button.dataset.fnPlay]) return;
      (button.closest(".fn-start") || button).hidden = false;
      button.hidden = false;
    });
    holder.dataset.ready = "true"; // this page's player is set up (the tests wait for it)
    // A handout's QR code and printed address end in #start: open its player.
    if (location.hash === "#start" && data.routines.length === 1) current.open(data.routines[0]);
    // A handout made in the builder: its steps are in the address (play.md).
    if (data.custom) playFromAddress(data);
  }

  // The routine in this page's address, as the player plays it.
  function playFromAddress(data) {
    const spec = window.FnRoutine ? window.FnRoutine.decode(location.hash, data.custom) : null;
    const missing = document.querySelector(".fn-play-missing");
    if (missing) missing.hidden = Boolean(spec);
    document.querySelectorAll(".fn-play-edit, .fn-play-start").forEach((p) => {
      p.hidden = !spec;
    });
    if (!spec) return;
    const made = window.FnRoutine.make(spec, data.custom);
    const routine = {
      id: "custom", title: made.title, summary: made.summary, audience: made.audience,
      who: "", when: "", time: made.time,
      sides: made.perSide ? data.side_names[made.perSide] : [],
      stepSides: !made.perSide,
      steps: made.steps.map((s) => ({ technique: s.technique, cue: s.cue, pressure: s.pressure,
                                      seconds: Math.round(s.minutes * 60), side: s.side })),
      notes: made.notes,
    };
    current.byId.custom = routine;
    // The same address opens these steps in the handout builder.
    const edit = document.querySelector(".fn-play-edit");
    if (edit) {
      const link = edit.querySelector("a");
      link.href = link.href.split("#")[0] + location.hash;
      edit.hidden = false;
    }
    document.querySelectorAll('[data-fn-play="custom"]').forEach((button) => {
      (button.closest(".fn-start") || button).hidden = false;
      button.hidden = false;
    });
    current.open(routine);
  }

  // A new address on the play page (typed, or pasted): play its steps.
  window.addEventListener("hashchange", () => {
    const holder = document.getElementById("fn-player-data");
    if (!current || !holder) return;
    const data = JSON.parse(holder.dataset.routines);
    if (data.custom) playFromAddress(data);
  });

  // One listener for every Start button, on this page and any page after it.
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-fn-play]");
    const routine = button && current && current.byId[button.dataset.fnPlay];
    if (routine) current.open(routine);
  });

  // Set up on this page and on each page instant navigation shows next
  // (overrides/main.html).
  window.fnEachPage(setUp);
})();

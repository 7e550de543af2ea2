/* Footnotes: a routine made in the handout builder, and its address.
 *
 * The builder (builder.js) writes a client's routine into the part of an
 * address after "#", and the player page (play.md, player.js) reads it back.
 * A browser never sends that part to a server. It holds the steps only:
 *
 *   #from=bedtime-legs&s=1_2-1.5-l-b_ankle-circles-0.5-l-r&n=pregnancy
 *
 * from  the routine the handout started from (optional)
 * s     the steps, "_" between them; each is what-minutes-pressure-side,
 *       or only what, when the rest is as the data file has it:
 *       what: a step number of that routine (its own cue), or a technique id
 *       pressure: l(ight), m(oderate), f(irm)
 *       side: b (each side in turn), r (right only), l (left only), n (none: the back)
 * n     safety notes the practitioner added, by id, "." between them; with
 *       no n, a handout from a routine has that routine's own notes
 *
 * The printed address is as short as this allows, so that it fits one line
 * under the QR code and the code stays easy to scan.
 *
 * Never the client's name, the date or the practitioner's notes.
 * Which notes a routine must carry, and every word, come from the data the
 * build embeds (macros/builder.py): this file only puts them together.
 */
(() => {
  "use strict";
  if (window.FnRoutine) return;

  const PRESSURES = { l: "light", m: "moderate", f: "firm" };
  const SIDES = { b: "each", r: "right", l: "left", n: "" };
  const letter = (table, value) => Object.keys(table).find((k) => table[k] === value);

  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function minutesText(minutes) {
    return String(Math.round(minutes * 2) / 2);
  }

  // The sides a technique's step can have: none for the back.
  function sidesFor(custom, techniqueId) {
    return custom.techniques[techniqueId].area === "back" ? [""] : ["each", "right", "left"];
  }

  // A step as the data file has it: its routine's step, or the technique alone.
  function usual(custom, from, ref, technique) {
    const step = ref && from ? custom.routines[from].steps[ref - 1] : custom.techniques[technique];
    return { minutes: step.minutes, pressure: step.pressure, side: sidesFor(custom, technique)[0] };
  }

  function sameNotes(a, b) {
    return a.length === b.length && a.every((id) => b.includes(id));
  }

  function encode(spec, custom) {
    const parts = [];
    if (spec.from) parts.push(`from=${spec.from}`);
    parts.push("s=" + spec.steps.map((s) => {
      const what = s.ref || s.technique;
      const u = usual(custom, spec.from, s.ref, s.technique);
      if (u.minutes === s.minutes && u.pressure === s.pressure && u.side === s.side) return what;
      return [what, minutesText(s.minutes), letter(PRESSURES, s.pressure), letter(SIDES, s.side)].join("-");
    }).join("_"));
    const notes = spec.notes || [];
    const own = spec.from ? custom.routines[spec.from].notes : [];
    if (!sameNotes(notes, own)) parts.push(`n=${notes.join(".")}`);
    return parts.join("&");
  }

  // The routine in an address, checked against the data; null if it is not
  // one this guide can play (a typo, or a technique since removed).
  function decode(hash, custom) {
    const text = String(hash || "").replace(/^#/, "");
    const params = {};
    for (const part of text.split("&")) {
      const at = part.indexOf("=");
      if (at > 0) params[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1));
    }
    if (!params.s) return null;
    const from = params.from || "";
    const routine = from ? custom.routines[from] : null;
    if (from && !routine) return null;
    const steps = [];
    for (const token of params.s.split("_")) {
      const bits = token.split("-");
      const full = bits.length >= 4 && /^\d+(\.5)?$/.test(bits[bits.length - 3]) &&
        /^[a-z]$/.test(bits[bits.length - 2]) && /^[a-z]$/.test(bits[bits.length - 1]);
      const what = full ? bits.slice(0, -3).join("-") : token;
      let technique = what;
      let ref = 0;
      if (/^\d+$/.test(what)) {
        ref = Number(what);
        if (!routine || ref < 1 || ref > routine.steps.length) return null;
        technique = routine.steps[ref - 1].technique;
      }
      if (!custom.techniques[technique]) return null;
      const u = usual(custom, from, ref, technique);
      let { minutes, pressure, side } = u;
      if (full) {
        const [minutesBit, pressureBit, sideBit] = bits.slice(-3);
        minutes = Number(minutesBit);
        if (!(minutes >= 0.5 && minutes <= 60)) return null;
        if (!(pressureBit in PRESSURES) || !(sideBit in SIDES)) return null;
        pressure = PRESSURES[pressureBit];
        side = SIDES[sideBit];
      }
      if (!sidesFor(custom, technique).includes(side)) return null;
      if (!custom.techniques[technique].pressures.includes(pressure)) return null;
      steps.push({ technique, ref, minutes, pressure, side });
    }
    if (!steps.length || steps.length > custom.max_steps) return null;
    const notes = "n" in params ? params.n.split(".").filter(Boolean)
      : routine ? routine.notes.slice() : [];
    if (notes.some((id) => !custom.order.includes(id))) return null;
    return { from, steps, notes };
  }

  // Everything a handout or the player shows for these steps.
  function make(spec, custom) {
    const w = custom.words;
    const routine = spec.from ? custom.routines[spec.from] : null;
    const techniques = spec.steps.map((s) => custom.techniques[s.technique]);
    const legs = techniques.some((t) => t.area === "calf" || t.area === "thigh");
    // Every step on each side in turn, and none on the back: the whole
    // routine on one side, then on the other, as a routine's handout does.
    const perSide = spec.steps.length > 0 && spec.steps.every((s) => s.side === "each")
      ? (legs ? "leg" : "foot") : "";
    let summary = routine ? routine.summary : w.summary;
    // For a leg, checking both legs comes first.
    if (legs && !summary.toLowerCase().includes("check both legs")) summary = `${w.leg_summary} ${summary}`;
    const need = new Set(techniques.flatMap((t) => t.required));
    const added = (spec.notes || []).filter((id) => !need.has(id));
    // An added note brings the warning signs that go with it (pregnancy: pre-eclampsia).
    added.forEach((id) => custom.brings[id].forEach((b) => need.add(b)));
    const chosen = new Set([...need, ...added]);
    const steps = spec.steps.map((s, i) => {
      const t = techniques[i];
      const cue = s.ref && routine ? routine.steps[s.ref - 1].cue : t.cue;
      const pressure = w.pressure[s.pressure];
      let detail = fill(w.detail, { minutes: minutesText(s.minutes), pressure });
      if (!perSide && s.side) detail += `, ${fill(w.side_detail[s.side], { side: w.side_word[t.area] })}`;
      return { technique: s.technique, name: t.name, area: t.area, cue, minutes: s.minutes,
               pressure, side: s.side, detail };
    });
    const once = spec.steps.reduce((sum, s) => sum + s.minutes, 0);
    const total = spec.steps.reduce((sum, s) => sum + s.minutes * (s.side === "each" ? 2 : 1), 0);
    const time = perSide
      ? fill(w.per_side_time, { side: minutesText(once), per_side: perSide, total: minutesText(total) })
      : fill(w.time, { total: minutesText(total) });
    return {
      title: routine ? routine.title : w.title,
      summary,
      audience: routine && routine.audience === "partner" ? "partner" : "self",
      perSide,
      steps,
      required: custom.order.filter((id) => need.has(id)),
      added,
      notes: custom.order.filter((id) => chosen.has(id)),
      time,
      repeat: perSide ? fill(w.repeat, { n: steps.length, side: perSide }) : "",
    };
  }

  window.FnRoutine = { encode, decode, make, sidesFor, fill, minutesText };
})();

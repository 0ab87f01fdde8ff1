// The VoicePrompts review page. Plain JavaScript, no build step: the server lists the rows (api/prompts), hands out
// clips (api/clip plays, api/clip/raw is what the cache holds), and takes POSTs carrying the antiforgery token.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const tokenHeader = document.querySelector('meta[name="vp-antiforgery-header"]').content;
  const token = document.querySelector('meta[name="vp-antiforgery-token"]').content;
  const tbody = document.querySelector("#prompts tbody");
  const player = $("player");
  let list = { rows: [] };
  let stopRendering = false;

  const usd = (value) => value === null || value === undefined ? "no listed price"
    : "$" + (value < 0.01 ? value.toFixed(5) : value.toFixed(3));
  const seconds = (value) => value === null || value === undefined ? "" : value.toFixed(1) + " s";
  const query = (row) => "id=" + encodeURIComponent(row.id) + "&culture=" + encodeURIComponent(row.culture || "");
  const cultureName = (culture) => culture || "neutral";
  // The culture filter's value for prompts without a culture ("" is "all cultures").
  const Neutral = "-";
  const cultureKey = (culture) => culture || Neutral;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function showError(message) {
    const error = $("error");
    error.textContent = message;
    error.hidden = !message;
  }

  async function post(path, row, body) {
    const response = await fetch(path + "?" + query(row), {
      method: "POST",
      headers: { [tokenHeader]: token, "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    });
    if (!response.ok) {
      let detail = response.status + " " + response.statusText;
      try { const problem = await response.json(); detail = (problem.title || "") + ": " + (problem.detail || detail); } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  // ---- the list -------------------------------------------------------------------------------------------------

  async function load() {
    const response = await fetch("api/prompts", { credentials: "same-origin" });
    if (!response.ok) throw new Error("Could not list the prompts: " + response.status);
    list = await response.json();
    $("notice").textContent = list.notice || "";
    $("notice").hidden = !list.notice;
    fillFilter($("filter-class"), [...new Set(list.rows.map((r) => r.className))], (c) => c);
    fillFilter($("filter-culture"), [...new Set(list.rows.map((r) => cultureKey(r.culture)))], (c) => cultureName(c === Neutral ? null : c));
    tbody.replaceChildren(...list.rows.map(renderRow));
    applyFilters();
    drawWaveforms(list.rows.filter((r) => r.clip));
  }

  function fillFilter(select, values, label) {
    const chosen = select.value;
    select.replaceChildren(select.options[0], ...values.sort().map((v) => el("option", { value: v }, label(v))));
    select.value = values.includes(chosen) ? chosen : "";
  }

  function stateLabel(row) {
    if (row.review.state === "needs-review") return "needs review";
    if (!row.clip) return row.unavailable ? "no examples" : "missing";
    if (row.clip.transcriptMatches === false) return "drifted";
    return { approved: "approved", rejected: "rejected" }[row.review.state] || "unreviewed";
  }

  function renderRow(row) {
    const state = stateLabel(row);
    const text = el("td", { class: "text" },
      row.text !== null ? el("p", { class: "written" }, row.text) : el("p", { class: "template" }, el("code", {}, row.template)),
      row.spoken ? el("p", { class: "spoken" }, el("span", { class: "label" }, "Spoken: "), row.spoken) : null,
      !row.isStatic && row.text !== null ? el("p", { class: "hint" }, "Template, with its examples: ", el("code", {}, row.template)) : null,
      row.unavailable ? el("p", { class: "hint" }, "Cannot be heard here: " + row.unavailable) : null,
      row.instructions ? el("details", {}, el("summary", {}, "Instructions"), el("p", {}, row.instructions)) : null);

    const clip = row.clip;
    const clipCell = el("td", { class: "clip" },
      el("span", { class: "badge state-" + state.replace(" ", "-") }, state),
      clip ? el("span", { class: "duration" }, seconds(clip.durationSeconds)) : null,
      clip ? el("canvas", { class: "waveform", width: 200, height: 40, "aria-label": "Waveform of " + row.name + " (" + cultureName(row.culture) + ")", role: "img" }) : null,
      clip && clip.transcript !== null ? el("p", { class: clip.transcriptMatches === false ? "transcript drifted" : "transcript" },
        el("span", { class: "label" }, clip.transcriptMatches === false ? "Drifted — the model said: " : "Transcript (matched): "), clip.transcript) : null,
      clip ? el("button", { type: "button", class: "play", onclick: () => play(row) }, "Play") : null,
      (!clip || clip.transcriptMatches === false) && !row.unavailable
        ? el("button", { type: "button", class: "synthesize", onclick: () => synthesizeOne(row) }, clip ? "Synthesize again…" : "Synthesize…") : null);

    const review = row.review;
    const comment = el("input", { type: "text", class: "comment", maxlength: 2000, placeholder: "Comment (optional)", "aria-label": "Comment on " + row.name + " (" + cultureName(row.culture) + ")" });
    const reviewCell = el("td", { class: "review" },
      review.problem ? el("p", { class: "error" }, review.problem) : null,
      review.decision ? el("p", { class: "decision" },
        (review.state === "needs-review" ? "Was " : "") + review.decision + (review.reviewer ? " by " + review.reviewer : "")
          + (review.at ? " " + new Date(review.at).toLocaleString() : ""),
        review.comment ? el("q", {}, review.comment) : null,
        review.changed ? el("span", { class: "changed" }, " — changed since: " + review.changed.join(", ")) : null) : null,
      clip && clip.transcriptMatches !== false && list.reviewsEnabled ? [
        comment,
        el("button", { type: "button", class: "approve", onclick: () => decide(row, "approved", comment.value) }, "Approve"),
        el("button", { type: "button", class: "reject", onclick: () => decide(row, "rejected", comment.value) }, "Reject"),
      ] : null);

    return el("tr", { "data-row-id": row.rowId, "data-state": state },
      el("th", { scope: "row", class: "prompt" },
        el("span", { class: "class-name" }, row.className),
        el("span", { class: "name" }, row.name),
        el("span", { class: "culture" }, cultureName(row.culture)),
        el("span", { class: "source" }, row.sourceFile + ":" + row.line)),
      text,
      el("td", { class: "voice" }, el("span", {}, row.voice), el("span", { class: "model" }, row.model), el("span", { class: "format" }, row.format)),
      el("td", { class: "cost" },
        el("span", { class: "tokens" }, row.inputTokens === null ? "—" : row.inputTokens.toLocaleString() + " tokens"),
        el("span", { class: "estimate" }, clip && clip.costUsd !== null ? usd(clip.costUsd) + " (billed)"
          : row.estimatedCostUsd !== null ? "≈ " + usd(row.estimatedCostUsd) : row.inputTokens === null ? "" : "no listed price")),
      clipCell,
      reviewCell);
  }

  function replaceRow(row) {
    const index = list.rows.findIndex((r) => r.rowId === row.rowId);
    list.rows[index] = row;
    const old = tbody.querySelector(`tr[data-row-id="${CSS.escape(row.rowId)}"]`);
    const focused = document.activeElement && old && old.contains(document.activeElement) ? document.activeElement.className : null;
    const fresh = renderRow(row);
    old.replaceWith(fresh);
    applyFilters();
    if (row.clip) drawWaveforms([row]);
    // Keyboard users keep their place: focus the same control in the new row, or its first button.
    const target = (focused && fresh.querySelector("." + focused.split(" ")[0])) || fresh.querySelector("button");
    if (focused && target) target.focus();
  }

  function applyFilters() {
    const cls = $("filter-class").value, culture = $("filter-culture").value, state = $("filter-state").value;
    const text = $("filter-text").value.trim().toLowerCase();
    let shown = 0;
    for (const row of list.rows) {
      const visible = (!cls || row.className === cls)
        && (!culture || cultureKey(row.culture) === culture)
        && (!state || row.states.includes(state))
        && (!text || [row.id, row.text || row.template, row.spoken || ""].join(" ").toLowerCase().includes(text));
      tbody.querySelector(`tr[data-row-id="${CSS.escape(row.rowId)}"]`).hidden = !visible;
      if (visible) shown++;
    }
    const count = (s) => list.rows.filter((r) => r.states.includes(s)).length;
    $("summary").textContent = `${list.rows.length} prompts × cultures, ${shown} shown · ${count("missing")} missing · `
      + `${count("unreviewed")} unreviewed · ${count("approved")} approved · ${count("rejected")} rejected · ${count("drifted")} drifted`;
  }

  // ---- playing and drawing --------------------------------------------------------------------------------------

  function play(row) {
    player.src = "api/clip?" + query(row);
    $("now-playing").textContent = "Playing " + row.name + " (" + cultureName(row.culture) + ")";
    player.play().catch((e) => showError("Could not play: " + e.message));
  }

  // Waveforms are fetched and drawn as their rows come near the viewport, so a catalog of hundreds of prompts does
  // not fetch every clip on load.
  const nearViewport = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      nearViewport.unobserve(entry.target);
      const row = list.rows.find((r) => r.rowId === entry.target.closest("tr").dataset.rowId);
      if (row && row.clip) drawWaveform(row, entry.target);
    }
  }, { rootMargin: "600px 0px" });

  function drawWaveforms(rows) {
    for (const row of rows) {
      const canvas = tbody.querySelector(`tr[data-row-id="${CSS.escape(row.rowId)}"] canvas.waveform`);
      if (canvas) nearViewport.observe(canvas);
    }
  }

  async function drawWaveform(row, canvas) {
    try {
      const response = await fetch("api/clip/raw?" + query(row), { credentials: "same-origin" });
      if (!response.ok) return;
      const format = response.headers.get("X-VoicePrompts-Format");
      const rate = Number(response.headers.get("X-VoicePrompts-Sample-Rate")) || null;
      const { samples, sampleRate } = await decode(await response.arrayBuffer(), format, rate);
      draw(canvas, samples);
      if (row.clip.durationSeconds === null) {
        const duration = canvas.parentElement.querySelector(".duration");
        if (duration) duration.textContent = seconds(samples.length / sampleRate);
      }
    } catch (e) {
      canvas.setAttribute("aria-label", "No waveform: " + e.message);
    }
  }

  // G.711 decoded here (ITU-T G.711 expansion), as the phone network would play it.
  function muLaw(code) {
    const u = ~code & 0xff;
    const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
    return ((u & 0x80) ? 0x84 - magnitude : magnitude - 0x84) / 32768;
  }
  function aLaw(code) {
    const a = code ^ 0x55;
    const segment = (a & 0x70) >> 4;
    let magnitude = (a & 0x0f) << 4;
    magnitude = segment === 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
    return ((a & 0x80) ? magnitude : -magnitude) / 32768;
  }

  function wavData(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 12; at + 8 <= bytes.length;) {
      const id = String.fromCharCode(...bytes.subarray(at, at + 4));
      const size = view.getUint32(at + 4, true);
      if (id === "data") return bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
      at += 8 + size + (size & 1);
    }
    return bytes;
  }

  async function decode(buffer, format, rate) {
    const bytes = new Uint8Array(buffer);
    const pcm16 = (data, sampleRate) => {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength & ~1);
      const samples = new Float32Array(view.byteLength / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true) / 32768;
      return { samples, sampleRate };
    };
    const g711 = (data, expand) => ({ samples: Float32Array.from(data, expand), sampleRate: 8000 });
    switch (format) {
      case "pcm": return pcm16(bytes, rate || 24000);
      case "pcm_8000": return pcm16(bytes, 8000);
      case "pcm_16000": return pcm16(bytes, 16000);
      case "pcmu": return g711(bytes, muLaw);
      case "pcma": return g711(bytes, aLaw);
      case "wav_pcmu": return g711(wavData(bytes), muLaw);
      case "wav_pcma": return g711(wavData(bytes), aLaw);
      default: {
        // WAV, MP3, Opus, AAC, FLAC: the browser's own decoder.
        const context = new OfflineAudioContext(1, 1, 48000);
        const audio = await context.decodeAudioData(buffer);
        return { samples: audio.getChannelData(0), sampleRate: audio.sampleRate };
      }
    }
  }

  function draw(canvas, samples) {
    const g = canvas.getContext("2d");
    const { width, height } = canvas;
    g.clearRect(0, 0, width, height);
    g.fillStyle = getComputedStyle(canvas).color || "#2b6cb0";
    const perPixel = Math.max(1, Math.floor(samples.length / width));
    // Scaled to the clip's peak, so a quiet read is as legible as a loud one (and silence stays flat).
    let peak = 0;
    for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
    const gain = 1 / Math.max(peak, 0.05);
    for (let x = 0; x < width; x++) {
      let min = 1, max = -1;
      for (let i = x * perPixel; i < Math.min(samples.length, (x + 1) * perPixel); i++) {
        if (samples[i] < min) min = samples[i];
        if (samples[i] > max) max = samples[i];
      }
      if (min > max) break;
      const top = (1 - max * gain) * height / 2, bottom = (1 - min * gain) * height / 2;
      g.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
    canvas.dataset.drawn = "true";
  }

  // ---- synthesizing and reviewing -------------------------------------------------------------------------------

  /** Shows the dialog; resolves true when confirmed. Enter confirms, Escape cancels. */
  function confirmCost(title, body, action) {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-body").textContent = body;
    $("confirm-ok").textContent = action;
    return new Promise((resolve) => {
      const done = (answer) => {
        $("confirm-ok").onclick = $("confirm-cancel").onclick = dialog.oncancel = null;
        dialog.close();
        resolve(answer);
      };
      $("confirm-ok").onclick = () => done(true);
      $("confirm-cancel").onclick = () => done(false);
      dialog.oncancel = (e) => { e.preventDefault(); done(false); };
      dialog.showModal();
      $("confirm-ok").focus();
    });
  }

  function costText(row) {
    return row.estimatedCostUsd === null ? "This model has no listed price here."
      : `Estimated cost ≈ ${usd(row.estimatedCostUsd)}: ${row.inputTokens.toLocaleString()} input tokens at the listed price, audio output estimated from the text's length.`;
  }

  async function synthesizeOne(row) {
    if (!await confirmCost(`Synthesize ${row.name} (${cultureName(row.culture)})?`, costText(row), "Synthesize")) return;
    await synthesize(row);
  }

  async function synthesize(row) {
    showError("");
    try {
      replaceRow(await post("api/synthesize", row));
      return true;
    } catch (e) {
      showError(`${row.id} (${cultureName(row.culture)}): ${e.message}`);
      return false;
    }
  }

  async function renderAll() {
    const missing = list.rows.filter((r) => !r.clip && !r.unavailable
      && !tbody.querySelector(`tr[data-row-id="${CSS.escape(r.rowId)}"]`).hidden);
    if (missing.length === 0) {
      showError("Nothing to render: every shown prompt that can be heard here is cached.");
      return;
    }
    const cap = list.renderAllCostCapUsd;
    const total = missing.reduce((sum, r) => sum + (r.estimatedCostUsd || 0), 0);
    if (!await confirmCost(`Render ${missing.length} missing clips?`,
      `Estimated cost ≈ ${usd(total)} in all. The run stops before passing the cap of ${usd(cap)}.`, "Render")) return;

    stopRendering = false;
    const panel = $("progress-panel"), progress = $("render-progress"), status = $("render-status");
    // One run at a time: a second click while one runs would spend past the cap.
    $("render-all").disabled = true;
    panel.hidden = false;
    progress.max = missing.length;
    progress.value = 0;
    let spent = 0, done = 0, failed = 0;
    try {
      for (const row of missing) {
        const cost = row.estimatedCostUsd || 0;
        if (stopRendering) { status.textContent = `Stopped after ${done} of ${missing.length}.`; break; }
        if (spent + cost > cap) { status.textContent = `Stopped at the cost cap: ${done} of ${missing.length} rendered, ≈ ${usd(spent)} spent.`; break; }
        status.textContent = `Rendering ${row.name} (${cultureName(row.culture)}): ${done} of ${missing.length} done, ≈ ${usd(spent)} spent…`;
        if (await synthesize(row)) { spent += cost; done++; } else failed++;
        progress.value = done + failed;
      }
      if (done + failed === missing.length)
        status.textContent = `Done: ${done} rendered${failed ? ", " + failed + " failed" : ""}, ≈ ${usd(spent)} spent.`;
    } finally {
      $("render-all").disabled = false;
    }
  }

  async function decide(row, decision, comment) {
    showError("");
    try {
      replaceRow(await post("api/review", row, { decision, comment }));
    } catch (e) {
      showError(`${row.id} (${cultureName(row.culture)}): ${e.message}`);
    }
  }

  for (const id of ["filter-class", "filter-culture", "filter-state"]) $(id).addEventListener("change", applyFilters);
  $("filter-text").addEventListener("input", applyFilters);
  $("render-all").addEventListener("click", renderAll);
  $("render-stop").addEventListener("click", () => { stopRendering = true; });
  load().catch((e) => showError(e.message));
})();

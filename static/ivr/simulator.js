// The 1447 phone simulator: every step goes to /ivr/simulator/webhook, which signs it like Twilio and
// calls the IVR's own webhooks from this session's fictitious number (the server sets From). No third-party code.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const base = document.location.pathname.replace(/\/simulator$/, "");
  let call = null; // {sid, gather, operator}
  let entry = "";

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function webhook(target, params) {
    return post(base + "/simulator/webhook", {target: target, params: params});
  }

  function callerParams(extra) {
    return Object.assign({CallSid: call.sid, To: "1447", Direction: "inbound",
                          CallStatus: "in-progress", AccountSid: "ACsimulator"}, extra || {});
  }

  function setKeys(enabled) {
    document.querySelectorAll(".key").forEach((key) => { key.disabled = !enabled; });
    $("sim-silence").disabled = !enabled;
  }

  function show(answer) {
    const list = $("sim-speech");
    list.replaceChildren();
    (answer.speech || []).forEach((item) => {
      const li = document.createElement("li");
      const tag = document.createElement("span");
      tag.className = "lang";
      tag.textContent = item.verb === "Play" ? "▶ audio" : item.language;
      const said = document.createElement("bdi");  // each language in its own font and direction (ur-IN: Nastaliq, RTL)
      said.textContent = item.verb === "Play" ? item.url : item.text;
      if (item.language) said.lang = item.language.split("-")[0];
      li.append(tag, said);
      list.append(li);
    });
    $("sim-twiml").textContent = answer.twiml || "";
    let state = "";
    if (answer.status !== 200) state = "Webhook answered " + answer.status;
    else if (answer.operator) state = answer.operator.verb === "Dial"
      ? "Ringing the operator at " + answer.operator.target : "Waiting in queue " + answer.operator.target;
    else if (answer.ended) state = "The IVR hung up.";
    else if (answer.record) state = "Recording after the beep: press any key to speak a test landmark, # to skip.";
    else if (answer.gather) state = answer.gather.finishOnKey ? "Key in digits, then #." : "Press one key.";
    $("sim-state").textContent = state;
    call.gather = answer.gather;
    call.record = answer.record;
    call.operator = answer.operator;
    $("sim-no-operator").hidden = !(answer.operator && answer.operator.action);
    setKeys(Boolean(answer.gather || answer.record));
    if (answer.ended) endCall(false);
    if (answer.redirect && !answer.gather) return send(answer.redirect, "");
    refreshOutbox();
  }

  async function send(target, digits, extra) {
    entry = "";
    $("sim-entry").textContent = "";
    setKeys(false);
    try { show(await webhook(target, callerParams(Object.assign({Digits: digits}, extra || {})))); }
    catch (error) { $("sim-state").textContent = "Simulator error: " + error.message; }
  }

  async function startCall() {
    call = {sid: "CAsim" + Array.from(crypto.getRandomValues(new Uint8Array(14)),
      (b) => b.toString(16).padStart(2, "0")).join(""), gather: null, operator: null};
    $("sim-call").disabled = true;
    $("sim-hangup").disabled = false;
    try { show(await webhook("/ivr/voice", callerParams())); }
    catch (error) { $("sim-state").textContent = "Simulator error: " + error.message; }
  }

  async function endCall(notify) {
    if (!call) return;
    const ending = call;
    setKeys(false);
    $("sim-call").disabled = false;
    $("sim-hangup").disabled = true;
    $("sim-no-operator").hidden = true;
    if (notify) {
      await webhook("/ivr/status", {CallSid: ending.sid, CallStatus: "completed"});
      $("sim-state").textContent = "You hung up.";
    }
    call = null;
    refreshOutbox();
  }

  function press(key) {
    if (call && call.record) {  // <Record>: # skips (Twilio's redirect), any other key posts a short test recording
      return key === "#" ? send(call.record.skip, "") : send(call.record.action, "");
    }
    if (!call || !call.gather) return;
    if (call.gather.finishOnKey) {
      if (key === "#") return send(call.gather.action, entry + "#");
      entry += key;
      $("sim-entry").textContent = entry;
      return;
    }
    send(call.gather.action, key);
  }

  async function refreshOutbox() {
    const response = await fetch(base + "/simulator/outbox", {credentials: "same-origin"});
    const messages = await response.json();
    const list = $("sim-outbox");
    list.replaceChildren();
    messages.forEach((m) => {
      const li = document.createElement("li");
      const at = document.createElement("time");
      at.textContent = m.at;
      const body = document.createElement("bdi");
      body.textContent = m.body;
      if (/[\u0600-\u06FF]/.test(m.body)) body.lang = "ur";  // Urdu's font and line height (an English page)
      else if (/[\u0900-\u097F]/.test(m.body)) body.lang = "hi";
      li.append(at, " · " + m.sender + ": ", body);
      list.append(li);
    });
  }

  async function sendSms() {
    const body = $("sim-sms").value;
    const sid = "SMsim" + Date.now();
    await webhook("/ivr/sms", {To: "1447", Body: body, MessageSid: sid});
    $("sim-sms").value = "";
    refreshOutbox();
  }

  $("sim-call").addEventListener("click", startCall);
  $("sim-hangup").addEventListener("click", () => endCall(true));
  $("sim-silence").addEventListener("click", () => call && call.gather && send(call.gather.action, ""));
  $("sim-no-operator").addEventListener("click",
    () => call && call.operator && send(call.operator.action, "", {DialCallStatus: "no-answer"}));
  $("sim-sms-send").addEventListener("click", sendSms);
  document.querySelectorAll(".key").forEach((key) => key.addEventListener("click", () => press(key.dataset.key)));
  document.addEventListener("keydown", (event) => {
    if (/^[0-9*#]$/.test(event.key) && document.activeElement.tagName !== "INPUT") press(event.key);
  });
  refreshOutbox();
  // SMS are sent by the worker a moment after the step that caused them: keep the outbox current.
  setInterval(() => refreshOutbox().catch(() => {}), 3000);
})();

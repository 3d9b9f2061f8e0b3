/* The respondent form, improved where JavaScript runs; without it the form works the same.
 *
 * - a progress line ("3 of 9 answered") above the form;
 * - a character counter under each text answer that counts as the server does (line breaks
 *   as one character, characters rather than UTF-16 units) and warns past the limit;
 * - a draft of the answers in localStorage, keyed by the page's path, so a reload or a
 *   language switch (?lang=nl|en keeps the path) keeps them. Only the answers are kept, never
 *   the ambassador's name or e-mail. The thank-you page removes the draft after a submit.
 * Served from /static, so the strict CSP (script-src 'self') allows it; nothing inline.
 */
(function () {
  "use strict";
  var DRAFT_PREFIX = "goesting-draft:";
  var SENT_KEY = "goesting-sent";

  function storage(kind) {
    try {
      var s = window[kind];
      var probe = DRAFT_PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // private mode, disabled storage: no draft, the form still works
    }
  }

  var local = storage("localStorage");
  var session = storage("sessionStorage");

  // The thank-you page: the answers are stored, so their draft goes.
  if (document.querySelector("[data-draft-done]")) {
    var sent = session && session.getItem(SENT_KEY);
    if (sent && local) local.removeItem(sent);
    if (session) session.removeItem(SENT_KEY);
    return;
  }

  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  // A shared device (an open link) keeps no draft: the next person would find it.
  if (form.hasAttribute("data-no-draft")) local = null;
  var key = DRAFT_PREFIX + window.location.pathname;
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return String(values[name]);
    });
  }

  function textLength(value) {
    // As the server counts: CRLF as one line break, code points rather than UTF-16 units.
    return Array.from(value.replace(/\r\n?/g, "\n")).length;
  }

  function answered(card) {
    var name = card.getAttribute("data-question");
    var fields = form.elements[name];
    if (!fields) return false;
    if (fields.tagName === "TEXTAREA") return fields.value.trim() !== "";
    return !!form.querySelector('input[name="' + name + '"]:checked');
  }

  var progress = document.getElementById("progress");
  function showProgress() {
    if (!progress) return;
    var done = questions.filter(answered).length;
    progress.textContent = fill(progress.getAttribute("data-text"), {
      n: done,
      total: questions.length,
    });
    progress.hidden = false;
  }

  function showCount(textarea) {
    var counter = document.getElementById(textarea.id + "-count");
    if (!counter) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var n = textLength(textarea.value);
    var over = n > max;
    counter.textContent = fill(counter.getAttribute(over ? "data-over" : "data-counting"), {
      n: n,
    });
    counter.classList.toggle("over", over);
  }

  function draftFields() {
    return questions.map(function (card) {
      return card.getAttribute("data-question");
    });
  }

  function saveDraft() {
    if (!local) return;
    var draft = {};
    draftFields().forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      if (field.tagName === "TEXTAREA") {
        if (field.value !== "") draft[name] = field.value;
      } else {
        var checked = form.querySelector('input[name="' + name + '"]:checked');
        if (checked) draft[name] = checked.value;
      }
    });
    try {
      if (Object.keys(draft).length) local.setItem(key, JSON.stringify(draft));
      else local.removeItem(key);
    } catch (e) {
      /* storage full: the form still works */
    }
  }

  function restoreDraft() {
    if (!local) return;
    var draft;
    try {
      draft = JSON.parse(local.getItem(key) || "{}");
    } catch (e) {
      return;
    }
    if (!draft || typeof draft !== "object") return;
    // What the page already shows (answers the server sent back) wins over the draft.
    draftFields().forEach(function (name) {
      if (typeof draft[name] !== "string") return;
      var field = form.elements[name];
      if (!field) return;
      if (field.tagName === "TEXTAREA") {
        if (field.value === "") field.value = draft[name];
      } else if (!form.querySelector('input[name="' + name + '"]:checked')) {
        var inputs = form.querySelectorAll('input[name="' + name + '"]');
        Array.prototype.forEach.call(inputs, function (input) {
          if (input.value === draft[name]) input.checked = true;
        });
      }
    });
  }

  restoreDraft();
  var note = document.getElementById("draft-note");
  if (note && local) note.hidden = false; // say so only where a draft is really kept
  Array.prototype.forEach.call(form.querySelectorAll("textarea"), showCount);
  showProgress();

  form.addEventListener("change", function () {
    showProgress();
    saveDraft();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") showCount(event.target);
    showProgress();
    saveDraft();
  });
  form.addEventListener("submit", function () {
    // Removed by the thank-you page; kept if the server sends the form back.
    saveDraft();
    if (session) session.setItem(SENT_KEY, key);
  });
})();

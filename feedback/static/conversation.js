/* The conversation pages, improved where JavaScript runs: a character counter under each
 * message box that counts as the server does (a line break as one character, characters
 * rather than UTF-16 units) and warns past the limit. Served from /static (CSP script-src
 * 'self'); without it the pages work the same and the server states the limit.
 */
(function () {
  "use strict";

  function textLength(value) {
    return Array.from(value.replace(/\r\n?/g, "\n")).length;
  }

  function showCount(textarea) {
    var counter = document.getElementById(textarea.id + "-count");
    if (!counter) return;
    var n = textLength(textarea.value);
    var over = n > parseInt(counter.getAttribute("data-max"), 10);
    counter.textContent = counter
      .getAttribute(over ? "data-over" : "data-counting")
      .replace("{n}", String(n));
    counter.classList.toggle("over", over);
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-counted]"), function (box) {
    showCount(box);
    box.addEventListener("input", function () {
      showCount(box);
    });
  });
})();

// Progressive enhancement: under every text box with a maxlength, "nog N tekens" while typing.
// Without JavaScript the hint under the field names the maximum, the browser's maxlength stops typing
// at it, and the server refuses longer text; this only makes the limit visible before it is reached.
// The texts come from data attributes on this script's tag (translated by Django).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("querySelectorAll" in document)) {
    return;
  }
  var texts = {
    one: script.getAttribute("data-one") || "{count}",
    many: script.getAttribute("data-many") || "{count}",
    over: script.getAttribute("data-over") || "-{count}",
  };
  // Screen readers hear the count once the typing pauses, not after every key.
  var ANNOUNCE_DELAY_MS = 1000;

  function message(left) {
    if (left < 0) {
      return texts.over.replace("{count}", String(-left));
    }
    return (left === 1 ? texts.one : texts.many).replace("{count}", left.toLocaleString(document.documentElement.lang || "nl"));
  }

  function enhance(field) {
    var maximum = parseInt(field.getAttribute("maxlength"), 10);
    if (!maximum || maximum < 100) {
      return;
    }
    var visible = document.createElement("p");
    visible.className = "ijmond-character-count";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "ijmond-visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", visible);
    visible.insertAdjacentElement("afterend", spoken);
    var timer = null;

    function update(announce) {
      // Count as the server does: characters, with a line break as one character.
      var left = maximum - field.value.replace(/\r\n/g, "\n").length;
      visible.textContent = message(left);
      visible.classList.toggle("ijmond-character-count--over", left < 0);
      if (announce) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          spoken.textContent = message(left);
        }, ANNOUNCE_DELAY_MS);
      }
    }

    field.addEventListener("input", function () {
      update(true);
    });
    update(false);
  }

  function start() {
    var fields = document.querySelectorAll("textarea[maxlength]");
    for (var i = 0; i < fields.length; i += 1) {
      enhance(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

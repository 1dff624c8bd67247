// presslens pages work without this file; it adds one thing: hovering or focusing a mark
// lights up everything of its group (a quotation's words, its cue and its speaker; an actor's
// mentions) and shows what the mark is in the inspector line above the text.
(function () {
  "use strict";
  var body = document.querySelector(".layers .body");
  var inspector = document.querySelector(".layers .inspector");
  if (!body) { return; }
  var lit = [];

  function clear() {
    lit.forEach(function (el) { el.classList.remove("lit"); });
    lit = [];
    if (inspector) { inspector.hidden = true; inspector.textContent = ""; }
  }

  function show(mark) {
    clear();
    var groups = (mark.getAttribute("data-groups") || "").split(" ").filter(Boolean);
    groups.forEach(function (group) {
      body.querySelectorAll("[data-groups]").forEach(function (el) {
        if (el.getAttribute("data-groups").split(" ").indexOf(group) >= 0) {
          el.classList.add("lit");
          lit.push(el);
        }
      });
    });
    if (inspector) {
      inspector.textContent = mark.getAttribute("title") || "";
      inspector.hidden = !inspector.textContent;
    }
  }

  function markOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("[data-groups]") : null;
  }

  body.addEventListener("mouseover", function (event) {
    var mark = markOf(event);
    if (mark) { show(mark); }
  });
  body.addEventListener("focusin", function (event) {
    var mark = markOf(event);
    if (mark) { show(mark); }
  });
  body.addEventListener("mouseleave", clear);
  body.addEventListener("focusout", function (event) {
    if (!body.contains(event.relatedTarget)) { clear(); }
  });
}());

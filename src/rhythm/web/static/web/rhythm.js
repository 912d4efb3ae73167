// When an in-place action cannot reach the server, or the server fails, say so at the top of
// the page instead of leaving the button as if nothing happened. htmx swaps only 2xx answers,
// and Rhythm answers every expected error (a bad date, a stranger's email) with a 200 row that
// shows it, so what arrives here is the unexpected: an error page, a timeout, no network.
(function () {
  function show(message) {
    var banner = document.getElementById("request-error");
    if (!banner) return;
    // Shown first, then filled: a screen reader announces an alert whose text changes, not
    // always one that merely appears.
    banner.hidden = false;
    banner.querySelector("span").textContent = message;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    var refused = xhr && xhr.getResponseHeader("Rhythm-Refused");
    if (refused) return show(refused);  // the server said why and what to do
    var what = status === 403 ? "You may not do that here." :
      status === 404 ? "That account is no longer in your view." :
      "The server could not record it (error " + status + ").";
    show(what + " Nothing was saved; reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    show("Rhythm could not be reached. Nothing was saved; check the connection and try again.");
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches("#request-error button")) {
      document.getElementById("request-error").hidden = true;
    }
  });
})();

// A survey response's score follows the survey picked: the input's bounds and the words
// beside it take the scale of the option chosen (NPS 0 to 10, CSAT 1 to 5). Without
// JavaScript the options name their scales and the server refuses a score off the scale.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches("select[data-scales]")) return;
  var option = select.options[select.selectedIndex];
  var score = select.form.querySelector("input[name=score]");
  var scale = select.form.querySelector("[data-scale]");
  score.min = option.dataset.low;
  score.max = option.dataset.high;
  if (scale) scale.textContent = "(" + option.dataset.low + " to " + option.dataset.high + ")";
});

// Keyboard focus after an in-place action. htmx replaces the row, form or entry that held the
// focus, which would drop a keyboard user back at the top of the page. Focus goes instead to
// what took its place: the refusal if there is one (the field it names, or else the message,
// read out either way), else what was recorded ("Saved.", "Logged..."), else the first field
// of a form that opened, else its first link or button.
(function () {
  var swapped = null;
  var landed = [];
  var FIELDS = "input:not([type=hidden]), select, textarea";
  function shown(element) {
    return element.getClientRects().length > 0;
  }
  function first(home, selector) {
    return Array.prototype.filter.call(home.querySelectorAll(selector), shown)[0];
  }
  function spotIn(home) {
    var error = first(home, "[role=alert], .error");
    if (error) {
      var label = error.closest("label");
      var field = label && label.querySelector(FIELDS);
      return field && shown(field) ? field : error;
    }
    return first(home, "[role=status]") || first(home, FIELDS) ||
      first(home, "a[href], button, summary") || home;
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    swapped = target && active && active !== document.body && target.contains(active) ? target : null;
    landed = [];
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (swapped) landed.push(event.target);
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!swapped) return;
    var target = swapped;
    swapped = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) return;
    var home = target;
    if (!target.isConnected) {
      // What replaced the target comes last, after the out-of-band parts, side by side.
      var placed = landed.filter(function (e) { return e.isConnected; });
      var i = placed.length - 1;
      while (i > 0 && placed[i - 1].nextElementSibling === placed[i]) i -= 1;
      home = placed[i];
    }
    if (!home) return;
    var spot = spotIn(home);
    if (!spot.matches("a[href], button, input, select, textarea, summary")) {
      spot.setAttribute("tabindex", "-1");
    }
    spot.focus();
  });
})();

// A form refused without JavaScript (an account page's, the Workshops page's, a filter) comes
// back with its errors: the focus goes to its first field in error (aria-invalid, its error
// read with it), else to the form's refusal, else, on the account page (#refused), to the
// form's first field. On "load": the browser's move to the #refused anchor would take the
// focus away.
window.addEventListener("load", function () {
  var active = document.activeElement;
  if (active && active !== document.body && active.id !== "main") return;  // moved on already
  var refused = window.location.hash === "#refused" && document.getElementById("refused");
  var spot = (refused && refused.querySelector("[aria-invalid=true]")) ||
    document.querySelector("main [aria-invalid=true]") ||
    document.querySelector("main form [role=alert]") ||
    (refused && refused.querySelector("input:not([type=hidden]), select, textarea"));
  if (!spot) return;
  if (spot.matches("[role=alert]")) spot.setAttribute("tabindex", "-1");
  spot.focus();
});

// A table wider than the screen scrolls in its box; the box takes the keyboard focus then, so
// the arrow keys scroll it (and only then: a table that fits adds no stop to the Tab order).
(function () {
  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();

// A form that reloads the page (not an in-place one: htmx already drops a second request of
// an element while its first is on its way) is sent once: a second click or Enter while the
// answer is on its way is ignored, so an impatient click on a slow page does not save twice.
// A page shown again from the back button's cache sends its forms again, and so does a page
// still there after 10 seconds (its request stopped with Esc, or lost): a click then is not
// ignored without a word.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method !== "post" || form.hasAttribute("hx-post")) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "true";
    setTimeout(function () { delete form.dataset.sending; }, 10000);
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
    });
  });
})();

// A filter form (a GET form: My day's, the dashboard's, the Accounts list's, the Workshops
// page's) says what its page shows, as the address asks for it. Coming back to a page (the
// back or forward button, from the browser's cache or not) or reloading it, the browser puts
// back what was picked in its forms before leaving, though never sent: "Late" over a list of
// every state, and the next click would send that. Such a form is set back to what the page
// was drawn with, the address's filters. A form that posts keeps what was typed in it.
window.addEventListener("pageshow", function (event) {
  var entry = window.performance && performance.getEntriesByType &&
    performance.getEntriesByType("navigation")[0];
  if (!event.persisted && !(entry && entry.type !== "navigate")) return;
  document.querySelectorAll("form").forEach(function (form) {
    if (form.method === "get") form.reset();
  });
});

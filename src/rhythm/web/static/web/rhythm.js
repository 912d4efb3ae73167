// When an in-place action cannot reach the server, or the server fails, say so at the top of
// the page instead of leaving the button as if nothing happened. htmx swaps only 2xx answers,
// and Rhythm answers every expected error (a bad date, a stranger's email) with a 200 row that
// shows it, so what arrives here is the unexpected: an error page, a timeout, no network.
(function () {
  function show(message) {
    var banner = document.getElementById("request-error");
    if (!banner) return;
    banner.querySelector("span").textContent = message;
    banner.hidden = false;
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

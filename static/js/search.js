// Progressive enhancement of /recherche/: filters apply without a full reload, the URL
// keeps the whole state (shareable, back button). Communes are suggested by commune-picker.js.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  var results = document.getElementById("resultats");
  if (!form || !results || !window.fetch) { return; }

  function queryString() {
    var data = new FormData(form);
    var params = new URLSearchParams();
    data.forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
    return params.toString();
  }

  function load(url, push) {
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        if (push) { history.pushState({}, "", url); }
      })
      .catch(function () { window.location.href = url; });
  }

  form.addEventListener("change", function (event) {
    if (event.target.id === "commune" || event.target.id === "q") { return; }
    load(form.action + "?" + queryString(), true);
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();

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

  // The modal's button says how many results the chosen filters give.
  function showTotal() {
    var count = results.querySelector("[data-total]");
    var button = document.getElementById("voir-resultats");
    if (!count || !button) { return; }
    var total = parseInt(count.getAttribute("data-total"), 10) || 0;
    button.textContent = "Voir " + total + " résultat" + (total > 1 ? "s" : "");
    var opener = document.getElementById("ouvrir-filtres");
    var active = form.querySelectorAll("#filtres input[type=checkbox]:checked").length;
    if (opener) {
      opener.textContent = "Filtres" + (active ? " (" + active + " actif" + (active > 1 ? "s" : "") + ")" : "");
    }
  }

  function load(url, push) {
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        showTotal();
        if (push) { history.pushState({}, "", url); }
      })
      .catch(function () { window.location.href = url; });
  }

  form.addEventListener("change", function (event) {
    if (event.target.id === "commune" || event.target.id === "q") { return; }
    load(form.action + "?" + queryString(), true);
  });
  // "Voir N résultats" (the filters' modal on narrow screens): DSFR closes the modal (the
  // button controls it); the results are already there, so no reload, just the latest state.
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.id === "voir-resultats") {
      event.preventDefault();
      load(form.action + "?" + queryString(), true);
    }
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();

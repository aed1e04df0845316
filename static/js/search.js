// Progressive enhancement of /recherche/: filters apply without a full reload, the URL
// keeps the whole state (shareable, back button), and communes are suggested as you type.
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

  var commune = document.getElementById("commune");
  var insee = document.getElementById("commune_insee");
  var list = document.getElementById("communes");
  var timer;
  commune.addEventListener("input", function () {
    insee.value = "";
    var option = Array.prototype.find.call(list.options, function (o) { return o.value === commune.value; });
    if (option) { insee.value = option.dataset.insee; return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (commune.value.length < 2) { return; }
      fetch("/api/v1/autocomplete?type=commune&q=" + encodeURIComponent(commune.value))
        .then(function (r) { return r.json(); })
        .then(function (body) {
          list.innerHTML = "";
          body.communes.forEach(function (c) {
            var o = document.createElement("option");
            o.value = c.name + " (" + c.department + ")";
            o.dataset.insee = c.insee;
            list.appendChild(o);
          });
        });
    }, 200);
  });
})();

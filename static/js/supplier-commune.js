// Supplier profile form: the commune is picked in a list suggested as you type (name or
// postal code); the chosen commune's INSEE code goes in the hidden commune_insee field.
// Without JavaScript, the server resolves the typed name or postal code (or asks to choose).
(function () {
  "use strict";
  var input = document.querySelector("[data-commune-input]");
  var insee = document.getElementById("id_commune_insee");
  var list = document.getElementById("communes");
  if (!input || !insee || !list || !window.fetch) { return; }
  var timer;
  function label(c) { return c.name + " (" + (c.postal_codes[0] || c.insee) + ")"; }
  input.addEventListener("input", function () {
    insee.value = "";
    var option = Array.prototype.find.call(list.options, function (o) { return o.value === input.value; });
    if (option) { insee.value = option.dataset.insee; return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (input.value.length < 2) { return; }
      fetch("/api/v1/autocomplete?type=commune&q=" + encodeURIComponent(input.value))
        .then(function (r) { return r.ok ? r.json() : { communes: [] }; })
        .then(function (body) {
          list.innerHTML = "";
          body.communes.forEach(function (c) {
            var o = document.createElement("option");
            o.value = label(c);
            o.dataset.insee = c.insee;
            list.appendChild(o);
          });
        })
        .catch(function () { /* the server still resolves what was typed */ });
    }, 200);
  });
}());

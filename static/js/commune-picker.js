// Communes suggested as you type (name or postal code), for every input marked
// data-commune-picker: the suggestions fill the input's <datalist>, and the chosen
// commune's INSEE code goes in the hidden field named by data-insee-field.
// data-commune-label says how a suggestion reads: "department" (« Lyon (69) ») or
// "postal-code" (« Lyon (69001) »), each the form its server side understands.
// Without JavaScript the server resolves what was typed.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var labels = {
    "department": function (c) { return c.name + " (" + c.department + ")"; },
    "postal-code": function (c) { return c.name + " (" + (c.postal_codes[0] || c.insee) + ")"; }
  };
  Array.prototype.forEach.call(document.querySelectorAll("[data-commune-picker]"), function (input) {
    var insee = document.getElementById(input.dataset.inseeField);
    var list = input.list;
    var label = labels[input.dataset.communeLabel] || labels["department"];
    if (!insee || !list) { return; }
    var timer;
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
  });
}());

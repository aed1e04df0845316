// "Ajouter à une liste" without a reload, and exports with a "préparation…" message.
// Progressive enhancement: every link and form here works without JavaScript (the add link
// opens a page with the same form; the export form downloads the file by itself).
(function () {
  "use strict";
  if (window.__marcheLists || !window.fetch) { return; }
  window.__marcheLists = true;

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function dialog() {
    var found = document.getElementById("ajout-liste-dialogue");
    if (found) { return found; }
    found = document.createElement("dialog");
    found.id = "ajout-liste-dialogue";
    found.className = "lists-dialog";
    found.setAttribute("aria-labelledby", "ajout-titre");
    // Escape, "Annuler" or a saved choice: focus goes back to the link that opened it.
    found.addEventListener("close", function () { if (found.returnFocus) { found.returnFocus.focus(); } });
    document.body.appendChild(found);
    return found;
  }

  function announce(supplierId, message, list) {
    var status = document.querySelector('[data-add-to-list-status="' + supplierId + '"]');
    if (!status) { return; }
    status.textContent = message + " ";
    if (list && list.url) {
      var link = document.createElement("a");
      link.className = "fr-link fr-link--sm";
      link.href = list.url;
      link.textContent = "Voir la liste";
      status.appendChild(link);
    }
  }

  function open(link) {
    fetch(link.href, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var box = dialog();
        box.innerHTML = html;
        box.dataset.supplier = link.getAttribute("data-add-to-list");
        box.returnFocus = link;
        if (!box.open) { box.showModal(); }
        var first = box.querySelector("select, input[type=text]");
        if (first) { first.focus(); }
      })
      .catch(function () { window.location.href = link.href; });
  }

  function submitAdd(form) {
    var box = dialog();
    var error = form.querySelector("[data-add-error]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken(form) }
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        button.disabled = false;
        if (data.error) {
          error.textContent = data.error;  // what was typed stays in the form
          return;
        }
        announce(box.dataset.supplier, data.message, data.list);
        box.close();
      })
      .catch(function () { form.submit(); });
  }

  function fileName(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : "export";
  }

  function submitExport(form) {
    var status = form.querySelector("[data-export-status]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    status.textContent = "Préparation du fichier… (quelques secondes pour plusieurs milliers de fournisseurs)";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        var name = fileName(response);
        return response.blob().then(function (blob) { return { blob: blob, name: name }; });
      })
      .then(function (file) {
        var url = URL.createObjectURL(file.blob);
        var link = document.createElement("a");
        link.href = url;
        link.download = file.name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        status.textContent = "Fichier prêt : " + file.name;
      })
      .catch(function () {
        status.textContent = "Le fichier n'a pas pu être préparé. Réessayez ; sans effet, rechargez la page.";
      })
      .then(function () {
        button.disabled = false;
        form.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-add-to-list]");
    if (link) {
      event.preventDefault();
      open(link);
      return;
    }
    var cancel = event.target.closest("dialog a[data-add-cancel]");
    if (cancel) {
      event.preventDefault();
      dialog().close();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("dialog form[data-add-to-list-form]")) {
      event.preventDefault();
      submitAdd(form);
    } else if (form.matches("form[data-export]")) {
      event.preventDefault();
      submitExport(form);
    }
  });
})();

// "Vérifier vos fournisseurs": show that the check is running while the page waits for
// the answer (the check itself is synchronous, see marche/checker/views.py).
document.querySelectorAll("[data-checker-form]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var progress = form.querySelector("[data-checker-progress]");
    if (progress) {
      progress.hidden = false;
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });
});

/* Drag and drop in the agenda builder: a progressive enhancement.
 *
 * Without JavaScript the buttons "Nach oben"/"Nach unten" do the same. With it, a row
 * can be dragged onto another row of the same level (same part, same parent item);
 * the new place is sent to the position endpoint as an ordinary form POST (with the
 * page's CSRF token) and the page reloads to show the server's numbering.
 */
(function () {
  "use strict";
  var table = document.querySelectorAll(".agenda-table tbody tr[data-move-url]");
  if (!table.length || !window.fetch) { return; }
  var tokenField = document.querySelector('input[name="csrf_token"]');
  var dragged = null;

  function sameLevel(a, b) {
    return a !== b && a.dataset.part === b.dataset.part && a.dataset.parent === b.dataset.parent;
  }

  function announce(text) {
    var box = document.getElementById("dnd-status");
    if (!box) {
      box = document.createElement("p");
      box.id = "dnd-status";
      box.className = "visually-hidden";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = text;
  }

  Array.prototype.forEach.call(table, function (row) {
    row.setAttribute("draggable", "true");
    row.classList.add("dnd-ready");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("dnd-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.item);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dnd-dragging");
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (dragged && sameLevel(dragged, row)) {
        event.preventDefault();
        row.classList.add("dnd-target");
      }
    });
    row.addEventListener("dragleave", function () { row.classList.remove("dnd-target"); });
    row.addEventListener("drop", function (event) {
      row.classList.remove("dnd-target");
      if (!dragged || !sameLevel(dragged, row)) { return; }
      event.preventDefault();
      var body = new FormData();
      body.append("position", row.dataset.position);
      if (tokenField) { body.append("csrf_token", tokenField.value); }
      announce("Die Tagesordnung wird neu geordnet …");
      window.fetch(dragged.dataset.moveUrl, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
        .then(function () { window.location.reload(); })
        .catch(function () { announce("Das Verschieben ist fehlgeschlagen. Bitte nutzen Sie die Schaltflächen."); });
    });
  });
}());

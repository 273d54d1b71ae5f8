// The comment form, enhanced: a timed token fetched when the reader starts
// writing, replies under the comment they answer, and posting without
// leaving the page. Without this script the same form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form || !window.fetch) return;
  var token = form.elements.token;
  var parent = form.elements.parent;
  var status = form.querySelector(".comment-status");
  var error = document.getElementById("comment-error");
  var replyingTo = form.querySelector(".replying-to");
  var cancel = form.querySelector(".cancel-reply");
  var home = form.parentNode;
  var homeNext = form.nextSibling;
  var heading = form.getAttribute("aria-labelledby");
  var pending = null;

  // A timed token, fetched once when the reader starts; a failed fetch is
  // tried again on the next attempt.
  function fetchToken() {
    if (!pending) {
      pending = fetch(form.getAttribute("data-token-url"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { token.value = data.token; })
        .catch(function () { pending = null; });
    }
    return pending;
  }
  form.addEventListener("focusin", fetchToken);
  form.addEventListener("input", fetchToken);

  function clearMarks() {
    ["name", "email", "body"].forEach(function (name) {
      form.elements[name].removeAttribute("aria-invalid");
    });
  }

  function showError(message, field) {
    error.textContent = message;
    error.hidden = false;
    var input = field && form.elements[field];
    if (input && input.type !== "hidden") {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "comment-error");
      input.focus();
    }
  }

  function clearReply() {
    parent.value = "";
    replyingTo.hidden = true;
    cancel.hidden = true;
    form.setAttribute("aria-labelledby", heading);
    home.insertBefore(form, homeNext);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".reply-link");
    if (!link) return;
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.getAttribute("data-parent"));
    parent.value = link.getAttribute("data-parent");
    replyingTo.textContent = "Replying to " + link.getAttribute("data-name");
    replyingTo.hidden = false;
    cancel.hidden = false;
    form.setAttribute("aria-labelledby", "replying-to");
    comment.parentNode.insertBefore(form, comment.nextSibling);
    form.elements.body.focus();
  });
  cancel.addEventListener("click", clearReply);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    clearMarks();
    status.textContent = "Posting…";
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    // The post waits for the timed token (asked for when writing began).
    Promise.resolve(fetchToken())
      .then(function () {
        return fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Accept": "application/json" },
          body: new URLSearchParams(new FormData(form))
        });
      })
      .then(function (r) {
        return r.json().then(
          function (data) { return { ok: r.ok, data: data }; },
          function () {
            return { ok: false, data: { error: "The site could not take the comment just now (error " + r.status + "). Your text is still here; please try again later." } };
          });
      })
      .then(function (result) {
        var data = result.data;
        status.textContent = "";
        if (!result.ok) {
          if (data.token) token.value = data.token;
          if (data.field === "parent") clearReply();
          form.elements.website.value = "";
          showError(data.error || "Your comment could not be posted.", data.field === "parent" ? null : data.field);
          return;
        }
        status.textContent = data.message;
        if (data.html) {
          var item = document.createElement("li");
          item.innerHTML = data.html;
          var thread = parent.value && document.getElementById("comment-" + parent.value);
          var list;
          if (thread) {
            var li = thread.parentNode;
            list = li.querySelector("ol.replies");
            if (!list) {
              list = document.createElement("ol");
              list.className = "replies";
              li.appendChild(list);
            }
          } else {
            list = document.querySelector("#comments ol.comment-list");
            if (!list) {
              list = document.createElement("ol");
              list.className = "comment-list";
              var none = document.querySelector("#comments .no-comments");
              if (none) none.replaceWith(list);
              else document.getElementById("comments-heading").after(list);
            }
          }
          list.appendChild(item);
        }
        form.elements.body.value = "";
        if (parent.value) clearReply();
        status.textContent = data.message;
      })
      .catch(function () {
        status.textContent = "";
        showError("The comment could not be sent. Check your connection and try again; your text is still here.");
      })
      .then(function () { button.disabled = false; });
  });
})();

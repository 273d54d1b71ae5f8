// The newsroom's progressive enhancement. Every action here also works as
// a plain form post without this script; it adds a live preview, autosave,
// a warning before leaving unsaved changes, and drag-and-drop uploads.
"use strict";

(function () {
  function debounce(fn, ms) {
    let timer;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function enhanceEditor(form) {
    const csrf = form.querySelector('input[name="csrf"]').value;
    const body = form.querySelector("#body");
    const preview = document.getElementById("preview");
    const status = document.getElementById("save-status");
    const autosaveUrl = form.dataset.autosave;
    let dirty = false;
    let saving = false;
    let stopped = false;

    function say(text) {
      if (status) status.textContent = text;
    }

    form.addEventListener("input", function (event) {
      // The picker's upload fields sit in the editor but belong to their own form.
      if (event.target.form && event.target.form !== form) return;
      dirty = true;
      say("Unsaved changes");
    });
    // A form sent while an autosave is on its way would carry the version
    // from before it, and be refused as stale: it waits for the autosave's
    // answer (which updates every version field), then goes.
    let waiting = null;
    function afterAutosave(event, target) {
      if (!saving) return false;
      event.preventDefault();
      waiting = { form: target, submitter: event.submitter };
      return true;
    }
    form.addEventListener("submit", function (event) {
      if (afterAutosave(event, form)) return;
      dirty = false;
      stopped = true;
    });
    // Workflow forms on the same page leave it too; their own data is sent.
    document.querySelectorAll("form.workflow-action").forEach(function (f) {
      f.addEventListener("submit", function (event) {
        if (dirty && !window.confirm("Your latest edits are not saved. Continue without them?")) {
          event.preventDefault();
        } else if (!afterAutosave(event, f)) {
          dirty = false;
          stopped = true;
        }
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // Editorial checks beside the text, again after each pause in typing.
    // Each finding can select its words in the field it is about, and the
    // body's findings are marked where they stand in the preview.
    const checks = document.getElementById("checks");
    let findings = [];
    let checked = {};
    let previewHtml = null;

    function showInText(f) {
      const el = form.querySelector('[name="' + f.field + '"]');
      if (!el) return;
      let start = f.start;
      let end = f.end;
      // Typing since the check moves the words: look for them again.
      if (start == null || el.value !== checked[f.field]) {
        start = el.value.indexOf(f.excerpt);
        end = start + f.excerpt.length;
      }
      el.focus();
      if (start < 0) return;
      // Focusing again with the caret at the start scrolls it into view.
      el.setSelectionRange(start, start);
      el.blur();
      el.focus();
      el.setSelectionRange(start, end);
    }

    // The `nth` (from 0) match of `pattern` in the preview's text, marked.
    function markNth(pattern, nth, f) {
      const walker = document.createTreeWalker(preview, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest("mark")) continue;
        const matcher = new RegExp(pattern, "g");
        for (let m = matcher.exec(node.data); m; m = matcher.exec(node.data)) {
          if (m[0].length === 0) break;
          if (seen++ < nth) continue;
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const mark = document.createElement("mark");
          mark.className = "finding-mark finding-mark-" + f.severity;
          mark.dataset.rule = f.rule;
          mark.title = f.rule + ": " + f.message;
          range.surroundContents(mark);
          return true;
        }
      }
      return false;
    }

    // Marks go on the rendered text: Markdown's own signs are dropped from
    // the words looked for, any white space may stand between them (a
    // line break in the source), and a passage split across elements is
    // marked by its opening words. A passage standing twice is marked
    // where the finding points, not where it first stands.
    function markPreview() {
      if (!preview || previewHtml === null) return;
      preview.innerHTML = previewHtml;
      findings.forEach(function (f) {
        if (f.field !== "body") return;
        const words = f.excerpt.replace(/[*_`#>\[\]]/g, "").split(/\s+/).filter(Boolean);
        if (words.length === 0) return;
        const escape = function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
        const before = checked.body !== undefined && f.start != null
          ? checked.body.slice(0, f.start).split(f.excerpt).length - 1
          : 0;
        markNth(words.map(escape).join("\\s+"), before, f) ||
          markNth(words.slice(0, 6).map(escape).join("\\s+"), before, f);
      });
    }

    if (checks) {
      const list = document.getElementById("check-list");
      const summary = document.getElementById("checks-summary");
      const field = function (name) {
        const el = form.querySelector('[name="' + name + '"]');
        return el ? el.value : "";
      };
      function show(result) {
        list.textContent = "";
        result.findings.forEach(function (f) {
          const item = document.createElement("li");
          item.className = "finding finding-" + f.severity;
          item.dataset.rule = f.rule;
          const rule = document.createElement("strong");
          rule.textContent = f.rule;
          const severity = document.createElement("span");
          severity.className = "severity";
          severity.textContent = f.severity;
          let where = document.createElement("span");
          if (f.field !== "metadata") {
            where = document.createElement("button");
            where.type = "button";
            where.addEventListener("click", function () { showInText(f); });
          }
          where.className = "where";
          where.textContent = f.line ? "body line " + f.line : f.field;
          const excerpt = document.createElement("q");
          excerpt.textContent = f.excerpt;
          item.append(rule, " ", severity, " ", where, document.createElement("br"), excerpt,
            document.createElement("br"), f.message);
          list.appendChild(item);
        });
        summary.textContent = result.findings.length
          ? result.findings.length + " finding(s), " + result.errors + " error(s)."
          : "No findings.";
        findings = result.findings;
        markPreview();
      }
      let asked = 0;
      function recheck() {
        const mine = ++asked;
        const sent = {
          headline: field("headline"),
          standfirst: field("standfirst"),
          body: field("body"),
        };
        const data = new URLSearchParams({
          csrf: csrf,
          headline: sent.headline,
          standfirst: sent.standfirst,
          body: sent.body,
          provenance: field("provenance"),
          editor: field("editor"),
        });
        fetch(checks.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (result) {
            // An answer about older text than the latest question is dropped.
            if (mine !== asked) return;
            checked = sent;
            show(result);
          })
          .catch(function () { summary.textContent = "The checks are not available right now."; });
      }
      form.addEventListener("input", debounce(recheck, 600));
      // Once at the start too: the page's list was made from the stored
      // text, and the script's own list can point into the fields.
      recheck();
    }

    if (preview && body) {
      const refresh = debounce(function () {
        const data = new URLSearchParams({ csrf: csrf, body: body.value });
        fetch("/admin/preview", { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          // The server renders and sanitizes the Markdown exactly as the site will.
          .then(function (html) {
            previewHtml = html;
            markPreview();
          })
          .catch(function () {
            previewHtml = null;
            preview.textContent = "The preview is not available right now.";
          });
      }, 300);
      body.addEventListener("input", refresh);
      refresh();
    }

    if (autosaveUrl) {
      setInterval(function () {
        if (!dirty || saving || stopped) return;
        saving = true;
        dirty = false;
        const data = new URLSearchParams(new FormData(form));
        fetch(autosaveUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (r) {
            return r.json().then(function (json) { return { ok: r.ok, status: r.status, json: json }; });
          })
          .then(function (result) {
            if (result.ok) {
              // Every form on the page acts on the version just saved.
              document.querySelectorAll('input[name="version"]').forEach(function (input) {
                input.value = String(result.json.version);
              });
              say("Saved automatically at " + new Date().toLocaleTimeString());
            } else {
              dirty = true;
              say(result.json.error || "Not saved.");
              // A conflict needs a person: keep the text, stop saving over it.
              if (result.status === 409) stopped = true;
            }
          })
          .catch(function () {
            dirty = true;
            say("Not saved: the server did not answer. Your text is still here.");
          })
          .finally(function () {
            saving = false;
            if (waiting) {
              const next = waiting;
              waiting = null;
              next.form.requestSubmit(next.submitter || undefined);
            }
          });
      }, Number(form.dataset.autosaveMs || 10000));
    }
  }

  function enhanceUpload(form) {
    const input = form.querySelector('input[type="file"]');
    const zone = form.querySelector(".drop-zone");
    if (!input || !zone) return;
    zone.hidden = false;
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("drop-active");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("drop-active"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        zone.querySelector(".drop-name").textContent = input.files[0].name;
      }
    });
  }

  // The editor's media panel: pick a picture for the body or the hero,
  // search the library, upload without leaving the article (or drop a file
  // on the body), and the new picture goes straight into the text.
  function enhanceMedia(panel) {
    const body = document.getElementById("body");
    const hero = document.getElementById("image");
    const picker = document.getElementById("media-picker");
    const status = document.getElementById("media-status");
    const search = document.getElementById("media-search");
    const upload = document.getElementById("editor-upload");
    if (!body || !picker || !upload) return;
    const file = document.getElementById("editor-upload-file");
    const alt = document.getElementById("editor-upload-alt");
    function say(text) { status.textContent = text; }

    // A figure stands alone: it goes in as a paragraph of its own.
    function insert(markdown) {
      const start = body.selectionStart, end = body.selectionEnd;
      const before = body.value.slice(0, start);
      const after = body.value.slice(end);
      const gap = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      const block = gap + markdown + "\n\n";
      body.value = before + block + after.replace(/^\n+/, "");
      body.selectionStart = body.selectionEnd = (before + block).length;
      body.dispatchEvent(new Event("input", { bubbles: true }));
      body.focus();
    }

    function button(label, data) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = label;
      Object.assign(b.dataset, data);
      return b;
    }

    function addTile(entry) {
      const li = document.createElement("li");
      li.dataset.alt = entry.alt.toLowerCase();
      const img = document.createElement("img");
      img.src = entry.thumb;
      img.alt = "";
      img.width = 160;
      li.appendChild(img);
      const words = document.createElement("span");
      words.textContent = entry.alt + " · " + entry.credit;
      li.appendChild(words);
      li.appendChild(button("Insert in body", { insert: entry.insert }));
      li.appendChild(button("Use as hero", { hero: entry.id }));
      picker.insertBefore(li, picker.firstChild);
      if (hero) {
        const option = document.createElement("option");
        option.value = entry.id;
        option.textContent = "#" + entry.id + ": " + entry.alt;
        hero.appendChild(option);
      }
    }

    panel.addEventListener("click", function (event) {
      const b = event.target.closest("button");
      if (!b) return;
      if (b.dataset.insert) {
        insert(b.dataset.insert);
        say("Placed in the body.");
      } else if (b.dataset.hero && hero) {
        hero.value = b.dataset.hero;
        hero.dispatchEvent(new Event("input", { bubbles: true }));
        say("Set as the hero image; save to keep it.");
      }
    });

    if (search) {
      search.addEventListener("input", function () {
        const q = search.value.trim().toLowerCase();
        picker.querySelectorAll("li").forEach(function (li) {
          li.hidden = q !== "" && !li.dataset.alt.includes(q);
        });
      });
    }

    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      say("Uploading…");
      fetch(upload.action, {
        method: "POST",
        body: new FormData(upload),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.json().then(function (json) { return { ok: r.ok, json: json }; }); })
        .then(function (answer) {
          if (!answer.ok) {
            say(answer.json.error || "The upload was refused.");
            return;
          }
          addTile(answer.json);
          insert(answer.json.insert);
          panel.querySelectorAll('input[form="editor-upload"]').forEach(function (input) { input.value = ""; });
          say("Uploaded and placed in the body.");
        })
        .catch(function () { say("The upload did not reach the server. Try again."); });
    });

    // A picture dropped on the body waits in the upload form for its words.
    body.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) event.preventDefault();
    });
    body.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      file.files = event.dataTransfer.files;
      say("Add the alt text and a credit for " + file.files[0].name + ", then Upload image.");
      alt.focus();
    });
  }

  // The wire desk: items that arrive while the desk is open are added at
  // the top, from the event log (no reload). Text goes in as text, never
  // as markup.
  function followWire(list) {
    const status = document.getElementById("wire-status");
    let cursor = list.dataset.cursor;
    function cell(text) {
      const td = document.createElement("td");
      td.textContent = text;
      return td;
    }
    function poll() {
      fetch("/admin/wire/arrivals?after=" + encodeURIComponent(cursor) + "&" + list.dataset.query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          cursor = data.cursor;
          data.items.slice().reverse().forEach(function (item) {
            const old = list.querySelector('tr[data-item="' + item.id + '"]');
            if (old) old.remove();
            const tr = document.createElement("tr");
            tr.dataset.item = item.id;
            tr.className = "wire-new";
            const when = document.createElement("td");
            const time = document.createElement("time");
            time.dateTime = item.time_iso;
            time.textContent = item.time;
            when.appendChild(time);
            tr.appendChild(when);
            tr.appendChild(cell(item.provider));
            const headline = document.createElement("td");
            const link = document.createElement("a");
            link.href = "/admin/wire/stories/" + item.story;
            link.textContent = item.headline;
            headline.appendChild(link);
            if (item.embargo) {
              const note = document.createElement("strong");
              note.className = "embargo";
              note.textContent = " Embargoed until " + item.embargo;
              headline.appendChild(note);
            }
            tr.appendChild(headline);
            tr.appendChild(cell(item.language));
            tr.appendChild(cell(String(item.version)));
            list.insertBefore(tr, list.firstChild);
          });
          if (data.items.length && status) {
            status.textContent = data.items.length + " new item(s) arrived.";
            const empty = document.getElementById("wire-empty");
            if (empty) empty.remove();
          }
        })
        .catch(function () {})
        .finally(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 2000);
  }

  document.querySelectorAll("#wire-items").forEach(followWire);
  document.querySelectorAll("form.editor").forEach(enhanceEditor);
  document.querySelectorAll("form.upload").forEach(enhanceUpload);
  document.querySelectorAll("#media").forEach(enhanceMedia);
  // Tags are a list: the suggestions complete its last entry, keeping the rest.
  document.querySelectorAll('input[list="tag-names"]').forEach(function (input) {
    const list = document.getElementById("tag-names");
    const names = Array.from(list.options).map(function (o) { return o.value; });
    input.addEventListener("input", function () {
      const parts = input.value.split(",");
      const typed = parts.pop().trim().toLowerCase();
      const kept = parts.map(function (p) { return p.trim(); }).filter(Boolean);
      const before = kept.length ? kept.join(", ") + ", " : "";
      list.replaceChildren.apply(list, names
        .filter(function (n) { return !kept.includes(n) && n.toLowerCase().startsWith(typed); })
        .slice(0, 50)
        .map(function (n) { const o = document.createElement("option"); o.value = before + n; return o; }));
    });
  });
  // The moderation queue: one box selects the whole page.
  document.querySelectorAll("#select-all").forEach(function (all) {
    const boxes = Array.from(all.form.querySelectorAll('input[type="checkbox"][name="id"]'));
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        all.checked = boxes.every(function (b) { return b.checked; });
        all.indeterminate = !all.checked && boxes.some(function (b) { return b.checked; });
      });
    });
  });
})();

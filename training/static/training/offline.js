// Courses offline (docs/decisions/0020-offline-courses.md). Loaded for a logged-in learner:
// registers the service worker (/sw.js); downloads a course into the cache it reads; keeps
// each lesson read and each quiz answered on a downloaded course in IndexedDB the moment it
// happens, and sends them in order, with their ids, to the API's batch endpoint, on the
// `online` event and on every page load (many phone browsers have no Background Sync). The
// server records each id once, so a replay, a second tab or a reload while sending counts
// nothing twice; a Web Lock lets one tab send at a time. Every word shown comes from the
// page (data-t-* attributes, translated by Django): none is written here.
(function () {
  "use strict";
  var bar = document.getElementById("offline");
  if (!bar || !window.indexedDB || !window.Promise) return;
  var cfg = bar.dataset;
  var user = cfg.user;
  var cacheName = cfg.cache;
  var canKeep = "serviceWorker" in navigator && "caches" in window;
  var needLogin = false;
  var notes = [];

  // --- words and numbers, as the page gives them ------------------------------------------
  function say(el, key, values) {
    var text = el.getAttribute("data-t-" + key) || "";
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function num(n) {
    var d = cfg.digits;
    return d ? String(n).replace(/[0-9]/g, function (c) { return d[c]; }) : String(n);
  }
  function size(bytes) {
    return bytes < 1e6
      ? say(bar, "kb", { n: num(Math.max(1, Math.round(bytes / 1e3))) })
      : say(bar, "mb", { n: num((bytes / 1e6).toFixed(1)) });
  }

  // --- IndexedDB: the queue of events and the downloaded courses --------------------------
  var opened;
  function db() {
    opened = opened || new Promise(function (ok, fail) {
      var req = indexedDB.open("isaf-offline", 1);
      req.onupgradeneeded = function () {
        var d = req.result;
        d.createObjectStore("queue", { keyPath: "seq", autoIncrement: true }).createIndex("user", "user");
        d.createObjectStore("courses", { keyPath: "key" }).createIndex("user", "user");
      };
      req.onsuccess = function () { ok(req.result); };
      req.onerror = function () { fail(req.error); };
    });
    return opened;
  }
  // Runs fn(store) in one transaction; resolves with its request's result once committed.
  function tx(name, mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction(name, mode);
        var req = fn(t.objectStore(name));
        t.oncomplete = function () { ok(req && req.result); };
        t.onerror = t.onabort = function () { fail(t.error); };
      });
    });
  }
  // Logged out (a log-in that expired): changes kept on this phone are only counted, and the
  // learner asked to log in; nothing is sent. A browser that never kept any opens no database.
  if (!user) {
    if (!indexedDB.databases) return;
    indexedDB.databases().then(function (found) {
      if (!found.some(function (d) { return d.name === "isaf-offline"; })) return;
      tx("queue", "readonly", function (s) { return s.count(); }).then(function (n) {
        if (!n) return;
        needLogin = true;
        bar.querySelector("[data-text]").textContent =
          (n === 1 ? say(bar, "one", {}) : say(bar, "many", { n: num(n) })) + " " + say(bar, "login", {});
        bar.querySelector("[data-login]").hidden = false;
        bar.hidden = false;
      });
    });
    return;
  }
  function mine(name) {  // this learner's rows, oldest first
    return tx(name, "readonly", function (s) { return s.index("user").getAll(user); });
  }
  function course(id) {
    return tx("courses", "readonly", function (s) { return s.get(user + ":" + id); });
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function keep(event) {
    event.id = uuid();
    event.user = user;
    event.occurred_at = new Date().toISOString();
    return tx("queue", "readwrite", function (s) { return s.add(event); }).then(show);
  }

  // --- sending -----------------------------------------------------------------------------
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? decodeURIComponent(m[1]) : field ? field.value : "";
  }
  function send() {
    if (!navigator.locks) return drain();
    // One tab sends at a time; another finding the lock taken leaves the queue to it.
    return navigator.locks.request("isaf-offline-send", { ifAvailable: true }, function (lock) {
      return lock ? drain() : null;
    });
  }
  function drain() {
    return mine("queue").then(function (queued) {
      var batch = queued.slice(0, 100);
      if (!batch.length) return show();
      var events = batch.map(function (e) {
        var out = { id: e.id, lesson: e.lesson, type: e.type, occurred_at: e.occurred_at };
        if (e.quiz) { out.quiz = e.quiz; out.answers = e.answers; }
        return out;
      });
      return fetch(cfg.batch, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ events: events }),
      }).then(function (r) {
        // Logged out (or a session too old for its token): keep everything, ask to log in.
        needLogin = r.status === 401 || r.status === 403;
        if (r.status === 400) return r.json().then(function (body) { return dropMalformed(batch, body); });
        if (!r.ok) return show();
        return r.json().then(function (body) {
          body.results.forEach(report);
          return forget(batch).then(drain);
        });
      }, show);  // no connection: try again on `online` or the next page
    });
  }
  // An event the server can never take (a clock far ahead) must not block the rest.
  function dropMalformed(batch, body) {
    var bad = (body.errors || []).map(function (e) { return batch[+e.field.split(".")[1]]; });
    bad = bad.filter(Boolean);
    return bad.length ? forget(bad).then(drain) : show();
  }
  function forget(events) {
    return tx("queue", "readwrite", function (s) {
      events.forEach(function (e) { s.delete(e.seq); });
    });
  }
  function report(item) {
    var result = item.result;
    if (result && result.score != null) {
      notes.push(say(bar, result.passed ? "passed" : "failed", { score: num(result.score) + "%" }));
    } else if (item.status >= 400 && item.status !== 409) {
      notes.push(say(bar, "refused", {}) + " " + (item.detail || ""));
    } else if (item.status === 409 && !/events\.\d+\.id/.test(JSON.stringify(item.errors || ""))) {
      notes.push(say(bar, "refused", {}) + " " + (item.detail || ""));
    }
  }
  function show() {
    return mine("queue").then(function (queued) {
      var n = queued.length;
      var text = notes.slice();
      if (n) text.push(n === 1 ? say(bar, "one", {}) : say(bar, "many", { n: num(n) }));
      if (n && needLogin) text.push(say(bar, "login", {}));
      bar.querySelector("[data-text]").textContent = text.join(" ");
      bar.querySelector("[data-login]").hidden = !(n && needLogin);
      bar.hidden = !text.length;
      bar.setAttribute("data-waiting", n);
      return n;
    });
  }

  // --- downloading a course -----------------------------------------------------------------
  function listing(id) {
    return fetch(cfg.listing.replace(/\/0\/offline$/, "/" + id + "/offline"), {
      credentials: "same-origin",
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  function download(list, progress) {
    return caches.open(cacheName).then(function (cache) {
      var done = 0;
      var next = 0;
      function worker() {  // three at a time: a weak connection is not flooded
        if (next >= list.files.length) return null;
        var url = list.files[next++].url;
        // An upload on the media host of its own (production): with CORS, so the phone keeps a
        // readable copy of its real size (an opaque one counts for megabytes of its quota).
        var own = new URL(url, location.href).origin === location.origin;
        var how = own ? { credentials: "same-origin" } : { mode: "cors", credentials: "omit" };
        return fetch(url, how).then(function (r) {
          if (!r.ok || r.redirected) throw new Error(url);
          return cache.put(url, r);
        }).then(function () {
          if (progress) progress(++done, list.files.length);
          return worker();
        });
      }
      return Promise.all([worker(), worker(), worker()]);
    }).then(function () {
      var record = {
        key: user + ":" + list.course, user: user, course: list.course, title: list.title,
        url: list.url, version: list.version, bytes: list.bytes,
        urls: list.files.map(function (f) { return f.url; }),
      };
      return tx("courses", "readwrite", function (s) { return s.put(record); }).then(function () { return record; });
    });
  }
  function remove(record) {
    return tx("courses", "readwrite", function (s) { return s.delete(record.key); })
      .then(function () { return tx("courses", "readonly", function (s) { return s.getAll(); }); })
      .then(function (others) {
        var kept = {};
        others.forEach(function (o) { o.urls.forEach(function (u) { kept[u] = 1; }); });
        return caches.open(cacheName).then(function (cache) {
          return Promise.all(record.urls.filter(function (u) { return !kept[u]; }).map(function (u) {
            return cache.delete(u);
          }));
        });
      });
  }
  // A downloaded course whose version changed on the server is downloaded again.
  function refresh(record) {
    if (!navigator.onLine) return Promise.resolve(false);
    return listing(record.course).then(function (list) {
      if (list.version === record.version) return false;
      return download(list).then(function () { return true; });
    }, function () { return false; });
  }

  function coursePanel(panel) {
    var id = panel.getAttribute("data-offline-course");
    var text = panel.querySelector("[data-text]");
    var buttons = {};
    ["size", "download", "remove"].forEach(function (a) {
      buttons[a] = panel.querySelector("[data-action=" + a + "]");
    });
    var list = null;
    function state(record) {
      buttons.size.hidden = !!record;
      buttons.download.hidden = true;
      buttons.remove.hidden = !record;
      text.textContent = record ? say(panel, "done", { size: size(record.bytes) }) : "";
    }
    buttons.size.onclick = function () {
      buttons.size.disabled = true;
      listing(id).then(function (l) {
        list = l;
        text.textContent = say(panel, "ask", { size: size(l.bytes) });
        buttons.size.hidden = true;
        buttons.download.hidden = false;
      }, function () {
        text.textContent = say(panel, "error", {});
      }).then(function () { buttons.size.disabled = false; });
    };
    buttons.download.onclick = function () {
      buttons.download.disabled = true;
      download(list, function (n, total) {
        text.textContent = say(panel, "busy", { n: num(n), total: num(total) });
      }).then(state, function () {
        text.textContent = say(panel, "error", {});
      }).then(function () { buttons.download.disabled = false; });
    };
    buttons.remove.onclick = function () {
      course(id).then(function (record) { return record && remove(record); }).then(function () { state(null); });
    };
    panel.hidden = false;
    course(id).then(function (record) {
      state(record);
      if (record) refresh(record).then(function (changed) { if (changed) course(id).then(state); });
    });
  }

  function dashboardList(section) {
    var ul = section.querySelector("[data-list]");
    mine("courses").then(function (records) {
      section.hidden = !records.length;
      records.forEach(function (record) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = record.url;
        a.textContent = record.title;
        var info = document.createElement("span");
        info.textContent = " · " + size(record.bytes) + " ";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.textContent = say(section, "remove", {});
        button.setAttribute("data-testid", "offline-remove");
        button.onclick = function () {
          remove(record).then(function () { li.remove(); section.hidden = !ul.children.length; });
        };
        li.append(a, info, button);
        ul.append(li);
        refresh(record).then(function (changed) {
          if (changed) info.textContent = " · " + say(section, "updated", {}) + " ";
        });
      });
    });
  }

  // --- a downloaded course's lesson and quiz, recorded here first ---------------------------
  function settle(promise) {  // wait for a send at most a few seconds: the phone may be offline
    return Promise.race([promise, new Promise(function (ok) { setTimeout(ok, 4000); })]);
  }
  function lessonForm(form) {
    course(form.getAttribute("data-course")).then(function (record) {
      if (!record) return;  // not downloaded: the form posts as it always did
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        keep({ type: "lesson_completed", lesson: +form.getAttribute("data-offline-lesson") })
          .then(function () { return settle(send()); })
          .then(function () { location.href = form.getAttribute("data-next"); });
      });
    });
  }
  function quizForm(form) {
    var quiz = +form.getAttribute("data-offline-quiz");
    var saved = form.parentNode.querySelector("[data-offline-saved]");
    function waiting() {
      form.hidden = true;
      saved.hidden = false;
    }
    course(form.getAttribute("data-course")).then(function (record) {
      if (!record) return;
      mine("queue").then(function (queued) {
        if (queued.some(function (e) { return e.quiz === quiz; })) waiting();
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var answers = {};
        Array.prototype.forEach.call(form.querySelectorAll("input:checked"), function (input) {
          (answers[input.name] = answers[input.name] || []).push(input.value);
        });
        keep({ type: "quiz_answered", lesson: +form.getAttribute("data-lesson"), quiz: quiz, answers: answers })
          .then(function () { return settle(send()); })
          .then(function () { return mine("queue"); })
          .then(function (queued) {
            // Scored already: the page shows the attempt; else it waits on this phone.
            if (queued.some(function (q) { return q.quiz === quiz; })) waiting();
            else location.reload();
          });
      });
    });
  }

  // --- logging out of a shared phone -------------------------------------------------------
  // The learner's downloaded courses leave with them: their records, and the cache when nobody
  // else keeps a course. Changes not sent are sent first (after another tab's send); any that
  // cannot go are shown, and a second press that still cannot send them logs out keeping them,
  // under this learner's id: they go at their next log-in, never under someone else's.
  function forgetCourses() {
    return mine("courses").then(function (records) {
      return records.reduce(function (p, r) { return p.then(function () { return remove(r); }); },
        Promise.resolve());
    }).then(function () { return tx("courses", "readonly", function (s) { return s.count(); }); })
      .then(function (others) { if (!others && canKeep) return caches.delete(cacheName); });
  }
  var logout = document.querySelector("form[data-logout]");
  if (logout) logout.addEventListener("submit", function (e) {
    e.preventDefault();
    settle(navigator.locks ? navigator.locks.request("isaf-offline-send", drain) : drain()).then(function () { return mine("queue"); }).then(function (queued) {
      if (queued.length && !logout.dataset.warned) {
        logout.dataset.warned = queued.length;
        bar.querySelector("[data-text]").textContent = (queued.length === 1 ? say(bar, "unsent-one", {}) : say(bar, "unsent", { n: num(queued.length) }));
        bar.hidden = false;
        return;
      }
      return forgetCourses().catch(function () {}).then(function () { logout.submit(); });
    });
  });

  if (canKeep) {
    navigator.serviceWorker.register(cfg.sw).catch(function () { canKeep = false; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-course]"), coursePanel);
    var section = document.getElementById("offline-courses");
    if (section) dashboardList(section);
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-lesson]"), lessonForm);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-quiz]"), quizForm);
  window.addEventListener("online", send);
  send();
})();

// As-you-type suggestions for the search box: titles from the portal's own suggest endpoint.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var timer = null;
  var latest = 0;

  function clear() {
    list.innerHTML = "";
    list.hidden = true;
  }

  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      li.appendChild(link);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (!value) return clear();
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (ticket === latest) show(data.suggestions || []); })
        .catch(clear);
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") clear();
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) clear();
  });
})();

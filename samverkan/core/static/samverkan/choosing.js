/* Choose one of many (samverkan/core/choosing.py): a text input with data-suggest becomes an
   ARIA 1.2 combobox. While the user types (two characters or more) it asks data-suggest?q=
   for the matching records and lists them in the list box data-listbox; Down and Up move
   through them (aria-activedescendant), Enter or a click chooses one, Escape closes the list
   (or clears the field when it is closed). The chosen record's key is what the form sends
   (a hidden input of the same name); while the text is not a chosen label the text is sent
   and the server resolves it, as without JavaScript. No dependencies. */
(function () {
  "use strict";

  function enhance(input) {
    var list = document.getElementById(input.getAttribute("data-listbox"));
    if (!list) return;
    var url = input.getAttribute("data-suggest");
    var name = input.name;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.disabled = true;
    input.parentNode.insertBefore(hidden, input.nextSibling);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.parentNode.appendChild(status);
    var options = [];
    var active = -1;
    var timer = null;
    var asked = "";
    var chosenLabel = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      options.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(li) {
      input.value = li.getAttribute("data-label");
      chosenLabel = input.value;
      hidden.name = name;
      hidden.value = li.getAttribute("data-key");
      hidden.disabled = false;
      input.removeAttribute("name");
      close();
    }
    function unchoose() {
      if (chosenLabel !== null && input.value !== chosenLabel) {
        chosenLabel = null;
        hidden.disabled = true;
        input.name = name;
      }
    }
    function show(data, text) {
      list.textContent = "";
      options = [];
      data.results.forEach(function (result, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-key", result.key);
        li.setAttribute("data-label", result.label);
        li.textContent = result.label;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); /* keep the focus in the input */
          choose(li);
        });
        list.appendChild(li);
        options.push(li);
      });
      active = -1;
      if (options.length) {
        open();
      } else {
        close();
      }
      var message = list.getAttribute("data-none");
      if (options.length) {
        message = (data.more ? list.getAttribute("data-more") : list.getAttribute("data-count"));
        message = (message || "%s").replace("%s", String(options.length));
      }
      status.textContent = text ? (message || "") : "";
    }
    function ask() {
      var text = input.value.trim();
      if (text === asked) return;
      asked = text;
      if (text.length < 2) {
        show({ results: [], more: false }, "");
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [], more: false };
        })
        .then(function (data) {
          if (input.value.trim() === text) show(data, text);
        })
        .catch(function () {
          /* no suggestions: the field still works as a plain text field */
        });
    }

    input.addEventListener("input", function () {
      unchoose();
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (list.hidden && options.length) open();
        if (options.length) highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        if (list.hidden && options.length) open();
        if (options.length) highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(options[active]);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          unchoose();
          asked = "";
        }
      }
    });
    input.addEventListener("blur", function () {
      close();
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest][data-listbox]");
    for (var i = 0; i < inputs.length; i++) enhance(inputs[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* The site search (Pagefind). A page carries only a button and an empty <dialog>: Pagefind's
   interface (pagefind-ui.js, its stylesheet and search.css) is loaded on the first opening, and
   Pagefind then fetches the index chunks each query needs. Everything comes from this site. */
(function () {
  "use strict";
  var dialog = document.getElementById("gt-search");
  if (!dialog || typeof dialog.showModal !== "function") return;
  /* An absolute URL: Pagefind imports its modules from it, and a relative one is not a module specifier. */
  var bundle = new URL(dialog.getAttribute("data-gt-bundle"), document.baseURI).href;
  var here = document.currentScript ? document.currentScript.src : "";
  var loading = null;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
      element.onload = resolve;
      element.onerror = function () { reject(new Error("could not load " + (attributes.src || attributes.href))); };
      document.head.appendChild(element);
    });
  }

  function start() {
    if (!loading) {
      loading = Promise.all([
        load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
        load("link", { rel: "stylesheet", href: new URL("search.css", here).href }),
        load("script", { src: bundle + "pagefind-ui.js" }),
      ]).then(function () {
        /* global PagefindUI */
        new PagefindUI({
          element: dialog.querySelector("[data-gt-search-ui]"),
          bundlePath: bundle,
          showImages: false,
          showSubResults: false,
          resetStyles: false,
          excerptLength: 30,
          translations: { placeholder: dialog.getAttribute("data-gt-placeholder") || "Search" },
        });
      });
    }
    return loading;
  }

  function focusInput() {
    var input = dialog.querySelector("input");
    if (input) input.focus();
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    start().then(focusInput, function (error) {
      dialog.querySelector("[data-gt-search-ui]").textContent = "Search is not available: " + error.message;
    });
  }

  document.querySelectorAll("[data-gt-search-open]").forEach(function (button) {
    button.addEventListener("click", open);
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); /* a click on the backdrop */
  });
  /* Captured before Material's own shortcuts, which would look for its (absent) search box. */
  window.addEventListener(
    "keydown",
    function (event) {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        event.stopPropagation();
        open();
      }
    },
    true
  );
})();

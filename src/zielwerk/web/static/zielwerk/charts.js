/* Zielwerk charts: progressive enhancement of server-rendered SVG charts with vega-embed.
 *
 * Every element with a data-zw-spec attribute holds a Vega-Lite spec (JSON) and, inside it, the
 * same chart rendered on the server as an SVG image (<img> of diagramm.svg / karte.svg with a
 * full text alternative). When vega-embed is available, the interactive chart (tooltips, export
 * menu) is drawn above and the static image is hidden; if anything fails, the image stays. The
 * numbers are always in the table beside the chart.
 */
(function () {
  "use strict";

  var GERMAN = {
    CLICK_TO_VIEW_ACTIONS: "Aktionen anzeigen",
    COMPILED_ACTION: "Vega-Spezifikation anzeigen",
    EDITOR_ACTION: "Im Vega-Editor öffnen",
    PNG_ACTION: "Als PNG speichern",
    SOURCE_ACTION: "Quelle anzeigen",
    SVG_ACTION: "Als SVG speichern"
  };

  function enhance(view) {
    var spec;
    try {
      spec = JSON.parse(view.getAttribute("data-zw-spec"));
    } catch (error) {
      return;
    }
    var live = document.createElement("div");
    live.className = "zw-chart__live";
    view.parentNode.insertBefore(live, view);
    var german = (document.documentElement.lang || "de").indexOf("de") === 0;
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      // No injected <style> elements (the CSP allows none): zielwerk/vega-embed.css has them.
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true }
    };
    if (german) {
      options.i18n = GERMAN;
    }
    window.vegaEmbed(live, spec, options).then(function () {
      var summary = live.querySelector("details > summary");
      if (summary) {
        summary.setAttribute("aria-label", german ? "Diagramm speichern" : "Save chart");
      }
      view.hidden = true;
      live.setAttribute("data-zw-ready", "1");
    }).catch(function () {
      live.parentNode.removeChild(live);
    });
  }

  function start() {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var views = document.querySelectorAll("[data-zw-spec]");
    for (var i = 0; i < views.length; i += 1) {
      enhance(views[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

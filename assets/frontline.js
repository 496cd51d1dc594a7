/*
 * Frontline Atlas: the first script of the dashboard (a classic script, run while the page
 * is parsed). The clientside code itself is the ES modules in assets/js (entry:
 * assets/js/dashboard.mjs), which run only once the page is parsed; this script makes
 * sure nothing Dash does before then is lost:
 *
 * - Dash's clientside callbacks (window.dash_clientside.frontline) exist from the start:
 *   until the modules have taken over, a call is held (with the callback context, which
 *   Dash removes right after the call) and answered with a promise, which Dash waits for;
 *   the modules replace the functions and announce it with the event "frontline:ready",
 *   and the held calls are then made, in order.
 * - The map has no world outline: plotly finds its (empty) topology here instead of
 *   fetching assets/topojson/world_110m.json before it can draw.
 */
(function () {
  "use strict";

  window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  if (!window.PlotlyGeoAssets.topojson.world_110m) {
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  }

  var NAMES = ["render", "syncUrl", "playback", "basemap", "mapClick", "areaClick"];
  var dc = (window.dash_clientside = window.dash_clientside || {});
  var held = [];
  var ready = false;

  function holding(name) {
    return function () {
      var call = { name: name, args: arguments, context: dc.callback_context };
      return new Promise(function (resolve, reject) {
        call.resolve = resolve;
        call.reject = reject;
        held.push(call);
      });
    };
  }

  function release() {
    if (ready) return;
    ready = true;
    var calls = held;
    held = [];
    calls.forEach(function (call) {
      dc.callback_context = call.context;
      try {
        call.resolve(dc.frontline[call.name].apply(dc.frontline, call.args));
      } catch (err) {
        call.reject(err);
      } finally {
        delete dc.callback_context;
      }
    });
  }

  if (!dc.frontline) {
    dc.frontline = {};
    NAMES.forEach(function (name) {
      dc.frontline[name] = holding(name);
    });
  }
  document.addEventListener("frontline:ready", release);
})();

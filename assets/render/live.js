// The page the export's warm renderer draws PNGs in (dashboard/export/_render.py reads
// live.html, puts this script in it and opens it from disk in headless Chromium).
//
// plotly.js loads once. frontline.keep(key, geometry) stores a district GeoJSON under a key;
// frontline.draw(fig, width, height) puts the stored geometries back into the traces that
// name them ({"$geometry": key}), redraws the plot with Plotly.react at the image's size and
// resolves to true after the next paint, so a screenshot of the page is the image.
// frontline.forget() drops every stored geometry.
window.frontline = (function () {
  var settings = JSON.parse(document.getElementById("render-config").textContent);
  var geometries = {};
  var config = {staticPlot: true, topojsonURL: settings.topojsonURL};
  function painted() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(resolve); });
    });
  }
  return {
    keep: function (key, geometry) { geometries[key] = geometry; },
    forget: function () { geometries = {}; },
    draw: function (fig, width, height) {
      (fig.data || []).forEach(function (trace) {
        var ref = trace.geojson && trace.geojson["$geometry"];
        if (ref !== undefined) {
          if (!(ref in geometries)) { throw new Error("geometry " + ref + " was never sent"); }
          trace.geojson = geometries[ref];
        }
      });
      var layout = Object.assign({}, fig.layout || {}, {width: width, height: height});
      var gd = document.getElementById("plot");
      return Plotly.react(gd, fig.data || [], layout, Object.assign({}, config, fig.config))
        .then(painted)
        .then(function () { return true; });
    },
  };
})();

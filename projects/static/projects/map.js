/*
 * Project maps (Leaflet + Leaflet.markercluster from static/vendor/, no third party).
 *
 * Each element with data-project-map="<id>" names a JSON block (json_script) with its
 * configuration (projects/geo.py map_config): the GeoJSON export's URL with the page's filters,
 * or the FeatureCollection itself for the small maps; the tile server, if one is configured
 * (otherwise a neutral background with the Magdeburg bounding box); the markers' styles (shape,
 * letter and colour per field of action, as in the legend) and the texts.
 *
 * Keyboard: every marker and cluster is a button in the tab order; focus on a marker opens its
 * details, Enter or Space moves into them, Escape goes back to the marker. Nothing holds the
 * focus: Tab leaves the map like any other part of the page.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  // German figures as on the pages (core/numbers.py): one decimal, "1.836,6 t".
  function tonnes(value) {
    return (
      Number(value).toLocaleString("de-DE", {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }) + "\u00a0t"
    );
  }

  function focusVisible(node) {
    try {
      return node.matches(":focus-visible");
    } catch (_error) {
      return true;
    }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function symbol(style, letter) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", style.path);
    path.setAttribute("fill", style.colour);
    path.setAttribute("stroke", "#ffffff");
    path.setAttribute("stroke-width", "1.5");
    svg.appendChild(path);
    var text = document.createElementNS(SVG_NS, "text");
    text.setAttribute("x", "12");
    text.setAttribute("y", String(style.text_y));
    text.setAttribute("text-anchor", "middle");
    text.setAttribute("fill", "#ffffff");
    text.setAttribute("font-size", letter.length > 1 ? "8.5" : "11");
    text.setAttribute("font-weight", "700");
    text.textContent = letter;
    svg.appendChild(text);
    return svg;
  }

  var FALLBACK_STYLE = {
    path: "M12 1.5a10.5 10.5 0 1 0 0.01 0Z",
    colour: "#3c4a56",
    letter: "?",
    text_y: 16,
    name: "",
  };

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function popupContent(props, config) {
    var labels = config.labels;
    var box = element("div", undefined, "map-popup");
    var title = element("p", undefined, "map-popup__title");
    title.appendChild(element("strong", props.title));
    box.appendChild(title);
    var facts = element("dl", undefined, "map-popup__facts");
    function fact(label, value) {
      facts.appendChild(element("dt", label));
      facts.appendChild(element("dd", value));
    }
    // Names as the export gives them: a partner without consent is a placeholder there.
    fact(labels.lead_partner, props.lead_partner.name);
    if (props.participating_partners.length) {
      fact(
        labels.participants,
        props.participating_partners
          .map(function (p) {
            return p.name;
          })
          .join(", ")
      );
    }
    fact(labels.field_of_action, props.field_of_action.name);
    fact(labels.status, config.statuses[props.status] || props.status);
    fact(
      labels.expected,
      format(labels.expected_value, { value: tonnes(props.expected_reduction_t_co2e_per_year) })
    );
    var latest = props.results.length ? props.results[props.results.length - 1] : null;
    fact(
      labels.achieved,
      latest
        ? format(labels.achieved_value, {
            value: tonnes(latest.achieved_reduction_t_co2e),
            year: latest.year,
          })
        : labels.no_result
    );
    box.appendChild(facts);
    var link = element("a", labels.details, "map-popup__link");
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  function markerFor(feature, config, element) {
    var props = feature.properties;
    var style = config.styles[props.field_of_action.slug] || FALLBACK_STYLE;
    var holder = document.createElement("div");
    holder.appendChild(symbol(style, style.letter));
    var coordinates = feature.geometry.coordinates; // [longitude, latitude] (RFC 7946)
    var label = format(config.labels.marker, {
      title: props.title,
      field: props.field_of_action.name,
    });
    var marker = L.marker([coordinates[1], coordinates[0]], {
      icon: L.divIcon({
        html: holder.innerHTML,
        className: "project-marker",
        iconSize: [28, 28],
        iconAnchor: [14, 14],
        popupAnchor: [0, -12],
      }),
      title: label,
      keyboard: true,
      riseOnHover: true,
    });
    marker.projectSlug = props.slug;
    // The details fit into the map however small it is (a phone, the small maps); longer
    // ones scroll inside.
    marker.bindPopup(popupContent(props, config), {
      maxWidth: Math.max(160, Math.min(280, element.clientWidth - 90)),
      maxHeight: Math.max(140, element.clientHeight - 80),
      autoPanPadding: [12, 12],
    });
    marker.on("add", function () {
      var icon = marker.getElement();
      if (!icon || icon.dataset.ready) {
        return;
      }
      icon.dataset.ready = "1";
      icon.dataset.project = props.slug;
      icon.setAttribute("aria-label", label);
      icon.setAttribute("aria-haspopup", "dialog");
      icon.addEventListener("focus", function () {
        // Only keyboard focus: a click focuses too, and its own click would close it again.
        if (marker.returningFocus) {
          marker.returningFocus = false; // back from its details with Escape: stay closed
          return;
        }
        if (!marker.isPopupOpen() && focusVisible(icon)) {
          marker.openPopup();
        }
      });
      icon.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation();
          marker.openPopup();
          var link = marker.getPopup().getElement().querySelector("a.map-popup__link");
          if (link) {
            link.focus();
          }
        }
      });
    });
    return marker;
  }

  function clusterIcon(config) {
    return function (cluster) {
      var count = cluster.getChildCount();
      return L.divIcon({
        html: '<span aria-hidden="true">' + count + "</span>",
        className: "project-cluster",
        iconSize: [36, 36],
      });
    };
  }

  function labelCluster(layer, config) {
    var icon = layer.getElement && layer.getElement();
    if (icon && layer.getChildCount) {
      var text = format(config.labels.cluster, { count: layer.getChildCount() });
      icon.setAttribute("aria-label", text);
      icon.setAttribute("title", text);
    }
  }

  function backgroundLayer(map, config) {
    var tiles = config.tiles;
    if (tiles.url) {
      L.tileLayer(tiles.url, {
        maxZoom: tiles.max_zoom,
        attribution: escapeHtml(tiles.attribution),
        crossOrigin: false,
      }).addTo(map);
      return;
    }
    // No tile server: a neutral background (CSS) and the area coordinates may lie in.
    map.getContainer().classList.add("project-map--no-tiles");
    L.rectangle(config.bounds, {
      color: "#4a5650",
      weight: 2,
      dashArray: "6 6",
      fill: false,
      interactive: false,
    }).addTo(map);
    L.tooltip({ permanent: true, direction: "center", className: "map-bounds-label" })
      .setLatLng([config.bounds[1][0], (config.bounds[0][1] + config.bounds[1][1]) / 2])
      .setContent(escapeHtml(config.labels.bounds))
      .addTo(map);
  }

  function wirePopups(map, config) {
    map.on("popupopen", function (event) {
      var popup = event.popup;
      var container = popup.getElement();
      var close = container.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", config.labels.close);
        close.setAttribute("title", config.labels.close);
      }
      if (!container.dataset.ready) {
        container.dataset.ready = "1";
        container.setAttribute("role", "dialog");
        container.setAttribute("aria-label", popup.getContent().querySelector("strong").textContent);
        container.addEventListener("keydown", function (keyEvent) {
          if (keyEvent.key === "Escape") {
            keyEvent.stopPropagation();
            var source = popup._source;
            map.closePopup(popup);
            if (source && source.getElement()) {
              source.returningFocus = true;
              source.getElement().focus({ preventScroll: true });
            }
          }
        });
      }
    });
  }

  function showFeatures(map, element, collection, config) {
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon(config),
    });
    var markers = collection.features
      .filter(function (feature) {
        return feature.geometry && feature.geometry.type === "Point";
      })
      .map(function (feature) {
        return markerFor(feature, config, element);
      });
    // Clusters are drawn anew on every zoom: each new one gets its name when it appears.
    map.on("layeradd", function (event) {
      labelCluster(event.layer, config);
    });
    group.addLayers(markers);
    group.addTo(map);
    // Without a background the whole bounding box gives the orientation; with one (or on
    // a small map) the view closes in on the projects.
    var closeIn = Boolean(config.tiles.url || config.collection);
    if (markers.length && closeIn) {
      var bounds = group.getBounds();
      if (markers.length === 1) {
        map.setView(bounds.getCenter(), 15);
      } else {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: 15 });
      }
    }
    element.dataset.markerCount = String(markers.length);
    element.dataset.markers = markers
      .map(function (marker) {
        return marker.projectSlug;
      })
      .join(" ");
    element.dataset.state = "ready";
    var status = document.querySelector("[data-map-status]");
    if (status && element.id === "projektkarte") {
      status.textContent = format(config.labels.loaded, { count: markers.length });
    }
  }

  function setUp(element) {
    if (element.dataset.state) {
      return;
    }
    element.dataset.state = "loading";
    var source = document.getElementById(element.dataset.projectMap);
    if (!source || typeof L === "undefined" || !L.markerClusterGroup) {
      return;
    }
    var config = JSON.parse(source.textContent);
    element.hidden = false;
    var map = L.map(element, {
      maxZoom: config.tiles.max_zoom,
      minZoom: 9,
      zoomControl: false,
      scrollWheelZoom: element.id === "projektkarte",
      maxBounds: L.latLngBounds(config.bounds).pad(1),
    });
    L.control
      .zoom({ zoomInTitle: config.labels.zoom_in, zoomOutTitle: config.labels.zoom_out })
      .addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" rel="noopener noreferrer">Leaflet</a>'
    );
    map.fitBounds(config.bounds);
    backgroundLayer(map, config);
    wirePopups(map, config);
    if (config.collection) {
      showFeatures(map, element, config.collection, config);
      return;
    }
    fetch(config.geojson_url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (collection) {
        showFeatures(map, element, collection, config);
      })
      .catch(function () {
        element.dataset.state = "failed";
        var status = document.querySelector("[data-map-status]");
        if (status) {
          status.textContent = config.labels.failed;
          status.classList.remove("visually-hidden");
          status.classList.add("notice");
        }
      });
  }

  function start() {
    var maps = document.querySelectorAll("[data-project-map]");
    for (var i = 0; i < maps.length; i += 1) {
      setUp(maps[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

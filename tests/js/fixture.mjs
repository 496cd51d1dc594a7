/*
 * A small payload in the shape dashboard/payload.py builds: three districts, two days,
 * two moments a day, one district shared on the second day.
 */

export const MAP = {
  traces: { districts: 0, parts: 1, front: 4, river: 5, roads: 6, landmarks: 7, legend: 8 },
  factions: ["government", "rebel", "sdf"],
  labels: { government: "Government and allies", rebel: "Rebel groups", sdf: "SDF / YPG" },
  share_labels: { government: "Government", rebel: "Rebels", sdf: "SDF" },
  held_by: {
    government: "Held by the government",
    rebel: "Held by rebels",
    sdf: "Held by the SDF",
    contested: "Contested",
  },
  outlines: {
    selected: { colour: "#1565c0", width: 3.5 },
    contested: { colour: "#111111", width: 1.6 },
    plain: { colour: "rgba(255,255,255,0.85)", width: 0.6 },
  },
  palette_labels: { conventional: "Conventional", colourblind: "Colour-blind safe" },
  default_palette: "conventional",
};

const STATES = [
  { d: 0, shares: [1, 0, 0], status: "government", since: "2016-11-15", change: 0 },
  { d: 1, shares: [0, 1, 0], status: "rebel", since: "2016-11-15", change: 0 },
  { d: 2, shares: [0, 0, 1], status: "sdf", since: "2016-11-15", change: 0 },
  { d: 1, shares: [0.6, 0.4, 0], status: "contested", since: "2016-11-16", change: 1 },
];

const GEOMETRIES = [
  { lon: [37.1, 37.2, 37.1], lat: [36.1, 36.2, 36.1] },
  { lon: [37.3, 37.4], lat: [36.3, 36.4] },
  { lon: [37.5, 37.6], lat: [36.5, 36.6] },
];

/** A fresh copy (tests may change it). */
export function payload() {
  return JSON.parse(
    JSON.stringify({
      title: "Test & <battle>",
      dates: ["2016-11-15", "2016-11-16"],
      long_labels: ["Tuesday 15 November 2016", "Wednesday 16 November 2016"],
      ids: ["north", "old-city", "sheikh-maqsoud"],
      names: ["North", "Old <City>", "Sheikh Maqsoud"],
      names_ar: ["", "المدينة القديمة", ""],
      states: STATES,
      days: [
        [0, 1, 2],
        [0, 3, 2],
      ],
      colours: {
        conventional: ["#c8312b", "#2f8f3a", "#e8b923", "#8f5332"],
        colourblind: ["#d55e00", "#0072b2", "#f0e442", "#5d6a56"],
      },
      palettes: {
        conventional: { government: "#c8312b", rebel: "#2f8f3a", sdf: "#e8b923", front: "#111111" },
        colourblind: { government: "#d55e00", rebel: "#0072b2", sdf: "#f0e442", front: "#111111" },
      },
      per_day: 2,
      frames: {
        factions: ["government", "rebel", "sdf"],
        geometries: GEOMETRIES,
        frames: [
          { holder: [0, 1, 2], shares: {}, parts: [], front: [1] },
          { holder: [0, -1, 2], shares: { "old-city": [0.3, 0.7, 0] }, parts: [["old-city", "government", 0.3, 0]], front: [1, 2] },
          { holder: [0, -1, 2], shares: { "old-city": [0.6, 0.4, 0] }, parts: [["old-city", "government", 0.6, 0], ["old-city", "rebel", 0.4, null]], front: [2] },
        ],
      },
      map: MAP,
    }),
  );
}

/**
 * A payload of any number of factions (ids and labels unlike the one above), in the same
 * shape: one district per faction held whole, plus a last district shared by the first two
 * factions on the second day (and split 30/70 at the moment between the days).
 */
export function factionPayload(ids, labels, colours, colourblind) {
  const n = ids.length;
  const traces = { districts: 0, parts: 1, front: 1 + n, river: 2 + n, roads: 3 + n, landmarks: 4 + n, legend: 5 + n };
  const held = {};
  const short = {};
  const names = {};
  ids.forEach((id, i) => {
    held[id] = "Held by " + labels[i];
    short[id] = labels[i];
    names[id] = labels[i];
  });
  held.contested = "Contested";
  const whole = (i) => ids.map((_, k) => (k === i ? 1 : 0));
  const states = ids.map((id, i) => ({ d: i, shares: whole(i), status: id, since: "2020-03-01", change: 0 }));
  states.push({ d: n, shares: whole(0), status: ids[0], since: "2020-03-01", change: 0 });
  const split = ids.map((_, k) => (k === 0 ? 0.5 : k === 1 ? 0.5 : 0));
  states.push({ d: n, shares: split, status: "contested", since: "2020-03-02", change: 1 });
  const pal = (cols) => {
    const out = { front: "#111111" };
    ids.forEach((id, i) => {
      out[id] = cols[i];
    });
    return out;
  };
  const districtIds = [...ids.map((id) => "d-" + id), "shared"];
  const first = [...ids.map((_, i) => i), n];
  const second = [...ids.map((_, i) => i), n + 1];
  const moment = ids.map((_, k) => (k === 0 ? 0.3 : k === 1 ? 0.7 : 0));
  return JSON.parse(
    JSON.stringify({
      title: "A battle",
      dates: ["2020-03-01", "2020-03-02"],
      long_labels: ["Sunday 1 March 2020", "Monday 2 March 2020"],
      ids: districtIds,
      names: districtIds.map((d) => d.toUpperCase()),
      names_ar: districtIds.map(() => ""),
      states,
      days: [first, second],
      colours: {
        conventional: states.map((s) => colours[s.shares.indexOf(1)] || "#7f7f7f"),
        colourblind: states.map((s) => colourblind[s.shares.indexOf(1)] || "#7f7f7f"),
      },
      palettes: { conventional: pal(colours), colourblind: pal(colourblind) },
      per_day: 2,
      frames: {
        factions: ids,
        geometries: GEOMETRIES,
        frames: [
          { holder: [...ids.map((_, i) => i), 0], shares: {}, parts: [], front: [1] },
          {
            holder: [...ids.map((_, i) => i), -1],
            shares: { shared: moment },
            parts: [["shared", ids[0], 0.3, 0], ["shared", ids[1], 0.7, 2]],
            front: [1],
          },
          { holder: [...ids.map((_, i) => i), -1], shares: { shared: split }, parts: [], front: [2] },
        ],
      },
      map: {
        traces,
        factions: ids,
        labels: names,
        share_labels: short,
        held_by: held,
        outlines: MAP.outlines,
        palette_labels: MAP.palette_labels,
        default_palette: "conventional",
      },
    }),
  );
}

/** Two factions. */
export function twoFactions() {
  return factionPayload(["defenders", "besiegers"], ["Defenders", "Besiegers"], ["#1f77b4", "#d62728"], ["#0072b2", "#d55e00"]);
}

/** Five factions. */
export function fiveFactions() {
  return factionPayload(
    ["north", "south", "east", "west", "centre"],
    ["Northern league", "Southern front", "Eastern army", "Western militia", "Centre guard"],
    ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"],
    ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"],
  );
}

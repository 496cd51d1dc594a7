/*
 * A small payload in the shape dashboard/payload.py builds: three districts, two days,
 * two moments a day, one district shared on the second day.
 */

export const MAP = {
  traces: { districts: 0, parts: 1, front: 4, landmarks: 7, legend: 8 },
  factions: ["government", "rebel", "sdf"],
  share_keys: { government: "g", rebel: "r", sdf: "s" },
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
  default_palette: "conventional",
};

const STATES = [
  { d: 0, g: 1, r: 0, s: 0, status: "government", since: "2016-11-15", change: 0 },
  { d: 1, g: 0, r: 1, s: 0, status: "rebel", since: "2016-11-15", change: 0 },
  { d: 2, g: 0, r: 0, s: 1, status: "sdf", since: "2016-11-15", change: 0 },
  { d: 1, g: 0.6, r: 0.4, s: 0, status: "contested", since: "2016-11-16", change: 1 },
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

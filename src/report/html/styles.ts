/** The report's only stylesheet, inlined: light and dark, laptop and phone, screen and print. */
export const REPORT_CSS = `
:root { --bg:#f7f7f5; --card:#fff; --ink:#1d1d1f; --muted:#62626a; --line:#e2e2e6; --accent:#2f6fed;
  --bad:#d0463b; --good:#2e9d5b; --chip:#eef2fd; --code:#f1f1f4; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg:#16171a; --card:#1f2125; --ink:#ececef; --muted:#a1a1aa;
  --line:#33363c; --accent:#7aa2ff; --bad:#ff7b70; --good:#5fd08c; --chip:#26304a; --code:#2a2c31; } }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  overflow-wrap:anywhere; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 64px; }
header.top h1 { font-size: 1.9rem; margin: 0 0 4px; }
.muted { color: var(--muted); }
nav.toc { display:flex; flex-wrap:wrap; gap:6px 14px; margin:14px 0 8px; font-size:.9rem; }
nav.toc a { color: var(--accent); text-decoration: none; }
section { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:18px 20px; margin:18px 0; }
section h2 { margin:0 0 10px; font-size:1.3rem; }
h3 { font-size:1.05rem; margin:16px 0 6px; }
.stats { display:grid; grid-template-columns:repeat(auto-fit,minmax(130px,1fr)); gap:10px; }
.stat { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.stat b { display:block; font-size:1.45rem; }
.stat span { color:var(--muted); font-size:.85rem; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(420px,1fr)); gap:14px; }
figure.chart { margin:0; padding:12px; border:1px solid var(--line); border-radius:10px; background:var(--card); }
figure.chart svg { width:100%; height:auto; display:block; margin-top:6px; }
svg .bar { fill: var(--accent); } svg .bar.bad { fill: var(--bad); } svg .bar.good { fill: var(--good); }
svg text { fill: var(--ink); font-size: 11px; } svg text.axis { fill: var(--muted); }
svg .baseline { stroke: var(--line); }
.empty { color: var(--muted); font-style: italic; }
.gap { color: var(--muted); font-size:.82rem; margin:6px 0 0; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(280px,1fr)); gap:12px; }
.card { border:1px solid var(--line); border-radius:10px; padding:12px 14px; }
.card h3 { margin-top: 0; }
.glance p { margin: 6px 0; }
.cols { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
.chip { display:inline-block; background:var(--chip); border-radius:999px; padding:0 8px; margin:2px 4px 2px 0;
  font:12px/1.8 ui-monospace,SFMono-Regular,Menlo,monospace; }
.evidence { font-size:.85rem; color:var(--muted); margin-top:6px; }
a.chip { color: var(--ink); text-decoration: none; }
.table-scroll { overflow-x: auto; }
tr:target { background: var(--chip); }
.copyable { position:relative; }
.copyable pre { white-space:pre-wrap; background:var(--code); border-radius:8px;
  padding:10px 12px; margin:6px 0; font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace; }
button { font:inherit; font-size:.85rem; border:1px solid var(--line); background:var(--card); color:var(--ink);
  border-radius:7px; padding:3px 10px; cursor:pointer; }
button:hover { border-color: var(--accent); }
.priority { font-size:.75rem; text-transform:uppercase; letter-spacing:.04em; border-radius:5px; padding:1px 6px; color:#fff; }
.priority.high { background:var(--bad); } .priority.medium { background:#c98a12; } .priority.low { background:var(--good); }
.suggestion { display:flex; gap:10px; align-items:flex-start; }
.suggestion input { margin-top:8px; }
.suggestion > div { flex:1; min-width:0; }
table { border-collapse:collapse; width:100%; font-size:.9rem; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
.table-scroll td { overflow-wrap:normal; }
ul.limits li { margin: 3px 0; }
.changes .up { color: var(--good); } .changes .down { color: var(--bad); }
.guidance-change { border-top:1px solid var(--line); padding-top:8px; margin-top:10px; overflow-x:auto; }
.guidance-change .up { color: var(--good); } .guidance-change .down { color: var(--bad); }
.effect-summary { font-weight:600; }
.fun { font-size:1.1rem; }
footer { color:var(--muted); font-size:.85rem; margin-top:24px; }
@media (max-width: 640px) {
  main { padding: 14px 10px 40px; } section { padding: 14px; }
  .charts, .cols { grid-template-columns: 1fr; }
  header.top h1 { font-size: 1.5rem; }
}
@media print {
  :root { --bg:#fff; --card:#fff; --ink:#000; --muted:#444; --line:#ccc; }
  body { font-size: 11pt; } main { max-width:none; padding:0; }
  button, nav.toc, .suggestion input, .toolbar { display:none !important; }
  section, figure.chart, .card { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
}
`;

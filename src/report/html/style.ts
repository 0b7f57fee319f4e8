// The one stylesheet of the HTML reports: system fonts only (no web font to fetch), laid out for a
// 1366x768 laptop screen and wider, colours that keep severities apart in print too.

export const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5d6677; --line: #d9dde5; --bg: #ffffff;
  --panel: #f5f7fa; --accent: #2456a6; --critical: #9b1c1c; --high: #c2410c; --medium: #a16207;
  --low: #2563eb; --info: #4b5563; --ok: #15803d; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
body { margin: 0; color: var(--fg); background: var(--bg); }
header.top { padding: 14px 24px 10px; border-bottom: 1px solid var(--line); background: var(--panel); }
main { max-width: 1320px; margin: 0 auto; padding: 8px 24px 32px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.meta { margin: 0; color: var(--muted); }
.meta span + span::before { content: " · "; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 0; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; background: var(--bg); }
.cards b { font-size: 16px; margin-right: 4px; }
.verdict-FAIL { color: var(--critical); }
.verdict-INCOMPLETE { color: var(--medium); }
.verdict-PASS { color: var(--ok); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.wrap { overflow-x: auto; }
.badge { display: inline-block; min-width: 64px; padding: 0 6px; border-radius: 4px; font-size: 12px;
  font-weight: 600; text-align: center; white-space: nowrap; color: #fff; background: var(--info); }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
.sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
.st-fail { background: var(--critical); } .st-error, .st-not-evaluated { background: var(--medium); }
.st-waived { background: #6b21a8; } .st-skip { background: #9ca3af; } .st-pass { background: var(--ok); }
.kind { background: var(--accent); }
.breaks { color: var(--critical); font-weight: 600; }
form.filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center;
  gap: 6px 16px; padding: 8px 10px; margin: 0 0 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: center; }
legend { float: left; font-weight: 600; margin-right: 6px; }
label.check { white-space: nowrap; }
output.shown { margin-left: auto; color: var(--muted); }
select { font: inherit; max-width: 320px; }
details.finding { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; background: var(--bg); }
details.finding > summary { cursor: pointer; padding: 5px 10px; display: flex; gap: 8px; align-items: baseline; list-style: none; }
details.finding > summary::-webkit-details-marker { display: none; }
details.finding > summary::before { content: "▸"; color: var(--muted); }
details.finding[open] > summary::before { content: "▾"; }
details.finding > summary .app { font-weight: 600; white-space: nowrap; }
details.finding > summary .msg { flex: 1; min-width: 0; overflow-wrap: anywhere; }
details.finding[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
details.finding .body { padding: 6px 14px 10px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 4px 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.plain { margin: 0; padding-left: 18px; }
ul.changes { margin: 4px 0 2px; }
.graph-wrap { border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 70vh; }
#blast { min-height: 1.5em; margin: 6px 0; font-weight: 600; }
svg.graph { display: block; width: 100%; min-width: 980px; height: auto; }
svg.graph text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; fill: var(--fg); }
svg.graph text.col { font: 600 13px system-ui, sans-serif; fill: var(--muted); }
svg.graph .node rect { fill: #fff; stroke: #8b95a7; stroke-width: 1; }
svg.graph .node.app rect { fill: #eef3fb; }
svg.graph .node.user rect { fill: #f3f0fa; }
svg.graph .node.container rect { fill: #f2f7f1; }
svg.graph .node.worst-critical rect { stroke: var(--critical); stroke-width: 2; }
svg.graph .node.worst-high rect { stroke: var(--high); stroke-width: 2; }
svg.graph .node { cursor: pointer; outline: none; }
svg.graph .edge { fill: none; stroke: #aab2c0; stroke-width: 1.2; }
svg.graph.focus .node { opacity: .28; }
svg.graph.focus .edge { opacity: .15; }
svg.graph.focus .node.hot { opacity: 1; }
svg.graph.focus .node.hot rect { stroke: var(--accent); stroke-width: 2.5; }
svg.graph.focus .edge.hot { opacity: 1; stroke: var(--accent); stroke-width: 2.2; }
svg.graph .node:focus-visible rect { stroke: var(--accent); stroke-width: 3; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 16px; border-left: 3px solid var(--line); }
ol.timeline > li { position: relative; margin: 0 0 10px; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; }
ol.timeline > li::before { content: ""; position: absolute; left: -24px; top: 10px; width: 11px; height: 11px;
  border-radius: 50%; background: var(--ok); border: 2px solid #fff; }
ol.timeline > li.failing::before { background: var(--critical); }
svg.trend { display: block; width: 100%; max-width: 900px; height: auto; }
svg.trend polyline { fill: none; stroke: var(--critical); stroke-width: 2; }
svg.trend circle { fill: var(--critical); }
svg.trend line { stroke: var(--line); }
svg.trend text { font: 11px system-ui, sans-serif; fill: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print { form.filters { position: static; } details.finding { break-inside: avoid; } }
`.trim();

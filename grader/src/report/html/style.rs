//! The one style sheet of every HTML page, inlined in its `<style>`: light colours only (it must
//! print), a layout that reads on a laptop and on A4, page breaks kept out of an exercise's
//! evidence. The main item is [`CSS`].

/// The style sheet.
pub(super) const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1f2328; background: #ffffff; max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #d0d7de; padding-bottom: .2em; margin: 1.8em 0 .6em; }
h3 { font-size: 1.08em; margin: 0 0 .4em; }
h4 { font-size: 1em; margin: .8em 0 .3em; }
p { margin: .4em 0; }
.meta, .muted { color: #57606a; }
.meta { font-size: .9em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; }
code { background: #f6f8fa; border: 1px solid #eaeef2; border-radius: 4px; padding: 0 3px; word-break: break-word; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; margin: .3em 0 .6em;
  white-space: pre-wrap; word-break: break-word; }
td.id code { white-space: nowrap; }
ul, ol { margin: .3em 0; padding-left: 1.4em; }
li { margin: .15em 0; }
.badge { display: inline-block; padding: 0 8px; border: 1px solid; border-radius: 10px; font-weight: 600;
  font-size: .85em; white-space: nowrap; }
.strong, .good { color: #116329; background: #dafbe1; border-color: #4ac26b; }
.pass { color: #0a3069; background: #ddf4ff; border-color: #54aeff; }
.fail, .bad { color: #82071e; background: #ffebe9; border-color: #ff8182; }
.warn { color: #7d4e00; background: #fff8c5; border-color: #d4a72c; }
.none { color: #57606a; background: #f6f8fa; border-color: #d0d7de; }
.headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 1em 0; }
.figure { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.figure .value { font-size: 1.5em; font-weight: 700; }
.figure .label { color: #57606a; font-size: .85em; }
.columns { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 14px; margin: 12px 0; break-inside: avoid-page; }
.card > h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.place { margin: .2em 0; }
.place .at { font-weight: 600; }
dl.guide-fields { display: grid; grid-template-columns: 11em 1fr; gap: 4px 12px; margin: .4em 0; }
dl.guide-fields dt { font-weight: 600; color: #57606a; }
dl.guide-fields dd { margin: 0; }
.guide { break-before: page; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1f2328; }
svg .works { fill: #0969da; }
svg .habits { fill: #bf8700; }
svg .grid { stroke: #d0d7de; stroke-width: 1; }
svg .axis { stroke: #57606a; stroke-width: 1; }
svg .bin { fill: #0969da; }
.legend { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -1px; }
.legend.works { background: #0969da; }
.legend.habits { background: #bf8700; }
table.heat td.cell { text-align: center; min-width: 3.6em; font-variant-numeric: tabular-nums; }
table.heat th.exercise { font-size: .78em; max-width: 7em; word-break: break-word; }
.meter { display: inline-block; width: 120px; height: 10px; background: #eaeef2; border-radius: 5px;
  vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: #1a7f37; }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 0; border: 1px solid #d0d7de; border-radius: 6px;
  overflow: hidden; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82em; }
.side-by-side > div { padding: 0 8px; white-space: pre-wrap; word-break: break-word; min-height: 1.3em; }
.side-by-side > .head { background: #f6f8fa; font-weight: 600; border-bottom: 1px solid #d0d7de; padding: 4px 8px; }
.side-by-side > .same { color: #1f2328; background: #fff8c5; }
.side-by-side > .only { color: #57606a; }
.side-by-side > .gap { background: #f6f8fa; color: #57606a; text-align: center; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  table, svg, .figure, .place { break-inside: avoid; }
}
"#;

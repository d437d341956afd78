"""The inline stylesheet and script of the HTML report (kept apart so html.py reads as markup).

The page loads nothing from anywhere: no fonts, images or CDNs. The script only adds j/k
navigation between changes; everything else works without it.
"""

from __future__ import annotations

from ..records import KIND_REGISTRY

# One background colour per change kind (records.KIND_REGISTRY); all light enough for dark text.
KIND_COLOURS = {kind.name: kind.colour for kind in KIND_REGISTRY}

_KIND_RULES = "\n".join(f".k-{kind}{{--k:{colour}}}" for kind, colour in KIND_COLOURS.items())

CSS = (
    """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--bg:#fff;
--high:#cf222e;--medium:#9a6700;--low:#6e7781;--accent:#0969da;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);
font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
.wrap{max-width:112rem;margin:0 auto;padding:0 1.5rem}
header.top{background:var(--panel);border-bottom:1px solid var(--line);padding:1.1rem 0 .9rem}
h1{font-size:1.3rem;line-height:1.3;margin:0 0 .8rem;overflow-wrap:anywhere}
h1 .tool{display:inline-block;font-size:.75rem;font-weight:600;letter-spacing:.06em;
text-transform:uppercase;color:#fff;background:var(--fg);border-radius:4px;padding:.1rem .45rem;
margin-right:.5rem;vertical-align:.2rem}
.docs{display:grid;grid-template-columns:1fr 1fr;gap:1.25rem;margin-bottom:.8rem}
.doc h2{font-size:.72rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0}
.doc .name{font-weight:600;margin:0;overflow-wrap:anywhere}
.doc .title{margin:0;font-style:italic;overflow-wrap:anywhere}
.doc .meta{margin:0;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
.stats{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .9rem;margin:0 0 .7rem}
.stats .figure b{font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.78rem;font-weight:600;
color:#fff;background:var(--low);line-height:1.6;white-space:nowrap}
.badge.s-high{background:var(--high)}
.badge.s-medium{background:var(--medium)}
.badge.zero{background:#fff;color:var(--muted);border:1px solid var(--line)}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem .9rem;padding:0;margin:0;font-size:.85rem}
.legend li{display:flex;align-items:center;gap:.35rem}
.swatch{display:inline-block;width:1.1rem;height:.9rem;border-radius:3px;background:var(--k);
border:1px solid rgba(0,0,0,.15)}
.legend .sev{margin-left:.6rem;color:var(--muted)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 23rem;gap:1.75rem;align-items:start;
padding-top:1rem;padding-bottom:3rem}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;
border-top:1px solid var(--line);border-left:4px solid transparent;padding:.55rem .5rem .55rem .75rem}
.row.colhead{position:sticky;top:0;z-index:2;background:var(--bg);border-top:0;
font-size:.72rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600;
padding-top:.3rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
.row.w-high{border-left-color:var(--high)}
.row.w-medium{border-left-color:#d4a72c}
.row.w-low{border-left-color:#d0d7de}
.cell{min-width:0;overflow-wrap:anywhere}
.sent{margin:0 0 .35rem}
.sent:last-child{margin-bottom:0}
.gap{margin:0;color:var(--muted);font-style:italic;font-size:.9rem}
.rowtag{float:right;margin-left:.5rem;font-size:.7rem;letter-spacing:.05em;text-transform:uppercase;
color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 .35rem}
.boiler{color:#6e7781;background:repeating-linear-gradient(135deg,#f6f8fa 0 8px,#eef1f4 8px 16px);
border-radius:4px;padding:.15rem .4rem}
.bp{display:inline-block;font-size:.68rem;font-weight:600;letter-spacing:.05em;text-transform:uppercase;
background:#d0d7de;color:#32383f;border-radius:3px;padding:0 .3rem;margin-right:.35rem}
mark.hl{background:var(--k);color:inherit;border-radius:2px;padding:0 .05em;
border-bottom:2px solid var(--low);box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.s-high{border-bottom:3px solid var(--high)}
mark.s-medium{border-bottom:2px solid #bf8700}
mark.s-low{border-bottom:1px dashed var(--low)}
mark.multi{outline:1px dotted #32383f;outline-offset:1px}
mark.pt{padding:0 .1em;font-weight:700}
mark.k-omitted{text-decoration:line-through;text-decoration-color:rgba(0,0,0,.45)}
mark:has(> .anchor:target),mark.current{outline:3px solid var(--accent);outline-offset:2px}
.anchor{scroll-margin-top:4rem}
.changes{position:sticky;top:0;max-height:100vh;overflow:auto;padding:.2rem .25rem 1rem 0}
.changes h2{font-size:1rem;margin:.2rem 0 .3rem}
.hint{display:none;font-size:.8rem;color:var(--muted);margin:0 0 .5rem}
.js .hint{display:block}
kbd{font:inherit;font-size:.75rem;border:1px solid var(--line);border-bottom-width:2px;
border-radius:4px;padding:0 .3rem;background:var(--panel)}
.changes ol{list-style:none;margin:0;padding:0;counter-reset:chg}
.chg{border:1px solid var(--line);border-left:4px solid var(--low);border-radius:6px;
padding:.45rem .6rem;margin-bottom:.5rem;background:var(--bg);scroll-margin-top:1rem}
.chg.s-high{border-left-color:var(--high)}
.chg.s-medium{border-left-color:#d4a72c}
.chg:target,.chg.current{box-shadow:0 0 0 3px rgba(9,105,218,.35)}
.chg .go{display:flex;align-items:center;gap:.45rem;text-decoration:none;color:inherit}
.chg .num{color:var(--muted);font-size:.8rem;font-variant-numeric:tabular-nums;min-width:1.6rem}
.kind{background:var(--k);border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600}
.diff{margin:.3rem 0 .1rem;overflow-wrap:anywhere}
.diff del{background:#ffebe9;text-decoration-color:rgba(207,34,46,.6);padding:0 .15em;border-radius:2px}
.diff ins{background:#dafbe1;text-decoration:none;padding:0 .15em;border-radius:2px}
.diff .none{color:var(--muted);font-style:italic}
.why{margin:.1rem 0;font-size:.88rem;color:#32383f}
.where{margin:0;font-size:.78rem;color:var(--muted)}
.empty-note{padding:.8rem;border:1px dashed var(--line);border-radius:6px;color:var(--muted)}
.nochange{font-weight:600;color:#1a7f37}
@media (max-width:1100px){
.layout{grid-template-columns:minmax(0,1fr)}
.changes{position:static;max-height:none;order:-1;padding:0}
.changes ol{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:.5rem}
.chg{margin:0}
}
@media (max-width:700px){
.wrap{padding:0 .8rem}
.docs{grid-template-columns:1fr}
.row{grid-template-columns:minmax(0,1fr);gap:.35rem}
.row.colhead{display:none}
.cell::before{content:attr(data-side);display:block;font-size:.68rem;letter-spacing:.08em;
text-transform:uppercase;color:var(--muted);font-weight:600}
}
@media print{
body{font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
header.top{background:none}
.layout{display:block}
.changes{position:static;max-height:none;overflow:visible;break-before:page}
.changes ol{display:block}
.chg{margin-bottom:.4rem}
.where{display:none}
.row.colhead{position:static}
.row,.chg{break-inside:avoid}
.hint{display:none!important}
a{color:inherit;text-decoration:none}
}
"""
    + _KIND_RULES
    + "\n"
)

# Progressive enhancement only: j/k move through the changes panel and its highlights.
SCRIPT = """
(function () {
  var root = document.documentElement;
  root.className += " js";
  var items = Array.prototype.slice.call(document.querySelectorAll(".chg[data-n]"));
  var cur = -1;
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (el) {
      el.classList.remove("current");
    });
  }
  function go(i) {
    if (!items.length) { return; }
    cur = Math.max(0, Math.min(items.length - 1, i));
    clear();
    var item = items[cur];
    item.classList.add("current");
    item.scrollIntoView({block: "nearest"});
    var marks = document.querySelectorAll('mark[data-c~="' + item.getAttribute("data-n") + '"]');
    Array.prototype.forEach.call(marks, function (m) { m.classList.add("current"); });
    if (marks.length) { marks[0].scrollIntoView({block: "center"}); }
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) { return; }
    var tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if (ev.key === "j") { go(cur + 1); } else if (ev.key === "k") { go(cur - 1); }
  });
})();
"""

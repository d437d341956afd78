"""The site's stylesheets and script, served from ``/static/`` (the CSP allows only these)."""

from __future__ import annotations

from unspin.report._assets import CSS as REPORT_CSS
from unspin.report._assets import SCRIPT

SITE_CSS = """
:root{--ink:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f6f7f9;--accent:#0969da}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:var(--ink);background:var(--bg)}
.site{background:#1d2330;color:#fff}
.site .wrap{display:flex;align-items:center;gap:1.2rem;padding-top:.55rem;padding-bottom:.55rem}
.site a{color:#dfe4ee;text-decoration:none}.site a.on,.site a:hover{color:#fff;text-decoration:underline}
.site .brand{font-weight:700;color:#fff;font-size:1.05rem}
.wrap{max-width:1280px;margin:0 auto;padding:0 18px}
h1.page{font-size:1.35rem;margin:1rem 0 .3rem}.lede{color:var(--muted);margin:.2rem 0 1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:flex-end;background:#fff;
border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;margin:.6rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.78rem;color:var(--muted);gap:.15rem}
form.filters input,form.filters select{font:inherit;font-size:.9rem;padding:.25rem .35rem;
border:1px solid #c5cbd6;border-radius:4px;background:#fff;color:var(--ink)}
form.filters input[type=search]{min-width:16rem}
button,.button{font:inherit;font-size:.9rem;padding:.3rem .8rem;border-radius:5px;border:1px solid #1f6feb;
background:#1f6feb;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.button.quiet{background:#fff;color:var(--accent);border-color:#c5cbd6}
table.list{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:6px}
table.list th,table.list td{text-align:left;padding:.45rem .6rem;border-top:1px solid #eceff3;vertical-align:top}
table.list th{font-size:.78rem;color:var(--muted);font-weight:600;border-top:0}
table.list td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:var(--muted);font-size:.83rem}
.sev{font-weight:700;border-radius:9px;padding:0 .45rem;font-size:.78rem}
.sev-high{background:#ffebe9;color:#b00020}.sev-medium{background:#fff4d6;color:#8a5300}
.sev-low{background:#eef1f5;color:#4a5363}
.rel{font-weight:600}.rel-copy{color:#6a4fb3}.rel-rewrite{color:#b3541e}.rel-original{color:#1f7a4d}
.rel-independent{color:#3c6fb0}
.pager{display:flex;gap:.6rem;align-items:center;margin:.8rem 0 2rem}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem}
.card h2{font-size:1.05rem;margin:0 0 .4rem}
svg.graph{display:block;max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
ul.changes-list{margin:.3rem 0 0;padding-left:1.1rem}ul.changes-list li{margin:.15rem 0}
.tabs{display:flex;gap:1rem;margin:.2rem 0 .8rem}.tabs a.on{font-weight:700;text-decoration:none;color:var(--ink)}
.facts-wrap{overflow-x:auto}table.facts{border-collapse:collapse;background:#fff;font-size:.85rem}
table.facts th,table.facts td{border:1px solid var(--line);padding:.3rem .4rem;vertical-align:top;min-width:7rem}
table.facts th.slot{font-weight:600}.fact-agrees{background:#dafbe1}.fact-compatible{background:#fff8c5}
.fact-conflicts{background:#ffebe9;font-weight:600}.fact-silent{background:#f6f7f9;color:var(--muted)}
.st-disputed{color:#b00020}.st-compatible{color:#8a5300}.st-agreed{color:#1f7a4d}.st-single{color:var(--muted)}
table.facts details summary{cursor:pointer}table.facts blockquote{margin:.3rem 0 0;font-style:italic}
tr.origin-start td,tr.origin-start th{border-top:2px solid #8c96a8}
.kindtag{border-radius:3px;padding:0 .35rem;font-size:.78rem;font-weight:600;background:#eef1f5}
.article-text{white-space:pre-wrap;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:1rem;line-height:1.55;max-width:52rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .9rem;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.compare-form{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.compare-form textarea{width:100%;min-height:16rem;font:inherit;font-size:.9rem;box-sizing:border-box;
padding:.5rem;border:1px solid #c5cbd6;border-radius:5px}
.compare-form fieldset{border:1px solid var(--line);border-radius:6px;background:#fff;margin:0;padding:.6rem .8rem}
.compare-form legend{font-weight:600}
.compare-form .extra{display:flex;flex-direction:column;gap:.3rem;margin-top:.5rem;font-size:.85rem}
.compare-form input[type=url]{font:inherit;font-size:.9rem;padding:.25rem .35rem}
.actions{margin:1rem 0;display:flex;gap:1rem;align-items:center}
.error{background:#ffebe9;border:1px solid #ffb3ad;color:#82071e;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.crumbs{margin:.6rem 0 0;font-size:.88rem}
.empty{padding:1rem;color:var(--muted)}
@media (max-width:800px){.compare-form{grid-template-columns:1fr}}
"""

ASSETS: dict[str, tuple[str, str]] = {
    "site.css": (SITE_CSS, "text/css; charset=utf-8"),
    "report.css": (REPORT_CSS, "text/css; charset=utf-8"),
    "unspin.js": (SCRIPT, "text/javascript; charset=utf-8"),
}

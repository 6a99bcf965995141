// The governance pack as one self-contained HTML file: inline styles, inline SVG, no scripts and
// nothing fetched, so it opens offline and can be mailed or archived as it is.
import escape from 'escape-html';
import { CATEGORIES, CATEGORY, RISK_BANDS, riskBand, type RiskBand } from '../policy';
import type { Movement, Pack, TrendPoint } from './pack';
import { overdueOf } from './pack';
import { describeRecovery } from '../concern/state-words';
import { day } from '../text/dates';

const BAND_COLOUR: Record<RiskBand, string> = {
  low: '#d9f2d9',
  moderate: '#fff2b3',
  high: '#ffd199',
  extreme: '#f5a3a3',
};

/** Escapes every interpolated value: concern text comes from users. */
type Value = string | number | boolean | null | undefined | Raw | string[];
function html(strings: TemplateStringsArray, ...values: Value[]): string {
  return strings.reduce((out, s, i) => {
    const v = values[i - 1];
    return out + (Array.isArray(v) ? v.join('') : v instanceof Raw ? v.value : escape(String(v ?? ''))) + s;
  });
}
class Raw {
  constructor(readonly value: string) {}
}
const raw = (value: string) => new Raw(value);

function countsTable(title: string, counts: Record<string, number[]>, regions: string[]): string {
  const total = CATEGORIES.map((c) => regions.reduce((n, r) => n + counts[r][c], 0));
  return html`<h3>${title}</h3>
<table><thead><tr><th>Region</th>${CATEGORIES.map((c) => html`<th>${c} ${CATEGORY[c].name}</th>`)}<th>Total</th></tr></thead><tbody>
${regions.map((r) => html`<tr><td>${r}</td>${counts[r].map((n) => html`<td class="n">${n}</td>`)}<td class="n">${counts[r].reduce((a, b) => a + b, 0)}</td></tr>`)}
<tr class="total"><td>All</td>${total.map((n) => html`<td class="n">${n}</td>`)}<td class="n">${total.reduce((a, b) => a + b, 0)}</td></tr>
</tbody></table>`;
}

/** A small chart: category as a step line (0–4, left axis), risk score as a line (0–25, right axis). */
export function trendSvg(points: TrendPoint[], ref: string): string {
  const w = 320;
  const h = 90;
  const pad = 18;
  const t0 = Date.parse(points[0].at);
  const t1 = Math.max(Date.parse(points.at(-1)!.at), t0 + 1);
  const x = (at: string) => pad + ((Date.parse(at) - t0) / (t1 - t0)) * (w - 2 * pad);
  const yCat = (c: number) => h - pad - (c / 4) * (h - 2 * pad);
  const yRisk = (s: number) => h - pad - (s / 25) * (h - 2 * pad);
  const f = (n: number) => n.toFixed(1);
  const steps = points
    .map((p, i) => (i === 0 ? `M${f(x(p.at))},${f(yCat(p.category))}` : `H${f(x(p.at))} V${f(yCat(p.category))}`))
    .join(' ');
  const risk = points.map((p) => `${f(x(p.at))},${f(yRisk(p.score))}`).join(' ');
  return html`<svg class="trend" role="img" aria-label="${`Category and risk score of ${ref} over time`}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="${w}" height="${h}" fill="#fafafa"/>
${[0, 1, 2, 3, 4].map((c) => html`<line x1="${pad}" x2="${w - pad}" y1="${yCat(c)}" y2="${yCat(c)}" stroke="#e5e5e5"/><text x="4" y="${yCat(c) + 3}" font-size="8">${c}</text>`)}
<path d="${steps}" fill="none" stroke="#005eb8" stroke-width="2"/>
<polyline points="${risk}" fill="none" stroke="#d5281b" stroke-width="1.5" stroke-dasharray="3 2"/>
<text x="${w - pad + 2}" y="${yRisk(25) + 3}" font-size="8">25</text><text x="${w - pad + 2}" y="${yRisk(0) + 3}" font-size="8">0</text>
<text x="${pad}" y="${h - 3}" font-size="8">${day(points[0].at)}</text><text x="${w - pad}" y="${h - 3}" font-size="8" text-anchor="end">${day(points.at(-1)!.at)}</text>
</svg>`;
}

function heatMap(heat: number[][], pack: Pack): string {
  const bands = pack.options.policy.riskBands;
  const rows = [5, 4, 3, 2, 1].map(
    (l) =>
      html`<tr><th>${l}</th>${[1, 2, 3, 4, 5].map((i) => {
        const band = riskBand(l * i, bands);
        return html`<td class="cell" style="${`background:${BAND_COLOUR[band]}`}" title="${`likelihood ${l} × impact ${i} = ${l * i} (${band})`}">${heat[l - 1][i - 1] || ''}</td>`;
      })}</tr>`,
  );
  return html`<table class="heat"><caption>Open concerns by likelihood (rows) and impact (columns)</caption>
<tbody>${rows}<tr><th></th>${[1, 2, 3, 4, 5].map((i) => html`<th>${i}</th>`)}</tr></tbody></table>
<p class="legend">${RISK_BANDS.map((b) => html`<span style="${`background:${BAND_COLOUR[b]}`}">${b} ${bands[b][0]}–${bands[b][1]}</span> `)}</p>`;
}

export function renderPack(pack: Pack): string {
  const { options } = pack;
  const scope = options.region ? `region ${options.region}` : 'all regions';
  const register = pack.register.map(
    ({ state: s, standing: at, band, unchangedSince, reviewOverdue, overdueObjectives }) => {
      const overdue = unchangedSince ? overdueOf(s, options.policy, options.to) : [];
      return html`<tr class="${overdue.length ? 'overdue' : ''}"><td>${s.ref}</td><td>${s.provider}</td><td>${s.site}</td><td>${s.region}</td>
<td>${at.category} ${CATEGORY[at.category].name}${at.status === 'provisional' ? ' (provisional)' : ''}${at.category >= 3 && s.recovery ? `; ${describeRecovery(s.recovery)}` : ''}</td>
<td class="n" style="${`background:${BAND_COLOUR[band]}`}">${at.risk.score} ${band}</td><td>${unchangedSince ? s.stage : ''}</td><td>${day(at.since)}</td>
<td class="${reviewOverdue ? 'flag' : ''}">${unchangedSince && s.nextReviewDue ? day(s.nextReviewDue) : ''}${reviewOverdue ? ' overdue' : ''}</td>
<td class="${overdueObjectives ? 'flag' : ''}">${overdueObjectives || ''}</td></tr>`;
    },
  );
  const movements = pack.movements.map(
    (m) =>
      html`<tr><td>${day(m.at)}</td><td>${m.ref}</td><td>${m.region}</td><td>${m.kind}${m.noticeWaived ? ' (notice period waived: urgent)' : ''}</td><td>${m.from ?? ''}</td><td>${m.to ?? ''}</td><td>${m.by}</td><td>${m.evidence.map((e) => `${e.kind}: ${e.text}`).join('; ')}</td></tr>`,
  );
  const kinds = {
    escalation: ['escalation', 'escalations'],
    'de-escalation': ['de-escalation', 'de-escalations'],
    new: ['new concern', 'new concerns'],
    closed: ['concern closed', 'concerns closed'],
    'national sign-off': ['national sign-off', 'national sign-offs'],
    decommissioned: ['concern decommissioned', 'concerns decommissioned'],
  } as const satisfies Record<Movement['kind'], readonly [string, string]>;
  const tally = Object.entries(kinds).map(([kind, [one, many]]) => {
    const n = pack.movements.filter((m) => m.kind === kind).length;
    return html`<li>${n} ${n === 1 ? one : many}</li>`;
  });
  const trends = pack.trends.map(
    ({ state: s, points }) =>
      html`<figure><figcaption><b>${s.ref}</b> ${s.site} (${s.provider}): category ${s.category}, risk ${s.risk.score}</figcaption>${raw(trendSvg(points, s.ref))}</figure>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${`ISF governance pack: ${scope}, ${day(options.from)} to ${day(options.to)}`}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:2em;color:#212b32;max-width:1200px}
h1{font-size:1.6em}h2{border-bottom:2px solid #005eb8;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #d8dde0;padding:.3em .5em;text-align:left;font-size:.9em}
td.n{text-align:right}tr.total td{font-weight:bold}tr.overdue td:first-child{border-left:4px solid #d5281b}td.flag{background:#fde2e0;font-weight:bold}
table.heat td.cell{width:3em;height:2.2em;text-align:center;font-weight:bold}.legend span{padding:.2em .5em;margin-right:.3em}
figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}figcaption{font-size:.85em;max-width:320px}
.key{font-size:.85em}.key .cat{color:#005eb8}.key .risk{color:#d5281b}
</style></head><body>
<h1>ISF governance pack</h1>
<p>${scope}, ${day(options.from)} to ${day(options.to)}. HEE Intensive Support Framework: categories 0 (no concerns) to 4 (training suspended); risk = likelihood × impact, on the registers from ${options.policy.registerThreshold} or at category 3 and 4.</p>
<h2>Concerns by category and region</h2>
${raw(countsTable(`At the start of the period (${day(options.from)})`, pack.countsAtStart, pack.regions))}
${raw(countsTable(`At the end of the period (${day(options.to)})`, pack.countsAtEnd, pack.regions))}
<h2>Movements in the period</h2>
<ul>${tally}</ul>
${pack.movements.length ? raw(html`<table><thead><tr><th>Date</th><th>Ref</th><th>Region</th><th>Movement</th><th>From</th><th>To</th><th>By</th><th>Evidence</th></tr></thead><tbody>${movements}</tbody></table>`) : raw('<p>No movements.</p>')}
<h2>Good practice</h2>
${pack.goodPractice.length ? raw(html`<table><thead><tr><th>Date</th><th>Ref</th><th>Provider</th><th>Site</th><th>Category</th><th>Shared</th><th>Good practice</th></tr></thead><tbody>${pack.goodPractice.map((g) => html`<tr><td>${day(g.at)}</td><td>${g.ref}</td><td>${g.provider}</td><td>${g.site}</td><td>${g.category}</td><td>${g.share ?? 'not shared'}</td><td>${g.summary}</td></tr>`)}</tbody></table>`) : raw('<p>None recorded in the period.</p>')}
<h2>Regional and national risk registers</h2>
<p>Rows marked red have something overdue; overdue reviews and objectives are highlighted.</p>
<table><thead><tr><th>Ref</th><th>Provider</th><th>Site</th><th>Region</th><th>Category</th><th>Risk</th><th>Stage</th><th>Category since</th><th>Next review</th><th>Objectives overdue</th></tr></thead>
<tbody>${register}</tbody></table>
<h2>Concerns at category 2 and above over time</h2>
<p class="key"><span class="cat">── category (0–4)</span> · <span class="risk">- - risk score (0–25)</span></p>
${pack.trends.length ? trends : raw('<p>None.</p>')}
<h2>Risk matrix</h2>
${raw(heatMap(pack.heat, pack))}
<p class="key">Generated ${day(new Date().toISOString())} by the ISF concern system.</p>
</body></html>
`;
}

import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { barChartLayout, CHART_HEIGHT, CHART_WIDTH } from '$lib/domain/bar-chart';
import BarChart from './BarChart.svelte';

const euros = (n: number) => `€${(n / 100).toFixed(2)}`;

interface ChartOverrides {
	title?: string;
	labels?: string[];
	series?: { name: string; values: number[] }[];
	description?: string;
}

/** Renders the chart with explicit defaults; tests override what they are about. */
function renderChart(overrides: ChartOverrides = {}): string {
	const props = {
		id: 'fund-in',
		title: 'Money in by month',
		labels: ['2026-01', '2026-02', '2026-03'],
		series: [
			{ name: 'Donations', values: [12_000, 0, 30_000] },
			{ name: 'Fees', values: [300, 0, 450] }
		],
		format: euros,
		labelHeader: 'Month',
		...overrides
	};
	return render(BarChart, { props }).body;
}

/** The markup without Svelte's hydration comments and scoping classes, for readable assertions. */
function plain(html: string): string {
	return html.replace(/<!--.*?-->/g, '').replace(/ class="svelte-[a-z0-9]+"/g, '');
}

describe('barChartLayout', () => {
	it('scales bars from a zero baseline to the largest value', () => {
		const layout = barChartLayout(2, [[50, 100]]);
		const [half, full] = layout.bars;
		expect(layout.baselineY).toBe(layout.plot.bottom);
		expect(full).toMatchObject({ series: 0, label: 1, y: layout.plot.top, height: layout.plot.bottom - layout.plot.top });
		expect(half?.height).toBeCloseTo((layout.plot.bottom - layout.plot.top) / 2, 1);
		expect((half?.y ?? 0) + (half?.height ?? 0)).toBe(layout.baselineY);
	});

	it('places grouped bars side by side inside their label group, groups in order', () => {
		const layout = barChartLayout(2, [
			[1, 2],
			[3, 4]
		]);
		const at = (series: number, label: number) => layout.bars.find((b) => b.series === series && b.label === label);
		const a = at(0, 0);
		const b = at(1, 0);
		const c = at(0, 1);
		expect(a && b && a.x + a.width).toBeCloseTo(b?.x ?? -1, 1);
		expect(b && c && b.x + b.width).toBeLessThan(c?.x ?? -1);
		expect(layout.bars.every((bar) => bar.x >= layout.plot.left && bar.x + bar.width <= layout.plot.right + 0.01)).toBe(true);
		// Two series get a legend, which pushes the plot down.
		expect(layout.legend).toHaveLength(2);
		expect(layout.plot.top).toBeGreaterThan(barChartLayout(2, [[1, 2]]).plot.top);
	});

	it('draws all-zero and empty data without dividing by zero', () => {
		for (const layout of [barChartLayout(3, [[0, 0, 0]]), barChartLayout(0, [[]]), barChartLayout(2, [])]) {
			const numbers = [layout.baselineY, ...layout.gridlines, ...layout.bars.flatMap((b) => [b.x, b.y, b.width, b.height])];
			expect(numbers.every(Number.isFinite)).toBe(true);
			expect(layout.bars.every((b) => b.height === 0)).toBe(true);
			expect(layout.baselineY).toBe(layout.plot.bottom);
		}
	});

	it('hangs negative values below the baseline', () => {
		const layout = barChartLayout(2, [[-50, 100]]);
		const [down, up] = layout.bars;
		expect(layout.baselineY).toBeGreaterThan(layout.plot.top);
		expect(layout.baselineY).toBeLessThan(layout.plot.bottom);
		expect(down?.y).toBe(layout.baselineY);
		expect((up?.y ?? 0) + (up?.height ?? 0)).toBe(layout.baselineY);
		expect(up?.height).toBeCloseTo((down?.height ?? 0) * 2, 1);
	});

	it('treats missing and non-finite values as no bar', () => {
		const layout = barChartLayout(3, [[Number.NaN, Number.POSITIVE_INFINITY]]);
		expect(layout.bars.map((b) => b.height)).toEqual([0, 0, 0]);
	});

	it('thins out axis labels on long series but keeps the first', () => {
		const labels = barChartLayout(36, [Array.from({ length: 36 }, (_, i) => i)]).labels;
		expect(labels.filter((l) => l.show)).toHaveLength(12);
		expect(labels[0]?.show).toBe(true);
		expect(barChartLayout(12, [[]]).labels.every((l) => l.show)).toBe(true);
	});

	it('keeps gridlines inside the plot and off the baseline', () => {
		const layout = barChartLayout(1, [[10]]);
		expect(layout.gridlines.length).toBeGreaterThan(0);
		expect(layout.gridlines).not.toContain(layout.baselineY);
		expect(layout.gridlines.every((y) => y >= layout.plot.top && y <= layout.plot.bottom)).toBe(true);
		expect([layout.width, layout.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
	});
});

describe('BarChart', () => {
	it('labels the SVG with the caption and a description', () => {
		const html = renderChart();
		expect(html).toContain('<figcaption id="fund-in-title">Money in by month</figcaption>');
		expect(html).toMatch(/<svg[^>]* role="img"/);
		expect(html).toMatch(/<svg[^>]* aria-labelledby="fund-in-title fund-in-desc"/);
		expect(html).toMatch(/<svg[^>]* width="100%"/);
		expect(html).toContain(`viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"`);
		expect(html).toContain('<desc id="fund-in-desc">Donations: €0.00 – €300.00; Fees: €0.00 – €4.50</desc>');
	});

	it('prefers a description given by the page', () => {
		expect(renderChart({ description: 'Highest in March' })).toContain('<desc id="fund-in-desc">Highest in March</desc>');
	});

	it('follows the chart with a table of every value through format', () => {
		const html = plain(renderChart());
		expect(html).toContain(
			'<table><caption>Money in by month</caption><thead><tr><th scope="col">Month</th><th scope="col">Donations</th><th scope="col">Fees</th></tr></thead>'
		);
		expect(html).toContain('<tr><th scope="row">2026-01</th><td>€120.00</td><td>€3.00</td></tr>');
		expect(html).toContain('<tr><th scope="row">2026-03</th><td>€300.00</td><td>€4.50</td></tr>');
		expect(html.indexOf('</svg>')).toBeLessThan(html.indexOf('<table'));
	});

	it('draws one bar per non-zero value, textured per series', () => {
		const html = renderChart();
		const bars = html.match(/<rect class="bar[^"]*"[^>]*height="[\d.]+"/g) ?? [];
		// Four non-zero values plus two legend swatches.
		expect(bars).toHaveLength(6);
		expect(html).toContain('fill="url(#fund-in-hatch)"');
		expect(html).toContain('<pattern id="fund-in-hatch"');
	});

	it('emits no script, inline style, event handler or external resource', () => {
		const html = renderChart({ title: '<script>alert(1)</script>' });
		expect(html).not.toContain('<script');
		expect(html).not.toMatch(/\sstyle=/);
		expect(html).not.toMatch(/\son[a-z]+=/);
		expect(html).not.toMatch(/(href|src)=/);
		expect(html).toContain('&lt;script>alert(1)&lt;/script>');
	});

	it('renders nothing without labels, so the page can show its own empty state', () => {
		const html = renderChart({ labels: [] });
		expect(html).not.toContain('<figure');
		expect(html).not.toContain('<table');
	});

	it('renders all-zero data without NaN or Infinity', () => {
		const html = renderChart({ series: [{ name: 'Donations', values: [0, 0, 0] }] });
		expect(html).toContain('<svg');
		expect(html).not.toMatch(/NaN|Infinity/);
		expect(html).not.toMatch(/<rect class="bar/);
		expect(plain(html)).toContain('<tr><th scope="row">2026-02</th><td>€0.00</td></tr>');
		const bottom = barChartLayout(3, [[0, 0, 0]]).plot.bottom;
		expect(html).toMatch(new RegExp(`<line class="axis[^"]*" x1="[\\d.]+" x2="[\\d.]+" y1="${bottom}" y2="${bottom}"`));
	});
});

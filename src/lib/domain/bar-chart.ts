/**
 * Geometry of a grouped bar chart drawn as server-rendered SVG (BarChart.svelte): where each bar,
 * gridline and label goes in viewBox units. Kept apart from the markup so the arithmetic (zero
 * baselines, negative values, all-zero data) is tested without rendering anything.
 *
 * The scale always includes zero, so bar lengths stay proportional to the values — a chart whose
 * axis starts at the smallest value makes a 5 % difference look like a doubling.
 */

export interface BarRect {
	series: number;
	label: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface LegendItem {
	series: number;
	/** Left edge of the swatch; the name starts after it. */
	x: number;
	textX: number;
	y: number;
}

export interface BarChartLayout {
	width: number;
	height: number;
	plot: { left: number; right: number; top: number; bottom: number };
	/** Where value zero lies: the axis line. */
	baselineY: number;
	/** Evenly spaced guide lines without values (the table carries the numbers). */
	gridlines: number[];
	bars: BarRect[];
	/** Centre of each label's group, and whether its text is drawn (long series skip some to avoid overlap). */
	labels: { x: number; show: boolean }[];
	legend: LegendItem[];
	labelY: number;
	swatch: number;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 260;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 8 };
const LEGEND_HEIGHT = 26;
const SWATCH = 12;
const GRIDLINES = 4;
/** At most this many label texts along the axis; 12 months of 'YYYY-MM' fit at 640 units. */
const MAX_LABELS = 12;
/** Share of each group's width left empty between groups. */
const GROUP_GAP = 0.25;
/** Rough width of one character at the axis font size, for placing legend entries. */
const CHAR_WIDTH = 7;

/** Lays out `values[series][label]` as grouped bars; missing or non-finite values draw no bar. */
export function barChartLayout(labelCount: number, values: readonly (readonly number[])[], seriesNames: readonly string[] = []): BarChartLayout {
	const hasLegend = values.length > 1;
	const plot = {
		left: MARGIN.left,
		right: CHART_WIDTH - MARGIN.right,
		top: MARGIN.top + (hasLegend ? LEGEND_HEIGHT : 0),
		bottom: CHART_HEIGHT - MARGIN.bottom
	};
	const plotHeight = plot.bottom - plot.top;

	let hi = 0;
	let lo = 0;
	for (const row of values) {
		for (let i = 0; i < labelCount; i++) {
			const v = valueAt(row, i);
			if (v > hi) hi = v;
			if (v < lo) lo = v;
		}
	}
	// All zero (or nothing): a nominal top of 1 keeps the baseline at the bottom and every bar at
	// height 0 without dividing by zero.
	if (hi === lo) hi = lo + 1;
	const span = hi - lo;
	const yOf = (v: number) => plot.top + ((hi - v) / span) * plotHeight;
	const baselineY = round(yOf(0));

	const groupWidth = labelCount > 0 ? (plot.right - plot.left) / labelCount : 0;
	const barWidth = values.length > 0 ? (groupWidth * (1 - GROUP_GAP)) / values.length : 0;
	const bars: BarRect[] = [];
	const labels: { x: number; show: boolean }[] = [];
	const step = Math.ceil(labelCount / MAX_LABELS);
	for (let label = 0; label < labelCount; label++) {
		const groupLeft = plot.left + label * groupWidth + (groupWidth * GROUP_GAP) / 2;
		labels.push({ x: round(plot.left + (label + 0.5) * groupWidth), show: label % step === 0 });
		values.forEach((row, series) => {
			const y = yOf(valueAt(row, label));
			bars.push({
				series,
				label,
				x: round(groupLeft + series * barWidth),
				y: round(Math.min(y, yOf(0))),
				width: round(barWidth),
				height: round(Math.abs(y - yOf(0)))
			});
		});
	}

	const gridlines: number[] = [];
	for (let i = 0; i <= GRIDLINES; i++) {
		const y = round(plot.top + (plotHeight * i) / GRIDLINES);
		if (y !== baselineY) gridlines.push(y);
	}

	const legend: LegendItem[] = [];
	if (hasLegend) {
		let x = plot.left;
		values.forEach((_, series) => {
			legend.push({ series, x, textX: x + SWATCH + 6, y: MARGIN.top });
			x += SWATCH + 6 + (seriesNames[series]?.length ?? 0) * CHAR_WIDTH + 18;
		});
	}

	return {
		width: CHART_WIDTH,
		height: CHART_HEIGHT,
		plot,
		baselineY,
		gridlines,
		bars,
		labels,
		legend,
		labelY: CHART_HEIGHT - MARGIN.bottom + 18,
		swatch: SWATCH
	};
}

function valueAt(row: readonly number[], i: number): number {
	const v = row[i];
	return v !== undefined && Number.isFinite(v) ? v : 0;
}

/** Two decimals keep the SVG short without visible error at any screen size. */
function round(n: number): number {
	return Math.round(n * 100) / 100 + 0;
}

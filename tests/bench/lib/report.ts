/** Result rows: one figure, ours beside the reference, the target and whether it is met. */

export type Value = number | string | null;

export interface Row {
	id: string;
	figure: string;
	unit: string;
	ours: Value;
	reference: Value;
	/** The raw-relay floor (S1 only). */
	floor?: Value;
	/** ours / reference (or / floor where the target says so). */
	ratio?: number | null;
	target: string;
	/** null: no target for this figure, or it could not be measured. */
	pass: boolean | null;
	note?: string;
}

export interface ScenarioResult {
	id: string;
	title: string;
	rows: Row[];
	raw: unknown;
	error?: string;
	seconds?: number;
	/** Other work on the machine meanwhile (lib/noise.ts). */
	noise?: import('./noise').Noise;
}

export const ratio = (ours: Value, ref: Value): number | null =>
	typeof ours === 'number' && typeof ref === 'number' && ref > 0 && Number.isFinite(ours) ? ours / ref : null;

function cell(value: Value | undefined, unit = ''): string {
	if (value === null || value === undefined) return '–';
	if (typeof value === 'string') return value;
	if (!Number.isFinite(value)) return String(value);
	const abs = Math.abs(value);
	const text = abs >= 1000 ? value.toFixed(0) : abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
	return unit ? `${text} ${unit}` : text;
}

export function renderTable(results: ScenarioResult[]): string {
	const header = ['id', 'figure', 'ours', 'reference', 'floor', 'ratio', 'target', 'ok'];
	const lines: string[][] = [];
	for (const result of results) {
		if (result.error) lines.push([result.id, `${result.title}: FAILED`, result.error.split('\n')[0].slice(0, 100), '', '', '', '', '']);
		for (const row of result.rows) {
			lines.push([
				row.id,
				row.figure + (row.note ? ` (${row.note})` : ''),
				cell(row.ours, row.unit),
				cell(row.reference, row.unit),
				cell(row.floor, row.unit),
				row.ratio === null || row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
				row.target,
				row.pass === null ? '' : row.pass ? 'PASS' : 'MISS'
			]);
		}
	}
	const widths = header.map((h, i) => Math.min(i === 1 ? 64 : 40, Math.max(h.length, ...lines.map((l) => width(l[i])))));
	const fmt = (cols: string[]) => '| ' + cols.map((c, i) => pad(c, widths[i])).join(' | ') + ' |';
	return [fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...lines.map(fmt)].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
	let w = 0;
	for (const ch of text) w += /[\u1100-\uffdc]/.test(ch) ? 2 : 1;
	return w;
}

function pad(text: string, w: number): string {
	return text + ' '.repeat(Math.max(0, w - width(text)));
}

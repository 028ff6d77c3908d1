/**
 * Board content for the bench, built with the board model (src/lib/board) so documents
 * look like real boards. Everything is deterministic (seeded PRNG): every server under
 * test receives byte-identical payloads.
 */
import * as Y from 'yjs';
import { areasMap, createItem, itemsMap, metaMap, readItem, spreadKeys, updateItem } from '../../../src/lib/board/index';
import type { Status } from '../../../src/lib/board/index';

export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function uuid(rand: () => number): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const AREAS = ['公共卫生', '临床诊疗', '财务管理', '新农合管理', '药事管理', '后勤保障'];
const VERBS = ['完善', '落实', '开展', '建立', '规范', '加强', '推进', '整改'];
const OBJECTS = ['慢性病随访制度', '院内感染控制', '处方点评', '财务内控流程', '新农合报销审核', '健康档案', '急诊绿色通道', '医疗废物管理'];
const STATUSES: Status[] = ['blank', 'planned', 'strengthen', 'done'];
const HORIZONS = ['week', 'month', 'quarter', 'year'] as const;

export interface SeededBoard {
	doc: Y.Doc;
	itemIds: string[];
	/** The board as the updates that built it: one for meta and areas, one per 500 items. */
	updates: Uint8Array[];
	bytes: number;
}

/**
 * A board of `count` items: meta, six areas, items spread over the four statuses with
 * owners, periods, due dates and notes, numbered 1..count as the server would number them.
 * The items have exactly the fields createItem writes (checked against createItem below),
 * built in bulk: createItem computes the column for every call, which is quadratic.
 */
export function buildBoard(count: number, seed = 42): SeededBoard {
	const rand = prng(seed);
	const doc = new Y.Doc();
	doc.clientID = 1000 + seed;
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const owners = Array.from({ length: 30 }, () => uuid(rand));
	const areaIds = AREAS.map(() => uuid(rand));
	doc.transact(() => {
		const meta = metaMap(doc);
		meta.set('title', '2026 卫生院管理年活动');
		meta.set('description', '按周、按月、按季度定好阶段性目标');
		meta.set('prefix', 'WSY');
		meta.set('start', '2026-01-01');
		meta.set('end', '2026-12-31');
		meta.set('timezone', 'Asia/Shanghai');
		const areas = areasMap(doc);
		AREAS.forEach((name, i) => {
			const area = new Y.Map<unknown>();
			areas.set(areaIds[i], area);
			area.set('name', name);
			area.set('color', `hsl(${i * 60} 60% 45%)`);
			area.set('order', spreadKeys(AREAS.length)[i]);
		});
	});
	const itemIds: string[] = [];
	const perStatus = Math.ceil(count / STATUSES.length);
	const keys = spreadKeys(perStatus);
	const chunk = 500;
	for (let start = 0; start < count; start += chunk) {
		doc.transact(() => {
			const items = itemsMap(doc);
			for (let i = start; i < Math.min(count, start + chunk); i++) {
				const id = uuid(rand);
				itemIds.push(id);
				const map = new Y.Map<unknown>();
				items.set(id, map);
				const horizon = HORIZONS[i % HORIZONS.length];
				const month = 1 + (i % 12);
				map.set('status', STATUSES[i % STATUSES.length]);
				map.set('blocked', i % 17 === 0);
				map.set('order', keys[Math.floor(i / STATUSES.length)]);
				map.set('notes', new Y.Text(`第${i + 1}项：${VERBS[i % VERBS.length]}${OBJECTS[i % OBJECTS.length]}，责任到人，按月汇报进度与困难。`));
				map.set('createdAt', new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString());
				map.set('createdBy', owners[0]);
				map.set('title', `${VERBS[(i * 7) % VERBS.length]}${OBJECTS[(i * 3) % OBJECTS.length]}（${AREAS[i % AREAS.length]}）`);
				map.set('areaId', areaIds[i % areaIds.length]);
				map.set('horizon', horizon);
				map.set('period', horizon === 'week' ? `2026-W${String(1 + (i % 52)).padStart(2, '0')}` : horizon === 'month' ? `2026-${String(month).padStart(2, '0')}` : horizon === 'quarter' ? `2026-Q${1 + (i % 4)}` : '2026');
				map.set('start', `2026-${String(month).padStart(2, '0')}-01`);
				map.set('due', `2026-${String(month).padStart(2, '0')}-28`);
				map.set('ownerId', owners[i % owners.length]);
				map.set('number', i + 1);
			}
		});
	}
	return { doc, itemIds, updates, bytes: Y.encodeStateAsUpdate(doc).byteLength };
}

const cache = new Map<string, SeededBoard>();
/** Built once per size and seed for the whole bench run. */
export function board(count: number, seed = 42): SeededBoard {
	const key = `${count}/${seed}`;
	let found = cache.get(key);
	if (!found) cache.set(key, (found = buildBoard(count, seed)));
	return found;
}

/** Checks that bulk-built items read back exactly like items createItem makes. */
export function checkShape(): void {
	const { doc, itemIds } = buildBoard(3);
	const reference = new Y.Doc();
	const id = createItem(reference, { title: 't', notes: 'n', areaId: 'a', horizon: 'month', period: '2026-04', start: null, due: null, ownerId: null });
	const fromModel = Object.keys(readItem(id, itemsMap(reference).get(id)!)).sort();
	const ours = Object.keys(readItem(itemIds[0], itemsMap(doc).get(itemIds[0])!)).sort();
	const modelKeys = [...itemsMap(reference).get(id)!.keys()].sort();
	const builtKeys = [...itemsMap(doc).get(itemIds[0])!.keys()].filter((k) => k !== 'number').sort();
	if (fromModel.join() !== ours.join() || modelKeys.join() !== builtKeys.join())
		throw new Error(`bench board items differ from createItem's: ${modelKeys.join()} vs ${builtKeys.join()}`);
}

/** `#U12345678#`: the marker receivers look for to know which update a frame carries. */
export const MARK = Buffer.from('#U');
export const markerOf = (seq: number): string => `#U${String(seq).padStart(8, '0')}#`;

/** Reads every marker in a frame; calls `found(seq)` for each. */
export function scanMarkers(frame: Buffer, found: (seq: number) => void): void {
	let at = frame.indexOf(MARK);
	while (at !== -1 && at + 11 <= frame.length) {
		let seq = 0;
		let ok = frame[at + 10] === 0x23;
		for (let i = 2; i < 10 && ok; i++) {
			const d = frame[at + i] - 0x30;
			if (d < 0 || d > 9) ok = false;
			else seq = seq * 10 + d;
		}
		if (ok) found(seq);
		at = frame.indexOf(MARK, at + 2);
	}
}

const FILLER = '公共卫生：慢病随访进度更新（第3周）';

/** The title an update writes: a marker plus text, about 100 bytes of update in all. */
export function titleFor(seq: number): string {
	return `${markerOf(seq)} ${FILLER} ${seq % 97}`;
}

/** One ~100-byte item update (a title change) made with the board model; returns the update. */
export function captureUpdate(doc: Y.Doc, fn: () => void): Uint8Array {
	let captured: Uint8Array | null = null;
	const listener = (update: Uint8Array) => {
		captured = captured ? Y.mergeUpdates([captured, update]) : update;
	};
	doc.on('update', listener);
	try {
		fn();
	} finally {
		doc.off('update', listener);
	}
	if (!captured) throw new Error('the change produced no update');
	return captured;
}

export function titleUpdate(doc: Y.Doc, itemId: string, seq: number): Uint8Array {
	return captureUpdate(doc, () => updateItem(doc, itemId, { title: titleFor(seq) }));
}

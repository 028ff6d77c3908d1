import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createItem,
	deleteItem,
	itemNotes,
	moveItem,
	OPTIONAL_PUBLIC_FIELDS,
	projectPublic,
	readPublicDoc,
	restoreItem,
	STATUSES,
	updateItem,
	addCheckIn,
	setMetric,
	writePublicDoc,
	type PublicField
} from '../../../src/lib/board/index';

/** A small seeded PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SECRET = 'SECRET-';
const owners = new Map([
	['u1', '张伟'],
	['u2', '李娜']
]);

function randomEdits(doc: Y.Doc, random: () => number, count: number): void {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const roll = random();
		if (roll < 0.25 || ids.length === 0) ids.push(createItem(doc, { title: `任务 ${i}`, status: pick(STATUSES), notes: `${SECRET}note-${i}` }));
		else if (roll < 0.4) updateItem(doc, pick(ids), { ownerId: pick(['u1', 'u2', null]) });
		else if (roll < 0.5) updateItem(doc, pick(ids), { start: '2026-04-01', due: `${SECRET}due` });
		else if (roll < 0.6) updateItem(doc, pick(ids), { blocked: random() < 0.5, areaId: `${SECRET}area` });
		else if (roll < 0.7) itemNotes(doc, pick(ids))?.insert(0, `${SECRET}more`);
		else if (roll < 0.8) deleteItem(doc, pick(ids));
		else if (roll < 0.82) restoreItem(doc, pick(ids));
		else if (roll < 0.85) {
			const id = pick(ids);
			setMetric(doc, id, { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
			addCheckIn(doc, id, { value: 77777.5, at: '2026-04-01', by: `${SECRET}checker`, note: `${SECRET}checkin` });
		}
		else moveItem(doc, pick(ids), pick(STATUSES), null, null);
	}
}

describe('the public document', () => {
	for (const seed of [1, 2, 3, 42, 2026]) {
		it(`holds exactly the published fields after random private edits (seed ${seed})`, () => {
			const random = prng(seed);
			const doc = new Y.Doc();
			const publicDoc = new Y.Doc();
			const fields = OPTIONAL_PUBLIC_FIELDS.filter(() => random() < 0.5) as PublicField[];
			for (let round = 0; round < 10; round++) {
				randomEdits(doc, random, 20);
				writePublicDoc(publicDoc, projectPublic(doc, fields, owners));
				const expected = projectPublic(doc, fields, owners);
				expect(readPublicDoc(publicDoc), `seed ${seed}`).toEqual(expected);
				const json = JSON.stringify(publicDoc.toJSON());
				expect(json, `seed ${seed}`).not.toContain('ownerId');
				if (!fields.includes('area')) expect(json, `seed ${seed}`).not.toContain('areaId');
				if (!fields.includes('metric')) expect(json, `seed ${seed}`).not.toContain('77777.5'); // a '.' never occurs in the ids
				// Check-ins say who measured what: never public, even with metrics published.
				expect(json, `seed ${seed}`).not.toContain(`${SECRET}check`);
				expect(json, `seed ${seed}`).not.toContain('deletedAt');
				if (!fields.includes('notes')) expect(json, `seed ${seed}`).not.toContain(`${SECRET}note`);
				if (!fields.includes('dates')) expect(json, `seed ${seed}`).not.toContain(`${SECRET}due`);
				if (!fields.includes('area')) expect(json).not.toContain(`${SECRET}area`);
				const binned = new Set([...doc.getMap<Y.Map<unknown>>('items').entries()].filter(([, m]) => m.get('deletedAt')).map(([id]) => id));
				for (const item of readPublicDoc(publicDoc).items) expect(binned.has(item.id)).toBe(false);
			}
		});
	}

	it('writes only what changed', () => {
		const doc = new Y.Doc();
		const id = createItem(doc, { title: '公示表', ownerId: 'u1' });
		createItem(doc, { title: '另一项' });
		const publicDoc = new Y.Doc();
		writePublicDoc(publicDoc, projectPublic(doc, ['owner'], owners));
		let updates = 0;
		publicDoc.on('update', () => updates++);
		writePublicDoc(publicDoc, projectPublic(doc, ['owner'], owners));
		expect(updates).toBe(0);
		itemNotes(doc, id)?.insert(0, 'private');
		writePublicDoc(publicDoc, projectPublic(doc, ['owner'], owners));
		expect(updates).toBe(0);
		updateItem(doc, id, { title: '新标题' });
		writePublicDoc(publicDoc, projectPublic(doc, ['owner'], owners));
		expect(updates).toBe(1);
		expect(readPublicDoc(publicDoc).items.find((i) => i.id === id)).toMatchObject({ title: '新标题', ownerName: '张伟' });
	});
});

/** Table cell edits: who may edit what, and typed values turned into patches or refused. */
import { describe, expect, it } from 'vitest';
import { emptyItem, type Item } from '../../../src/lib/board';
import { canEditCell, editChoice, editDate, editHorizon, editPeriod, editTitle, normalisePeriod, planEdit } from '../../../src/lib/client/table-edits';
import { COLUMN_IDS } from '../../../src/lib/client/table-columns';

function item(patch: Partial<Item> = {}): Item {
	return emptyItem('i1', { number: 1, title: '完善居民健康档案', status: 'planned', ownerId: 'u-owner', order: 'a0', ...patch });
}

const editable = (access: Parameters<typeof canEditCell>[2], target = item()) => COLUMN_IDS.filter((c) => canEditCell(c, target, access));

describe('who may edit which cell', () => {
	const lead = { canEdit: true, canMove: () => true };
	const member = { canEdit: false, canMove: (i: Pick<Item, 'ownerId'>) => i.ownerId === 'u-owner' };
	const viewer = { canEdit: false, canMove: () => false };

	it('leads edit every field except the number, metric and parent', () => {
		expect(editable(lead)).toEqual(['title', 'area', 'owner', 'status', 'blocked', 'horizon', 'period', 'start', 'due']);
	});

	it('members edit status and blocked of their own items only; viewers nothing', () => {
		expect(editable(member)).toEqual(['status', 'blocked']);
		expect(editable(member, item({ ownerId: 'u-other' }))).toEqual([]);
		expect(editable(viewer)).toEqual([]);
	});

	it('nobody edits a binned item in the table', () => {
		expect(editable(lead, item({ deletedAt: '2026-01-01T00:00:00Z' }))).toEqual([]);
	});
});

describe('title', () => {
	it('is trimmed; an empty one is refused; the same one is no edit', () => {
		expect(editTitle(item(), '  新标题 ')).toEqual({ patch: { title: '新标题' } });
		expect(editTitle(item(), '   ')).toEqual({ error: 'title_empty' });
		expect(editTitle(item(), '完善居民健康档案 ')).toBeNull();
	});
});

describe('period', () => {
	it('is made canonical from what people type', () => {
		expect(normalisePeriod(' 2026w14 ')).toBe('2026-W14');
		expect(normalisePeriod('2026q2')).toBe('2026-Q2');
		expect(normalisePeriod('2026-04')).toBe('2026-04');
	});

	it('must be a real period of the item’s horizon', () => {
		const monthly = item({ horizon: 'month', period: '2026-03' });
		expect(editPeriod(monthly, '2026-04')).toEqual({ patch: { period: '2026-04' } });
		expect(editPeriod(monthly, '2026-13')).toEqual({ error: 'period_invalid' });
		expect(editPeriod(monthly, 'April')).toEqual({ error: 'period_invalid' });
		expect(editPeriod(monthly, '2026-Q2')).toEqual({ error: 'period_horizon' });
		expect(editPeriod(monthly, '2026-03')).toBeNull();
		expect(editPeriod(monthly, '')).toEqual({ patch: { period: null } });
	});

	it('gives an item without a horizon the period’s horizon', () => {
		expect(editPeriod(item(), '2026w14')).toEqual({ patch: { period: '2026-W14', horizon: 'week' } });
		expect(editPeriod(item(), '')).toBeNull();
	});
});

describe('horizon', () => {
	it('carries the period along to the new horizon; none clears the period', () => {
		const monthly = item({ horizon: 'month', period: '2026-04' });
		expect(editHorizon(monthly, 'quarter')).toEqual({ patch: { horizon: 'quarter', period: '2026-Q2' } });
		expect(editHorizon(monthly, 'week')).toEqual({ patch: { horizon: 'week', period: '2026-W14' } });
		expect(editHorizon(monthly, null)).toEqual({ patch: { horizon: null, period: null } });
		expect(editHorizon(monthly, 'month')).toBeNull();
		expect(editHorizon(item(), 'year')).toEqual({ patch: { horizon: 'year', period: null } });
	});
});

describe('start and due', () => {
	const dated = item({ start: '2026-04-01', due: '2026-04-30' });

	it('takes a day, clears on empty, refuses what is not a day', () => {
		expect(editDate(dated, 'due', '2026-05-15')).toEqual({ patch: { due: '2026-05-15' } });
		expect(editDate(dated, 'start', '')).toEqual({ patch: { start: null } });
		expect(editDate(dated, 'due', '2026-02-30')).toEqual({ error: 'date_invalid' });
		expect(editDate(dated, 'due', '2026-04-30')).toBeNull();
	});

	it('refuses a start after the due day, either way round', () => {
		expect(editDate(dated, 'start', '2026-05-01')).toEqual({ error: 'start_after_due' });
		expect(editDate(dated, 'due', '2026-03-31')).toEqual({ error: 'start_after_due' });
		expect(editDate(dated, 'start', '2026-04-30')).toEqual({ patch: { start: '2026-04-30' } });
		expect(editDate(item({ due: '2026-04-30' }), 'start', '2026-06-01')).toEqual({ error: 'start_after_due' });
	});
});

describe('area and owner', () => {
	it('picks one or none', () => {
		expect(editChoice(item(), 'areaId', 'a1')).toEqual({ patch: { areaId: 'a1' } });
		expect(editChoice(item(), 'ownerId', '')).toEqual({ patch: { ownerId: null } });
		expect(editChoice(item(), 'ownerId', 'u-owner')).toBeNull();
	});
});

describe('an edit by column', () => {
	it('sends each column to its rule; a status is a move of its own', () => {
		const target = item({ start: '2026-04-10', horizon: 'month', period: '2026-04' });
		expect(planEdit(target, 'title', '')).toEqual({ error: 'title_empty' });
		expect(planEdit(target, 'due', '2026-04-01')).toEqual({ error: 'start_after_due' });
		expect(planEdit(target, 'period', '2026-Q2')).toEqual({ error: 'period_horizon' });
		expect(planEdit(target, 'horizon', '')).toEqual({ patch: { horizon: null, period: null } });
		expect(planEdit(target, 'area', 'a1')).toEqual({ patch: { areaId: 'a1' } });
		expect(planEdit(target, 'owner', '')).toEqual({ patch: { ownerId: null } });
		expect(planEdit(target, 'status', 'done')).toEqual({ status: 'done' });
		expect(planEdit(target, 'status', 'planned')).toBeNull();
		expect(planEdit(target, 'status', 'nonsense')).toBeNull();
		expect(planEdit(target, 'metric', '5')).toBeNull();
	});
});

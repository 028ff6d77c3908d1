/**
 * Member actions: a responsible person reports on their own items through the server,
 * which applies the change to the live document so everyone sees it like any edit.
 */
import {
	addCheckIn,
	BLOCKED_REASON_MAX,
	canReportOn,
	findItemByNumber,
	isStatus,
	readMetric,
	setItemStatus,
	updateItem,
	type Item,
	type Metric
} from '../../src/lib/board/index';
import type * as Y from 'yjs';
import type { User } from '../auth/user';
import { AppError, invalid } from '../errors';
import type { SyncService } from '../sync';
import type { BoardService } from './service';

export interface StatusInput {
	status?: unknown;
	blocked?: unknown;
	/** Why it is blocked: the difficulty met, the help needed (empty to clear). */
	blockedReason?: unknown;
}

export interface CheckInInput {
	value?: unknown;
	note?: unknown;
}

export interface ActionService {
	setStatus(actor: User, boardId: string, number: number, input: StatusInput): Promise<Item>;
	/** A metric check-in: the measured value becomes current and joins the history. */
	checkIn(actor: User, boardId: string, number: number, input: CheckInInput): Promise<Metric>;
}

export function createActionService(boards: BoardService, sync: Pick<SyncService, 'change' | 'read'>): ActionService {
	/**
	 * Runs `act` on an item the actor may report on. Checked inside the change, against the
	 * document as it is now, so a concurrent reassignment cannot slip through.
	 */
	async function onOwnItem(actor: User, boardId: string, number: number, act: (doc: Y.Doc, item: Item) => void): Promise<void> {
		const role = await boards.role(actor, boardId);
		if (!role) throw new AppError(404, 'board_not_found', 'No such board');
		await sync.change(boardId, (doc) => {
			const item = findItemByNumber(doc, number);
			if (!item || item.deletedAt) throw new AppError(404, 'item_not_found', `No item number ${number} on this board`);
			if (!canReportOn(role, actor.id, item)) throw new AppError(403, 'not_owner', 'Only the item’s responsible person or a lead can change it');
			act(doc, item);
		});
	}

	return {
		async checkIn(actor, boardId, number, input) {
			if (typeof input.value !== 'number' || !Number.isFinite(input.value)) throw invalid('value_invalid', 'A check-in needs a number as its value');
			if (input.note !== undefined && typeof input.note !== 'string') throw invalid('note_invalid', 'The note must be text');
			let metric: Metric | null = null;
			await onOwnItem(actor, boardId, number, (doc, item) => {
				if (!readMetric(doc, item.id)) throw new AppError(409, 'no_metric', 'This item has no metric to check in against');
				addCheckIn(doc, item.id, { value: input.value as number, at: new Date().toISOString(), by: actor.id, note: (input.note as string | undefined) ?? '' });
				metric = readMetric(doc, item.id);
			});
			return metric!;
		},

		async setStatus(actor, boardId, number, input) {
			if (input.status === undefined && input.blocked === undefined && input.blockedReason === undefined)
				throw invalid('nothing_to_change', 'Send a status, a blocked flag or a blocked reason');
			if (input.status !== undefined && !isStatus(input.status)) throw invalid('status_invalid', 'Status must be blank, planned, strengthen or done');
			if (input.blocked !== undefined && typeof input.blocked !== 'boolean') throw invalid('blocked_invalid', 'blocked must be true or false');
			if (input.blockedReason !== undefined && (typeof input.blockedReason !== 'string' || input.blockedReason.length > BLOCKED_REASON_MAX))
				throw invalid('blocked_reason_invalid', `The blocked reason must be text of at most ${BLOCKED_REASON_MAX} characters`);
			let result: Item | null = null;
			await onOwnItem(actor, boardId, number, (doc, item) => {
				if (input.status !== undefined) setItemStatus(doc, item.id, input.status as Item['status']);
				if (input.blocked !== undefined) updateItem(doc, item.id, { blocked: input.blocked as boolean });
				if (input.blockedReason !== undefined) updateItem(doc, item.id, { blockedReason: input.blockedReason as string });
				result = findItemByNumber(doc, number);
			});
			return result!;
		}
	};
}

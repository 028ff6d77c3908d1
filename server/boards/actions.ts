/**
 * Member actions: a responsible person reports on their own items through the server,
 * which applies the change to the live document so everyone sees it like any edit.
 */
import { canReportOn, findItemByNumber, isStatus, setItemStatus, updateItem, type Item } from '../../src/lib/board/index';
import type { User } from '../auth/user';
import { AppError, invalid } from '../errors';
import type { SyncService } from '../sync';
import type { BoardService } from './service';

export interface StatusInput {
	status?: unknown;
	blocked?: unknown;
}

export interface ActionService {
	setStatus(actor: User, boardId: string, number: number, input: StatusInput): Promise<Item>;
}

export function createActionService(boards: BoardService, sync: Pick<SyncService, 'change' | 'read'>): ActionService {
	return {
		async setStatus(actor, boardId, number, input) {
			if (input.status === undefined && input.blocked === undefined) throw invalid('nothing_to_change', 'Send a status, a blocked flag, or both');
			if (input.status !== undefined && !isStatus(input.status)) throw invalid('status_invalid', 'Status must be blank, planned, strengthen or done');
			if (input.blocked !== undefined && typeof input.blocked !== 'boolean') throw invalid('blocked_invalid', 'blocked must be true or false');
			const role = await boards.role(actor, boardId);
			if (!role) throw new AppError(404, 'board_not_found', 'No such board');
			let result: Item | null = null;
			await sync.change(boardId, (doc) => {
				// Checked inside the change, against the document as it is now, so a concurrent
				// reassignment cannot slip through between check and write.
				const item = findItemByNumber(doc, number);
				if (!item || item.deletedAt) throw new AppError(404, 'item_not_found', `No item number ${number} on this board`);
				if (!canReportOn(role, actor.id, item)) throw new AppError(403, 'not_owner', 'Only the item’s responsible person or a lead can change it');
				if (input.status !== undefined) setItemStatus(doc, item.id, input.status as Item['status']);
				if (input.blocked !== undefined) updateItem(doc, item.id, { blocked: input.blocked as boolean });
				result = findItemByNumber(doc, number);
			});
			return result!;
		}
	};
}

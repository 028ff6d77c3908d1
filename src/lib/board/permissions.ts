/**
 * Who may change what (DESIGN.md "Roles and what they may write"). The server enforces
 * this table; the UI reads the same table to show what a person can do.
 */
import type { Item } from './schema';

export const BOARD_ROLES = ['lead', 'member', 'viewer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];

export function isBoardRole(value: unknown): value is BoardRole {
	return typeof value === 'string' && (BOARD_ROLES as readonly string[]).includes(value);
}

/** Organisation administrators lead every board; others have the role they were given, if any. */
export function effectiveRole(orgRole: 'admin' | 'member', boardRole: BoardRole | null): BoardRole | null {
	return orgRole === 'admin' ? 'lead' : boardRole;
}

/** Only leads write to the live document directly; members go through server actions. */
export function canWriteDocument(role: BoardRole | null): boolean {
	return role === 'lead';
}

/** Status, blocked flag and check-ins of an item: leads on every item, members on their own. */
export function canReportOn(role: BoardRole | null, userId: string, item: Pick<Item, 'ownerId'>): boolean {
	if (role === 'lead') return true;
	return role === 'member' && item.ownerId === userId;
}

/** Members, invitations and the public board of a board. */
export function canManageBoard(role: BoardRole | null): boolean {
	return role === 'lead';
}

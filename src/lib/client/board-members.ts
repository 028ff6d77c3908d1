/** The people on a board as the API returns them, and the calls that change who is on it. */
import type { BoardRole, PublicField } from '$lib/board';
// Type-only imports: the API's own shapes, so client and server cannot drift apart.
import type { Member } from '../../../server/boards/members';
import type { PublicSettings } from '../../../server/boards/service';
import type { UserListing } from '../../../server/users/service';
import { api } from './api';

export type BoardMember = Member;
/** A person of the organisation (GET /api/users, administrators only). */
export type OrgPerson = UserListing;
export type { PublicSettings };

function membersPath(boardId: string, userId?: string): string {
	const base = `/api/boards/${encodeURIComponent(boardId)}/members`;
	return userId ? `${base}/${encodeURIComponent(userId)}` : base;
}

export const listMembers = (boardId: string) => api<BoardMember[]>(membersPath(boardId));

export const setMemberRole = (boardId: string, userId: string, role: BoardRole) =>
	api<BoardMember>(membersPath(boardId, userId), { method: 'PUT', body: { role } });

export const removeMember = (boardId: string, userId: string) => api(membersPath(boardId, userId), { method: 'DELETE' });

export const createInvite = (boardId: string, boardRole: BoardRole, ttlHours: number) =>
	api<{ url: string; expiresAt: number }>('/api/invites', { method: 'POST', body: { boardId, boardRole, ttlHours } });

export const listPeople = () => api<OrgPerson[]>('/api/users');

export const publicSettings = (boardId: string) => api<PublicSettings>(`/api/boards/${encodeURIComponent(boardId)}/public`);

export const savePublicSettings = (boardId: string, enabled: boolean, fields: PublicField[]) =>
	api<PublicSettings & { url: string }>(`/api/boards/${encodeURIComponent(boardId)}/public`, { method: 'POST', body: { enabled, fields } });

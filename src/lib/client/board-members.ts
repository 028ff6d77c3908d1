/** The people on a board as the API returns them, and the calls that change who is on it. */
import type { BoardRole, PublicField } from '$lib/board';
import { api } from './api';

export interface BoardMember {
	userId: string;
	name: string;
	email: string;
	color: string;
	/** The role given on this board; administrators lead every board whatever it says. */
	role: BoardRole;
	admin: boolean;
}

/** A person of the organisation (GET /api/users, administrators only). */
export interface OrgPerson {
	id: string;
	email: string;
	name: string;
	role: 'admin' | 'member';
	color: string;
	deactivatedAt: string | number | null;
}

export interface PublicSettings {
	enabled: boolean;
	slug: string | null;
	fields: PublicField[];
}

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

/** A person as the rest of the app sees them (never with the password hash). */
export type OrgRole = 'admin' | 'member';

export interface User {
	id: string;
	email: string;
	name: string;
	role: OrgRole;
	/** Presence colour, chosen at creation so a person keeps it everywhere. */
	color: string;
}

const PRESENCE_COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626', '#0891b2', '#65a30d'];

export function pickColor(seed: string): string {
	let hash = 0;
	for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
	return PRESENCE_COLORS[Math.abs(hash) % PRESENCE_COLORS.length];
}

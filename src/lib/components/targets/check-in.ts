/**
 * A metric check-in goes through the server's action for everyone who may make one (the
 * item's responsible person, a lead): one path, one set of checks, and the server stamps
 * the date and the person. The live document then brings the new value to every view.
 */
import type { CheckIn, Metric } from '$lib/board';
import { api } from '$lib/client/api';

export function postCheckIn(boardId: string, number: number, value: number, note: string): Promise<Metric & { checkIns: CheckIn[] }> {
	return api(`/api/boards/${encodeURIComponent(boardId)}/items/${number}/checkins`, { method: 'POST', body: note ? { value, note } : { value } });
}

/** The words for each board status, in the person's language. */
import type { Status } from '$lib/board';
import { m } from '$lib/paraglide/messages';

export function statusLabel(status: Status): string {
	switch (status) {
		case 'blank':
			return m.status_blank();
		case 'planned':
			return m.status_planned();
		case 'strengthen':
			return m.status_strengthen();
		case 'done':
			return m.status_done();
	}
}

/** The longer description from the campaign's inventory step (DESIGN.md §1). */
export function statusHint(status: Status): string {
	switch (status) {
		case 'blank':
			return m.status_blank_hint();
		case 'planned':
			return m.status_planned_hint();
		case 'strengthen':
			return m.status_strengthen_hint();
		case 'done':
			return m.status_done_hint();
	}
}

/** The words for board roles and publishable fields, in the person's language. */
import type { BoardRole, PublicField } from '$lib/board';
import { m } from '$lib/paraglide/messages';

export function roleLabel(role: BoardRole): string {
	switch (role) {
		case 'lead':
			return m.role_lead();
		case 'member':
			return m.role_member();
		case 'viewer':
			return m.role_viewer();
	}
}

export function publicFieldLabel(field: PublicField): string {
	switch (field) {
		case 'owner':
			return m.public_settings_field_owner();
		case 'notes':
			return m.public_settings_field_notes();
		case 'dates':
			return m.public_settings_field_dates();
		case 'blocked':
			return m.public_settings_field_blocked();
		case 'period':
			return m.public_settings_field_period();
		case 'area':
			return m.public_settings_field_area();
		case 'metric':
			return m.public_settings_field_metric();
	}
}

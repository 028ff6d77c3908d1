/**
 * The one place that turns a failed request into words for the person (STYLE.md 10):
 * aborts are ignored, the server's stable error codes and known statuses get a localised
 * sentence, anything else shows the server's own message, and a network failure says so.
 */
import { m } from '$lib/paraglide/messages';
import { ApiError } from './api';
import { toasts } from './toasts.svelte';

/** Per-call wording for statuses whose meaning depends on the request (e.g. 401 on login). */
export type StatusMessages = Partial<Record<number, () => string>>;

export function isAbort(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}

/** Sentences for the server's error codes (server/errors.ts), in the person's language. */
const CODES: Record<string, () => string> = {
	email_invalid: m.error_email_invalid,
	name_invalid: m.error_code_name_invalid,
	password_short: m.error_password_short,
	password_long: m.error_code_password_long,
	setup_done: m.setup_already_done,
	email_taken: m.error_code_email_taken,
	credentials_missing: m.error_code_credentials_missing,
	credentials_wrong: m.login_invalid,
	signed_out: m.error_session_ended,
	origin_refused: m.error_code_origin_refused,
	board_not_found: m.board_not_found,
	title_required: m.error_title_required,
	title_long: m.error_code_title_long,
	prefix_invalid: m.error_code_prefix_invalid,
	forbidden: m.error_forbidden,
	body_too_large: m.error_code_body_too_large,
	admin_only: m.error_code_admin_only,
	lead_only: m.error_code_lead_only,
	not_owner: m.error_code_not_owner,
	item_not_found: m.error_code_item_not_found,
	status_invalid: m.error_code_status_invalid,
	blocked_invalid: m.error_code_blocked_invalid,
	nothing_to_change: m.error_code_nothing_to_change,
	role_invalid: m.error_code_role_invalid,
	board_role_invalid: m.error_code_board_role_invalid,
	self_deactivate: m.error_code_self_deactivate,
	self_demote: m.error_code_self_demote,
	user_not_found: m.error_code_user_not_found,
	member_not_found: m.error_code_member_not_found,
	ttl_invalid: m.error_code_ttl_invalid,
	link_invalid: m.error_code_link_invalid,
	token_name_invalid: m.error_code_token_name_invalid,
	token_not_found: m.error_code_token_not_found,
	token_invalid: m.error_code_token_invalid,
	enabled_invalid: m.error_code_enabled_invalid,
	fields_invalid: m.error_code_fields_invalid,
	json_required: m.error_code_json_required,
	json_malformed: m.error_code_json_malformed,
	json_object: m.error_code_json_object,
	value_invalid: m.error_code_value_invalid,
	note_invalid: m.error_code_note_invalid,
	no_metric: m.error_code_no_metric,
	blocked_reason_invalid: m.plan_error_blocked_reason_invalid
};

/** The sentence to show for `error`, or null when there is nothing to tell (an abort). */
export function errorMessage(error: unknown, overrides: StatusMessages = {}): string | null {
	if (isAbort(error)) return null;
	if (!(error instanceof ApiError)) return m.error_unexpected();
	const override = overrides[error.status];
	if (override) return override();
	if (error.status === 429) {
		return error.retryAfter ? m.error_rate_limited_seconds({ seconds: error.retryAfter }) : m.error_rate_limited();
	}
	const byCode = error.code ? CODES[error.code] : undefined;
	if (byCode) return byCode();
	switch (error.status) {
		case 0:
			return m.error_network();
		case 401:
			return m.error_session_ended();
		case 403:
			return m.error_forbidden();
		case 404:
			return m.error_not_found();
	}
	if (error.status >= 500) return m.error_server({ status: error.status });
	// A refusal this client does not know yet: the server's own words beat a vague one.
	return error.serverMessage ?? m.error_unexpected();
}

/** Shows the error as a toast; use errorMessage() instead where a form shows it inline. */
export function handleError(error: unknown, overrides: StatusMessages = {}): void {
	const message = errorMessage(error, overrides);
	if (message !== null) toasts.show(message, { kind: 'error' });
	if (!(error instanceof ApiError) && !isAbort(error)) console.error(error);
}

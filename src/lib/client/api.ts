/**
 * JSON calls to the Planboard API from the browser. Every failure becomes an ApiError
 * carrying the status and the server's own message, so handle-error.ts can word it.
 */

export class ApiError extends Error {
	constructor(
		/** HTTP status; 0 when the request never got an answer (offline, DNS, CORS). */
		readonly status: number,
		/** The `error` (or `message`) field of the server's JSON body, if any. */
		readonly serverMessage: string | null,
		/** The server's stable error code (`title_required`, `credentials_wrong`…), if any. */
		readonly code: string | null = null,
		/** Seconds from a Retry-After header, if the server sent one. */
		readonly retryAfter: number | null = null
	) {
		super(serverMessage ?? `HTTP ${status}`);
		this.name = 'ApiError';
	}
}

export interface ApiOptions {
	method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	body?: unknown;
	signal?: AbortSignal;
}

/** The server answers refusals as `{ error: "English sentence", code: "stable_code" }`. */
async function readRefusal(response: Response): Promise<{ message: string | null; code: string | null }> {
	try {
		const body: unknown = await response.json();
		if (body && typeof body === 'object') {
			const record = body as Record<string, unknown>;
			const text = (key: string) => (typeof record[key] === 'string' && record[key] ? (record[key] as string) : null);
			return { message: text('error') ?? text('message'), code: text('code') };
		}
	} catch {
		// Not JSON (a proxy's HTML error page, an empty body): the status alone must do.
	}
	return { message: null, code: null };
}

function retryAfterSeconds(response: Response): number | null {
	const header = response.headers.get('retry-after');
	if (!header) return null;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
	const date = Date.parse(header);
	return Number.isNaN(date) ? null : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

export async function api<T = unknown>(path: string, options: ApiOptions = {}): Promise<T> {
	const { method = 'GET', body, signal } = options;
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			signal,
			credentials: 'same-origin',
			headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (error) {
		if (error instanceof DOMException && error.name === 'AbortError') throw error;
		throw new ApiError(0, null);
	}
	if (!response.ok) {
		const refusal = await readRefusal(response);
		throw new ApiError(response.status, refusal.message, refusal.code, retryAfterSeconds(response));
	}
	if (response.status === 204) return undefined as T;
	const text = await response.text();
	return (text ? JSON.parse(text) : undefined) as T;
}

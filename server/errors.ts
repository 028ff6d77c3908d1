/**
 * A refusal the person should see: an HTTP status, a stable code the UI translates,
 * and an English message for scripts and logs. Thrown anywhere, answered in server/app.ts.
 */
export class AppError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
		readonly code: string,
		message: string,
		readonly retryAfterSeconds?: number
	) {
		super(message);
	}
}

export const invalid = (code: string, message: string) => new AppError(400, code, message);

/** Reads a JSON object body, or refuses with a message that says what was wrong. */
import type { Context } from 'hono';
import { AppError, invalid } from '../errors';

export async function readJson(c: Context): Promise<Record<string, unknown>> {
	const type = c.req.header('content-type') ?? '';
	if (!type.toLowerCase().startsWith('application/json'))
		throw new AppError(415, 'json_required', 'Send a JSON body (Content-Type: application/json)');
	let body: unknown;
	try {
		body = await c.req.json();
	} catch {
		throw invalid('json_malformed', 'The body is not valid JSON');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('json_object', 'Send a JSON object');
	return body as Record<string, unknown>;
}

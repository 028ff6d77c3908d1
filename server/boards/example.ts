/**
 * POST /api/boards/example: a full example plan for newcomers (src/lib/board/example-plan.ts),
 * made by an administrator in the language of their UI.
 *
 * The plan's dozen responsible people are real accounts, since owners are user ids. They are
 * made once per organisation and found again by their `@example.invalid` emails, and they
 * are deactivated with no password: they can be seen and assigned on boards, never sign in.
 * Their names follow the language of the latest example, so a Chinese plan has Chinese names.
 */
import { eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { assignNumbers, DEFAULT_TIMEZONE, todayIn } from '../../src/lib/board/index';
import {
	buildExamplePlan,
	EXAMPLE_LOCALES,
	EXAMPLE_PEOPLE,
	exampleBoardTitle,
	examplePersonName,
	examplePrefix,
	isExampleLocale,
	type ExampleLocale,
	type ExamplePerson
} from '../../src/lib/board/example-plan';
import { pickColor, type User } from '../auth/user';
import { boardMembers, users } from '../db/schema';
import { AppError, invalid } from '../errors';
import type { Services } from '../services';
import type { BoardSummary } from './service';

/**
 * Stands where a password hash would be. It is not an argon2 hash, so verifying any password
 * against it fails; the accounts are deactivated as well.
 */
const NO_PASSWORD = '!example-account-cannot-sign-in';

type ExampleDeps = Pick<Services, 'database' | 'boards' | 'sync'>;

export async function createExampleBoard(deps: ExampleDeps, user: User, input: { locale: unknown }): Promise<BoardSummary> {
	// Checked before anything is written, so a refused request leaves no example people behind.
	if (user.role !== 'admin') throw new AppError(403, 'forbidden', 'Only administrators create boards, example plans included');
	const locale = input.locale ?? 'en';
	if (!isExampleLocale(locale)) throw invalid('locale_invalid', `locale must be one of: ${EXAMPLE_LOCALES.join(', ')}`);

	const people = await examplePeople(deps, locale);
	const today = todayIn(DEFAULT_TIMEZONE);
	const board = await deps.boards.create(user, { title: exampleBoardTitle(locale, today), prefix: examplePrefix(locale) });
	const { db } = deps.database;
	await db
		.insert(boardMembers)
		.values(Object.values(people).map((userId) => ({ boardId: board.id, userId, role: 'member' as const })))
		.onConflictDoNothing();

	// Numbers are reserved up front and given in the plan's order (a target before its
	// stages), in the same change that writes the items: the board never shows an unnumbered
	// item, and the room's numberer finds nothing left to do.
	const plan = { locale, today, people, createdBy: user.id };
	const count = buildExamplePlan(new Y.Doc(), plan).itemIds.length;
	const numbers = await deps.boards.allocateNumbers(board.id, count);
	await deps.sync.change(board.id, (doc) => {
		const { itemIds } = buildExamplePlan(doc, plan);
		assignNumbers(doc, new Map(itemIds.map((id, i) => [id, numbers[i]])));
	});
	return board;
}

/** The example people's user ids, making the accounts the first time, named in `locale`. */
async function examplePeople({ database: { db } }: ExampleDeps, locale: ExampleLocale): Promise<Record<ExamplePerson, string>> {
	const keys = Object.keys(EXAMPLE_PEOPLE) as ExamplePerson[];
	const emails = keys.map((key) => EXAMPLE_PEOPLE[key].email);
	const find = () => db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.email, emails));
	let found = await find();
	if (found.length < keys.length) {
		const have = new Set(found.map((row) => row.email));
		const deactivatedAt = new Date().toISOString();
		const rows = keys
			.filter((key) => !have.has(EXAMPLE_PEOPLE[key].email))
			.map((key) => {
				const id = crypto.randomUUID();
				const name = examplePersonName(key, locale);
				return { id, email: EXAMPLE_PEOPLE[key].email, name, passwordHash: NO_PASSWORD, role: 'member' as const, color: pickColor(id), deactivatedAt };
			});
		// Two administrators making examples at once: the email is unique, the second insert is skipped.
		await db.insert(users).values(rows).onConflictDoNothing({ target: users.email });
		found = await find();
	}
	const renames = keys.flatMap((key) => {
		const row = found.find((r) => r.email === EXAMPLE_PEOPLE[key].email);
		const name = examplePersonName(key, locale);
		return row && row.name !== name ? [db.update(users).set({ name }).where(eq(users.id, row.id))] : [];
	});
	const [first, ...rest] = renames;
	if (first) await db.batch([first, ...rest]);
	const byEmail = new Map(found.map((row) => [row.email, row.id]));
	return Object.fromEntries(keys.map((key) => [key, byEmail.get(EXAMPLE_PEOPLE[key].email)!])) as Record<ExamplePerson, string>;
}

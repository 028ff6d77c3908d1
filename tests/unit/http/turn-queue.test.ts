import { expect, it } from 'vitest';
import { TurnQueue } from '../../../server/http/turn-queue';
import { loopTurns } from '../loop-turns';

it('lets callers in one per turn of the event loop, in the order they asked', async () => {
	const queue = new TurnQueue(1);
	const loop = loopTurns();
	const seen: Array<[number, number]> = [];
	await Promise.all([1, 2, 3, 4].map((n) => queue.turn().then(() => seen.push([n, loop.now()]))));
	loop.stop();
	expect(seen.map(([n]) => n)).toEqual([1, 2, 3, 4]);
	const turns = seen.map(([, turn]) => turn);
	expect(new Set(turns).size).toBe(4);
});

it('lets several in per turn when asked to', async () => {
	const queue = new TurnQueue(2);
	const loop = loopTurns();
	const turns: number[] = [];
	await Promise.all([1, 2, 3, 4].map(() => queue.turn().then(() => turns.push(loop.now()))));
	loop.stop();
	expect(turns[0]).toBe(turns[1]);
	expect(turns[2]).toBe(turns[3]);
	expect(turns[2]).toBeGreaterThan(turns[1]);
});

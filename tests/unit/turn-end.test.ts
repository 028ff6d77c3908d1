import { expect, it } from 'vitest';
import { atTurnEnd } from '../../server/turn-end';
import { loopTurns } from './loop-turns';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

it('runs the work once at the end of the turn, however often it was asked for', async () => {
	let runs = 0;
	const later = atTurnEnd(() => runs++);
	later();
	later();
	later();
	expect(runs).toBe(0);
	await nextTurn();
	expect(runs).toBe(1);
	later();
	await nextTurn();
	expect(runs).toBe(2);
});

it('asked for again from inside the work, runs once more in a later turn', async () => {
	const loop = loopTurns();
	const turns: number[] = [];
	const later = atTurnEnd(() => {
		turns.push(loop.now());
		if (turns.length < 3) later();
	});
	later();
	while (turns.length < 3) await nextTurn();
	loop.stop();
	expect(new Set(turns).size).toBe(3);
});

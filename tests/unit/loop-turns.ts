/** Counts turns of the event loop with a chain of immediates, as other rooms' I/O would take them. */
export function loopTurns(): { now(): number; stop(): void } {
	let turns = 0;
	let running = true;
	const tick = () => {
		turns++;
		if (running) setImmediate(tick);
	};
	setImmediate(tick);
	return { now: () => turns, stop: () => (running = false) };
}

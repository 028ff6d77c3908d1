/**
 * `atTurnEnd(work)` gives a function that runs `work` once at the end of this turn of the
 * event loop, however often it is called before then: setImmediate runs after the loop's
 * I/O callbacks, so whatever else arrived in this turn is handled first and joins the work.
 * Called again from inside `work`, it runs `work` once more in the next turn.
 */
export function atTurnEnd(work: () => void): () => void {
	let scheduled = false;
	const run = () => {
		scheduled = false;
		work();
	};
	return () => {
		if (scheduled) return;
		scheduled = true;
		setImmediate(run);
	};
}

/**
 * Whether the page's scripts have taken over. Until then a form handled in the browser
 * would be submitted natively: a GET of the form's own address, with what was typed — a
 * password included — in the query string. Sign-in and the other password forms keep their
 * submit button disabled until this is true (and tests' clicks wait for it).
 */
import { onMount } from 'svelte';

export function hydrated(): { readonly current: boolean } {
	let current = $state(false);
	onMount(() => {
		current = true;
	});
	return {
		get current() {
			return current;
		}
	};
}

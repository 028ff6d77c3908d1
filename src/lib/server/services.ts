/**
 * The SvelteKit side's handle on the one set of services the Node process created
 * (server/main.ts or the dev plugin). Type-only imports keep server code out of the bundle.
 */
import type { Services } from '../../../server/services';

const KEY = Symbol.for('planboard.services');

export function setServices(services: Services | undefined): void {
	(globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function currentServices(): Services | undefined {
	return (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
}

export function getServices(): Services {
	const services = currentServices();
	if (!services) throw new Error('Planboard services are not running in this process');
	return services;
}

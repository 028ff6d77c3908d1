/** Where the sync server reports what it refused or failed to do (console by default). */
export interface Logger {
	warn(message: string, ...details: unknown[]): void;
	error(message: string, ...details: unknown[]): void;
}

export const consoleLogger: Logger = {
	warn: (message, ...details) => console.warn(message, ...details),
	error: (message, ...details) => console.error(message, ...details)
};

import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{ test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					// Each file starts real servers; two cores are best spent one file at a time.
					fileParallelism: false,
					testTimeout: 30_000,
					hookTimeout: 30_000
				}
			}
		]
	}
});

import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.{ts,tsx}'],
		// Child-process tests spawn the built CLI; give a 2-core CI machine room.
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});

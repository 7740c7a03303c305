import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.{ts,tsx}'],
		// Child-process tests spawn the built CLI; give a 2-core CI machine room.
		testTimeout: 30_000,
		// Most of the suite's time is spent waiting on child processes (the built CLI, kill storms),
		// not on the CPU: three workers on a 2-core machine take 98 s where vitest's default of one
		// worker per spare core took 161 s.
		maxWorkers: 3,
		// Each test file re-importing the app's modules in a fresh context cost more CPU than the
		// tests themselves on a 2-core machine (vitest's "import" 43 s); the files share no state
		// that outlives them (each test makes its own temp folder, store and clock), so a worker
		// keeps its modules between files: 153 s → 105 s for the same 690 tests.
		isolate: false,
		hookTimeout: 30_000,
		// The run's own temp folder, which must be empty at the end (tests/setup/temp-root.ts).
		globalSetup: ['tests/setup/temp-root.ts'],
		setupFiles: ['tests/setup/remove-temp-dirs.ts'],
	},
});

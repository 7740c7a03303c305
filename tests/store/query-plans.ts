import type {Store} from '../../src/store/database.js';

/**
SQLite's plan of each statement `work` prepares on `store` with an INDEXED BY, with the index it
names: what a test pins when a query must stay on the index a migration made for it.
*/
export function plansByIndex(store: Store, work: () => void): Array<[string, string]> {
	const plans: Array<[string, string]> = [];
	const prepare = store.db.prepare.bind(store.db);
	store.db.prepare = ((sql: string) => {
		const index = /INDEXED BY (\w+)/.exec(sql)?.[1];
		if (index && !sql.startsWith('EXPLAIN')) {
			// Stand-in values for the statement's parameters, named or not: a plan needs them bound.
			const named = Object.fromEntries(Array.from(sql.matchAll(/@(\w+)/g), ([, name]) => [name, 0]));
			const positional = Array.from(sql.matchAll(/\?/g), () => 0);
			const explain = prepare(`EXPLAIN QUERY PLAN ${sql}`);
			const rows = (Object.keys(named).length > 0 ? explain.all(named) : explain.all(...positional)) as Array<{detail: string}>;
			plans.push([index, rows.map((row) => row.detail).join('; ')]);
		}
		return prepare(sql);
	}) as typeof store.db.prepare;
	try {
		work();
	} finally {
		store.db.prepare = prepare;
	}
	return plans;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short interval for grade buttons and summaries, as Anki writes them: `10m`, `5h`, `3d`, `2.5mo`, `1.2y`. */
export function formatInterval(milliseconds: number): string {
	const ms = Math.max(0, milliseconds);
	if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
	if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
	const days = ms / DAY;
	if (days < 30) return `${Math.round(days)}d`;
	if (days < 365) return `${trim(days / 30)}mo`;
	return `${trim(days / 365)}y`;
}

function trim(value: number): string {
	return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}

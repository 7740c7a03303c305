// @joplin/turndown-plugin-gfm ships no types: the parts fluency uses, as its README documents them.
declare module '@joplin/turndown-plugin-gfm' {
	import type TurndownService from 'turndown';

	/** Turns HTML tables into GitHub-flavoured Markdown tables (a headerless table gets an empty header row). */
	export const tables: TurndownService.Plugin;
	export const gfm: TurndownService.Plugin;
}

/*
Ink lays out with Yoga, which is WebAssembly built by Emscripten. On load, Emscripten's loader
sees a global `fetch` and fetches the module's own `data:` URL through it; in Node that first
touch of `fetch` loads undici, the whole HTTP client, to decode a string it could decode itself.
That cost a quarter of the review's cold start (about 45 ms of 350). With `fetch` hidden while
the screen's code loads, the loader decodes the bytes directly; `fetch` is put back afterwards.
*/

/** Load a module that brings in Ink, without Emscripten's detour through `fetch`. */
export async function importScreen<Module>(load: () => Promise<Module>): Promise<Module> {
	// The descriptor, not the value: reading globalThis.fetch would itself load undici.
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}

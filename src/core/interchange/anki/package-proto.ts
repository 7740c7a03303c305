/*
The protobuf messages an Anki package carries, encoded by hand: a few messages with a few fields
each do not need a protobuf library. Field numbers are those of Anki's proto/anki/*.proto
(import_export, notetypes, decks, deck_config). proto3 leaves a field at its default value out,
and so does this encoder; repeated numbers are packed, as proto3 does by default.
*/

type Field = {readonly number: number; readonly bytes: Uint8Array};

const encoder = new TextEncoder();

function varint(value: number | bigint): number[] {
	let rest = BigInt.asUintN(64, BigInt(value));
	const bytes: number[] = [];
	do {
		let byte = Number(rest & 0x7fn);
		rest >>= 7n;
		if (rest !== 0n) byte |= 0x80;
		bytes.push(byte);
	} while (rest !== 0n);
	return bytes;
}

const key = (number: number, wireType: number) => varint(number * 8 + wireType);

/** An integer, enum or bool field (wire type 0); left out when zero. */
function intField(number: number, value: number | bigint | boolean): Field[] {
	const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : value;
	if (numeric === 0 || numeric === 0n) return [];
	return [{number, bytes: Uint8Array.from([...key(number, 0), ...varint(numeric)])}];
}

/** A length-delimited field: bytes, a string or an embedded message; left out when empty unless kept. */
function bytesField(number: number, value: Uint8Array | string, keepEmpty = false): Field[] {
	const bytes = typeof value === 'string' ? encoder.encode(value) : value;
	if (bytes.length === 0 && !keepEmpty) return [];
	return [{number, bytes: concat([Uint8Array.from([...key(number, 2), ...varint(bytes.length)]), bytes])}];
}

/** A packed repeated float field (proto3's default for repeated scalars). */
function floatsField(number: number, values: readonly number[]): Field[] {
	if (values.length === 0) return [];
	const data = new Uint8Array(values.length * 4);
	const view = new DataView(data.buffer);
	values.forEach((value, index) => view.setFloat32(index * 4, value, true));
	return bytesField(number, data);
}

/** A single float field (wire type 5); left out when zero. */
function floatField(number: number, value: number): Field[] {
	if (value === 0) return [];
	const data = new Uint8Array(4);
	new DataView(data.buffer).setFloat32(0, value, true);
	return [{number, bytes: concat([Uint8Array.from(key(number, 5)), data])}];
}

function message(...fields: ReadonlyArray<readonly Field[]>): Uint8Array {
	return concat(fields.flat().map((field) => field.bytes));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** import_export.proto PackageMetadata: version 3 (LATEST) means collection.anki21b, zstd, protobuf media list. */
const PACKAGE_VERSION_LATEST = 3;
export function packageMetadata(version = PACKAGE_VERSION_LATEST): Uint8Array {
	return message(intField(1, version));
}

/** import_export.proto MediaEntries { repeated MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; } }: the list index is the zip entry's name. */
export function mediaEntries(entries: ReadonlyArray<{readonly name: string; readonly size: number; readonly sha1: Uint8Array}>): Uint8Array {
	return message(...entries.map((entry) => bytesField(1, message(bytesField(1, entry.name), intField(2, entry.size), bytesField(3, entry.sha1)), true)));
}

/** notetypes.proto Notetype.Config: kind (0 normal, 1 cloze), sort field, css, LaTeX pre/post, card requirements, original stock kind. */
export function notetypeConfig(config: {
	readonly cloze: boolean;
	readonly css: string;
	readonly latexPre: string;
	readonly latexPost: string;
	/** Per template: the fields that must be non-empty for its card to exist (kind 1 = any). */
	readonly requirements: ReadonlyArray<{readonly ordinal: number; readonly fields: readonly number[]}>;
	readonly originalStockKind: number;
}): Uint8Array {
	return message(
		intField(1, config.cloze ? 1 : 0),
		bytesField(3, config.css),
		bytesField(5, config.latexPre),
		bytesField(6, config.latexPost),
		// Each requirement is kind ANY (1) over its fields, as Anki computes for these stock templates.
		...config.requirements.map((requirement) => bytesField(8, message(intField(1, requirement.ordinal), intField(2, 1), bytesField(3, Uint8Array.from(requirement.fields.flatMap((field) => varint(field))))), true)),
		intField(9, config.originalStockKind),
	);
}

/** notetypes.proto Notetype.Field.Config: the editor font, as Anki's stock fields have it. */
export function fieldConfig(fontName = 'Arial', fontSize = 20): Uint8Array {
	return message(bytesField(3, fontName), intField(4, fontSize));
}

/** notetypes.proto Notetype.Template.Config: q_format = 1, a_format = 2. */
export function templateConfig(questionFormat: string, answerFormat: string): Uint8Array {
	return message(bytesField(1, questionFormat), bytesField(2, answerFormat));
}

/** decks.proto Deck.Common: nothing studied today, expanded (all defaults). */
export function deckCommon(): Uint8Array {
	return message();
}

/** decks.proto Deck.KindContainer { Normal normal = 1 { int64 config_id = 1; string description = 4; } }. */
export function normalDeckKind(configId: number, description: string): Uint8Array {
	return message(bytesField(1, message(intField(1, configId), bytesField(4, description)), true));
}

/** deck_config.proto DeckConfig.Config, with Anki's defaults for a new preset and the FSRS settings fluency uses. */
export function deckConfig(settings: {
	readonly learnSteps: readonly number[];
	readonly relearnSteps: readonly number[];
	readonly desiredRetention: number;
	readonly maximumInterval: number;
	readonly fsrsWeights: readonly number[];
}): Uint8Array {
	return message(
		floatsField(1, settings.learnSteps),
		floatsField(2, settings.relearnSteps),
		intField(9, 20), // new_per_day
		intField(10, 200), // reviews_per_day
		floatField(11, 2.5), // initial_ease
		floatField(12, 1.3), // easy_multiplier
		floatField(13, 1.2), // hard_multiplier
		floatField(15, 1), // interval_multiplier
		intField(16, settings.maximumInterval),
		intField(17, 1), // minimum_lapse_interval
		intField(18, 1), // graduating_interval_good
		intField(19, 4), // graduating_interval_easy
		intField(22, 8), // leech_threshold
		intField(24, 60), // cap_answer_time_to_secs
		floatField(37, settings.desiredRetention),
		floatField(40, 0.9), // sm2_retention
		// fsrs_params_6 (FSRS-6, 21 numbers) or fsrs_params_5 (19); Anki reads the newest it finds.
		floatsField(settings.fsrsWeights.length >= 21 ? 6 : 5, settings.fsrsWeights),
	);
}

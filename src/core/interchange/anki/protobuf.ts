/*
Just enough protobuf to read the few fields fluency needs from Anki's schema-18 blobs (a
notetype's kind, a template's question format, the package version, media names). Unknown
fields are skipped, as protobuf readers must.
*/

export type ProtoValue = number | Uint8Array;

/** Every field of a message, by number; repeated fields keep their order. Throws on malformed input. */
export function readMessage(bytes: Uint8Array): Map<number, ProtoValue[]> {
	const fields = new Map<number, ProtoValue[]>();
	let offset = 0;
	const varint = (): number => {
		let result = 0;
		let multiplier = 1;
		for (let shift = 0; shift < 64; shift += 7) {
			if (offset >= bytes.length) throw new Error('protobuf: truncated varint');
			const byte = bytes[offset++]!;
			result += (byte & 0x7f) * multiplier;
			if ((byte & 0x80) === 0) return result;
			multiplier *= 128;
		}
		throw new Error('protobuf: varint too long');
	};
	while (offset < bytes.length) {
		const key = varint();
		const field = Math.floor(key / 8);
		const wireType = key % 8;
		let value: ProtoValue;
		if (wireType === 0) value = varint();
		else if (wireType === 2) {
			const length = varint();
			if (offset + length > bytes.length) throw new Error('protobuf: truncated field');
			value = bytes.subarray(offset, offset + length);
			offset += length;
		} else if (wireType === 1) {
			offset += 8;
			continue;
		} else if (wireType === 5) {
			offset += 4;
			continue;
		} else throw new Error(`protobuf: unsupported wire type ${wireType}`);
		const list = fields.get(field) ?? [];
		list.push(value);
		fields.set(field, list);
	}
	return fields;
}

export function numberField(fields: Map<number, ProtoValue[]>, field: number): number | undefined {
	const value = fields.get(field)?.[0];
	return typeof value === 'number' ? value : undefined;
}

export function textField(fields: Map<number, ProtoValue[]>, field: number): string | undefined {
	const value = fields.get(field)?.[0];
	return value instanceof Uint8Array ? new TextDecoder().decode(value) : undefined;
}

import matter from 'gray-matter';
import yaml from 'js-yaml';
import {error, type Problem} from '../problem.js';
import type {Lines} from './text-lines.js';

export type FrontMatter = {
	/** Every key as written, including the ones fluency does not know. */
	readonly data: Readonly<Record<string, unknown>>;
	/** 0-based index of the first body line in the file's lines. */
	readonly bodyStartIndex: number;
	readonly problems: readonly Problem[];
	/** Opened and never closed: text added to the file could still close it. */
	readonly unclosed?: true;
};

const FENCE = /^---\s*$/;
// `---` or `---lang`: gray-matter reads a language name after the opening fence.
const OPENING_FENCE = /^---([A-Za-z]+)?\s*$/;
const MAX_FRONT_MATTER_CHARACTERS = 64 * 1024;
// A YAML alias bomb is small as text and huge as data; counting nodes bounds the work.
const MAX_NODES = 10_000;
const MAX_DEPTH = 32;

function refuseCode(): never {
	throw new Error('front matter must be YAML; a front matter that runs code is not accepted');
}

const options = {
	language: 'yaml',
	engines: {
		// CORE_SCHEMA: plain YAML scalars only, no timestamps, binary or merge keys.
		yaml: (source: string) => yaml.load(source, {schema: yaml.CORE_SCHEMA}) as object,
		javascript: refuseCode,
		coffee: refuseCode,
		json: refuseCode,
	},
};

/**
Split a deck file's lines into front matter and body. Never throws: a broken front matter is a
problem, and the body still loads.
*/
export function readFrontMatter(file: string, lines: Lines): FrontMatter {
	const opening = lines.at(0);
	if (opening === undefined || !OPENING_FENCE.test(opening)) {
		return {data: {}, bodyStartIndex: 0, problems: []};
	}
	let closingIndex = 1;
	while (closingIndex < lines.length && !FENCE.test(lines.at(closingIndex)!)) closingIndex++;
	if (closingIndex === lines.length) {
		// gray-matter would swallow the whole file as YAML here; keep the cards instead.
		return {data: {}, bodyStartIndex: 1, problems: [error(file, 1, 'front matter is never closed (add a line with --- after it)')], unclosed: true};
	}
	const source = Array.from({length: closingIndex + 1}, (_, index) => lines.at(index)!).join('\n');
	const bodyStartIndex = closingIndex + 1;
	if (source.length > MAX_FRONT_MATTER_CHARACTERS) {
		return {data: {}, bodyStartIndex, problems: [error(file, 1, `front matter is larger than ${MAX_FRONT_MATTER_CHARACTERS / 1024} KiB`)]};
	}
	let data: unknown;
	try {
		data = matter(`${source}\n`, options).data;
	} catch (thrown) {
		return {data: {}, bodyStartIndex, problems: [yamlProblem(file, thrown)]};
	}
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		return {data: {}, bodyStartIndex, problems: [error(file, 1, 'front matter must be a set of `key: value` lines')]};
	}
	if (!isSmallEnough(data)) {
		return {data: {}, bodyStartIndex, problems: [error(file, 1, 'front matter is too large or too deeply nested (a YAML alias bomb?)')]};
	}
	return {data: data as Record<string, unknown>, bodyStartIndex, problems: []};
}

function yamlProblem(file: string, thrown: unknown): Problem {
	if (thrown instanceof yaml.YAMLException) {
		// gray-matter hands js-yaml the text after the opening fence, starting with its newline,
		// so js-yaml's 0-based line is the file's 1-based line.
		const line = (thrown.mark?.line ?? 0) + 1;
		return error(file, line, `front matter is not valid YAML: ${thrown.reason}`);
	}
	const message = thrown instanceof Error ? thrown.message : String(thrown);
	if (message.includes('engine') && message.includes('is not registered')) {
		return error(file, 1, 'front matter must be YAML; only a plain --- fence is accepted');
	}
	return error(file, 1, message);
}

function isSmallEnough(root: unknown): boolean {
	let nodes = 0;
	const visit = (value: unknown, depth: number): boolean => {
		nodes++;
		if (nodes > MAX_NODES || depth > MAX_DEPTH) return false;
		if (value === null || typeof value !== 'object') return true;
		const children = Array.isArray(value) ? value : Object.values(value);
		return children.every((child) => visit(child, depth + 1));
	};
	return visit(root, 0);
}

/*
The add-card form as a state machine: one key in, the next state out, plus the note to save when
that key finishes a card. Every key goes through this one function in the order it was typed, so a
Tab followed at once by a letter always puts the letter in the field Tab moved to (two inputs each
with its own key handler raced for it).
*/
import type {CardKind} from '../../core/decks/card.js';
import type {NoteToWrite} from '../../core/decks/deck-writer.js';

type TextField = 'question' | 'answer' | 'extra' | 'tags';
export type Field = 'kind' | TextField;

export const KINDS: readonly CardKind[] = ['basic', 'reversed', 'cloze'];

export type FormState = {
	readonly kind: CardKind;
	readonly values: Readonly<Record<TextField, string>>;
	/** Where typing goes in each field, as an index into its text. */
	readonly cursors: Readonly<Record<TextField, number>>;
	readonly focus: Field;
};

/** The parts of Ink's key report the form reads. */
export type KeyPress = {
	readonly tab?: boolean;
	readonly shift?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly return?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly ctrl?: boolean;
	readonly meta?: boolean;
	readonly escape?: boolean;
};

export const EMPTY_FORM: FormState = {
	kind: 'basic',
	values: {question: '', answer: '', extra: '', tags: ''},
	cursors: {question: 0, answer: 0, extra: 0, tags: 0},
	focus: 'question',
};

export function fieldsOf(kind: CardKind): readonly Field[] {
	return kind === 'cloze' ? ['kind', 'question', 'extra', 'tags'] : ['kind', 'question', 'answer', 'extra', 'tags'];
}

/** The note the form holds now, as it would be written. */
export function noteOf(state: FormState): NoteToWrite {
	return {
		kind: state.kind,
		question: state.values.question.trim(),
		answer: state.kind === 'cloze' ? '' : state.values.answer.trim(),
		extra: state.values.extra.trim(),
		tags: state.values.tags.split(/[\s,]+/).filter(Boolean),
	};
}

/** After a card is added: an empty card of the same kind with the same tags, ready for the next. */
export function nextCard(state: FormState): FormState {
	return {
		kind: state.kind,
		values: {question: '', answer: '', extra: '', tags: state.values.tags},
		cursors: {question: 0, answer: 0, extra: 0, tags: state.values.tags.length},
		focus: 'question',
	};
}

export type Step = {readonly state: FormState; readonly save?: NoteToWrite};

export function formStep(state: FormState, input: string, key: KeyPress): Step {
	const fields = fieldsOf(state.kind);
	const moved = (step: number): FormState => ({...state, focus: fields[(fields.indexOf(state.focus) + step + fields.length) % fields.length]!});
	const advance = (next: FormState): Step => (next.focus === fields.at(-1) ? {state: next, save: noteOf(next)} : {state: {...next, focus: fields[fields.indexOf(next.focus) + 1]!}});

	if (key.tab || key.downArrow) return {state: moved(key.shift ? -1 : 1)};
	if (key.upArrow) return {state: moved(-1)};
	if (state.focus === 'kind') {
		if (key.leftArrow || key.rightArrow || input === ' ') {
			const kind = KINDS[(KINDS.indexOf(state.kind) + (key.leftArrow ? -1 : 1) + KINDS.length) % KINDS.length]!;
			return {state: {...state, kind}};
		}
		return key.return ? {state: moved(1)} : {state};
	}

	const field = state.focus;
	const text = state.values[field];
	const cursor = Math.min(state.cursors[field], text.length);
	const edited = (value: string, at: number): FormState => ({...state, values: {...state.values, [field]: value}, cursors: {...state.cursors, [field]: at}});
	if (key.return) return advance(state);
	if (key.leftArrow) return {state: edited(text, Math.max(0, cursor - 1))};
	if (key.rightArrow) return {state: edited(text, Math.min(text.length, cursor + 1))};
	if (key.backspace || key.delete) return cursor === 0 ? {state} : {state: edited(text.slice(0, cursor - 1) + text.slice(cursor), cursor - 1)};
	if (key.ctrl || key.meta || input === '') return {state};
	// A paste arrives as one chunk with its line breaks inside: a break at its end ends the field as
	// Enter would, and one inside becomes a space, since a field is one line.
	const ended = /[\r\n]$/.test(input);
	const typed = input.replace(/[\r\n]+$/, '').replace(/\r\n?|\n/g, ' ');
	const next = edited(text.slice(0, cursor) + typed + text.slice(cursor), cursor + typed.length);
	return ended ? advance(next) : {state: next};
}

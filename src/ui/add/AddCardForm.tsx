import {Box, Text, useApp, useInput} from 'ink';
import {useMemo, useRef, useState} from 'react';
import type {CardKind} from '../../core/decks/card.js';
import {formatNote, type NoteToWrite} from '../../core/decks/deck-writer.js';
import {parseDeck} from '../../core/decks/parse-deck.js';
import {cardLines} from '../review/card-lines.js';
import {EMPTY_FORM, type Field, fieldsOf, type FormState, formStep, KINDS, nextCard, noteOf} from './form-state.js';

const HINTS: Readonly<Record<CardKind, string>> = {
	basic: 'a question and its answer',
	reversed: 'a term and its meaning, studied both ways',
	cloze: 'text with {{c1::hidden words}} to recall',
};

function labelOf(field: Field, kind: CardKind): string {
	if (field === 'question') return kind === 'cloze' ? 'Cloze' : kind === 'reversed' ? 'Front' : 'Question';
	if (field === 'answer') return kind === 'reversed' ? 'Back' : 'Answer';
	return {kind: 'Type', extra: 'Note', tags: 'Tags'}[field];
}

type Props = {
	readonly deck: string;
	/** Append the note; returns an error message when it cannot be added. */
	readonly onSave: (note: NoteToWrite) => string | undefined;
	/** Width to draw the preview at. */
	readonly width?: number;
};

/**
Cards typed into the terminal, one after another: one line per field, Tab moves, Enter on the last
field adds the card and clears the form for the next; Esc leaves, asking first when that would
lose a card typed but not added. Below, the card as the review
will draw it, or what is wrong with it.
*/
export function AddCardForm({deck, onSave, width = 80}: Props) {
	const {exit} = useApp();
	// The form's state lives in a ref so that each key sees what the key before it did, even when
	// both arrive before React draws again; `drawn` only asks for the redraw.
	const form = useRef<FormState>(EMPTY_FORM);
	const [, setDrawn] = useState(0);
	const [message, setMessage] = useState<{text: string; error: boolean} | undefined>();
	const [added, setAdded] = useState(0);
	// Set by an Esc that would lose a draft: a second one leaves, any other key goes back to writing.
	const leaving = useRef(false);

	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) {
			if (leaving.current || !hasDraft(form.current)) return exit();
			leaving.current = true;
			setMessage({text: 'This card is not added yet. Esc again leaves without it; any other key goes back to it.', error: true});
			return;
		}
		if (leaving.current) {
			leaving.current = false;
			setMessage(undefined);
		}
		const step = formStep(form.current, input, key);
		form.current = step.state;
		if (step.save) {
			const problem = onSave(step.save);
			if (problem) setMessage({text: problem, error: true});
			else {
				form.current = nextCard(step.state);
				setAdded((count) => count + 1);
				setMessage({text: `Added. Write the next card, or Esc to leave.`, error: false});
			}
		}
		setDrawn((count) => count + 1);
	});

	const state = form.current;
	const preview = useMemo(() => previewOf(noteOf(state), Math.max(20, Math.min(width, 80) - 2)), [state, width]);
	return (
		<Box flexDirection="column">
			<Text bold>
				Add cards to {deck}
				{added > 0 ? <Text dimColor>{` · ${added} added`}</Text> : null}
			</Text>
			{fieldsOf(state.kind).map((field) => (
				<Box key={field}>
					<Text color={state.focus === field ? 'cyan' : undefined}>{`${state.focus === field ? '›' : ' '} ${labelOf(field, state.kind).padEnd(9)}`}</Text>
					{field === 'kind' ? (
						<Text>
							{KINDS.map((option) => (option === state.kind ? `[${option}]` : ` ${option} `)).join(' ')} <Text dimColor>{HINTS[state.kind]}</Text>
						</Text>
					) : (
						<FieldText value={state.values[field]} cursor={state.cursors[field]} focused={state.focus === field} optional={field === 'extra' || field === 'tags'} />
					)}
				</Box>
			))}
			<Text dimColor>tab/↓ next · ↑ back · ←/→ change type · enter on the last field adds · esc leaves · --editor for multi-line</Text>
			{message ? <Text color={message.error ? 'red' : 'green'}>{message.text}</Text> : null}
			{preview.length > 0 ? (
				<Box flexDirection="column" marginTop={1} borderStyle="round" borderDimColor paddingX={1}>
					{preview.map((line, index) => (
						<Text key={index}>{line === '' ? ' ' : line}</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}

/** Text that leaving now would lose; tags carried over from the card before are not a draft. */
const hasDraft = (state: FormState) => [state.values.question, state.values.answer, state.values.extra].some((value) => value.trim() !== '');

function FieldText({value, cursor, focused, optional}: {value: string; cursor: number; focused: boolean; optional: boolean}) {
	if (value === '' && !focused) return <Text dimColor>{optional ? 'optional' : ''}</Text>;
	if (!focused) return <Text>{value}</Text>;
	const at = Math.min(cursor, value.length);
	return (
		<Text>
			{value.slice(0, at)}
			<Text inverse>{value[at] ?? ' '}</Text>
			{value.slice(at + 1)}
		</Text>
	);
}

/** The note's first card as `fluency show` draws it (front, then the answer as the review reveals it), or the parser's complaint without a line number (the card has none yet). */
function previewOf(note: NoteToWrite, width: number): string[] {
	// Nothing to show, and nothing yet wrong, until the fields the card needs have text.
	if (note.question === '' || (note.kind !== 'cloze' && note.answer === '')) return [];
	const parsed = parseDeck({file: 'draft', deck: 'draft', text: formatNote(note)});
	const error = parsed.problems.find((problem) => problem.severity === 'error');
	if (error) return [`Not yet a card: ${error.message}`];
	const card = parsed.cards[0];
	return card ? cardLines({kind: card.kind, prompt: card.prompt, answer: card.answer, note: card.extra}, width, 'both') : [];
}

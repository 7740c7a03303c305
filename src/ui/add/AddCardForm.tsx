import {Box, Text, useApp, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {useState} from 'react';
import type {CardKind} from '../../core/card.js';
import type {NoteToWrite} from '../../core/deck-writer.js';

type Field = 'kind' | 'question' | 'answer' | 'extra' | 'tags';

const KINDS: readonly CardKind[] = ['basic', 'reversed', 'cloze'];
const LABELS: Readonly<Record<Field, string>> = {kind: 'Type', question: 'Question', answer: 'Answer', extra: 'Note', tags: 'Tags'};
const HINTS: Readonly<Record<CardKind, string>> = {
	basic: 'a question and its answer',
	reversed: 'a term and its meaning, studied both ways',
	cloze: 'text with {{deletions}} to recall',
};

type Props = {
	readonly deck: string;
	/** Append the note; returns an error message when it cannot be added. */
	readonly onSave: (note: NoteToWrite) => string | undefined;
};

/** A card typed into the terminal: one line per field; Tab moves, Enter on the last field adds it. */
export function AddCardForm({deck, onSave}: Props) {
	const {exit} = useApp();
	const [kind, setKind] = useState<CardKind>('basic');
	const [values, setValues] = useState({question: '', answer: '', extra: '', tags: ''});
	const [focus, setFocus] = useState<Field>('question');
	const [message, setMessage] = useState('');
	const fields: Field[] = kind === 'cloze' ? ['kind', 'question', 'extra', 'tags'] : ['kind', 'question', 'answer', 'extra', 'tags'];

	const move = (step: number) => setFocus(fields[(fields.indexOf(focus) + step + fields.length) % fields.length]!);
	const save = (typed = values) => {
		const note: NoteToWrite = {
			kind,
			question: typed.question.trim(),
			answer: kind === 'cloze' ? '' : typed.answer.trim(),
			extra: typed.extra.trim(),
			tags: typed.tags.split(/[\s,]+/).filter(Boolean),
		};
		const problem = onSave(note);
		if (problem) setMessage(problem);
		else exit();
	};

	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) return exit();
		if (key.tab || key.downArrow) return move(key.shift ? -1 : 1);
		if (key.upArrow) return move(-1);
		if (focus === 'kind' && (key.leftArrow || key.rightArrow || input === ' ')) {
			const next = KINDS[(KINDS.indexOf(kind) + (key.leftArrow ? -1 : 1) + KINDS.length) % KINDS.length]!;
			setKind(next);
		}
		if (focus === 'kind' && key.return) move(1);
	});

	return (
		<Box flexDirection="column">
			<Text bold>Add a card to {deck}</Text>
			{fields.map((field) => (
				<Box key={field}>
					<Text color={focus === field ? 'cyan' : undefined}>{`${focus === field ? '›' : ' '} ${LABELS[field].padEnd(9)}`}</Text>
					{field === 'kind' ? (
						<Text>
							{KINDS.map((option) => (option === kind ? `[${option}]` : ` ${option} `)).join(' ')} <Text dimColor>{HINTS[kind]}</Text>
						</Text>
					) : (
						<TextInput
							value={values[field]}
							focus={focus === field}
							placeholder={field === 'tags' || field === 'extra' ? 'optional' : ''}
							onChange={(value) => {
								// A paste arrives as one chunk, its line breaks inside the value rather than as Enter
								// presses: a break ends the field as Enter would, and one inside becomes a space.
								const ended = /[\r\n]$/.test(value);
								const typed = {...values, [field]: value.replace(/[\r\n]+$/, '').replace(/\r\n?|\n/g, ' ')};
								setValues(typed);
								if (ended && field === fields.at(-1)) save(typed);
								else if (ended) move(1);
							}}
							onSubmit={() => (field === fields.at(-1) ? save() : move(1))}
						/>
					)}
				</Box>
			))}
			<Text dimColor>tab/↓ next · ↑ back · ←/→ change type · enter on the last field adds · esc cancels · --editor for multi-line</Text>
			{message !== '' && <Text color="red">{message}</Text>}
		</Box>
	);
}

import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {Session} from '../../core/review/session.js';
import {summaryLine} from './review-view.js';

type Props = {
	/** The first line: "Done for today.", or what a custom session finished. */
	readonly finished: string;
	readonly session: Session;
	readonly dueTomorrow: number;
	/** When the session's next card is due, how many of its cards are buried or suspended. */
	readonly outlook?: string;
	/** The message under the summary, if any. */
	readonly note: ReactNode;
	readonly paragraph: (text: string) => string;
};

/** The end of today's queue: what was done, what comes tomorrow, and that the last step can still be taken back. */
export function DoneScreen({finished, session, dueTomorrow, outlook, note, paragraph}: Props) {
	return (
		<Box flexDirection="column">
			<Text bold color="green">
				{finished}
			</Text>
			<Text>{paragraph(summaryLine(session))}</Text>
			<Text>Due tomorrow: {dueTomorrow}</Text>
			{outlook ? <Text>{paragraph(outlook)}</Text> : null}
			{note}
			<Box marginTop={1}>
				<Text dimColor>{paragraph(session.history.length > 0 ? 'u takes back the last answer · any other key leaves' : 'any key leaves')}</Text>
			</Box>
		</Box>
	);
}

import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/** The terminal's columns and rows, following resizes (80 x 24 when it does not say). */
export function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => ({columns: stdout.columns || 80, rows: stdout.rows || 24}));
	useEffect(() => {
		// Ahead of Ink's own resize handler, so the frame it redraws is already laid out for the new width.
		const resize = () => setSize({columns: stdout.columns || 80, rows: stdout.rows || 24});
		stdout.prependListener('resize', resize);
		return () => {
			stdout.off('resize', resize);
		};
	}, [stdout]);
	return size;
}

/** Sizes of a run: `--quick` for development (< 2 min), full for the README table. */
export interface BenchConfig {
	mode: 'quick' | 'full' | 'tiny';
	typingEditors: number[];
	typingSeconds: number;
	presenceUsers: number[];
	presenceSeconds: number;
	roomSteps: number[];
	roomStepSeconds: number;
	coldOpenBytes: number[];
	coldOpenRepeats: number;
	users: number;
}

export const CONFIGS: Record<BenchConfig['mode'], BenchConfig> = {
	full: {
		mode: 'full',
		typingEditors: [10, 50, 100],
		typingSeconds: 15,
		presenceUsers: [20, 50, 100],
		presenceSeconds: 8,
		roomSteps: [50, 100, 200, 300, 400, 500, 600],
		roomStepSeconds: 5,
		coldOpenBytes: [1_000_000, 5_000_000],
		coldOpenRepeats: 5,
		users: 20
	},
	quick: {
		mode: 'quick',
		typingEditors: [10, 50],
		typingSeconds: 5,
		presenceUsers: [50],
		presenceSeconds: 4,
		roomSteps: [25, 100],
		roomStepSeconds: 3,
		coldOpenBytes: [1_000_000],
		coldOpenRepeats: 3,
		users: 6
	},
	/** For the harness test: seconds, not minutes. */
	tiny: {
		mode: 'tiny',
		typingEditors: [3],
		typingSeconds: 1,
		presenceUsers: [3],
		presenceSeconds: 1,
		roomSteps: [2],
		roomStepSeconds: 1,
		coldOpenBytes: [50_000],
		coldOpenRepeats: 1,
		users: 2
	}
};

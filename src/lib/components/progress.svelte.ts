/**
 * The state of one long operation (export, restore, document load) as ProgressStatus shows it:
 * idle → running → done | error. One operation at a time: `run()` while running is ignored, so a
 * double click never starts two exports.
 */
export type ProgressPhase = 'idle' | 'running' | 'done' | 'error';

export class ProgressTask {
	phase = $state<ProgressPhase>('idle');
	/** What went wrong and what to do, in the UI language (set with phase 'error'). */
	error = $state<string | null>(null);

	get running(): boolean {
		return this.phase === 'running';
	}

	/** Runs `task`; a thrown error becomes the message `describe` gives for it. */
	async run(task: () => Promise<void>, describe: (error: unknown) => string): Promise<boolean> {
		if (this.phase === 'running') return false;
		this.phase = 'running';
		this.error = null;
		try {
			await task();
			this.phase = 'done';
			return true;
		} catch (error) {
			this.error = describe(error);
			this.phase = 'error';
			return false;
		}
	}

	/** Back to idle, e.g. when the operation's result has been read. */
	reset(): void {
		this.phase = 'idle';
		this.error = null;
	}
}

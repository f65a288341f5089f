/**
 * What a page needs to be usable comes before what can wait. A page whose start is heavy (the
 * document page: its text, up to megabytes) holds this gate while it starts; code that is not
 * needed for that — lazy modules (margin, menus, notices), notification counts, live topics,
 * visit records — runs once every hold is released. In S3B (Chromium on one core) such work,
 * started during the page's start, shared the core with the document's first render. No page
 * holding it: everything runs at once, as before.
 */
export class PageStart {
	#holds = 0;
	#waiting: (() => void)[] = [];

	/** True while no page holds the gate (deferred work runs at once). */
	get open(): boolean {
		return this.#holds === 0;
	}

	/** Holds the gate until the returned function is called (more calls do nothing). */
	hold(): () => void {
		this.#holds++;
		let held = true;
		return () => {
			if (!held) return;
			held = false;
			this.#holds--;
			if (this.#holds > 0) return;
			const waiting = this.#waiting;
			this.#waiting = [];
			for (const run of waiting) run();
		};
	}

	/** Runs `run` now if the gate is open, else once it opens; returns a cancel function. */
	whenOpen(run: () => void): () => void {
		if (this.open) {
			run();
			return () => {};
		}
		let cancelled = false;
		this.#waiting.push(() => {
			if (!cancelled) run();
		});
		return () => {
			cancelled = true;
		};
	}

	/** Resolves once the gate is open. */
	opened(): Promise<void> {
		return new Promise((resolve) => this.whenOpen(resolve));
	}
}

/** The browser page's gate (module state: one page at a time in a tab). */
export const pageStart = new PageStart();

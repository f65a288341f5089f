/**
 * The per-speaker timer, computed on each screen from the server's `turnStartedAt` and
 * `turnSeconds` (no per-second traffic). When the turn runs over: a visual cue (the component
 * reads `over`) and one short beep (Web Audio), unless muted (remembered on this device).
 */
const MUTE_KEY = 'trame.timer.muted';

export function remainingSeconds(
	turnStartedAt: string,
	turnSeconds: number,
	nowMs: number
): number {
	return Math.ceil(turnSeconds - (nowMs - Date.parse(turnStartedAt)) / 1000);
}

export function formatClock(seconds: number): string {
	const sign = seconds < 0 ? '−' : '';
	const abs = Math.abs(seconds);
	return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

export class TurnTimer {
	now = $state(Date.now());
	muted = $state(false);
	#beepedFor: string | null = null;
	#audio: AudioContext | null = null;

	constructor() {
		if (typeof localStorage !== 'undefined') this.muted = localStorage.getItem(MUTE_KEY) === '1';
	}

	/** Starts ticking; returns the stop function (for $effect cleanup). */
	start(): () => void {
		const timer = setInterval(() => (this.now = Date.now()), 250);
		return () => clearInterval(timer);
	}

	toggleMute(): void {
		this.muted = !this.muted;
		localStorage.setItem(MUTE_KEY, this.muted ? '1' : '0');
	}

	/** Beeps once per turn when it runs over. */
	cue(turnKey: string, over: boolean): void {
		if (!over || this.#beepedFor === turnKey) return;
		this.#beepedFor = turnKey;
		if (!this.muted) this.#beep();
	}

	#beep(): void {
		try {
			this.#audio ??= new AudioContext();
			const ctx = this.#audio;
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.frequency.value = 880;
			gain.gain.setValueAtTime(0.2, ctx.currentTime);
			gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
			osc.connect(gain).connect(ctx.destination);
			osc.start();
			osc.stop(ctx.currentTime + 0.4);
		} catch {
			// No audio (autoplay policy, no device): the visual cue remains.
		}
	}
}

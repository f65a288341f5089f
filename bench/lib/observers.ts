/**
 * Which simulated browsers of a typing run hold the others' text and are measured (observers),
 * and how many deliveries each one's keystroke is owed (bench/scenarios/typing.ts `observers`).
 */
export interface ObserverPlan {
	observes: boolean[];
	/** Per client: the observers other than itself (its keystroke's deliveries). */
	owed: number[];
}

/** Every floor(clients / observers)-th client from the first; 0 (or ≥ clients): all of them. */
export function observerPlan(clients: number, observers: number): ObserverPlan {
	const every = observers > 0 ? Math.max(1, Math.floor(clients / observers)) : 1;
	const observes = Array.from({ length: clients }, (_, i) => i % every === 0);
	const count = observes.filter(Boolean).length;
	return { observes, owed: observes.map((o) => count - (o ? 1 : 0)) };
}

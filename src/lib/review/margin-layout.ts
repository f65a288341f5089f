/**
 * Where cards go in the margin (as in Google Docs): each card wants to sit level with its passage
 * (`want`, px from the top of the text); cards never overlap, keep the passages' order, and the
 * active card sits exactly level with its passage, the others pushed above and below it. Pure: the
 * margin measures, this decides. Cards can be comments, suggestions, or any other margin item
 * (decision badges of a section, …): only their position and height matter here.
 */

export interface MarginCardBox {
	id: string;
	/** Top of the passage, px from the top of the text. */
	want: number;
	height: number;
}

export function layoutMarginCards(
	cards: readonly MarginCardBox[],
	activeId: string | null,
	gap = 8
): Map<string, number> {
	const sorted = [...cards].sort((a, b) => a.want - b.want);
	const tops = new Map<string, number>();
	const activeIndex = activeId ? sorted.findIndex((c) => c.id === activeId) : -1;
	if (activeIndex < 0) {
		let bottom = -Infinity;
		for (const card of sorted) {
			const top = Math.max(card.want, bottom + gap);
			tops.set(card.id, top);
			bottom = top + card.height;
		}
		return tops;
	}
	const active = sorted[activeIndex]!;
	tops.set(active.id, active.want);
	let bottom = active.want + active.height;
	for (const card of sorted.slice(activeIndex + 1)) {
		const top = Math.max(card.want, bottom + gap);
		tops.set(card.id, top);
		bottom = top + card.height;
	}
	let limit = active.want;
	for (const card of sorted.slice(0, activeIndex).reverse()) {
		const top = Math.min(card.want, limit - gap - card.height);
		tops.set(card.id, top);
		limit = top;
	}
	// Cards pushed above the text's top: lay the ones above the active card out downward from 0.
	if (limit < 0) {
		let above = -Infinity;
		for (const card of sorted.slice(0, activeIndex)) {
			const top = Math.max(0, card.want, above + gap);
			tops.set(card.id, top);
			above = top + card.height;
		}
		if (above + gap > active.want) {
			// No room left: keep everything in order below them.
			let next = above;
			for (const card of sorted.slice(activeIndex)) {
				const top = Math.max(card.want, next + gap);
				tops.set(card.id, top);
				next = top + card.height;
			}
		}
	}
	return tops;
}

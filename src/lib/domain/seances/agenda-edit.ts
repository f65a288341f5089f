/**
 * Changing the agenda while the séance runs, pure: the current item and the items already
 * treated stay where they are (the run, its timers and the minutes refer to them); items to come
 * may be removed or reordered among themselves. Before the séance everything may change; once it
 * is closed (or cancelled) its agenda is the record and nothing does.
 */

export type AgendaEdit = { type: 'delete' } | { type: 'move'; direction: 'up' | 'down' };

export type AgendaEditRefusal = 'seance_closed' | 'item_current' | 'item_done' | 'before_current';

export function agendaEditRefusal(
	edit: AgendaEdit,
	seance: { status: string; currentItem: string },
	items: readonly { id: string; startedAt: string }[],
	itemId: string
): AgendaEditRefusal | null {
	if (seance.status === 'planned') return null;
	if (seance.status !== 'running') return 'seance_closed';
	const index = items.findIndex((i) => i.id === itemId);
	const item = items[index];
	if (!item) return null;
	if (item.id === seance.currentItem) return 'item_current';
	if (item.startedAt) return 'item_done';
	if (edit.type === 'move') {
		const neighbour = items[index + (edit.direction === 'up' ? -1 : 1)];
		if (neighbour && (neighbour.id === seance.currentItem || neighbour.startedAt))
			return 'before_current';
	}
	return null;
}

/** What the page says when the collaboration server closed the connection for good. */
import { m } from '$lib/paraglide/messages';
import type { TerminalReason } from '$lib/collab/collab-session.svelte';

export function terminalText(terminal: TerminalReason | null): string | null {
	switch (terminal) {
		case 'unauthenticated':
			return m.close_unauthenticated();
		case 'forbidden':
			return m.close_forbidden();
		case 'not_found':
			return m.close_not_found();
		case 'origin':
			return m.close_origin();
		case 'too_large':
			return m.close_too_large();
		case 'schema':
			return m.close_schema();
		case 'protocol':
			return m.close_protocol();
		default:
			return null;
	}
}

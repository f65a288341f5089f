/** How a version is named in lists. */
import { m } from '$lib/paraglide/messages';
import type { VersionItem } from '$lib/review/versions-state.svelte';

export function versionLabel(version: Pick<VersionItem, 'kind' | 'name'>): string {
	if (version.kind === 'named') return version.name;
	if (version.kind === 'before_restore') return m.version_kind_before_restore();
	return m.version_kind_auto();
}

/**
 * Section decision badges in the document: a ProseMirror widget just before each section that a
 * decision is about, rendering SectionDecisionBadge (decorations, never document content: the
 * badges are not part of the protocol's text and never travel through Yjs). The entries come from
 * DocumentDecisions; between two recomputations the widgets follow the edits (mapped positions).
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { mount, unmount } from 'svelte';
import type SectionDecisionBadgeView from '$lib/components/decisions/SectionDecisionBadge.svelte';
import type { SectionEntry } from './section-entries';

type BadgeComponent = typeof SectionDecisionBadgeView;

/**
 * The badge component, loaded with the first decided section (most documents have none: not part
 * of the JavaScript the editor needs to open). Every `showDecisionBadges` after the first goes
 * through this one promise, so badges are dispatched in the order they were asked for.
 */
let badgeModule: Promise<BadgeComponent> | null = null;

export interface BadgeContext {
	experimentId: string;
	canFacilitate: boolean;
}

interface Meta {
	entries: readonly SectionEntry[];
	context: BadgeContext;
	badge: BadgeComponent;
}

export const decisionBadgesKey = new PluginKey<DecorationSet>('trameDecisionBadges');

const MOUNTED = new WeakMap<HTMLElement, Record<string, unknown>>();

/** What the widget shows: the same key keeps the same DOM (no redraw while typing elsewhere). */
function signature(entry: SectionEntry, context: BadgeContext): string {
	return JSON.stringify([
		entry.key,
		context,
		entry.state.badges,
		entry.round,
		entry.decisions.map((d) => [d.id, d.writeback]),
		entry.heading,
		entry.state.modified ? entry.text : ''
	]);
}

function widget(
	SectionDecisionBadge: BadgeComponent,
	entry: SectionEntry,
	context: BadgeContext
): Decoration {
	return Decoration.widget(
		entry.pos,
		() => {
			const element = document.createElement('div');
			element.className = 'section-decision-widget';
			element.contentEditable = 'false';
			element.dataset.section = entry.key;
			MOUNTED.set(
				element,
				mount(SectionDecisionBadge, {
					target: element,
					props: { entry, experimentId: context.experimentId, canFacilitate: context.canFacilitate }
				})
			);
			return element;
		},
		{
			side: -1,
			key: signature(entry, context),
			ignoreSelection: true,
			// Clicks and keys inside the badge are the badge's, not the editor's.
			stopEvent: () => true,
			destroy: (node) => {
				const component = MOUNTED.get(node as HTMLElement);
				if (component) void unmount(component);
			}
		}
	);
}

export const DecisionBadges = Extension.create({
	name: 'trameDecisionBadges',
	addProseMirrorPlugins() {
		return [
			new Plugin<DecorationSet>({
				key: decisionBadgesKey,
				state: {
					init: () => DecorationSet.empty,
					apply(tr, set) {
						const meta = tr.getMeta(decisionBadgesKey) as Meta | undefined;
						if (meta) {
							const max = tr.doc.content.size;
							return DecorationSet.create(
								tr.doc,
								meta.entries
									.filter((entry) => entry.pos >= 0 && entry.pos <= max)
									.map((entry) => widget(meta.badge, entry, meta.context))
							);
						}
						return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
					}
				},
				props: {
					decorations: (state) => decisionBadgesKey.getState(state)
				}
			})
		];
	}
});

/** Shows these entries' badges in the editor (once the badge's module is there). */
export async function showDecisionBadges(
	editor: Editor,
	entries: readonly SectionEntry[],
	context: BadgeContext
): Promise<void> {
	// Nothing to show and nothing pending: no module to load.
	if (entries.length === 0 && badgeModule === null) return;
	badgeModule ??= import('$lib/components/decisions/SectionDecisionBadge.svelte').then(
		(module) => module.default,
		(error: unknown) => {
			// Not loaded (offline): the next entries try again.
			badgeModule = null;
			throw error;
		}
	);
	const badge = await badgeModule;
	if (editor.isDestroyed) return;
	const meta: Meta = { entries, context, badge };
	editor.view.dispatch(
		editor.state.tr.setMeta(decisionBadgesKey, meta).setMeta('addToHistory', false)
	);
}

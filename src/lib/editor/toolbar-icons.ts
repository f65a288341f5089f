/** SVG paths (24 × 24, stroked) of the toolbar's icons. */
export const ICONS = {
	undo: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
	redo: 'M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13',
	bullets: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
	numbers: 'M10 6h10M10 12h10M10 18h10M4 5l1.5-1V9M3.5 14.5a1.5 1.5 0 1 1 2.5 1.2L3.5 19H6',
	checklist: 'M4 6l1.5 1.5L8.5 4.5M4 14l1.5 1.5 3-3M12 6h8M12 15h8',
	quote: 'M7 7H4v6h3l-1 4M17 7h-3v6h3l-1 4',
	rule: 'M3 12h18',
	link: 'M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1',
	image: 'M4 5h16v14H4zM4 16l4.5-4.5 3.5 3.5 2.5-2.5L20 17M15.5 9.5h.01',
	file: 'M14 3H7a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7zM14 3v4h4M9 13h6M9 17h6',
	table: 'M3 4h18v16H3zM3 10h18M3 15h18M9 4v16M15 4v16',
	tableMenu: 'M3 4h18v16H3zM3 10h18M9 4v16M16 14l2 2 2-2',
	comment: 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5',
	suggest: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4'
} as const;

export type IconName = keyof typeof ICONS;

/** The panels of the document page (drawers opened from its header). */
export type DocumentPanel =
	'outline' | 'comments' | 'decisions' | 'versions' | 'export' | 'publication';

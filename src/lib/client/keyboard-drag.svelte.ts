/**
 * Whether a card is being carried with the keyboard (Space, arrows, Tab to another column).
 * While it is, controls between the columns leave the tab order, so Tab lands on the next
 * column. Browser-only in practice: it only changes in drag event handlers.
 */
export const keyboardDrag = $state({ active: false });

import { defineUnlistedScript } from '#imports';
import { createInPageNotes } from '@/src/content/inpage-notes-ui';
import { provide } from '@/src/content/on-demand';

// Loaded by the content script (isolated world) only when a verdict carries an in-page note.
export default defineUnlistedScript(() => provide('inpage-notes', createInPageNotes));

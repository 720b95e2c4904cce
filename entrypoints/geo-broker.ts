import { defineUnlistedScript } from '#imports';
import { createGeoBroker } from '@/src/detect/geo-broker';
import { provide } from '@/src/inpage/on-demand';

// Loaded by the content script (isolated world) only when the page first asks for a position.
export default defineUnlistedScript(() => provide('geo-broker', createGeoBroker));

import { defineUnlistedScript } from '#imports';
import { createGeoBroker } from '@/src/content/location-broker';
import { provide } from '@/src/content/on-demand';

// Loaded by the content script (isolated world) only when the page first asks for a position.
export default defineUnlistedScript(() => provide('geo-broker', createGeoBroker));

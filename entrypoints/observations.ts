import { defineUnlistedScript } from '#imports';
import { createObservationFilter } from '@/src/page-world/channel';
import { provide } from '@/src/content/on-demand';

// Loaded by the content script (isolated world) at the page world's first API observation.
export default defineUnlistedScript(() => provide('observations', createObservationFilter));

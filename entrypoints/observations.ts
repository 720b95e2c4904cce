import { defineUnlistedScript } from '#imports';
import { createObservationFilter } from '@/src/detect/page/channel';
import { provide } from '@/src/inpage/on-demand';

// Loaded by the content script (isolated world) at the page world's first API observation.
export default defineUnlistedScript(() => provide('observations', createObservationFilter));

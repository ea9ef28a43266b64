/** uPlot is loaded with the first chart (its own chunk), not with the dashboard. Tests replace this module. */
import type uPlot from 'uplot';

export const loadUPlot = (): Promise<typeof uPlot> => import('uplot').then((m) => m.default);

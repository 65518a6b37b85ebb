/** Release gates support: the pipeline scaffold and canary health. */
export * from './scaffold';
export * from './canary';

export * from './capabilities';
export * from './command';
export * from './device';
export * from './text';

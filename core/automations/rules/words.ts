/** Moved to core/model so the renderer can word traces and sentences the same way; kept here for the hub's imports. */
export * from '../../model/automation-words';

/** Moved to core/model so the renderer shows the same sentence; kept here for the hub's imports. */
export * from '../../model/automation-describe';

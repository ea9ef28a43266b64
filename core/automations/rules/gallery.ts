/** Moved to core/model so the editor offers the same starting points; kept here for the hub's imports. */
export * from '../../model/automation-gallery';

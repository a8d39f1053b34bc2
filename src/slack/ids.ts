/** Slack identifiers sitrep registers; handlers and the manifest test use these, never literals. */
export const COMMANDS = {
  incident: '/incident',
} as const;

export const SLACK_EVENTS_PATH = '/slack/events';

/** `callback_id`s of the modals sitrep opens. */
export const VIEWS = {
  declareIncident: 'declare_incident_modal',
  addToTimeline: 'add_to_timeline_modal',
} as const;

/** `block_id`s of input blocks, read back from `view.state.values`. */
export const BLOCKS = {
  declareTitle: 'declare_title',
  declareSeverity: 'declare_severity',
  declareServices: 'declare_services',
  declareDescription: 'declare_description',
  declareImpactStartedAt: 'declare_impact_started_at',
  timelineIncident: 'timeline_incident',
} as const;

/** `action_id`s of interactive elements: the inputs of a modal and the buttons listeners answer. */
export const ACTIONS = {
  declareTitle: 'declare_title_input',
  declareSeverity: 'declare_severity_select',
  declareServices: 'declare_services_select',
  declareDescription: 'declare_description_input',
  declareImpactStartedAt: 'declare_impact_started_at_picker',
  openDeclareModal: 'open_declare_modal',
  timelineIncident: 'timeline_incident_select',
} as const;

/** `callback_id`s of the shortcuts declared in manifest.yml. */
export const SHORTCUTS = {
  declareIncident: 'declare_incident',
  addToTimeline: 'add_to_timeline',
} as const;

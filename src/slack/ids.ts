/** Slack identifiers sitrep registers; handlers and the manifest test use these, never literals. */
export const COMMANDS = {
  incident: '/incident',
} as const;

export const SLACK_EVENTS_PATH = '/slack/events';

/** `callback_id`s of the modals sitrep opens. */
export const VIEWS = {
  declareIncident: 'declare_incident_modal',
  addToTimeline: 'add_to_timeline_modal',
  closeImpactWindows: 'close_impact_windows_modal',
  recordImpact: 'record_impact_modal',
  reassignAction: 'reassign_action_modal',
  wontDoAction: 'wont_do_action_modal',
  publishUpdate: 'publish_update_modal',
} as const;

/** `block_id`s of input blocks, read back from `view.state.values`. */
export const BLOCKS = {
  declareTitle: 'declare_title',
  declareSeverity: 'declare_severity',
  declareServices: 'declare_services',
  declareDescription: 'declare_description',
  declareImpactStartedAt: 'declare_impact_started_at',
  declareLead: 'declare_lead',
  declareOnCall: 'declare_on_call',
  timelineIncident: 'timeline_incident',
  /** One per open window, followed by the window's id: `impact_end:<uuid>`. */
  impactEndPrefix: 'impact_end:',
  impactService: 'impact_service',
  impactKind: 'impact_kind',
  impactStartedAt: 'impact_started_at',
  impactEndedAt: 'impact_ended_at',
  actionOwner: 'action_owner',
  actionWontDoReason: 'action_wont_do_reason',
  publishTitle: 'publish_title',
  publishText: 'publish_text',
  publishStatus: 'publish_status',
} as const;

/** `action_id`s of interactive elements: the inputs of a modal and the buttons listeners answer. */
export const ACTIONS = {
  declareTitle: 'declare_title_input',
  declareSeverity: 'declare_severity_select',
  declareServices: 'declare_services_select',
  declareDescription: 'declare_description_input',
  declareImpactStartedAt: 'declare_impact_started_at_picker',
  declareLead: 'declare_lead_select',
  declareMakeLead: 'declare_make_on_call_lead',
  openDeclareModal: 'open_declare_modal',
  timelineIncident: 'timeline_incident_select',
  /** The buttons `/incident resolve` answers with when impact windows are open, or none was recorded. */
  confirmResolve: 'resolve_confirm',
  editImpactEnds: 'resolve_edit_impact_ends',
  resolveWithoutImpact: 'resolve_no_customer_impact',
  recordImpact: 'resolve_record_impact',
  impactEnd: 'impact_end_picker',
  impactService: 'impact_service_select',
  impactKind: 'impact_kind_select',
  impactStartedAt: 'impact_started_at_picker',
  impactEndedAt: 'impact_ended_at_picker',
  /** The buttons of an open action item, in `/incident actions` and in reminders. */
  actionDone: 'action_done',
  actionSnooze: 'action_snooze',
  actionReassign: 'action_reassign',
  actionWontDo: 'action_wont_do',
  actionOwner: 'action_owner_select',
  actionWontDoReason: 'action_wont_do_reason_input',
  /** "Post a final public update", offered when an incident with public updates is resolved. */
  openFinalPublicUpdate: 'public_update_final',
  /** "Post a public update" on the pinned summary. */
  openPublishUpdate: 'public_update_open',
  publishTitle: 'publish_title_input',
  publishText: 'publish_text_input',
  publishStatus: 'publish_status_select',
} as const;

/** `callback_id`s of the shortcuts declared in manifest.yml. */
export const SHORTCUTS = {
  declareIncident: 'declare_incident',
  addToTimeline: 'add_to_timeline',
} as const;

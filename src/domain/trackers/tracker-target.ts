import type { TTrackersConfig, TTrackerTargetConfig } from '../team-config/trackers-section.ts';
import type { TrackerTarget } from './tracker.ts';

const toTarget = (config: TTrackerTargetConfig): TrackerTarget => {
  if ('jira' in config) return { kind: 'jira', ...config.jira };
  if ('linear' in config) return { kind: 'linear', ...config.linear };
  return { kind: 'github', ...config.github };
};

/**
 * Where an incident's action items become tickets: the tracker of its first service that names one, else the team's
 * (`trackers.target`); null when neither does, and the action items stay in sitrep alone.
 */
export const chooseTrackerTarget = ({
  trackers,
  services,
  incidentServices,
}: {
  trackers: Pick<TTrackersConfig, 'target'>;
  services: readonly { name: string; tracker?: TTrackerTargetConfig | undefined }[];
  incidentServices: readonly string[];
}): TrackerTarget | null => {
  for (const name of incidentServices) {
    const tracker = services.find((service) => service.name === name)?.tracker;
    if (tracker !== undefined) return toTarget(tracker);
  }
  return trackers.target === undefined ? null : toTarget(trackers.target);
};

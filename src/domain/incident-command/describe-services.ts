import { quote } from './command-text.ts';

const MAX_SERVICES_LISTED = 15;

/** The configured services for a refusal: the first 15, then how many more, so the message stays short. */
export const describeServices = (services: string[]): string => {
  if (services.length === 0) return 'No services are configured in sitrep.yml.';
  const shown = services.slice(0, MAX_SERVICES_LISTED).map(quote);
  const more = services.length > MAX_SERVICES_LISTED ? ` and ${services.length - MAX_SERVICES_LISTED} more` : '';
  return `Known services: ${shown.join(', ')}${more}.`;
};

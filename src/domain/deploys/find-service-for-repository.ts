import type { TTeamConfig } from '../team-config/team-config.ts';

export type ServiceRepositories = Pick<TTeamConfig['services'][number], 'name' | 'repositories'>;

export type FindServiceForRepositoryOptions = { services: readonly ServiceRepositories[]; repository: string };

/**
 * The service a repository belongs to in sitrep.yml, compared without case as GitHub and GitLab do; `undefined`
 * when no service lists it.
 *
 * @example findServiceForRepository({ services, repository: 'Acme/Checkout-API' }) // 'checkout-api'
 */
export const findServiceForRepository = ({
  services,
  repository,
}: FindServiceForRepositoryOptions): string | undefined => {
  const wanted = repository.toLowerCase();
  return services.find((service) => service.repositories.some((listed) => listed.toLowerCase() === wanted))?.name;
};

/**
 * Where a deploy can hurt customers: `production`, `prod`, in any case. Staging and review environments are
 * recorded too, but they are never suspects and never go on an incident's timeline.
 */
export const isProductionEnvironment = (environment: string): boolean => /^prod(uction)?$/i.test(environment.trim());

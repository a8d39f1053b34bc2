/** The one-way rule: adapters -> flows -> store -> domain, and render reads domain only. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing of ours outside it and nothing that does I/O.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/'],
        dependencyTypesNot: ['npm'],
      },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|node:fs|http|https|net|child_process|worker_threads|dgram|dns|tls|process|os|url)$',
      },
    },
    {
      name: 'store-stays-below-flows',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: ['^src/store/', '^src/domain/'] },
    },
    {
      name: 'flows-know-no-adapters',
      severity: 'error',
      from: { path: '^src/flows/' },
      to: { path: '^src/', pathNot: ['^src/flows/', '^src/store/', '^src/domain/', '^src/render/'] },
    },
    {
      name: 'flows-know-no-prisma',
      severity: 'error',
      from: { path: '^src/flows/' },
      to: { path: ['^src/store/generated/', '@prisma/'] },
    },
    {
      name: 'render-reads-domain',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/', pathNot: ['^src/render/', '^src/domain/'] },
    },
    {
      name: 'adapters-go-through-flows',
      comment: 'Slack listeners, webhooks, web pages and jobs call flows; they never reach a store.',
      severity: 'error',
      from: { path: '^src/(slack|webhooks|web|jobs|trackers|pagerduty|statuspage|email)/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'adapters-stay-apart',
      severity: 'error',
      from: { path: '^src/(slack|webhooks|web|jobs|trackers|pagerduty|statuspage|email)/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'service-clients-know-only-their-port',
      comment:
        'A tracker, PagerDuty or mail client speaks its API and a port in domain/; flows reach it only through that port.',
      severity: 'error',
      from: { path: '^src/(trackers|pagerduty|statuspage|email)/' },
      to: { path: '^src/', pathNot: ['^src/(trackers|pagerduty|statuspage|email)/', '^src/domain/'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/store/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

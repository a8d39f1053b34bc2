import type { MethodHandler } from '../fake-slack-state.ts';
import { requireUser, userJson } from '../fake-slack-state.ts';
import { fail, paginate, requireString } from '../params.ts';

export const userMethods: Record<string, MethodHandler> = {
  'auth.test': (ctx) => ({
    ok: true,
    url: `https://${ctx.state.team.domain}.fake.slack.test/`,
    team: ctx.state.team.name,
    user: ctx.state.bot.name,
    team_id: ctx.state.team.id,
    user_id: ctx.state.bot.userId,
    bot_id: ctx.state.bot.botId,
    is_enterprise_install: false,
  }),

  'team.info': (ctx) => ({
    ok: true,
    team: {
      id: ctx.state.team.id,
      name: ctx.state.team.name,
      domain: ctx.state.team.domain,
      email_domain: '',
      url: `https://${ctx.state.team.domain}.fake.slack.test/`,
      icon: { image_default: true },
    },
  }),

  'users.info': (ctx, params) => ({ ok: true, user: userJson(ctx, requireUser(ctx, requireString(params, 'user'))) }),

  'users.lookupByEmail': (ctx, params) => {
    const email = requireString(params, 'email').toLowerCase();
    const user = [...ctx.state.users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
    return user ? { ok: true, user: userJson(ctx, user) } : fail('users_not_found');
  },

  'usergroups.users.list': (ctx, params) => {
    const users = ctx.state.userGroups.get(requireString(params, 'usergroup'));
    return users ? { ok: true, users } : fail('no_such_subteam');
  },

  'users.list': (ctx, params) => {
    const { page, response_metadata } = paginate(params, [...ctx.state.users.values()], 200);
    return { ok: true, members: page.map((user) => userJson(ctx, user)), response_metadata };
  },
};

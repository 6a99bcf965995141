// What people read across concerns: listings, the registers, what falls due, their inbox, the
// governance pack and good practice. Each is read only for the regions the signer may read.
import { z } from 'zod';
import * as api from '../../api/schemas';
import { inboxOf } from '../../client/inbox';
import { agendaOf } from '../../reads/agenda';
import { listConcerns, registerRows, registerRowsAt } from '../../reads/listing';
import { statesOf } from '../../reads/states';
import { after, before } from '../../config/durations';
import { buildPack, goodPracticeShared } from '../../reports/pack';
import { loadConcerns } from '../../reports/load';
import { renderPack } from '../../reports/render';
import { PROBLEM_RESPONSES, fail, signer, type RouteContext, type ServiceApp } from '../context';

/** An ISO date as the start of that day; a date-time as it is. */
const startOf = (value: string) => (value.length === 10 ? `${value}T00:00:00.000Z` : new Date(value).toISOString());
const endOf = (value: string) => (value.length === 10 ? `${value}T23:59:59.999Z` : new Date(value).toISOString());

export function readRoutes(app: ServiceApp, { deps, regionsFor }: RouteContext): void {
  app.get(
    '/concerns',
    {
      schema: {
        summary: 'Concerns, from the read model, highest category first',
        querystring: api.listQuery,
        response: { 200: z.array(api.concernListingSchema), ...PROBLEM_RESPONSES },
      },
    },
    (request) => {
      const { region, category, minCategory, nationalRegister, all } = request.query;
      const regions = regionsFor(signer(request), region);
      return listConcerns(deps, {
        closed: all,
        ...(regions ? { regions } : {}),
        ...(category !== undefined ? { category } : {}),
        ...(minCategory !== undefined ? { minCategory } : {}),
        nationalRegister,
      });
    },
  );

  app.get(
    '/registers/:level',
    {
      schema: {
        summary: 'The regional or national risk register, now or as it stood at the end of a past date',
        params: api.registerParams,
        querystring: api.registerQuery,
        response: { 200: z.array(api.registerRowSchema), ...PROBLEM_RESPONSES },
      },
    },
    (request) => {
      const regions = regionsFor(signer(request), request.query.region);
      const { at } = request.query;
      if (at === undefined) return registerRows(deps, regions, deps.config().policy, new Date());
      const end = endOf(at);
      if (end > new Date().toISOString()) fail('invalid', `at: must be a past date (${at} is not yet over)`);
      return registerRowsAt(deps, regions, deps.config().policy, end);
    },
  );

  app.get(
    '/due',
    {
      schema: {
        summary: 'Reviews, objectives and decisions falling due, soonest first',
        querystring: api.dueQuery,
        response: { 200: z.array(api.agendaItemSchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const now = new Date().toISOString();
      const until = after(now, request.query.within);
      const regions = regionsFor(signer(request), request.query.region);
      const policy = deps.config().policy;
      const states = await statesOf(deps, { ...(regions ? { regions } : {}), dueBefore: until });
      return agendaOf(states, policy, now, until);
    },
  );

  app.get(
    '/inbox',
    {
      schema: {
        summary: 'What waits on the signer: confirmations, sign-offs, reviews and objectives',
        response: { 200: z.array(api.inboxItemSchema), ...PROBLEM_RESPONSES },
      },
    },
    (request) => inboxOf(deps, deps.config(), signer(request).id, new Date().toISOString()),
  );

  app.get(
    '/report',
    {
      schema: {
        summary: 'The governance pack: one self-contained HTML page',
        querystring: api.reportQuery,
        response: { 200: api.reportSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { region } = request.query;
      const to = request.query.to ? endOf(request.query.to) : new Date().toISOString();
      const from = request.query.from ? startOf(request.query.from) : before(to, '90 days');
      if (from > to) fail('invalid', `from: must be before to (${from.slice(0, 10)} is after ${to.slice(0, 10)})`);
      const policy = deps.config().policy;
      const states = await loadConcerns(deps, {
        regions: regionsFor(signer(request), region),
        from,
        to,
      });
      const pack = buildPack(states, { from, to, region, policy });
      return {
        html: renderPack(pack),
        summary: {
          concerns: states.length,
          movements: pack.movements.length,
          register: pack.register.length,
          charts: pack.trends.length,
        },
      };
    },
  );

  app.get(
    '/good-practice',
    {
      schema: {
        summary: 'Good practice recorded on concerns, newest first',
        querystring: api.regionQuery,
        response: { 200: z.array(api.goodPracticeItemSchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      goodPracticeShared(
        await loadConcerns(deps, {
          regions: regionsFor(signer(request), request.query.region),
          from: new Date(0).toISOString(),
          to: new Date().toISOString(),
        }),
      ),
  );
}

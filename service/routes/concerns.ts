// A concern: opened, decided on, shown, verified. Openings and decisions arrive signed by their
// deciders and pass to the workflow unchanged; the service checks only that the signer of the
// request is the decider, and that the concern is of a region they may read.
import { z } from 'zod';
import * as api from '../../api/schemas';
import { verifyAudit } from '../../client/verify';
import { DECISION_SCHEMAS, idSchema, openingSchema, signatureSchema } from '../../concern/inputs';
import { check } from '../../concern/invalid';
import { concernStateSchema } from '../../concern/state';
import { nextDigest } from '../../ops/schedules';
import {
  PROBLEM_RESPONSES,
  fail,
  ownPayload,
  signer,
  stateReply,
  type RouteContext,
  type ServiceApp,
} from '../context';

/**
 * A decision's payload: who decides, the request id (the update id: resent, it is taken once), the
 * signature, and the fields of the decision named in the path (checked against that decision's own
 * schema, concern/inputs.ts, as the concern checks it).
 */
const decisionBody = z
  .looseObject({ actor: idSchema, requestId: z.string().max(100).optional(), signature: signatureSchema.optional() })
  .describe('the decision as its decider signed it; the other fields are those of the decision in the path');

export function concernRoutes(app: ServiceApp, { concerns, deps, mayRead }: RouteContext): void {
  app.post(
    '/concerns',
    {
      schema: {
        summary: 'Open a concern (the opening signed by its quality-team member)',
        body: openingSchema,
        response: { 200: concernStateSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const payload = ownPayload(request, request.body);
      mayRead(signer(request), (payload as { region: string }).region);
      // The body as sent, not as parsed: the signature covers it exactly.
      return stateReply(await concerns.openSigned(JSON.parse(request.rawBody!.toString('utf8'))));
    },
  );

  app.get(
    '/concerns/:ref',
    {
      schema: {
        summary: "A concern: its state, the policy its clocks run on, and when its region's digest runs next",
        params: api.refParams,
        response: { 200: api.shownSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { ref } = request.params;
      let digest: Promise<string | null> = Promise.resolve(null);
      const concern = await concerns.show(ref, (region) => {
        mayRead(signer(request), region);
        // Asked at once, beside the concern.
        digest = nextDigest(deps.client, region);
      });
      return { concern: stateReply(concern), policy: deps.config().policy, nextDigest: await digest };
    },
  );

  app.get(
    '/concerns/:ref/verification',
    {
      schema: {
        summary: "The concern's audit trail checked as evidence against the configured keys",
        params: api.refParams,
        response: { 200: api.verificationSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { ref } = request.params;
      return verifyAudit(await concerns.show(ref, (region) => mayRead(signer(request), region)), deps.config());
    },
  );

  app.post(
    '/concerns/:ref/:decision',
    {
      schema: {
        summary: 'Take a decision on a concern (signed by its decider; the concern verifies it)',
        params: api.decisionParams,
        body: decisionBody,
        response: { 200: concernStateSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { ref, decision } = request.params;
      const raw = JSON.parse(request.rawBody!.toString('utf8')) as unknown;
      ownPayload(request, raw);
      const checked = check(DECISION_SCHEMAS[decision], raw);
      if (!checked.ok) fail('invalid', checked.reason);
      mayRead(signer(request), await concerns.regionOf(ref));
      return stateReply(await concerns.decideSigned(ref, decision, raw as Record<string, unknown>));
    },
  );
}

// Who a notification can be for: a stakeholder role of the guide, a group of configured users, or
// the named owner of an action-plan objective.
import { USER_ROLES } from './governance';
import { STAKEHOLDER_ROLES } from './stakeholders';

/**
 * `raiser`: whoever raised the concern, told in plain words of what happens to it. `partner`: the
 * regulators and system partners a plan is shared with, named by the notice.
 */
export const AUDIENCES = [...STAKEHOLDER_ROLES, ...USER_ROLES, 'objective-owner', 'raiser', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * What each audience is told ("shared as appropriate"): HEE's own people get the full notice;
 * the provider's executives and education leads the formal notice with its rationale but without
 * the deciders' names; learners, educators, commissioners and whoever raised the concern plain
 * words only (what changed and what it means for them: no rationale, no names, no risk score);
 * regulators and partners the category, the support and the professions concerned.
 */
export const MESSAGE_TIERS = ['full', 'formal', 'plain', 'regulator'] as const;
export type MessageTier = (typeof MESSAGE_TIERS)[number];

export const TIER_OF: Readonly<Record<Audience, MessageTier>> = {
  'head-of-school': 'full',
  'training-programme-director': 'formal',
  'programme-lead': 'formal',
  'practice-placement-lead': 'formal',
  'local-quality-lead': 'formal',
  'education-training-lead': 'formal',
  educators: 'plain',
  'affected-learners': 'plain',
  'provider-education-quality-lead': 'formal',
  'regional-head-of-quality': 'full',
  'postgraduate-dean': 'full',
  regulator: 'regulator',
  'provider-director-of-medical-education': 'formal',
  'provider-chief-executive': 'formal',
  'provider-medical-director': 'formal',
  'regional-quality-surveillance-group': 'full',
  jsog: 'full',
  'executive-director-education-quality': 'full',
  'national-medical-director': 'full',
  'regional-director': 'full',
  'hee-executive': 'full',
  'deputy-national-medical-director': 'full',
  'provider-chair': 'formal',
  'local-commissioners': 'plain',
  'regional-commissioners': 'plain',
  'quality-team': 'full',
  'regional-governance': 'full',
  'national-scrutiny': 'full',
  reader: 'full',
  'objective-owner': 'formal',
  raiser: 'plain',
  partner: 'regulator',
};

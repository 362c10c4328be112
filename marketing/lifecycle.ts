/**
 * Campaign lifecycle: draft → scheduled → active → paused → ended. A scheduled campaign becomes
 * active when its start comes; any running campaign ends at its end or when its budget is spent.
 */
import type { CampaignStatus } from './campaign.js';

const MOVES: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['scheduled', 'ended'],
  scheduled: ['draft', 'active', 'ended'],
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};

export function canMove(from: CampaignStatus, to: CampaignStatus): boolean {
  return MOVES[from].includes(to);
}

/** The status a campaign should have by the clock and its budget, from the one it has. */
export function statusAt(
  status: CampaignStatus,
  schedule: { starts_at: string; ends_at: string },
  budgetRemaining: number | null,
  now: Date,
): CampaignStatus {
  const t = now.getTime();
  if (status === 'draft' || status === 'ended') return status;
  if (t >= Date.parse(schedule.ends_at) || budgetRemaining === 0) return 'ended';
  if (status === 'scheduled' && t >= Date.parse(schedule.starts_at)) return 'active';
  return status;
}

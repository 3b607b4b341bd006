// Training mode: a case worker practises on a simulated worker, played from
// the scenarios in locales/<lng>/training.json, through the same console flow
// (queue, chat, close) without touching a real case or a real channel.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { z } from 'zod';
import { LOCALES_DIR } from '../../kernel/i18n';
import type { EscalationModel, ReferralModel } from '../../models';
import type { FieldCipher } from '../../services/crypto';
import type { LiveBus } from '../../services/liveBus';
import { sealReference, type ReferralService } from '../../services/referrals';
import type { TranscriptService } from '../../services/transcripts';
import { PRIORITIES, TRAINING_CHANNEL_ID } from '../../models/domain';

export { TRAINING_CHANNEL_ID };

const ScenarioSchema = z.object({ title: z.string().min(1), priority: z.enum(PRIORITIES), reasons: z.array(z.string()), lines: z.array(z.string().min(1)).min(1) }).strict();
export type Scenario = z.infer<typeof ScenarioSchema> & { id: string; language: string };

/** Every scenario of every language, validated. */
export function loadScenarios(dir = LOCALES_DIR): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const language of readdirSync(dir)) {
    const file = join(dir, language, 'training.json');
    if (!existsSync(file)) continue;
    const parsed = z.record(z.string(), ScenarioSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const [id, scenario] of Object.entries(parsed)) scenarios.push({ ...scenario, id, language });
  }
  return scenarios.sort((a, b) => a.id.localeCompare(b.id));
}

/** The simulated worker's channel: a case worker's message gets the scenario's next line. */
export class TrainingChannel extends BotAdapter {
  private readonly scenarios: Map<string, Scenario>;

  constructor(
    private readonly deps: { escalations: EscalationModel; referralModel: ReferralModel; referrals: ReferralService; transcripts: TranscriptService; cipher: FieldCipher; bus: LiveBus },
    scenarios: Scenario[] = loadScenarios(),
    private readonly replyDelayMs = 800,
  ) {
    super();
    this.scenarios = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  }

  list(): Array<Pick<Scenario, 'id' | 'title' | 'language' | 'priority'>> {
    return [...this.scenarios.values()].map(({ id, title, language, priority }) => ({ id, title, language, priority }));
  }

  /** Starts a practice conversation already claimed by the trainee; returns its escalation id. */
  async start(scenarioId: string, traineeId: string): Promise<string | undefined> {
    const scenario = this.scenarios.get(scenarioId);
    if (!scenario) return undefined;
    const conversationId = `${scenario.id}-${randomBytes(6).toString('hex')}`;
    const userHash = `training:${conversationId}`;
    const created = await this.deps.referrals.create({
      type: 'callback',
      source: 'handoff',
      answers: { scenario: scenario.id },
      personal: {},
      indicators: [],
      triage: {},
      consents: [],
      channel: TRAINING_CHANNEL_ID,
      userHash,
      language: scenario.language,
      training: true,
    });
    // The scenario decides the practice case's priority, as triage would have for the real conversation.
    await this.deps.referralModel.updateOne({ caseNumber: created.caseNumber }, { $set: { priority: scenario.priority, priorityReasons: scenario.reasons } });
    const reference: Partial<ConversationReference> = { channelId: TRAINING_CHANNEL_ID, conversation: { id: conversationId } as ConversationReference['conversation'], user: { id: scenario.id, name: '' } };
    const escalation = await this.deps.escalations.create({
      referralId: created.id,
      caseNumber: created.caseNumber,
      priority: scenario.priority,
      priorityRank: PRIORITIES.indexOf(scenario.priority),
      reasons: scenario.reasons,
      language: scenario.language,
      channel: TRAINING_CHANNEL_ID,
      userHash,
      conversationRef: sealReference(this.deps.cipher, reference),
      status: 'claimed',
      claimedBy: traineeId,
      claimedAt: new Date(),
      training: true,
    });
    await this.workerSays(String(escalation._id), userHash, scenario.lines[0]!, traineeId);
    this.deps.bus.publish({ type: 'queue' });
    return String(escalation._id);
  }

  /** Runs the console's logic; what it sends is the trainee's message, answered by the next line. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const userHash = `training:${conversationId}`;
    const escalation = await this.deps.escalations.findOne({ userHash, training: true }).lean();
    const scenario = this.scenarios.get(conversationId.split('-')[0]!);
    if (escalation && scenario && escalation.status === 'claimed') {
      const said = (await this.deps.transcripts.read(userHash)).filter((line) => line.from === 'worker').length;
      const next = scenario.lines[said];
      if (next) setTimeout(() => void this.workerSays(String(escalation._id), userHash, next, escalation.claimedBy ?? ''), this.replyDelayMs).unref();
    }
    return activities.map(() => ({ id: '' }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('TrainingChannel.updateActivity(): not supported');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('TrainingChannel.deleteActivity(): not supported');
  }

  private async workerSays(escalationId: string, userHash: string, text: string, holder: string): Promise<void> {
    const at = new Date();
    await this.deps.transcripts.append(userHash, userHash, [{ from: 'worker', text, at }]);
    this.deps.bus.publish({ type: 'message', escalationId, from: 'worker', text, at: at.toISOString(), holder });
  }
}

// The practice channel (console training mode): a case worker practises on a
// simulated worker, played from the scenarios in locales/<lng>/training.json,
// through the same console flow (queue, chat, close) as a real conversation.
// Its cases and handoffs go through the case and handoff services like every
// channel's, marked as practice so they never count and are never referred.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { LOCALES_DIR } from '../../kernel/i18n';
import type { HandoffService } from '../../services/handoff';
import type { LiveBus } from '../../services/liveBus';
import type { CaseService } from '../../services/cases';
import type { TranscriptService } from '../../services/transcripts';
import { PRIORITIES, TRAINING_CHANNEL_ID } from '../../models/domain';
import type { HotlineChannel } from '../hotlineChannel';
import { ChannelAdapter } from '../shared/channelAdapter';

export { TRAINING_CHANNEL_ID };
/** The serviceUrl of practice conversation references. */
export const TRAINING_SERVICE_URL = 'urn:hotline:training';

/** What the practice channel works through. */
export interface TrainingDependencies {
  cases: CaseService;
  handoff: HandoffService;
  transcripts: TranscriptService;
  bus: LiveBus;
}

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

/** The simulated worker's adapter: a case worker's message gets the scenario's next line. */
export class TrainingChannel extends ChannelAdapter {
  private readonly scenarios: Map<string, Scenario>;

  constructor(
    private readonly deps: TrainingDependencies,
    scenarios: Scenario[] = loadScenarios(),
    private readonly replyDelayMs = 800,
  ) {
    super(TRAINING_CHANNEL_ID);
    this.scenarios = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  }

  list(): Array<Pick<Scenario, 'id' | 'title' | 'language' | 'priority'>> {
    return [...this.scenarios.values()].map(({ id, title, language, priority }) => ({ id, title, language, priority }));
  }

  /** Starts a practice conversation already claimed by the trainee; returns its handoff id. */
  async start(scenarioId: string, traineeId: string): Promise<string | undefined> {
    const scenario = this.scenarios.get(scenarioId);
    if (!scenario) return undefined;
    const conversationId = `${scenario.id}-${randomBytes(6).toString('hex')}`;
    const userHash = `training:${conversationId}`;
    const created = await this.deps.cases.create({
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
      // The scenario decides the practice case's priority, as triage would have for the real conversation.
      priority: { level: scenario.priority, reasons: scenario.reasons },
    });
    const reference: Partial<ConversationReference> = {
      channelId: TRAINING_CHANNEL_ID,
      serviceUrl: TRAINING_SERVICE_URL,
      conversation: { id: conversationId } as ConversationReference['conversation'],
      user: { id: scenario.id, name: '' },
    };
    const handoffId = await this.deps.handoff.startPractice({
      caseId: created.id,
      caseNumber: created.caseNumber,
      priority: scenario.priority,
      reasons: scenario.reasons,
      language: scenario.language,
      channel: TRAINING_CHANNEL_ID,
      userHash,
      reference,
      traineeId,
    });
    await this.workerSays(handoffId, userHash, scenario.lines[0]!, traineeId);
    this.deps.bus.publish({ type: 'queue' });
    return handoffId;
  }

  /** What the console sends is the trainee's message: while the trainee holds the practice, the next line answers it. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const userHash = `training:${conversationId}`;
    const held = await this.deps.handoff.claimedFor(userHash);
    const scenario = this.scenarios.get(conversationId.split('-')[0]!);
    if (held && scenario) {
      const said = (await this.deps.transcripts.read(userHash)).filter((line) => line.from === 'worker').length;
      const next = scenario.lines[said];
      if (next) setTimeout(() => void this.workerSays(held.id, userHash, next, held.claimedBy), this.replyDelayMs).unref();
    }
    return activities.map(() => ({ id: '' }));
  }

  private async workerSays(handoffId: string, userHash: string, text: string, holder: string): Promise<void> {
    const at = new Date();
    await this.deps.transcripts.append(userHash, userHash, [{ from: 'worker', text, at }]);
    this.deps.bus.publish({ type: 'message', handoffId, from: 'worker', text, at: at.toISOString(), holder });
  }
}

/** The practice channel as the hotline runs it: nothing to mount, erase or start (its cases are erased with the case data). */
export function createTrainingChannel(deps: TrainingDependencies, scenarios?: Scenario[]): HotlineChannel & { adapter: TrainingChannel } {
  return { id: TRAINING_CHANNEL_ID, serviceUrl: TRAINING_SERVICE_URL, adapter: new TrainingChannel(deps, scenarios) };
}
